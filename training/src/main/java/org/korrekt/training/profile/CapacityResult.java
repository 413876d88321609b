package org.korrekt.training.profile;

import org.korrekt.training.evaluation.ScorerEvaluation;
import org.korrekt.training.train.BinaryMetrics;

/**
 * How one scorer does on the test rows when a control unit checks a fixed share of them: rows are
 * ranked by expected incorrect SEK (score times the amount at stake) and the top {@code capacity}
 * share is checked.
 *
 * @param scorer which scorer
 * @param rows test rows
 * @param positives incorrect test rows
 * @param rocAuc ROC AUC of the score itself
 * @param checked rows checked at capacity
 * @param found incorrect rows among them
 * @param incorrectSekFound incorrect SEK in the checked rows
 * @param incorrectSekTotal incorrect SEK in all test rows
 */
public record CapacityResult(
        String scorer,
        int rows,
        int positives,
        double rocAuc,
        int checked,
        int found,
        double incorrectSekFound,
        double incorrectSekTotal) {

    /** The share of checked rows that were incorrect. */
    public double precision() {
        return checked == 0 ? Double.NaN : (double) found / checked;
    }

    /** The share of all incorrect SEK found. */
    public double shareOfSekFound() {
        return incorrectSekTotal == 0 ? Double.NaN : incorrectSekFound / incorrectSekTotal;
    }

    /**
     * Evaluates {@code scores} on the rows in {@code rows}.
     *
     * @param scores one score per row of the whole data (only {@code rows} are used); higher is riskier
     */
    static CapacityResult of(String scorer, double[] scores, int[] rows, ProfileData data, double capacity) {
        int n = rows.length;
        double[] own = new double[n];
        boolean[] labels = new boolean[n];
        double[] amounts = new double[n];
        double total = 0;
        int positives = 0;
        for (int i = 0; i < n; i++) {
            int r = rows[i];
            own[i] = scores[r];
            labels[i] = data.label()[r];
            amounts[i] = data.amount()[r];
            total += data.incorrectAmount()[r];
            if (labels[i]) {
                positives++;
            }
        }
        // the same ranking as the evaluation's: score x max(amount, 1), ties in row order
        int[] order = ScorerEvaluation.byPriority(own, amounts);
        int checked = (int) Math.max(1, Math.round(n * capacity));
        int found = 0;
        double sek = 0;
        for (int k = 0; k < checked && k < n; k++) {
            int i = order[k];
            if (labels[i]) {
                found++;
            }
            sek += data.incorrectAmount()[rows[i]];
        }
        return new CapacityResult(scorer, n, positives, BinaryMetrics.rocAuc(own, labels), checked, found, sek, total);
    }
}
