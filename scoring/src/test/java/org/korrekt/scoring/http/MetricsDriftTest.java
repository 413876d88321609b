package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.model.ScoreDistribution;

class MetricsDriftTest {

    private static double[] scores(long seed, double power, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = Math.pow(random.nextDouble(), power);
        }
        return s;
    }

    @Test
    void liveScoresFromTheTrainingDistributionShowNoDriftAndShiftedOnesDo() {
        ScoreDistribution training = ScoreDistribution.of(scores(1, 3, 50_000));

        Metrics.Drift same = new Metrics.Drift("v1", training);
        for (double s : scores(2, 3, 20_000)) {
            same.observe(s);
        }
        assertThat(same.observations()).isEqualTo(20_000);
        assertThat(same.psi()).isLessThan(0.01);

        // live scores twice as likely to be high: a population that has moved
        Metrics.Drift shifted = new Metrics.Drift("v1", training);
        for (double s : scores(3, 1.5, 20_000)) {
            shifted.observe(s);
        }
        assertThat(shifted.psi()).isGreaterThan(0.25);

        // all live scores in one decile: finite, and large
        Metrics.Drift collapsed = new Metrics.Drift("v1", training);
        for (int i = 0; i < 1_000; i++) {
            collapsed.observe(0.999);
        }
        assertThat(collapsed.psi()).isFinite().isGreaterThan(1);
        assertThat(new Metrics.Drift("v1", training).psi()).isCloseTo(0, within(0.0));
    }
}
