package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The challenger's cost-proportionate resampling, which stands in for the row weights Smile 2.6 lacks. */
class SmileChallengerTest {

    @Test
    void rowsOfEqualWeightAreLearntAsThemselves() {
        int[] rows = {4, 8, 15, 16, 23, 42};
        assertThat(SmileChallenger.resample(rows, new double[] {2, 2, 2, 2, 2, 2}, 1))
                .isSameAs(rows);
    }

    @Test
    void eachRowIsDrawnInProportionToItsWeight() {
        int n = 40_000;
        int[] rows = new int[n];
        double[] weights = new double[n];
        double[] pattern = {1, 3, 0, 6};
        for (int i = 0; i < n; i++) {
            rows[i] = 1_000 + i;
            weights[i] = pattern[i % 4];
        }

        int[] drawn = SmileChallenger.resample(rows, weights, 42);

        assertThat(drawn).hasSize(n);
        int[] byWeight = new int[4];
        for (int row : drawn) {
            assertThat(row).isBetween(1_000, 1_000 + n - 1);
            byWeight[(row - 1_000) % 4]++;
        }
        assertThat(byWeight[2]).as("a row of weight 0 is never drawn").isZero();
        assertThat(byWeight[0] / (double) n).isCloseTo(0.1, within(0.01));
        assertThat(byWeight[1] / (double) n).isCloseTo(0.3, within(0.01));
        assertThat(byWeight[3] / (double) n).isCloseTo(0.6, within(0.01));
        // seeded: the same draw again, another with another seed
        assertThat(SmileChallenger.resample(rows, weights, 42)).isEqualTo(drawn);
        assertThat(SmileChallenger.resample(rows, weights, 43)).isNotEqualTo(drawn);
    }

    @Test
    void theLastRowCanBeDrawnAndTheFirstAlone() {
        int[] rows = {7, 9};
        assertThat(SmileChallenger.resample(rows, new double[] {0, 1}, 3)).containsOnly(9);
        assertThat(SmileChallenger.resample(rows, new double[] {1, 0}, 3)).containsOnly(7);
    }
}
