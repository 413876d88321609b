package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TreeSHAP against brute-force Shapley values, the additivity of the contributions, the body's
 * round trip and validation, and the allocation-free hot path, on seeded random ensembles.
 */
class TreeEnsembleModelTest {

    private static final String FINGERPRINT = "0".repeat(64);

    /**
     * A random ensemble over {@code features} features: trees up to {@code depth} deep, of both
     * classes, with thresholds on a coarse grid (so that rows hit them exactly), random default
     * directions and covers that are the float sum of the children's covers.
     */
    static TreeEnsembleModel randomEnsemble(SplittableRandom random, int features, int trees, int depth) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add("f" + i);
        }
        Builder b = new Builder();
        int[] roots = new int[trees];
        byte[] classes = new byte[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = b.size();
            classes[t] = (byte) random.nextInt(2);
            b.grow(random, features, depth);
        }
        return new TreeEnsembleModel(
                FINGERPRINT,
                names,
                roots,
                classes,
                b.features.stream().mapToInt(Integer::intValue).toArray(),
                floats(b.thresholds),
                b.lefts.stream().mapToInt(Integer::intValue).toArray(),
                b.rights.stream().mapToInt(Integer::intValue).toArray(),
                booleans(b.defaults),
                floats(b.leaves),
                floats(b.covers),
                0.5f,
                0.25f);
    }

    /** Pre-order tree builder for {@link #randomEnsemble}. */
    private static final class Builder {
        final List<Integer> features = new ArrayList<>();
        final List<Float> thresholds = new ArrayList<>();
        final List<Integer> lefts = new ArrayList<>();
        final List<Integer> rights = new ArrayList<>();
        final List<Boolean> defaults = new ArrayList<>();
        final List<Float> leaves = new ArrayList<>();
        final List<Float> covers = new ArrayList<>();

        int size() {
            return features.size();
        }

        /** Appends a subtree and returns its cover. */
        float grow(SplittableRandom random, int featureCount, int depth) {
            int at = size();
            features.add(TreeEnsembleModel.LEAF);
            thresholds.add(0f);
            lefts.add(-1);
            rights.add(-1);
            defaults.add(false);
            leaves.add(0f);
            covers.add(0f);
            if (depth == 0 || random.nextInt(5) == 0) {
                leaves.set(at, (float) (random.nextDouble() * 2 - 1));
                float cover = (float) (1 + random.nextDouble() * 100);
                covers.set(at, cover);
                return cover;
            }
            features.set(at, random.nextInt(featureCount));
            thresholds.set(at, random.nextInt(9) - 4 + 0.5f * random.nextInt(2));
            defaults.set(at, random.nextBoolean());
            lefts.set(at, size());
            float left = grow(random, featureCount, depth - 1);
            rights.set(at, size());
            float right = grow(random, featureCount, depth - 1);
            covers.set(at, left + right);
            return left + right;
        }
    }

    /** A row on the thresholds' grid, with NaN, zeros and negative zeros. */
    static double[] randomRow(SplittableRandom random, int features) {
        double[] x = new double[features];
        for (int i = 0; i < features; i++) {
            x[i] = switch (random.nextInt(6)) {
                case 0 -> Double.NaN;
                case 1 -> 0.0;
                case 2 -> -0.0;
                case 3 -> random.nextInt(9) - 4 + 0.5 * random.nextInt(2);
                default -> random.nextDouble() * 10 - 5;
            };
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void treeShapEqualsBruteForceShapleyValues(long seed) {
        System.out.println("treeShapEqualsBruteForceShapleyValues seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int features = 3 + random.nextInt(6); // at most 8: 2^8 subsets per feature
        TreeEnsembleModel model = randomEnsemble(random, features, 12, 5);
        double[] phi = new double[features];
        double worst = 0;
        for (int row = 0; row < 100; row++) {
            double[] x = randomRow(random, features);
            model.contributions(x, phi);
            double[] exact = BruteForceShapley.values(model, x, features);
            for (int i = 0; i < features; i++) {
                worst = Math.max(worst, Math.abs(phi[i] - exact[i]));
                assertThat(phi[i]).as("feature %d of row %d", i, row).isCloseTo(exact[i], offset(1e-9));
            }
        }
        System.out.printf("max |TreeSHAP - brute force| = %.3e (%d features)%n", worst, features);
    }

    @Test
    void bruteForceIsNotTriviallyZero() {
        SplittableRandom random = new SplittableRandom(11);
        TreeEnsembleModel model = randomEnsemble(random, 5, 12, 5);
        double total = 0;
        for (int row = 0; row < 50; row++) {
            for (double v : BruteForceShapley.values(model, randomRow(random, 5), 5)) {
                total += Math.abs(v);
            }
        }
        assertThat(total).isGreaterThan(1.0);
    }

    @Test
    void contributionsPlusBaseEqualTheLogOdds() {
        SplittableRandom random = new SplittableRandom(21);
        TreeEnsembleModel model = randomEnsemble(random, 25, 100, 6);
        double[] phi = new double[25];
        for (int row = 0; row < 2_000; row++) {
            double[] x = randomRow(random, 25);
            model.contributions(x, phi);
            double sum = model.baseLogOdds();
            for (double v : phi) {
                sum += v;
            }
            assertThat(sum).as("row %d", row).isCloseTo(model.logOdds(x), offset(1e-9));
            // score is float32 arithmetic on float32 margins: close to the float64 log-odds' sigmoid, not equal.
            assertThat(model.score(x)).isCloseTo(1 / (1 + Math.exp(-model.logOdds(x))), offset(1e-6));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void theLeafTablesGiveAlgorithmTwosContributions(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TreeEnsembleModel model = randomEnsemble(random, 6, 40, 5);
        assertThat(model.hasShapTables()).isTrue();
        double[] tables = new double[6];
        double[] recursion = new double[6];
        for (int r = 0; r < 1_000; r++) {
            double[] x = randomRow(random, 6);
            model.contributions(x, tables);
            model.contributionsByRecursion(x, recursion);
            for (int i = 0; i < 6; i++) {
                assertThat(tables[i]).as("row %d feature %d", r, i).isCloseTo(recursion[i], offset(1e-12));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void theHeapLayoutReachesTheLeavesTheNodeWalkReaches(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // unbalanced trees: leaves above the full depth are padded in the heap
        TreeEnsembleModel model = randomEnsemble(random, 5, 60, 6);
        int compared = 0;
        for (int r = 0; r < 2_000; r++) {
            double[] x = randomRow(random, 5);
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(x[i]) && r % 2 == 0) {
                    x[i] = random.nextDouble() * 10 - 5;
                }
            }
            float negative = model.margin(x, TreeEnsembleModel.NEGATIVE_CLASS);
            float positive = model.margin(x, TreeEnsembleModel.POSITIVE_CLASS);
            assertThat(model.score(x)).isEqualTo(TreeEnsembleModel.softmax(negative, positive));
            assertThat(model.logOdds(x)).isEqualTo(model.logOddsByWalking(x));
            compared++;
        }
        assertThat(compared).isEqualTo(2_000);
    }

    @Test
    void theDoubleBoundSplitsExactlyWhereTheFloatComparisonDoes() {
        SplittableRandom random = new SplittableRandom(7);
        List<Float> thresholds = new ArrayList<>(List.of(
                0f,
                -0f,
                Float.MIN_VALUE,
                -Float.MIN_VALUE,
                Float.MIN_NORMAL,
                -Float.MIN_NORMAL,
                Float.MAX_VALUE,
                -Float.MAX_VALUE,
                1.5f,
                1f,
                -1f,
                0.1f,
                Math.nextUp(1f),
                Math.nextDown(1f)));
        while (thresholds.size() < 200_000) {
            float t = Float.intBitsToFloat(random.nextInt());
            if (Float.isFinite(t)) {
                thresholds.add(t);
            }
        }
        long checked = 0;
        for (float t : thresholds) {
            double bound = HeapLayout.goesLeftBelow(t);
            double below = t == -Float.MAX_VALUE ? -0x1p128 : Math.nextDown(t);
            double midpoint = (below + t) / 2;
            double[] xs = {
                t,
                below,
                midpoint,
                Math.nextUp(midpoint),
                Math.nextDown(midpoint),
                Math.nextUp((double) t),
                Math.nextDown((double) t),
                bound,
                Math.nextDown(bound),
                0.0,
                -0.0,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                t * (1 + (random.nextDouble() - 0.5) * 1e-6)
            };
            for (double x : xs) {
                assertThat(x < bound).as("x = %s, threshold = %s", x, t).isEqualTo((float) x < t);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(thresholds.size() * 14L);
    }

    @Test
    void missingGoesTheDefaultWayAndFloatRoundingDecidesTies() {
        // One tree: x0 < 1.5f goes left (leaf 1), else right (leaf 2); missing goes right.
        TreeEnsembleModel model = new TreeEnsembleModel(
                FINGERPRINT,
                List.of("x0"),
                new int[] {0},
                new byte[] {TreeEnsembleModel.POSITIVE_CLASS},
                new int[] {0, TreeEnsembleModel.LEAF, TreeEnsembleModel.LEAF},
                new float[] {1.5f, 0f, 0f},
                new int[] {1, -1, -1},
                new int[] {2, -1, -1},
                new boolean[] {false, false, false},
                new float[] {0f, -1f, 2f},
                new float[] {3f, 1f, 2f},
                0.5f,
                0.5f);
        assertThat(model.logOdds(new double[] {1.0})).isEqualTo(-1.0);
        assertThat(model.logOdds(new double[] {1.5})).isEqualTo(2.0);
        assertThat(model.logOdds(new double[] {Double.NaN})).isEqualTo(2.0);
        // Below 1.5 as a double, but rounds to 1.5f: XGBoost compares floats, so it goes right.
        assertThat(model.logOdds(new double[] {1.5 - 1e-12})).isEqualTo(2.0);
        assertThat(model.logOdds(new double[] {Math.nextDown(1.5f)})).isEqualTo(-1.0);
        assertThat(model.baseLogOdds()).isCloseTo(1.0 / 3 * -1 + 2.0 / 3 * 2, offset(1e-15));
        // softmax of margins (0.5, 0.5 + 2): 1 / (1 + e^-2)
        assertThat(model.score(new double[] {Double.NaN})).isCloseTo(1 / (1 + Math.exp(-2)), offset(1e-7));
    }

    @Test
    void bodyRoundTripsAndScoresTheSame() throws Exception {
        SplittableRandom random = new SplittableRandom(31);
        TreeEnsembleModel model = randomEnsemble(random, 10, 40, 5);
        byte[] bytes = body(model);
        TreeEnsembleModel read = TreeEnsembleModel.read(
                new DataInputStream(new ByteArrayInputStream(bytes)), FINGERPRINT, model.featureNames());
        assertThat(read).isEqualTo(model);
        for (int row = 0; row < 200; row++) {
            double[] x = randomRow(random, 10);
            assertThat(read.score(x)).isEqualTo(model.score(x));
        }
    }

    @Test
    void readRefusesAnUnknownVersionATruncatedBodyAndBrokenTrees() throws Exception {
        TreeEnsembleModel model = randomEnsemble(new SplittableRandom(41), 4, 3, 3);
        byte[] bytes = body(model);

        byte[] version = bytes.clone();
        version[1] = 9;
        assertThatThrownBy(() -> read(version, model)).hasMessageContaining("body version 9 is not supported");

        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> read(truncated, model)).isInstanceOf(EOFException.class);

        // The first node's left child (at byte 2+4+4+8 + 3*5 + 8) pointing back at itself.
        byte[] cycle = bytes.clone();
        int leftAt = 2 + 4 + 4 + 8 + 3 * 5 + 8;
        cycle[leftAt] = 0;
        cycle[leftAt + 1] = 0;
        cycle[leftAt + 2] = 0;
        cycle[leftAt + 3] = 0;
        assertThatThrownBy(() -> read(cycle, model))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("malformed tree ensemble");

        byte[] trees = bytes.clone();
        trees[2 + 3] = 0; // zero trees
        assertThatThrownBy(() -> read(trees, model)).hasMessageContaining("has 0 trees");
    }

    @Test
    void constructorNamesTheBrokenValue() {
        assertThatThrownBy(() -> new TreeEnsembleModel(
                        FINGERPRINT,
                        List.of("x0"),
                        new int[] {0},
                        new byte[] {1},
                        new int[] {3, -1, -1},
                        new float[] {1f, 0f, 0f},
                        new int[] {1, -1, -1},
                        new int[] {2, -1, -1},
                        new boolean[3],
                        new float[3],
                        new float[] {2f, 1f, 1f},
                        0f,
                        0f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("split feature of node 0 must be in [0, 1), was 3");
        assertThatThrownBy(() -> new TreeEnsembleModel(
                        FINGERPRINT,
                        List.of("x0"),
                        new int[] {0},
                        new byte[] {1},
                        new int[] {0, -1, -1},
                        new float[] {Float.NaN, 0f, 0f},
                        new int[] {1, -1, -1},
                        new int[] {2, -1, -1},
                        new boolean[3],
                        new float[3],
                        new float[] {2f, 1f, 1f},
                        0f,
                        0f))
                .hasMessage("threshold of node 0 must be finite, was NaN");
    }

    @Test
    void scoringAndContributionsAllocateNothing() {
        SplittableRandom random = new SplittableRandom(51);
        TreeEnsembleModel model = randomEnsemble(random, 25, 50, 4);
        double[][] rows = new double[64][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = randomRow(random, 25);
        }
        double[] phi = new double[25];
        double sink = 0;
        for (int i = 0; i < 5_000; i++) { // warm up: JIT, and the thread's TreeSHAP scratch buffer
            sink += model.score(rows[i & 63]);
            model.contributions(rows[i & 63], phi);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 5_000; i++) {
            sink += model.score(rows[i & 63]);
            model.contributions(rows[i & 63], phi);
            sink += phi[i % 25];
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isNotNaN();
        // 10,000 calls of each: even 8 bytes per call would be 160,000 bytes.
        assertThat(allocated)
                .as("bytes allocated by 10,000 score + contributions calls")
                .isLessThan(1_000);
    }

    private static byte[] body(TreeEnsembleModel model) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            model.write(out);
        }
        return buffer.toByteArray();
    }

    private static TreeEnsembleModel read(byte[] bytes, TreeEnsembleModel like) throws Exception {
        return TreeEnsembleModel.read(
                new DataInputStream(new ByteArrayInputStream(bytes)), FINGERPRINT, like.featureNames());
    }

    private static float[] floats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static boolean[] booleans(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
