package org.korrekt.features.history;

import java.util.Objects;
import org.korrekt.features.Application;

/**
 * An application (ansökan) as the history records it: what was declared, the benefit-specific
 * context, and, derived from its payments, both label layers.
 *
 * @param application what was declared
 * @param childId the child concerned (VAB, child allowance, maintenance support, care allowance), else {@code null}
 * @param sampleWeight how many real applications this one stands for (1, or less for an oversampled benefit)
 * @param incorrect whether any of its payments is incorrect (ground truth)
 * @param mechanism the mechanism of its incorrect payments, else {@code null}
 * @param incorrectAmountSek the incorrectly paid amount over its payments, SEK (ground truth)
 * @param investigated whether a control looked at it (observed layer)
 * @param randomControl whether the random control sample drew it (observed layer)
 */
public record Claim(
        Application application,
        String childId,
        double sampleWeight,
        boolean incorrect,
        String mechanism,
        double incorrectAmountSek,
        boolean investigated,
        boolean randomControl) {

    public Claim {
        Objects.requireNonNull(application, "application");
        if (incorrect != (mechanism != null)) {
            throw new IllegalArgumentException("an incorrect claim needs a mechanism and a correct one none");
        }
        if (!(sampleWeight > 0 && sampleWeight <= 1)) {
            throw new IllegalArgumentException("sampleWeight must be in (0, 1], was " + sampleWeight);
        }
    }

    /** The assistance provider the application names (assistance allowance), else {@code null}. */
    public String providerId() {
        return application.providerId();
    }

    /** Assistance hours granted per month (assistance allowance), else NaN. */
    public double grantedHours() {
        return application.grantedHoursPerMonth();
    }
}
