package org.korrekt.training.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryMetricsTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void rocAucEqualsThePairwiseDefinitionWithTies(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 400;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.3;
            // Coarse scores make many ties.
            scores[i] = Math.round((random.nextDouble() + (labels[i] ? 0.3 : 0)) * 10) / 10.0;
        }
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (labels[i] && !labels[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        assertThat(BinaryMetrics.rocAuc(scores, labels)).isCloseTo(wins / pairs, offset(1e-12));
    }

    @Test
    void perfectAndInvertedScorers() {
        double[] scores = {0.1, 0.2, 0.8, 0.9};
        assertThat(BinaryMetrics.rocAuc(scores, new boolean[] {false, false, true, true}))
                .isEqualTo(1.0);
        assertThat(BinaryMetrics.rocAuc(scores, new boolean[] {true, true, false, false}))
                .isEqualTo(0.0);
        assertThat(BinaryMetrics.rocAuc(scores, new boolean[] {true, true, true, true}))
                .isNaN();
    }

    @Test
    void brierLogLossAndPrecision() {
        double[] scores = {0.9, 0.8, 0.3, 0.1};
        boolean[] labels = {true, false, true, false};
        assertThat(BinaryMetrics.brier(scores, labels)).isCloseTo((0.01 + 0.64 + 0.49 + 0.01) / 4, offset(1e-12));
        assertThat(BinaryMetrics.logLoss(scores, labels))
                .isCloseTo(-(Math.log(0.9) + Math.log(0.2) + Math.log(0.3) + Math.log(0.9)) / 4, offset(1e-12));
        assertThat(BinaryMetrics.precisionAtTopShare(scores, labels, 0.5)).isEqualTo(0.5);
        assertThat(BinaryMetrics.precisionAtTopShare(scores, labels, 0.25)).isEqualTo(1.0);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void averagePrecisionWithoutTiesIsTheMeanPrecisionAtEachPositive(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 300;
        double[] scores = new double[n];
        boolean[] labels = new boolean[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < 0.2;
            scores[i] = random.nextDouble() + (labels[i] ? 0.4 : 0);
        }
        double sum = 0;
        int positives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                positives++;
                int atOrAbove = 0;
                int positivesAtOrAbove = 0;
                for (int j = 0; j < n; j++) {
                    if (scores[j] >= scores[i]) {
                        atOrAbove++;
                        positivesAtOrAbove += labels[j] ? 1 : 0;
                    }
                }
                sum += (double) positivesAtOrAbove / atOrAbove;
            }
        }
        assertThat(BinaryMetrics.averagePrecision(scores, labels)).isCloseTo(sum / positives, offset(1e-12));
    }

    @Test
    void averagePrecisionCountsTiesAsOneThreshold() {
        // Thresholds 0.9 (1 positive of 1), 0.5 (1 positive, 1 negative: precision 2/3), 0.1 (1 positive: 3/5).
        double[] scores = {0.9, 0.5, 0.5, 0.1, 0.1};
        boolean[] labels = {true, true, false, true, false};

        assertThat(BinaryMetrics.averagePrecision(scores, labels))
                .isCloseTo((1.0 + 2.0 / 3 + 3.0 / 5) / 3, offset(1e-12));
        assertThat(BinaryMetrics.averagePrecision(new double[] {0.2, 0.1}, new boolean[] {false, false}))
                .isNaN();
        assertThat(BinaryMetrics.averagePrecision(new double[] {0.9, 0.8, 0.1}, new boolean[] {true, true, false}))
                .isEqualTo(1.0);
    }
}
