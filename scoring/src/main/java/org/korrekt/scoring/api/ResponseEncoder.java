package org.korrekt.scoring.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Question;
import org.korrekt.scoring.Reason;

/** Encodes the API's JSON responses with Jackson's streaming generator. Thread-safe. */
public final class ResponseEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseEncoder() {}

    /** The response of {@code POST /v1/score}. */
    public static byte[] decision(Decision d) {
        return write(512, g -> writeDecision(g, d));
    }

    /**
     * The response of {@code POST /v1/score/batch}: one entry per item, in order, each either a
     * decision or {@code {"error": {...}}}.
     *
     * @param results per item a {@link Decision} or a {@link RequestException}
     */
    public static byte[] batch(List<Object> results) {
        return write(256 + 640 * results.size(), g -> {
            g.writeStartObject();
            g.writeNumberField("count", results.size());
            g.writeArrayFieldStart("results");
            for (Object result : results) {
                if (result instanceof Decision d) {
                    writeDecision(g, d);
                } else {
                    RequestException e = (RequestException) result;
                    g.writeStartObject();
                    writeError(g, e.code(), e.getMessage(), e.field());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeDecision(JsonGenerator g, Decision d) throws IOException {
        g.writeStartObject();
        g.writeStringField("decisionId", d.decisionId().toString());
        g.writeStringField("applicationId", d.application().applicationId());
        g.writeNumberField("score", d.score());
        g.writeNumberField("expectedIncorrectSek", Math.round(d.expectedIncorrectSek() * 100) / 100.0);
        g.writeStringField("band", d.band().name());
        g.writeStringField("action", d.action().name());
        g.writeBooleanField("randomControl", d.randomControl());
        g.writeArrayFieldStart("reasons");
        for (Reason reason : d.reasons()) {
            g.writeStartObject();
            g.writeStringField("code", reason.code());
            g.writeStringField("textSv", reason.textSv());
            g.writeStringField("textEn", reason.textEn());
            g.writeStringField("feature", reason.feature());
            g.writeNumberField("value", reason.value());
            g.writeNumberField("contribution", reason.contribution());
            g.writeEndObject();
        }
        g.writeEndArray();
        if (d.action() == Action.EXTRA_QUESTIONS) {
            g.writeArrayFieldStart("questions");
            for (Question q : d.questions()) {
                g.writeStartObject();
                g.writeStringField("code", q.code());
                g.writeStringField("textSv", q.textSv());
                g.writeStringField("textEn", q.textEn());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (d.belowAmountLimit()) {
            g.writeBooleanField("belowAmountLimit", true);
        }
        g.writeStringField("profile", d.profile());
        g.writeStringField("modelVersion", d.modelVersion());
        g.writeStringField("decidedAt", d.decidedAt().toString());
        g.writeEndObject();
    }

    /** An error body: {@code {"error": {"code": ..., "message": ..., "field": ...}}}. */
    public static byte[] error(ErrorCode code, String message, String field) {
        return write(256, g -> {
            g.writeStartObject();
            writeError(g, code, message, field);
            g.writeEndObject();
        });
    }

    private static void writeError(JsonGenerator g, ErrorCode code, String message, String field) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", code.name());
        g.writeStringField("message", message);
        if (field != null) {
            g.writeStringField("field", field);
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(int sizeHint, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
