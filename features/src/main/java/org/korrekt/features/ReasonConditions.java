package org.korrekt.features;

import java.util.Map;

/**
 * When a feature's reason text is true of its value. A reason says which way a feature points:
 * "High amount applied for", "Employers report higher pay than the declared income". A model may
 * still raise a score for a value the text does not fit: the isolation forest scores an unusually
 * low amount as anomalous, a tree may rank a ratio of 0.9 above one of 0.5, and a feature below
 * its mean raises a logistic regression's score whose weight is negative. Such a contribution
 * counts in the score, but the reason is not given: its text would say the opposite of the value.
 *
 * <p>A reason is given when its feature's value lies above its threshold: a fixed one where the
 * text names one ("more than 0 days", "a ratio above 1"), and for the texts that say high, many
 * or long, also above the mean of the rows the profile was trained on (a model that records no such
 * mean gives none of those). Thread-safe, immutable.
 */
public final class ReasonConditions {

    /**
     * The condition of one reason code.
     *
     * @param above the value must be above this
     * @param relative whether it must be above the training mean too (a text that says "high")
     */
    public record Condition(double above, boolean relative) {}

    /** Days after the period beyond which an application is "long after the period". */
    public static final double LATE_APPLICATION_DAYS = 30;

    /** At least one: above the largest double below 1. */
    private static final double AT_LEAST_ONE = Math.nextDown(1.0);

    private static final Map<String, Condition> BY_CODE = Map.ofEntries(
            // relative: "high", "many", "large", "long", compared with the applications trained on
            Map.entry("HIGH_AMOUNT", new Condition(0, true)),
            Map.entry("MANY_DAYS_CLAIMED", new Condition(0, true)),
            Map.entry("HIGH_SHARE_OF_PERIOD_CLAIMED", new Condition(0, true)),
            // "long after the period": a month at least, whatever the mean (an integrator saw it given
            // for 2 days, above a training mean of about 1); the rules say when it is too late
            Map.entry("LATE_APPLICATION", new Condition(LATE_APPLICATION_DAYS, true)),
            Map.entry("AMOUNT_HIGH_FOR_INCOME", new Condition(0, true)),
            Map.entry("FREQUENT_CLAIMS", new Condition(0, true)),
            Map.entry("HIGH_PAYMENTS_LAST_YEAR", new Condition(0, true)),
            // neutral: "The declared monthly income raises the risk" is true of any value that is a
            // reason (a reason is a contribution that raises the score)
            Map.entry("DECLARED_INCOME", new Condition(Double.NEGATIVE_INFINITY, false)),
            // something happened: more than none
            Map.entry("PAPER_APPLICATION", new Condition(0, false)),
            Map.entry("CHILD_AT_CHILDCARE", new Condition(0, false)),
            Map.entry("SAME_CHILD_OTHER_PARENT", new Condition(0, false)),
            Map.entry("EMPLOYER_REPORTS_NO_ABSENCE", new Condition(0, false)),
            Map.entry("ASSISTANT_HOURS_ON_CLAIMED_DAYS", new Condition(0, false)),
            Map.entry("EMPLOYER_INCOME_IN_PERIOD", new Condition(0, false)),
            Map.entry("PERMIT_EXPIRED", new Condition(0, false)),
            Map.entry("OTHER_ADULT_AT_ADDRESS", new Condition(0, false)),
            Map.entry("PROVIDER_LICENCE_REVOKED", new Condition(0, false)),
            // "above": a ratio over 1
            Map.entry("DECLARED_INCOME_ABOVE_EMPLOYER", new Condition(1, false)),
            Map.entry("EMPLOYER_PAY_ABOVE_DECLARED", new Condition(1, false)),
            // "reach the hours granted": a ratio of at least 1
            Map.entry("HOURS_REPORTED_AT_GRANT", new Condition(AT_LEAST_ONE, false)));

    /**
     * A reason code korrekt does not define (a foreign table's): above the training mean where
     * one is known, as a text saying "high" would need.
     */
    private static final Condition UNKNOWN = new Condition(Double.NEGATIVE_INFINITY, true);

    private ReasonConditions() {}

    /** The condition of {@code reasonCode}. */
    public static Condition of(String reasonCode) {
        return BY_CODE.getOrDefault(reasonCode, UNKNOWN);
    }

    /**
     * Per feature of {@code schema}, the value its reason needs to be above: positive infinity
     * for a feature that is never a reason.
     *
     * @param trainingMeans the mean of each feature over the rows the profile was trained on, in
     *     the schema's order, or null when the model records none
     */
    public static double[] thresholds(FeatureSchema schema, double[] trainingMeans) {
        int n = schema.size();
        if (trainingMeans != null && trainingMeans.length != n) {
            throw new IllegalArgumentException(
                    "the training means have " + trainingMeans.length + " values, the schema " + n + " features");
        }
        double[] thresholds = new double[n];
        for (int i = 0; i < n; i++) {
            FeatureDefinition feature = schema.feature(i);
            if (!feature.explainable()) {
                thresholds[i] = Double.POSITIVE_INFINITY;
                continue;
            }
            Condition condition = of(feature.reasonCode());
            double threshold = condition.above();
            if (condition.relative()) {
                // "high" needs a reference: without the training mean, the text cannot be shown true
                threshold = trainingMeans != null && Double.isFinite(trainingMeans[i])
                        ? Math.max(threshold, trainingMeans[i])
                        : Double.POSITIVE_INFINITY;
            }
            thresholds[i] = threshold;
        }
        return thresholds;
    }
}
