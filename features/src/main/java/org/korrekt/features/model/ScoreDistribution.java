package org.korrekt.features.model;

import java.util.Arrays;

/**
 * The distribution of a profile's calibrated scores on its test period, as quantiles, recorded in
 * the bundle manifest. Scoring derives capacity-bound thresholds from it (the score above which a
 * given share of applications falls) and measures drift against it (the population stability index
 * of the live scores over its deciles).
 *
 * @param quantiles the scores at the quantiles 0, 1/{@value #STEPS}, ..., 1: non-decreasing, in [0, 1]
 */
public record ScoreDistribution(double[] quantiles) {

    /** Quantile steps recorded: the distribution is kept to one in a thousand. */
    public static final int STEPS = 1000;

    public ScoreDistribution {
        quantiles = quantiles.clone();
        if (quantiles.length != STEPS + 1) {
            throw new IllegalArgumentException(
                    "a score distribution has " + (STEPS + 1) + " quantiles, had " + quantiles.length);
        }
        for (int i = 0; i < quantiles.length; i++) {
            double q = quantiles[i];
            if (!(q >= 0 && q <= 1) || (i > 0 && q < quantiles[i - 1])) {
                throw new IllegalArgumentException(
                        "quantiles must be non-decreasing scores in [0, 1]; quantile " + i + " is " + q);
            }
        }
    }

    /** The distribution of {@code scores} (nearest-rank quantiles). */
    public static ScoreDistribution of(double[] scores) {
        if (scores.length == 0) {
            throw new IllegalArgumentException("a score distribution needs at least one score");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] q = new double[STEPS + 1];
        for (int i = 0; i <= STEPS; i++) {
            q[i] = DecisionThresholds.quantile(sorted, (double) i / STEPS);
        }
        return new ScoreDistribution(q);
    }

    /** The quantiles (a copy). */
    @Override
    public double[] quantiles() {
        return quantiles.clone();
    }

    /**
     * The score at or above which about {@code share} of the test-period applications fell: the
     * {@code 1 - share} quantile, interpolated between the recorded ones.
     *
     * @param share in [0, 1]
     */
    public double scoreAtTopShare(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in [0, 1], was " + share);
        }
        double position = (1 - share) * STEPS;
        int below = (int) Math.floor(position);
        if (below >= STEPS) {
            return quantiles[STEPS];
        }
        double fraction = position - below;
        return quantiles[below] + fraction * (quantiles[below + 1] - quantiles[below]);
    }

    /** The nine inner edges of the deciles, for drift: bin {@code k} holds scores in [edge k-1, edge k). */
    public double[] decileEdges() {
        double[] edges = new double[9];
        for (int k = 1; k <= 9; k++) {
            edges[k - 1] = quantiles[k * STEPS / 10];
        }
        return edges;
    }

    /**
     * The share of the test-period scores in each bin that {@code edges} cut (bin {@code k} holds
     * scores in [edge k-1, edge k)), estimated from the quantiles: sums to 1.
     */
    public double[] shares(double[] edges) {
        double[] shares = new double[edges.length + 1];
        for (double q : quantiles) {
            shares[bin(q, edges)] += 1.0 / quantiles.length;
        }
        return shares;
    }

    /** The bin of {@code score} among {@code edges}: the number of edges at or below it. */
    public static int bin(double score, double[] edges) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (edges[mid] <= score) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreDistribution other && Arrays.equals(quantiles, other.quantiles);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(quantiles);
    }

    @Override
    public String toString() {
        return "ScoreDistribution[median=" + quantiles[STEPS / 2] + ", p99=" + quantiles[STEPS * 99 / 100] + "]";
    }
}
