package org.korrekt.training.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import org.korrekt.features.Application;

/**
 * Writes applications as JSON lines in the body format of the scoring service's
 * {@code POST /v1/score}, so that a generated stream of incoming applications can be replayed
 * against the service (see docs/api.md).
 */
public final class ApplicationJsonWriter implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;

    /** @param out where the lines go; closed by {@link #close()} */
    public ApplicationJsonWriter(Writer out) {
        this.out = out;
    }

    /** Writes one application, naming no child, as one line. */
    public void write(Application a) throws IOException {
        write(a, null);
    }

    /**
     * Writes one application as one line.
     *
     * @param a the application
     * @param childPseudonym the child it names (as {@code childPseudonym}), or null for none
     */
    public void write(Application a, String childPseudonym) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("applicationId", a.applicationId());
            g.writeStringField("personPseudonym", a.personPseudonym());
            g.writeStringField("benefit", a.benefit().code());
            g.writeStringField("channel", a.channel().code());
            g.writeStringField("submittedOn", a.submittedOn().toString());
            g.writeStringField("periodStart", a.periodStart().toString());
            g.writeStringField("periodEnd", a.periodEnd().toString());
            g.writeNumberField("claimedDays", a.claimedDays());
            g.writeNumberField("amountSek", a.amountSek());
            g.writeNumberField("declaredMonthlyIncomeSek", a.declaredMonthlyIncomeSek());
            if (a.providerId() != null) {
                g.writeStringField("providerId", a.providerId());
            }
            if (!Double.isNaN(a.grantedHoursPerMonth())) {
                g.writeNumberField("grantedHoursPerMonth", a.grantedHoursPerMonth());
            }
            if (childPseudonym != null) {
                g.writeStringField("childPseudonym", childPseudonym);
            }
            g.writeEndObject();
        }
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
