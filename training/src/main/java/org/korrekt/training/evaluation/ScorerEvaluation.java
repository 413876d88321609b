package org.korrekt.training.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.korrekt.training.train.BinaryMetrics;

/**
 * How one scorer does on labelled rows (the test period): ranking (ROC AUC, PR AUC as average
 * precision), calibration (Brier score, reliability curve in 10 equal-width bins, expected
 * calibration error) when the score is a probability, and what a control unit finds when it
 * checks the rows ranked highest by expected incorrect SEK ({@code score x amount at stake}): at
 * its capacity (a share of the rows), at fixed top-k, and along the whole gain curve.
 *
 * @param scorer the scorer's name
 * @param rows rows evaluated
 * @param positives incorrect rows
 * @param rocAuc area under the ROC curve
 * @param prAuc average precision
 * @param brier mean squared error of the probability, NaN for a scorer that is not a probability
 * @param ece expected calibration error, NaN for a scorer that is not a probability
 * @param atCapacity what the unit finds at its capacity
 * @param atTopK what it finds among the top k, for k in {@link #TOP_K} up to the number of rows
 * @param roc the ROC curve (false-positive rate, true-positive rate), at most about 200 points
 * @param pr the precision-recall curve (recall, precision), at most about 200 points
 * @param gain share of rows checked (by expected incorrect SEK) to share of incorrect SEK found
 * @param reliability per non-empty bin: mean predicted probability, observed rate, rows; null for non-probabilities
 */
public record ScorerEvaluation(
        String scorer,
        int rows,
        int positives,
        double rocAuc,
        double prAuc,
        double brier,
        double ece,
        Found atCapacity,
        List<Found> atTopK,
        double[][] roc,
        double[][] pr,
        double[][] gain,
        double[][] reliability) {

    /** The fixed top-k reported besides the capacity. */
    public static final int[] TOP_K = {10, 50, 100, 500, 1000, 5000};

    /** The shares of rows the gain curve is evaluated at. */
    static final double[] GAIN_SHARES = {
        0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0
    };

    private static final int CURVE_POINTS = 200;
    private static final int BINS = 10;

    /** Fewer random-control test rows than this give no lift over random (as the prior shift needs). */
    public static final int MIN_RANDOM_ROWS = 10;

    /**
     * What the checked rows hold.
     *
     * @param checked rows checked
     * @param found incorrect rows among them
     * @param precision found / checked
     * @param recall found / all incorrect rows
     * @param incorrectSekFound incorrect SEK in the checked rows
     * @param incorrectSekTotal incorrect SEK in all rows
     * @param sekPerInvestigation incorrect SEK found per row checked
     * @param liftOverRandom precision / the incorrect rate of the random control rows (NaN with fewer
     *     than {@link #MIN_RANDOM_ROWS} of them: one or two rows say nothing of a rate)
     */
    public record Found(
            int checked,
            int found,
            double precision,
            double recall,
            double incorrectSekFound,
            double incorrectSekTotal,
            double sekPerInvestigation,
            double liftOverRandom) {}

    /**
     * Evaluates one scorer.
     *
     * @param scorer its name
     * @param score one score per row; higher is riskier
     * @param probability whether the score is a calibrated probability (Brier, ECE and reliability are computed)
     * @param label whether each row is incorrect
     * @param amount the amount at stake per row, SEK
     * @param incorrectAmount the incorrect SEK per row
     * @param randomControl whether the random control sample drew each row (the baseline of the lift)
     * @param capacity the share of rows the unit checks
     */
    public static ScorerEvaluation of(
            String scorer,
            double[] score,
            boolean probability,
            boolean[] label,
            double[] amount,
            double[] incorrectAmount,
            boolean[] randomControl,
            double capacity) {
        int n = score.length;
        if (label.length != n || amount.length != n || incorrectAmount.length != n || randomControl.length != n) {
            throw new IllegalArgumentException("every column must have one entry per row (" + n + ")");
        }
        if (n == 0) {
            throw new IllegalArgumentException("no rows to evaluate " + scorer + " on");
        }
        int positives = 0;
        double totalSek = 0;
        int randomRows = 0;
        int randomPositives = 0;
        for (int i = 0; i < n; i++) {
            positives += label[i] ? 1 : 0;
            totalSek += incorrectAmount[i];
            if (randomControl[i]) {
                randomRows++;
                randomPositives += label[i] ? 1 : 0;
            }
        }
        double randomRate = randomRows < MIN_RANDOM_ROWS ? Double.NaN : (double) randomPositives / randomRows;
        int[] order = byPriority(score, amount);
        // cumulative found and SEK along the ranking, to read any cut-off
        int[] cumFound = new int[n + 1];
        double[] cumSek = new double[n + 1];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            cumFound[k + 1] = cumFound[k] + (label[i] ? 1 : 0);
            cumSek[k + 1] = cumSek[k] + incorrectAmount[i];
        }
        int checked = capacityRows(n, capacity);
        Found atCapacity = found(checked, cumFound, cumSek, positives, totalSek, randomRate);
        List<Found> topK = new ArrayList<>();
        for (int k : TOP_K) {
            if (k <= n) {
                topK.add(found(k, cumFound, cumSek, positives, totalSek, randomRate));
            }
        }
        double[][] gain = new double[2][GAIN_SHARES.length];
        for (int j = 0; j < GAIN_SHARES.length; j++) {
            int k = (int) Math.min(n, Math.max(1, Math.round(n * GAIN_SHARES[j])));
            gain[0][j] = (double) k / n;
            gain[1][j] = totalSek == 0 ? Double.NaN : cumSek[k] / totalSek;
        }
        double brier = Double.NaN;
        double ece = Double.NaN;
        double[][] reliability = null;
        if (probability) {
            brier = BinaryMetrics.brier(score, label);
            reliability = reliability(score, label);
            ece = 0;
            for (int b = 0; b < reliability[0].length; b++) {
                ece += reliability[2][b] / n * Math.abs(reliability[0][b] - reliability[1][b]);
            }
        }
        return new ScorerEvaluation(
                scorer,
                n,
                positives,
                BinaryMetrics.rocAuc(score, label),
                BinaryMetrics.averagePrecision(score, label),
                brier,
                ece,
                atCapacity,
                List.copyOf(topK),
                roc(score, label, positives),
                pr(score, label, positives),
                gain,
                reliability);
    }

    /** The rows checked at {@code capacity} of {@code n}: at least one, at most all. */
    public static int capacityRows(int n, double capacity) {
        return (int) Math.min(n, Math.max(1, Math.round(n * capacity)));
    }

    /** Row indices, highest {@code score x max(amount, 1)} first; ties in row order. */
    public static int[] byPriority(double[] score, double[] amount) {
        int n = score.length;
        double[] priority = new double[n];
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            priority[i] = score[i] * Math.max(amount[i], 1.0);
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Double.compare(priority[b], priority[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    private static Found found(
            int k, int[] cumFound, double[] cumSek, int positives, double totalSek, double randomRate) {
        double precision = (double) cumFound[k] / k;
        return new Found(
                k,
                cumFound[k],
                precision,
                positives == 0 ? Double.NaN : (double) cumFound[k] / positives,
                cumSek[k],
                totalSek,
                cumSek[k] / k,
                Double.isNaN(randomRate) || randomRate == 0 ? Double.NaN : precision / randomRate);
    }

    /** The ROC curve at the distinct score thresholds, thinned to about {@value #CURVE_POINTS} points. */
    private static double[][] roc(double[] score, boolean[] label, int positives) {
        int n = score.length;
        int negatives = n - positives;
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0});
        int[] order = byScore(score);
        int tp = 0;
        int fp = 0;
        for (int k = 0; k < n; ) {
            int j = k;
            while (j < n && score[order[j]] == score[order[k]]) {
                if (label[order[j]]) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            points.add(new double[] {
                negatives == 0 ? 0 : (double) fp / negatives, positives == 0 ? 0 : (double) tp / positives
            });
            k = j;
        }
        return thin(points);
    }

    /** The precision-recall curve at the distinct score thresholds, thinned. */
    private static double[][] pr(double[] score, boolean[] label, int positives) {
        int n = score.length;
        List<double[]> points = new ArrayList<>();
        int[] order = byScore(score);
        int tp = 0;
        for (int k = 0; k < n; ) {
            int j = k;
            while (j < n && score[order[j]] == score[order[k]]) {
                tp += label[order[j]] ? 1 : 0;
                j++;
            }
            points.add(new double[] {positives == 0 ? 0 : (double) tp / positives, (double) tp / j});
            k = j;
        }
        return thin(points);
    }

    private static double[][] reliability(double[] score, boolean[] label) {
        double[] sum = new double[BINS];
        double[] hits = new double[BINS];
        double[] count = new double[BINS];
        for (int i = 0; i < score.length; i++) {
            int b = (int) Math.min(BINS - 1, Math.max(0, Math.floor(score[i] * BINS)));
            sum[b] += score[i];
            hits[b] += label[i] ? 1 : 0;
            count[b]++;
        }
        int used = 0;
        for (double c : count) {
            used += c > 0 ? 1 : 0;
        }
        double[][] out = new double[3][used];
        int j = 0;
        for (int b = 0; b < BINS; b++) {
            if (count[b] > 0) {
                out[0][j] = sum[b] / count[b];
                out[1][j] = hits[b] / count[b];
                out[2][j] = count[b];
                j++;
            }
        }
        return out;
    }

    private static int[] byScore(double[] score) {
        Integer[] boxed = new Integer[score.length];
        for (int i = 0; i < score.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(score[b], score[a]));
        int[] order = new int[score.length];
        for (int i = 0; i < score.length; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    /** Keeps the first and last points and evenly spaced ones between: about {@value #CURVE_POINTS} in all. */
    private static double[][] thin(List<double[]> points) {
        int m = points.size();
        int step = Math.max(1, (int) Math.ceil(m / (double) CURVE_POINTS));
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < m; i += step) {
            kept.add(points.get(i));
        }
        if (kept.get(kept.size() - 1) != points.get(m - 1)) {
            kept.add(points.get(m - 1));
        }
        double[][] out = new double[2][kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            out[0][i] = kept.get(i)[0];
            out[1][i] = kept.get(i)[1];
        }
        return out;
    }

    /** Writes this evaluation as a JSON object (the {@code scorers} entries of {@code evaluation.json}). */
    public void write(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("scorer", scorer);
        g.writeNumberField("rows", rows);
        g.writeNumberField("positives", positives);
        AuditReport.number(g, "rocAuc", rocAuc);
        AuditReport.number(g, "prAuc", prAuc);
        AuditReport.number(g, "brier", brier);
        AuditReport.number(g, "ece", ece);
        g.writeFieldName("atCapacity");
        writeFound(g, atCapacity, false);
        g.writeArrayFieldStart("atTopK");
        for (Found f : atTopK) {
            writeFound(g, f, true);
        }
        g.writeEndArray();
        curve(g, "roc", "fpr", "tpr", roc);
        curve(g, "pr", "recall", "precision", pr);
        g.writeObjectFieldStart("gain");
        array(g, "share", gain[0]);
        array(g, "incorrectSekShare", gain[1]);
        double[] lift = new double[gain[0].length];
        for (int j = 0; j < lift.length; j++) {
            lift[j] = gain[1][j] / gain[0][j];
        }
        array(g, "lift", lift);
        g.writeEndObject();
        if (reliability != null) {
            g.writeObjectFieldStart("reliability");
            array(g, "meanPredicted", reliability[0]);
            array(g, "observed", reliability[1]);
            array(g, "count", reliability[2]);
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeFound(JsonGenerator g, Found f, boolean withK) throws IOException {
        g.writeStartObject();
        if (withK) {
            g.writeNumberField("k", f.checked());
        }
        g.writeNumberField("checked", f.checked());
        g.writeNumberField("found", f.found());
        AuditReport.number(g, "precision", f.precision());
        AuditReport.number(g, "recall", f.recall());
        g.writeNumberField("incorrectSekFound", Math.round(f.incorrectSekFound()));
        g.writeNumberField("incorrectSekTotal", Math.round(f.incorrectSekTotal()));
        AuditReport.number(g, "sekPerInvestigation", f.sekPerInvestigation());
        AuditReport.number(g, "liftOverRandom", f.liftOverRandom());
        g.writeEndObject();
    }

    private static void curve(JsonGenerator g, String name, String x, String y, double[][] points) throws IOException {
        g.writeObjectFieldStart(name);
        array(g, x, points[0]);
        array(g, y, points[1]);
        g.writeEndObject();
    }

    private static void array(JsonGenerator g, String name, double[] values) throws IOException {
        g.writeArrayFieldStart(name);
        for (double v : values) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                g.writeNull();
            } else {
                g.writeNumber((float) v);
            }
        }
        g.writeEndArray();
    }
}
