package org.korrekt.scoring;

import org.korrekt.features.model.DecisionThresholds;

/**
 * Turns a score into a band and an action, and draws the random control sample.
 *
 * @param extraQuestions scores at or above this get {@link Action#EXTRA_QUESTIONS}
 * @param manualCheck scores at or above this get {@link Action#MANUAL_CHECK}
 * @param holdPayment scores at or above this get {@link Action#HOLD_PAYMENT}
 * @param randomControlShare the share of applications drawn for control regardless of score, in [0, 0.5]
 */
public record DecisionPolicy(double extraQuestions, double manualCheck, double holdPayment, double randomControlShare) {

    /** Default random control share: 2 %. */
    public static final double DEFAULT_RANDOM_CONTROL_SHARE = 0.02;

    public DecisionPolicy {
        if (!(0 <= extraQuestions && extraQuestions <= manualCheck && manualCheck <= holdPayment && holdPayment <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= extraQuestions <= manualCheck <="
                    + " holdPayment <= 1, were " + extraQuestions + ", " + manualCheck + ", " + holdPayment);
        }
        if (!(randomControlShare >= 0 && randomControlShare <= 0.5)) {
            throw new IllegalArgumentException("randomControlShare must be in [0, 0.5], was " + randomControlShare);
        }
    }

    /** The policy of a bundle's thresholds with the service's random control share. */
    public static DecisionPolicy of(DecisionThresholds thresholds, double randomControlShare) {
        return new DecisionPolicy(
                thresholds.extraQuestions(), thresholds.manualCheck(), thresholds.holdPayment(), randomControlShare);
    }

    /** The band of a score. */
    public Band band(double score) {
        if (score >= holdPayment) {
            return Band.VERY_HIGH;
        }
        if (score >= manualCheck) {
            return Band.HIGH;
        }
        if (score >= extraQuestions) {
            return Band.ELEVATED;
        }
        return Band.LOW;
    }

    /**
     * The action for a score; a random-control draw raises a lower action to a manual check.
     *
     * @param randomControl whether the application was drawn for the random control sample
     */
    public Action action(double score, boolean randomControl) {
        Action byScore =
                switch (band(score)) {
                    case VERY_HIGH -> Action.HOLD_PAYMENT;
                    case HIGH -> Action.MANUAL_CHECK;
                    case ELEVATED -> Action.EXTRA_QUESTIONS;
                    case LOW -> Action.PASS;
                };
        return randomControl && byScore.compareTo(Action.MANUAL_CHECK) < 0 ? Action.MANUAL_CHECK : byScore;
    }

    /** Whether a uniform draw {@code u} in [0, 1) selects the application for random control. */
    public boolean randomControl(double u) {
        return u < randomControlShare;
    }
}
