package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.korrekt.training.evaluation.ScorerEvaluation;

/**
 * How sure the test period is that the combined profile finds more incorrect SEK at capacity than
 * another scorer. The difference is measured on the test rows as they are; its interval comes from
 * a paired bootstrap: the test rows are drawn with replacement {@link #RESAMPLES} times, every
 * scorer ranks the same draw by score times the amount at stake, and the same number of rows is
 * checked as on the test rows themselves. A row drawn twice is checked twice and counts twice.
 *
 * <p>The interval is the 2.5th to 97.5th percentile of the bootstrap differences. It describes the
 * sampling noise of the test period, not the noise of training: another seed trains other models.
 *
 * @param scorer the scorer the combined profile is compared with
 * @param difference the combined profile's incorrect SEK found at capacity minus the scorer's, on the test rows
 * @param low the 2.5th percentile of the bootstrap differences
 * @param high the 97.5th percentile
 * @param shareAhead the share of bootstrap draws in which the combined profile finds strictly more
 * @param resamples the number of bootstrap draws
 */
public record CapacityComparison(
        String scorer, double difference, double low, double high, double shareAhead, int resamples) {

    /** Bootstrap draws per comparison. */
    public static final int RESAMPLES = 1_000;

    /** True when the whole interval is above zero: the combined profile is ahead beyond the test period's noise. */
    public boolean combinedSurelyAhead() {
        return low > 0;
    }

    /** True when the whole interval is below zero. */
    public boolean combinedSurelyBehind() {
        return high < 0;
    }

    /** "ahead", "behind" or "within noise", as the interval says. */
    public String verdict() {
        return combinedSurelyAhead() ? "ahead" : combinedSurelyBehind() ? "behind" : "within noise";
    }

    /**
     * Compares {@code combined} with each of {@code others} on the test rows {@code rows}.
     *
     * @param combined the combined profile's score per row of the data (only {@code rows} are read; higher is riskier)
     * @param others the scorers to compare it with, scored likewise
     * @param rows the test rows
     * @param amount the amount at stake of every row of the data
     * @param incorrectAmount the incorrect SEK of every row of the data
     * @param capacity the share of rows checked
     * @param resamples bootstrap draws, at least 1
     * @param seed the seed of the draws
     */
    static List<CapacityComparison> of(
            ProfileEvaluation.Scorer combined,
            List<ProfileEvaluation.Scorer> others,
            int[] rows,
            double[] amount,
            double[] incorrectAmount,
            double capacity,
            int resamples,
            long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, was " + resamples);
        }
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no test rows to compare the scorers on");
        }
        double[] amounts = new double[n];
        double[] incorrect = new double[n];
        for (int i = 0; i < n; i++) {
            amounts[i] = amount[rows[i]];
            incorrect[i] = incorrectAmount[rows[i]];
        }
        int checked = (int) Math.max(1, Math.round(n * capacity));
        int[] combinedOrder = order(combined.score(), rows, amounts);
        int[][] orders = new int[others.size()][];
        for (int s = 0; s < orders.length; s++) {
            orders[s] = order(others.get(s).score(), rows, amounts);
        }
        int[] once = new int[n];
        Arrays.fill(once, 1);
        double observedCombined = found(combinedOrder, once, incorrect, checked);
        double[] observed = new double[orders.length];
        for (int s = 0; s < orders.length; s++) {
            observed[s] = observedCombined - found(orders[s], once, incorrect, checked);
        }
        double[][] differences = new double[orders.length][resamples];
        int[] counts = new int[n];
        SplittableRandom random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[random.nextInt(n)]++;
            }
            double own = found(combinedOrder, counts, incorrect, checked);
            for (int s = 0; s < orders.length; s++) {
                differences[s][b] = own - found(orders[s], counts, incorrect, checked);
            }
        }
        List<CapacityComparison> out = new ArrayList<>(orders.length);
        for (int s = 0; s < orders.length; s++) {
            double[] d = differences[s];
            int ahead = 0;
            for (double v : d) {
                if (v > 0) {
                    ahead++;
                }
            }
            Arrays.sort(d);
            out.add(new CapacityComparison(
                    others.get(s).name(),
                    observed[s],
                    percentile(d, 0.025),
                    percentile(d, 0.975),
                    (double) ahead / resamples,
                    resamples));
        }
        return out;
    }

    /**
     * Writes {@code comparisons} as one JSON object: the method, the number of draws and per scorer
     * the difference in incorrect SEK, its interval and the share of draws with the combined profile
     * ahead ({@code metrics.json} and {@code evaluation.json} alike).
     */
    static void write(JsonGenerator g, List<CapacityComparison> comparisons) throws IOException {
        g.writeStartObject();
        g.writeStringField(
                "method",
                "paired bootstrap of the test rows: the combined profile's incorrect SEK found at capacity minus the"
                        + " scorer's; interval from the 2.5th to the 97.5th percentile of the draws");
        g.writeNumberField(
                "resamples", comparisons.isEmpty() ? 0 : comparisons.get(0).resamples());
        g.writeArrayFieldStart("scorers");
        for (CapacityComparison c : comparisons) {
            g.writeStartObject();
            g.writeStringField("scorer", c.scorer());
            g.writeNumberField("differenceSek", Math.round(c.difference()));
            g.writeNumberField("low95", Math.round(c.low()));
            g.writeNumberField("high95", Math.round(c.high()));
            g.writeNumberField("shareOfDrawsCombinedAhead", c.shareAhead());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** The test rows (indices into {@code rows}) in the order a control unit checks them. */
    private static int[] order(double[] scores, int[] rows, double[] amounts) {
        double[] own = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            own[i] = scores[rows[i]];
        }
        return ScorerEvaluation.byPriority(own, amounts);
    }

    /** The incorrect SEK in the first {@code checked} rows of a draw, taking rows in {@code order}. */
    private static double found(int[] order, int[] counts, double[] incorrect, int checked) {
        int remaining = checked;
        double sek = 0;
        for (int k = 0; k < order.length && remaining > 0; k++) {
            int i = order[k];
            int take = Math.min(counts[i], remaining);
            sek += take * incorrect[i];
            remaining -= take;
        }
        return sek;
    }

    /** The {@code q} quantile of sorted values, interpolating linearly between order statistics. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
