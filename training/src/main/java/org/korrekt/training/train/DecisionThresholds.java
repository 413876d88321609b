package org.korrekt.training.train;

/**
 * Score thresholds for the decision actions, taken from quantiles of the test scores so that
 * roughly the intended share of applications lands in each action.
 *
 * @param extraQuestions scores at or above this ask extra control questions (top 10 %)
 * @param manualCheck scores at or above this go to a manual check (top 3 %)
 * @param holdPayment scores at or above this hold the payment (top 0.5 %)
 */
public record DecisionThresholds(double extraQuestions, double manualCheck, double holdPayment) {

    /** Share of applications above the extra-questions threshold. */
    public static final double EXTRA_QUESTIONS_SHARE = 0.10;
    /** Share of applications above the manual-check threshold. */
    public static final double MANUAL_CHECK_SHARE = 0.03;
    /** Share of applications above the hold-payment threshold. */
    public static final double HOLD_PAYMENT_SHARE = 0.005;

    public DecisionThresholds {
        if (!(0 <= extraQuestions && extraQuestions <= manualCheck && manualCheck <= holdPayment && holdPayment <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= extraQuestions <= manualCheck"
                    + " <= holdPayment <= 1, were " + extraQuestions + ", " + manualCheck + ", " + holdPayment);
        }
    }

    /** Thresholds at the configured top shares of {@code scores}. */
    public static DecisionThresholds fromScores(double[] scores) {
        return new DecisionThresholds(
                BinaryMetrics.quantile(scores, 1 - EXTRA_QUESTIONS_SHARE),
                BinaryMetrics.quantile(scores, 1 - MANUAL_CHECK_SHARE),
                BinaryMetrics.quantile(scores, 1 - HOLD_PAYMENT_SHARE));
    }
}
