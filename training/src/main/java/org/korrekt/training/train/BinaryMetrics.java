package org.korrekt.training.train;

import java.util.Arrays;

/**
 * Metrics of a binary scorer on labelled rows. Scores are probabilities in [0, 1]; labels are
 * {@code true} for positive (incorrect). Stateless.
 */
public final class BinaryMetrics {

    private BinaryMetrics() {}

    /**
     * The area under the ROC curve, as the Mann-Whitney statistic with ties counted one half.
     *
     * @return the AUC in [0, 1], or NaN when one class is absent
     */
    public static double rocAuc(double[] scores, boolean[] labels) {
        checkLengths(scores, labels);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    positives++;
                    rankSumPositives += averageRank;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSumPositives - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * The average precision (area under the precision-recall curve as a step function): {@code
     * sum_k (R_k - R_{k-1}) P_k} over the distinct score thresholds from the highest down, where
     * {@code P_k} and {@code R_k} are the precision and recall of flagging every row scored at
     * least the {@code k}-th threshold. Tied scores form one threshold. Without ties it is the mean,
     * over positives, of the precision among the rows ranked at or above that positive.
     *
     * @return the average precision in [0, 1], or NaN when there is no positive
     */
    public static double averagePrecision(double[] scores, boolean[] labels) {
        checkLengths(scores, labels);
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long positives = 0;
        for (boolean label : labels) {
            if (label) {
                positives++;
            }
        }
        if (positives == 0) {
            return Double.NaN;
        }
        long truePositives = 0;
        double sum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            long tiedPositives = labels[order[i]] ? 1 : 0;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
                if (labels[order[j]]) {
                    tiedPositives++;
                }
            }
            truePositives += tiedPositives;
            sum += tiedPositives * ((double) truePositives / (j + 1));
            i = j + 1;
        }
        return sum / positives;
    }

    /** The mean squared difference between score and outcome. */
    public static double brier(double[] scores, boolean[] labels) {
        checkLengths(scores, labels);
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double d = scores[i] - (labels[i] ? 1 : 0);
            sum += d * d;
        }
        return sum / scores.length;
    }

    /** The mean negative log-likelihood, with scores clipped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(double[] scores, boolean[] labels) {
        checkLengths(scores, labels);
        double sum = 0;
        for (int i = 0; i < scores.length; i++) {
            double p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]));
            sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
        }
        return sum / scores.length;
    }

    /** The share of positives among the {@code share} highest-scored rows (at least one row). */
    public static double precisionAtTopShare(double[] scores, boolean[] labels, double share) {
        checkLengths(scores, labels);
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        int k = Math.max(1, (int) Math.round(scores.length * share));
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int hits = 0;
        for (int i = 0; i < k; i++) {
            if (labels[order[i]]) {
                hits++;
            }
        }
        return (double) hits / k;
    }

    /** The share of positive labels. */
    public static double positiveRate(boolean[] labels) {
        int positives = 0;
        for (boolean label : labels) {
            if (label) {
                positives++;
            }
        }
        return labels.length == 0 ? Double.NaN : (double) positives / labels.length;
    }

    private static void checkLengths(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException(
                    "scores and labels differ in length: " + scores.length + " vs " + labels.length);
        }
        if (scores.length == 0) {
            throw new IllegalArgumentException("no rows");
        }
    }
}
