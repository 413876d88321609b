package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.korrekt.features.model.Calibration;

class PriorShiftTest {

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void aPlattCalibrationMovesItsInterceptByTheShift() {
        PriorShift shift = new PriorShift(100, 15, 0.15, 0.7, -2.5);
        Calibration moved = shift.apply(Calibration.platt(1.3, 0.4));
        assertThat(moved.isPlatt()).isTrue();
        assertThat(moved.slope()).isEqualTo(1.3);
        assertThat(moved.intercept()).isCloseTo(0.4 - 2.5, within(1e-15));
        // the shift is on the log-odds scale: odds fall by e^2.5 whatever the score
        for (double z : new double[] {-3, 0, 2.5}) {
            double before = Calibration.platt(1.3, 0.4).probability(z);
            assertThat(logit(moved.probability(z))).isCloseTo(logit(before) - 2.5, within(1e-9));
        }
    }

    @Test
    void anIsotonicCalibrationShiftsEachLevelAndKeepsZeroAndOne() {
        Calibration isotonic = Calibration.isotonic(new double[] {-1, 0, 1, 2}, new double[] {0, 0.5, 0.8, 1});
        Calibration moved = new PriorShift(50, 5, 0.1, 0.6, -1.0).apply(isotonic);
        assertThat(moved.isPlatt()).isFalse();
        assertThat(moved.isotonicXs()).containsExactly(-1, 0, 1, 2);
        double[] ys = moved.isotonicYs();
        assertThat(ys[0]).isZero();
        assertThat(logit(ys[1])).isCloseTo(-1.0, within(1e-12));
        assertThat(logit(ys[2])).isCloseTo(logit(0.8) - 1.0, within(1e-12));
        assertThat(ys[3]).isEqualTo(1.0);
        // the order of the probabilities is kept
        assertThat(moved.probability(0.5)).isLessThan(moved.probability(1.5));
    }
}
