package org.korrekt.features.model;

import java.util.Arrays;

/**
 * Score thresholds of a profile's decision actions, recorded in its bundle. Training takes them
 * from quantiles of the test-period scores, so that roughly the intended share of applications
 * lands in each action; scoring turns them into bands and actions.
 *
 * @param extraQuestions scores at or above this ask extra control questions
 * @param manualCheck scores at or above this go to a manual check
 * @param holdPayment scores at or above this hold the payment
 */
public record DecisionThresholds(double extraQuestions, double manualCheck, double holdPayment) {

    /** Share of applications at or above the extra-questions threshold: the top 10 %. */
    public static final double EXTRA_QUESTIONS_SHARE = 0.10;
    /** Share of applications at or above the manual-check threshold: the top 3 %. */
    public static final double MANUAL_CHECK_SHARE = 0.03;
    /** Share of applications at or above the hold-payment threshold: the top 0.5 %. */
    public static final double HOLD_PAYMENT_SHARE = 0.005;

    public DecisionThresholds {
        if (!(0 <= extraQuestions && extraQuestions <= manualCheck && manualCheck <= holdPayment && holdPayment <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= extraQuestions <= manualCheck"
                    + " <= holdPayment <= 1, were " + extraQuestions + ", " + manualCheck + ", " + holdPayment);
        }
    }

    /** Thresholds at the top {@value #EXTRA_QUESTIONS_SHARE}, {@value #MANUAL_CHECK_SHARE} and {@value #HOLD_PAYMENT_SHARE} of {@code scores}. */
    public static DecisionThresholds fromScores(double[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("thresholds need at least one score");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        return new DecisionThresholds(
                quantile(sorted, 1 - EXTRA_QUESTIONS_SHARE),
                quantile(sorted, 1 - MANUAL_CHECK_SHARE),
                quantile(sorted, 1 - HOLD_PAYMENT_SHARE));
    }

    /** The {@code q}-quantile of sorted values, nearest rank. */
    static double quantile(double[] sorted, double q) {
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[index];
    }
}
