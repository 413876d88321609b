package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;

class ModelArtifactsTest {

    private static final FeatureSchema SCHEMA = ApplicationFeatures.SCHEMA_V1;

    @Test
    void roundTripsExactly() throws Exception {
        LogisticRegressionModel model = GoldenArtifacts.logisticRegressionV1();
        LogisticRegressionModel read = ModelArtifacts.read(new ByteArrayInputStream(bytes(model)), SCHEMA);

        assertThat(read).isEqualTo(model);
    }

    @Test
    void goldenFormatOneArtifactStillLoadsAndPredictsTheSame() throws Exception {
        LogisticRegressionModel expected = GoldenArtifacts.logisticRegressionV1();
        LogisticRegressionModel golden;
        try (InputStream in = getClass().getResourceAsStream("/golden/" + GoldenArtifacts.LOGISTIC_REGRESSION_V1)) {
            assertThat(in).as("golden artifact on the test class path").isNotNull();
            golden = ModelArtifacts.read(in, SCHEMA);
        }
        long seed = 20261122L;
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[SCHEMA.size()];
        for (int row = 0; row < 1_000; row++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = row % 10 == 0 ? 0.0 : (random.nextDouble() - 0.5) * 20;
            }
            assertThat(golden.score(x)).as("row %d, seed %d", row, seed).isEqualTo(expected.score(x));
        }
    }

    @Test
    void goldenFormatTwoProfileStillLoadsAndScoresWhatItScoredWhenWritten() throws Exception {
        CompiledModel read;
        try (InputStream in = golden(GoldenArtifacts.SELECTION_PROFILE_V2)) {
            read = ModelArtifacts.readModel(in, GoldenArtifacts.tableSchema());
        }
        assertThat(read).isInstanceOf(SelectionProfileModel.class);
        SelectionProfileModel profile = (SelectionProfileModel) read;
        assertThat(profile.schema()).isEqualTo(GoldenArtifacts.tableSchema());
        assertThat(profile.encoding())
                .extracting(SelectionProfileModel.EncodedInput::column)
                .containsExactly("hours", "visits");
        assertThat(profile.calibration().isPlatt()).isTrue();
        assertThat(profile.calibration().slope()).isEqualTo(0.9);
        assertThat(profile.calibration().intercept()).isEqualTo(-0.35);
        assertPinned(profile, GoldenArtifacts.SELECTION_PROFILE_V2, true);
        assertPinned(GoldenArtifacts.selectionProfileV2(), GoldenArtifacts.SELECTION_PROFILE_V2, true);
    }

    @Test
    void goldenFormatThreeSmileForestStillLoadsAndScoresWhatItScoredWhenWritten() throws Exception {
        CompiledModel read;
        try (InputStream in = golden(GoldenArtifacts.SMILE_FOREST_V3)) {
            read = ModelArtifacts.readModel(in, GoldenArtifacts.tableSchema());
        }
        assertThat(read).isInstanceOf(SmileForestModel.class);
        assertThat(((SmileForestModel) read).kind()).isEqualTo(SmileForestModel.Kind.RANDOM_FOREST);
        assertPinned(read, GoldenArtifacts.SMILE_FOREST_V3, false);
        assertPinned(GoldenArtifacts.smileForestV3(), GoldenArtifacts.SMILE_FOREST_V3, false);
    }

    /**
     * {@code model} scores (and explains) every pinned row of the golden file's {@code .scores}
     * exactly as recorded, bit for bit.
     */
    private void assertPinned(CompiledModel model, String file, boolean contributions) throws IOException {
        List<String> lines;
        try (InputStream in = golden(file + GoldenArtifacts.SCORES)) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .lines()
                    .toList();
        }
        List<double[]> rows = GoldenArtifacts.rows();
        assertThat(lines).hasSize(rows.size());
        int n = model.featureCount();
        double[] out = new double[n];
        for (int r = 0; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(" ");
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = Double.parseDouble(cells[i]);
            }
            assertThat(x).as("row %d of %s", r, file).isEqualTo(rows.get(r));
            assertThat(Double.doubleToRawLongBits(model.score(x)))
                    .as("score of row %d of %s", r, file)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(cells[n])));
            if (contributions) {
                model.contributions(x, out);
                for (int i = 0; i < n; i++) {
                    assertThat(out[i])
                            .as("contribution %d of row %d of %s", i, r, file)
                            .isEqualTo(Double.parseDouble(cells[n + 1 + i]));
                }
            }
        }
    }

    private InputStream golden(String file) {
        InputStream in = getClass().getResourceAsStream("/golden/" + file);
        assertThat(in).as("golden file %s on the test class path", file).isNotNull();
        return in;
    }

    @Test
    void refusesACorruptedArtifact() {
        byte[] bytes = bytes(GoldenArtifacts.logisticRegressionV1());
        bytes[40] ^= 1;

        assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(bytes), SCHEMA))
                .isInstanceOf(ArtifactException.class)
                .hasMessage("model artifact is corrupt: CRC-32 mismatch");
    }

    @Test
    void refusesATruncatedOrForeignFile() {
        byte[] bytes = bytes(GoldenArtifacts.logisticRegressionV1());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 30);

        assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(truncated), SCHEMA))
                .isInstanceOf(ArtifactException.class);
        assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream("{}".getBytes()), SCHEMA))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("not a korrekt model artifact");
    }

    @Test
    void refusesAnArtifactTrainedOnAnotherSchema() {
        FeatureSchema other = new FeatureSchema(
                "application", 2, List.of(new FeatureDefinition("only", "only feature", "unit", null, null, null)));
        byte[] bytes = bytes(GoldenArtifacts.logisticRegressionV1());

        assertThatThrownBy(() -> ModelArtifacts.read(new ByteArrayInputStream(bytes), other))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("trained on feature schema application v1")
                .hasMessageContaining("running schema is application v2");
    }

    @Test
    void contributionsAndBiasSumToTheLogOdds() {
        LogisticRegressionModel model = GoldenArtifacts.logisticRegressionV1();
        double[] x = new double[SCHEMA.size()];
        double[] contributions = new double[SCHEMA.size()];
        SplittableRandom random = new SplittableRandom(7);
        for (int row = 0; row < 200; row++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble() * 10;
            }
            model.contributions(x, contributions);
            double sum = model.baseLogOdds();
            for (double c : contributions) {
                sum += c;
            }
            assertThat(sum).isCloseTo(model.logOdds(x), org.assertj.core.data.Offset.offset(1e-12));
            double p = model.score(x);
            assertThat(p)
                    .isBetween(0.0, 1.0)
                    .isCloseTo(1 / (1 + Math.exp(-sum)), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void sigmoidNeitherOverflowsNorLosesTheTails() {
        assertThat(LogisticRegressionModel.sigmoid(800)).isEqualTo(1.0);
        assertThat(LogisticRegressionModel.sigmoid(-800)).isEqualTo(0.0);
        assertThat(LogisticRegressionModel.sigmoid(-40))
                .isGreaterThan(0)
                .isCloseTo(Math.exp(-40), org.assertj.core.data.Offset.offset(1e-30));
        assertThat(LogisticRegressionModel.sigmoid(0)).isEqualTo(0.5);
    }

    private static byte[] bytes(LogisticRegressionModel model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelArtifacts.write(model, SCHEMA, out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
