package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureSchema;

/**
 * The compiled Smile ensembles on hand-built trees whose probabilities are worked out by hand
 * (equality with Smile itself is proven in training's {@code SmileForestCompilerTest}).
 */
class SmileForestModelTest {

    private static final FeatureSchema SCHEMA = ApplicationFeatures.SCHEMA_V1;

    /*
     * Two trees on features 0 and 1.
     *
     * tree 0 (nodes 0-2): 0: x0 <= 1.5, size 10     tree 1 (nodes 3-7): 3: x1 <= 0.0, size 10
     *                     1: leaf, 6 samples, 1 positive                 4: leaf, 4 samples, 0 positive
     *                     2: leaf, 4 samples, 3 positive                 5: x0 <= 7, size 6
     *                                                                    6: leaf, 3 samples, 3 positive
     *                                                                    7: leaf, 3 samples, 1 positive
     */
    private static final int[] ROOTS = {0, 3};
    private static final int[] FEATURES = {0, -1, -1, 1, -1, 0, -1, -1};
    private static final double[] THRESHOLDS = {1.5, 0, 0, 0.0, 0, 7, 0, 0};
    private static final int[] LEFT = {1, -1, -1, 4, -1, 6, -1, -1};
    private static final int[] RIGHT = {2, -1, -1, 5, -1, 7, -1, -1};
    private static final int[] SIZES = {10, 6, 4, 10, 4, 6, 3, 3};

    static SmileForestModel forest() {
        return SmileForestModel.randomForest(
                SCHEMA.fingerprint(),
                SCHEMA.names(),
                ROOTS,
                new double[] {0.75, 0.5},
                FEATURES,
                THRESHOLDS,
                LEFT,
                RIGHT,
                SIZES,
                new double[] {0, 1, 3, 0, 0, 0, 3, 1});
    }

    static SmileForestModel boosting() {
        return SmileForestModel.gradientBoosting(
                SCHEMA.fingerprint(),
                SCHEMA.names(),
                ROOTS,
                -0.5,
                0.1,
                FEATURES,
                THRESHOLDS,
                LEFT,
                RIGHT,
                SIZES,
                new double[] {0, -1, 2, 0, -0.5, 0, 1.5, 0.25});
    }

    private static double[] row(double x0, double x1) {
        double[] x = new double[SCHEMA.size()];
        x[0] = x0;
        x[1] = x1;
        return x;
    }

    @Test
    void forestAveragesWeightedLaplaceSmoothedLeaves() {
        SmileForestModel model = forest();
        // x0 = 1.5 is on the split: left, leaf 1, p = (1+1)/(6+2) = 0.25. x1 = 5 > 0: node 5, x0 <= 7: leaf 6, p = 4/5.
        double expected = (0.75 * 0.25 + 0.5 * 0.8) / (0.75 + 0.5);
        assertThat(model.score(row(1.5, 5))).isCloseTo(expected, offset(1e-15));
        // -0.0 <= 0.0: leaf 4, p = 1/6; x0 just above 1.5: leaf 2, p = 4/6.
        double other = (0.75 * (4.0 / 6) + 0.5 * (1.0 / 6)) / 1.25;
        assertThat(model.score(row(Math.nextUp(1.5), -0.0))).isCloseTo(other, offset(1e-15));
        // NaN goes right everywhere: leaf 2 (4/6) and leaf 7 (2/5).
        double missing = (0.75 * (4.0 / 6) + 0.5 * 0.4) / 1.25;
        assertThat(model.score(row(Double.NaN, Double.NaN))).isCloseTo(missing, offset(1e-15));
    }

    @Test
    void boostingIsTheLogisticOfTwiceTheShrunkSum() {
        SmileForestModel model = boosting();
        double y = -0.5 + 0.1 * -1 + 0.1 * 1.5;
        assertThat(model.boostedSum(row(1, 5))).isCloseTo(y, offset(1e-15));
        assertThat(model.score(row(1, 5))).isCloseTo(1 / (1 + Math.exp(-2 * y)), offset(1e-15));
        // the base log-odds: 2 (b + 0.1 (0.6 * -1 + 0.4 * 2) + 0.1 (0.4 * -0.5 + 0.6 (0.5 * 1.5 + 0.5 * 0.25)))
        double base = 2 * (-0.5 + 0.1 * (0.6 * -1 + 0.4 * 2) + 0.1 * (0.4 * -0.5 + 0.6 * (0.5 * 1.5 + 0.5 * 0.25)));
        assertThat(model.baseLogOdds()).isCloseTo(base, offset(1e-12));
        // TreeSHAP, worked by hand for (x0, x1) = (1, 5). Tree 0 splits on x0 alone: 0.1 (-1 - 0.2) to x0.
        // Tree 1: v() = 0.325, v(x1) = 0.875, v(x0) = 0.4 * -0.5 + 0.6 * 1.5 = 0.7, v(x0, x1) = 1.5, so
        // x0 gets 0.1 ((0.7 - 0.325) + (1.5 - 0.875)) / 2 = 0.05 and x1 0.1 ((0.875 - 0.325) + (1.5 - 0.7)) / 2.
        double[] out = new double[SCHEMA.size()];
        model.contributions(row(1, 5), out);
        assertThat(out[0]).isCloseTo(2 * (-0.12 + 0.05), offset(1e-15));
        assertThat(out[1]).isCloseTo(2 * 0.0675, offset(1e-15));
        assertThat(java.util.Arrays.stream(out, 2, out.length)).containsOnly(0.0);
        assertThat(base + out[0] + out[1]).isCloseTo(2 * y, offset(1e-15));
    }

    @Test
    void roundTripsThroughTheArtifactFormat() throws IOException, ArtifactException {
        for (SmileForestModel model : List.of(forest(), boosting())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ModelArtifacts.write(model, SCHEMA, bytes);
            CompiledModel read = ModelArtifacts.readModel(new ByteArrayInputStream(bytes.toByteArray()), SCHEMA);
            assertThat(read).isEqualTo(model);
            assertThat(read.score(row(3, -1))).isEqualTo(model.score(row(3, -1)));
            byte[] corrupt = bytes.toByteArray();
            corrupt[40] ^= 1;
            assertThatThrownBy(() -> ModelArtifacts.readModel(new ByteArrayInputStream(corrupt), SCHEMA))
                    .isInstanceOf(ArtifactException.class)
                    .hasMessageContaining("CRC-32");
        }
    }

    @Test
    void rejectsMalformedTrees() {
        double[] counts = {0, 1, 3, 0, 0, 0, 3, 1};
        double[] weights = {0.75, 0.5};
        String fingerprint = SCHEMA.fingerprint();
        List<String> names = SCHEMA.names();
        assertThatThrownBy(() -> SmileForestModel.randomForest(
                        fingerprint, names, ROOTS, weights, FEATURES, THRESHOLDS, LEFT, RIGHT, SIZES, new double[] {
                            0, 7, 3, 0, 0, 0, 3, 1
                        }))
                .hasMessage("positive count of leaf 1 must be an integer in [0, 6], was 7.0");
        assertThatThrownBy(() -> SmileForestModel.randomForest(
                        fingerprint,
                        names,
                        ROOTS,
                        new double[] {0, 0},
                        FEATURES,
                        THRESHOLDS,
                        LEFT,
                        RIGHT,
                        SIZES,
                        counts))
                .hasMessage("tree weights must not all be 0");
        assertThatThrownBy(() -> SmileForestModel.randomForest(
                        fingerprint,
                        names,
                        ROOTS,
                        weights,
                        FEATURES,
                        THRESHOLDS,
                        new int[] {1, -1, -1, 4, -1, 2, -1, -1},
                        RIGHT,
                        SIZES,
                        counts))
                .hasMessageContaining("children of node 5 must be in (5, 8)");
        assertThatThrownBy(() -> SmileForestModel.gradientBoosting(
                        fingerprint, names, ROOTS, 0, 0, FEATURES, THRESHOLDS, LEFT, RIGHT, SIZES, counts))
                .hasMessage("shrinkage must be finite and > 0, was 0.0");
        assertThatThrownBy(() -> SmileForestModel.gradientBoosting(
                        fingerprint,
                        names,
                        ROOTS,
                        0,
                        0.1,
                        new int[] {0, -1, -1, 99, -1, 0, -1, -1},
                        THRESHOLDS,
                        LEFT,
                        RIGHT,
                        SIZES,
                        counts))
                .hasMessageContaining("split feature of node 3 must be -1 (leaf) or in [0, ");
    }
}
