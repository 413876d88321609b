package org.korrekt.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tribuo.classification.evaluation.LabelEvaluationUtil;

/** korrekt's test-period metrics, cross-checked against Tribuo's evaluators and hand counts. */
class ScorerEvaluationTest {

    @Test
    void rankingMetricsAgreeWithTribuo() {
        SplittableRandom random = new SplittableRandom(7);
        int n = 5_000;
        double[] score = new double[n];
        boolean[] label = new boolean[n];
        for (int i = 0; i < n; i++) {
            label[i] = random.nextDouble() < 0.2;
            // rounded to 2 decimals: many ties, which both must treat the same
            score[i] = Math.round(100 * Math.min(1, Math.max(0, (label[i] ? 0.6 : 0.4) + 0.25 * random.nextGaussian())))
                    / 100.0;
        }
        ScorerEvaluation e = ScorerEvaluation.of("s", score, true, label, ones(n), ones(n), new boolean[n], 0.01);
        assertThat(e.rocAuc()).isCloseTo(LabelEvaluationUtil.binaryAUCROC(label, score), within(1e-12));
        assertThat(e.prAuc()).isCloseTo(LabelEvaluationUtil.averagedPrecision(label, score), within(1e-12));
        // the ROC curve ends at (1, 1) and its trapezoids give the AUC, thinned or not, to within the thinning
        double[][] roc = e.roc();
        assertThat(roc[0][roc[0].length - 1]).isEqualTo(1.0);
        assertThat(roc[1][roc[1].length - 1]).isEqualTo(1.0);
        assertThat(roc[0].length).isLessThanOrEqualTo(202);
    }

    @Test
    void capacityCalibrationAndLiftByHand() {
        // 10 rows; scores and amounts chosen so that score x amount ranks rows 0..9 in order
        double[] score = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05};
        double[] amount = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000};
        boolean[] label = {true, false, true, true, false, false, true, false, false, false};
        double[] incorrect = {500, 0, 300, 1000, 0, 0, 200, 0, 0, 0};
        boolean[] random = {false, false, false, false, true, true, true, true, false, false};
        ScorerEvaluation e = ScorerEvaluation.of("s", score, true, label, amount, incorrect, random, 0.3);
        ScorerEvaluation.Found f = e.atCapacity();
        assertThat(f.checked()).isEqualTo(3);
        assertThat(f.found()).isEqualTo(2);
        assertThat(f.precision()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(f.recall()).isCloseTo(2 / 4.0, within(1e-12));
        assertThat(f.incorrectSekFound()).isEqualTo(800);
        assertThat(f.incorrectSekTotal()).isEqualTo(2000);
        assertThat(f.sekPerInvestigation()).isCloseTo(800 / 3.0, within(1e-9));
        // random control rows 4..7: four rows say nothing of a rate, so no lift
        assertThat(f.liftOverRandom()).isNaN();
        // every row random control (10, the least): 4 of 10 incorrect -> lift (2/3) / (4/10)
        boolean[] all = new boolean[10];
        java.util.Arrays.fill(all, true);
        assertThat(ScorerEvaluation.of("s", score, true, label, amount, incorrect, all, 0.3)
                        .atCapacity()
                        .liftOverRandom())
                .isCloseTo((2 / 3.0) / 0.4, within(1e-12));
        assertThat(e.atTopK()).extracting(ScorerEvaluation.Found::checked).containsExactly(10);
        // Brier: mean of (p - y)^2
        double brier = 0;
        for (int i = 0; i < 10; i++) {
            brier += Math.pow(score[i] - (label[i] ? 1 : 0), 2);
        }
        assertThat(e.brier()).isCloseTo(brier / 10, within(1e-12));
        // ECE over the 10 one-row bins of width 0.1 (0.05 and 0.1 share the first two bins? no: 0.05 -> bin 0, 0.1 ->
        // bin 1)
        double ece = 0;
        for (int i = 0; i < 10; i++) {
            ece += Math.abs(score[i] - (label[i] ? 1 : 0)) / 10;
        }
        assertThat(e.reliability()[0]).hasSize(10);
        assertThat(e.ece()).isCloseTo(ece, within(1e-12));
        // gain at 100 % finds everything
        double[][] gain = e.gain();
        assertThat(gain[1][gain[1].length - 1]).isEqualTo(1.0);
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
