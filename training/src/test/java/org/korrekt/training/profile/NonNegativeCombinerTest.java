package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The combiner never lets an input count against risk. On this table the anomalies are the
 * correct claims (the risky ones are the typical ones), so the isolation forest's alarm points
 * the wrong way, and an unconstrained stacker gives it a negative weight (-2.1 here): every
 * anomalous claim would then have shown "unusual" as a reason that lowered its score.
 */
class NonNegativeCombinerTest {

    @Test
    void anInputThatPointsTheWrongWayGetsWeightZeroNotANegativeOne(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("claims.csv");
        SplittableRandom random = new SplittableRandom(11);
        StringBuilder s = new StringBuilder("ref,filed,amount,a,b,overpaid\n");
        LocalDate first = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < 3_000; i++) {
            boolean unusual = random.nextDouble() < 0.25;
            double spread = unusual ? 4 : 1;
            boolean overpaid = random.nextDouble() < (unusual ? 0.05 : 0.45);
            s.append(String.format(
                    Locale.ROOT,
                    "R%d,%s,%.2f,%.4f,%.4f,%s%n",
                    i,
                    first.plusDays(random.nextInt(365)),
                    1_000 + random.nextDouble() * 9_000,
                    random.nextGaussian() * spread,
                    random.nextGaussian() * spread,
                    overpaid ? "yes" : "no"));
        }
        Files.writeString(csv, s.toString());
        Path file = dir.resolve("typical.profile.json");
        Files.writeString(file, """
                {
                  "name": "typical-risk",
                  "columns": {
                    "id": "ref", "time": "filed", "label": "overpaid", "positive": "yes", "amount": "amount",
                    "numeric": ["a", "b"]
                  },
                  "models": { "trees": { "trees": 20, "maxDepth": 2 }, "isolationForest": { "trees": 100 } }
                }
                """);
        ProfileDefinition profile = ProfileDefinition.read(file);
        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, csv.toUri(), table -> {});

        TrainedSelectionProfile trained = new ProfileTrainer(profile, TrainingProgress.silent()).train(data);

        double[] weights = trained.compiled().combinerWeights();
        assertThat(Arrays.stream(weights).min().orElseThrow())
                .as(Arrays.toString(weights))
                .isGreaterThanOrEqualTo(0);
        assertThat(weights[ProfileTrainer.COMBINER_INPUTS.indexOf("forest_score")])
                .as(Arrays.toString(weights))
                .isZero();
        assertThat(trained.calibration().slope()).isPositive();
    }
}
