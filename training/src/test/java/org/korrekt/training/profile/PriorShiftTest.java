package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.model.Calibration;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.profile.ProfileData.DataSplit;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

class PriorShiftTest {

    static double logit(double p) {
        return Math.log(p / (1 - p));
    }

    @Test
    void aTrainedProfilesMeanProbabilityBeforeTheTestPeriodIsTheRandomSamplesRate(@TempDir Path dir) throws Exception {
        HistoryConfig config = new HistoryConfig(
                0.003, HistoryConfig.DEFAULT_YEARS, HistoryConfig.DEFAULT_START_YEAR, 42, Map.of(), false, 0);
        new HistoryWriter(new Configuration())
                .write(new HistoryGenerator(config).generate((s, d, t) -> {}), dir.toUri(), (t, w, n) -> {});
        ProfileDefinition profile = ProfileDefinition.builtIn(ProfileDefinition.ALL_BENEFITS);
        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, dir.toUri(), s -> {});

        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);

        // counted here again: the random sample's labelled rows before the test period
        int n = 0;
        int k = 0;
        double sum = 0;
        int rows = 0;
        for (int r = 0; r < data.size(); r++) {
            if (data.split().part()[r] == DataSplit.TEST) {
                continue;
            }
            rows++;
            sum += trained.compiled().score(data.x()[r]);
            if (data.randomControl()[r] && data.observed()[r]) {
                n++;
                k += data.label()[r] ? 1 : 0;
            }
        }
        PriorShift prior = trained.prior();
        assertThat(prior).isNotNull();
        assertThat(prior.randomRows()).isEqualTo(n).isGreaterThanOrEqualTo(PriorShift.MIN_RANDOM_ROWS);
        assertThat(prior.randomIncorrect()).isEqualTo(k);
        assertThat(prior.rate()).isEqualTo((k + 0.5) / (n + 1.0));
        // the compiled profile, as served, averages the rate over those rows
        assertThat(sum / rows).isCloseTo(prior.rate(), within(1e-6));
        // investigated rows are mostly incorrect, so the calibration had to come down
        assertThat(prior.meanBefore()).isGreaterThan(prior.rate());
        assertThat(prior.shift()).isNegative();
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
