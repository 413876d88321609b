package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;

class ScoreDistributionTest {

    /** 100,000 scores uniform on (0, 1). */
    private static double[] uniformScores() {
        SplittableRandom random = new SplittableRandom(7);
        double[] scores = new double[100_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        return scores;
    }

    @Test
    void theScoreAtATopShareLeavesThatShareAboveIt() {
        double[] scores = uniformScores();
        ScoreDistribution d = ScoreDistribution.of(scores);

        for (double share : new double[] {0.5, 0.1, 0.01, 0.0125, 0.002}) {
            double threshold = d.scoreAtTopShare(share);
            long above = Arrays.stream(scores).filter(s -> s >= threshold).count();
            assertThat((double) above / scores.length).as("share %s", share).isCloseTo(share, within(0.0015));
        }
        assertThat(d.scoreAtTopShare(0)).isEqualTo(Arrays.stream(scores).max().orElseThrow());
        assertThat(d.scoreAtTopShare(1)).isEqualTo(Arrays.stream(scores).min().orElseThrow());
    }

    @Test
    void decilesHoldATenthEachAndBinsCountEdgesAtOrBelow() {
        ScoreDistribution d = ScoreDistribution.of(uniformScores());
        double[] edges = d.decileEdges();

        assertThat(edges).hasSize(9);
        double[] shares = d.shares(edges);
        assertThat(shares).hasSize(10);
        for (double share : shares) {
            assertThat(share).isCloseTo(0.1, within(0.002));
        }
        assertThat(Arrays.stream(d.shares(edges)).sum()).isCloseTo(1, within(1e-9));
        assertThat(ScoreDistribution.bin(0.0, edges)).isZero();
        assertThat(ScoreDistribution.bin(edges[0], edges)).isEqualTo(1);
        assertThat(ScoreDistribution.bin(1.0, edges)).isEqualTo(9);
    }

    @Test
    void refusesQuantilesThatAreNotADistribution() {
        double[] decreasing = new double[ScoreDistribution.STEPS + 1];
        decreasing[0] = 0.5;
        assertThatThrownBy(() -> new ScoreDistribution(decreasing)).hasMessageContaining("non-decreasing");
        assertThatThrownBy(() -> new ScoreDistribution(new double[10])).hasMessageContaining("1001 quantiles");
        assertThatThrownBy(() -> ScoreDistribution.of(new double[0])).hasMessageContaining("at least one");
    }

    @Test
    void theManifestCarriesItAndOlderManifestsReadWithout() throws Exception {
        ScoreDistribution d = ScoreDistribution.of(uniformScores());
        BundleManifest without = BundleManifest.of(
                "vab",
                "v1",
                Instant.parse("2026-11-22T12:00:00Z"),
                BundleManifest.LOGISTIC_REGRESSION,
                ApplicationFeatures.SCHEMA_V1,
                new DecisionThresholds(0.1, 0.3, 0.7),
                Map.of("model.krkt", "a".repeat(64)));
        BundleManifest with = without.withScores(d);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        with.write(out);
        BundleManifest read = BundleManifest.read(new ByteArrayInputStream(out.toByteArray()));
        assertThat(read).isEqualTo(with);
        assertThat(read.scores()).isEqualTo(d);

        ByteArrayOutputStream old = new ByteArrayOutputStream();
        without.write(old);
        assertThat(old.toString(StandardCharsets.UTF_8)).doesNotContain("scoreQuantiles");
        assertThat(BundleManifest.read(new ByteArrayInputStream(old.toByteArray()))
                        .scores())
                .isNull();

        String broken = out.toString(StandardCharsets.UTF_8)
                .replaceFirst("\"scoreQuantiles\" : \\[", "\"scoreQuantiles\" : [ 2.0,");
        assertThatThrownBy(() -> BundleManifest.read(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ArtifactException.class);
    }
}
