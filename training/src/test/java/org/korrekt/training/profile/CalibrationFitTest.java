package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.model.Calibration;

class CalibrationFitTest {

    /** Log-odds and outcomes where the rate rises ({@code direction} 1) or falls (-1) with the log-odds. */
    private static Object[] rows(int direction) {
        SplittableRandom random = new SplittableRandom(5);
        int n = 400;
        double[] z = new double[n];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = random.nextGaussian() * 2;
            y[i] = random.nextDouble() < WeightedLogistic.sigmoid(direction * 1.5 * z[i]);
            w[i] = 1;
        }
        return new Object[] {z, y, w};
    }

    @Test
    void plattRisesWithTheLogOdds() {
        Object[] r = rows(1);
        Calibration platt = CalibrationFit.fit("platt", (double[]) r[0], (boolean[]) r[1], (double[]) r[2]);
        assertThat(platt.isPlatt()).isTrue();
        assertThat(platt.slope()).isBetween(1.0, 2.0);
    }

    @Test
    void aPlattFitThatFallsWithTheLogOddsStopsTheTrainingRatherThanRankBackwards() {
        Object[] r = rows(-1);
        assertThatThrownBy(() -> CalibrationFit.fit("platt", (double[]) r[0], (boolean[]) r[1], (double[]) r[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "the combiner's log-odds do not rise with the incorrect rate on the 400 labelled calibration rows (Platt slope -")
                .hasMessageEndingWith("so the profile would rank backwards; it needs more labelled validation rows");
    }
}
