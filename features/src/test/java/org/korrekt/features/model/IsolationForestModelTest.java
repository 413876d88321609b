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

/** The compiled isolation forest on hand-built trees whose path lengths are worked out by hand. */
class IsolationForestModelTest {

    private static final double C3 = IsolationForestModel.averagePathLength(3);
    private static final double C4 = IsolationForestModel.averagePathLength(4);

    /**
     * Two trees grown on psi = 4 points of 2 features.
     *
     * <pre>
     * tree 0 (nodes 0-4):  0: x0 <= 1.5 (missing right)    tree 1 (nodes 5-7): 5: x1 <= 0.0 (missing left)
     *                      1: leaf, 1 point                                     6: leaf, 3 points
     *                      2: x1 <= 10 (missing left)                           7: leaf, 1 point
     *                      3: leaf, 2 points
     *                      4: leaf, 1 point
     * </pre>
     */
    static IsolationForestModel handBuilt() {
        return new IsolationForestModel(
                2,
                4,
                new int[] {0, 5},
                new int[] {0, -1, 1, -1, -1, 1, -1, -1},
                new double[] {1.5, 0, 10, 1, 0, 0.0, C3, 0},
                new int[] {1, -1, 3, -1, -1, 6, -1, -1},
                new int[] {2, -1, 4, -1, -1, 7, -1, -1},
                new boolean[] {false, false, true, false, false, true, false, false});
    }

    @Test
    void averagePathLengthFollowsThePaper() {
        assertThat(IsolationForestModel.averagePathLength(0)).isZero();
        assertThat(IsolationForestModel.averagePathLength(1)).isZero();
        assertThat(IsolationForestModel.averagePathLength(2)).isEqualTo(1.0);
        // c(256) = 2 (ln 255 + gamma) - 2 * 255 / 256, about 10.2448.
        assertThat(IsolationForestModel.averagePathLength(256))
                .isCloseTo(2 * (Math.log(255) + 0.5772156649) - 2 * 255.0 / 256, offset(1e-9))
                .isCloseTo(10.2448, offset(1e-4));
    }

    @Test
    void pathLengthIsDepthPlusLeafAdjustmentAveragedOverTrees() {
        IsolationForestModel model = handBuilt();

        // Tree 0: 0.5 <= 1.5 -> node 1, depth 1, c(1) = 0. Tree 1: 3 > 0 -> node 7, depth 1, c(1) = 0.
        assertThat(model.pathLength(new double[] {0.5, 3})).isEqualTo(1.0);
        // Tree 0: 2 > 1.5 -> node 2; 3 <= 10 -> node 3: depth 2 + c(2) = 3. Tree 1: -1 <= 0 -> 1 + c(3).
        assertThat(model.pathLength(new double[] {2, -1})).isCloseTo((3 + 1 + C3) / 2, offset(1e-15));
        assertThat(model.anomalyScore(new double[] {0.5, 3})).isCloseTo(Math.pow(2, -1 / C4), offset(1e-15));
        assertThat(model.treeCount()).isEqualTo(2);
        assertThat(model.sampleSize()).isEqualTo(4);
        assertThat(model.featureCount()).isEqualTo(2);
        assertThat(model.expectedPathLength()).isEqualTo(C4);
    }

    @Test
    void valuesOnTheSplitGoLeftAndBothZerosGoTheSameWay() {
        IsolationForestModel model = handBuilt();

        assertThat(model.pathLength(new double[] {1.5, 0.0})).isEqualTo(model.pathLength(new double[] {1.0, -1.0}));
        assertThat(model.pathLength(new double[] {5, -0.0})).isEqualTo(model.pathLength(new double[] {5, 0.0}));
        assertThat(model.pathLength(new double[] {5, 0.0})).isEqualTo((3 + 1 + C3) / 2);
        assertThat(model.pathLength(new double[] {5, Math.nextUp(0.0)})).isEqualTo((3 + 1) / 2.0);
    }

    @Test
    void missingValuesFollowTheSideRecordedPerNode() {
        IsolationForestModel model = handBuilt();

        // Tree 0: NaN at node 0 goes right (node 2), NaN at node 2 goes left (node 3): 2 + c(2) = 3.
        // Tree 1: NaN at node 5 goes left: 1 + c(3).
        assertThat(model.pathLength(new double[] {Double.NaN, Double.NaN})).isEqualTo((3 + 1 + C3) / 2);
        assertThat(model.pathLength(new double[] {Double.NaN, 20})).isEqualTo((2 + 1) / 2.0);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theHeapLayoutGivesThePathLengthsOfTheNodeWalk(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int features = 4;
        List<Integer> feature = new ArrayList<>();
        List<Double> value = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        int trees = 9; // two groups of four and one left over
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = feature.size();
            grow(random, features, 7, feature, value, left, right);
        }
        boolean[] missingLeft = new boolean[feature.size()];
        for (int i = 0; i < missingLeft.length; i++) {
            missingLeft[i] = random.nextBoolean();
        }
        IsolationForestModel model = new IsolationForestModel(
                features,
                256,
                roots,
                feature.stream().mapToInt(Integer::intValue).toArray(),
                value.stream().mapToDouble(Double::doubleValue).toArray(),
                left.stream().mapToInt(Integer::intValue).toArray(),
                right.stream().mapToInt(Integer::intValue).toArray(),
                missingLeft);
        for (int r = 0; r < 2_000; r++) {
            double[] x = new double[features];
            for (int f = 0; f < features; f++) {
                x[f] = switch (random.nextInt(5)) {
                    case 0 -> r % 2 == 0 ? Double.NaN : 0.0;
                    case 1 -> -0.0;
                    case 2 -> random.nextInt(9) - 4;
                    default -> random.nextDouble(-5, 5);
                };
            }
            assertThat(model.pathLength(x)).as("row %d", r).isEqualTo(model.pathLengthByWalking(x));
        }
    }

    /** Appends a random pre-order subtree up to {@code depth} deep, splits on an integer grid. */
    private static void grow(
            SplittableRandom random,
            int features,
            int depth,
            List<Integer> feature,
            List<Double> value,
            List<Integer> left,
            List<Integer> right) {
        int at = feature.size();
        if (depth == 0 || random.nextInt(4) == 0) {
            feature.add(-1);
            value.add(IsolationForestModel.averagePathLength(1 + random.nextInt(20)));
            left.add(-1);
            right.add(-1);
            return;
        }
        feature.add(random.nextInt(features));
        value.add((double) (random.nextInt(9) - 4));
        left.add(-1);
        right.add(-1);
        left.set(at, feature.size());
        grow(random, features, depth - 1, feature, value, left, right);
        right.set(at, feature.size());
        grow(random, features, depth - 1, feature, value, left, right);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void attributionsSumToTheShortfallAndRecoverTheScore(long seed) {
        IsolationForestModel model = handBuilt();
        SplittableRandom random = new SplittableRandom(seed);
        double[] out = new double[2];
        for (int i = 0; i < 200; i++) {
            double[] x = {random.nextDouble(-1, 4), random.nextInt(3) == 0 ? Double.NaN : random.nextDouble(-2, 12)};
            model.attributions(x, out);
            double sum = out[0] + out[1];
            assertThat(sum).as("seed %d row %d", seed, i).isCloseTo(C4 - model.pathLength(x), offset(1e-12));
            assertThat(Math.pow(2, -1 + sum / C4)).isCloseTo(model.anomalyScore(x), offset(1e-12));
        }
    }

    @Test
    void attributionsCreditEachSplitOnThePathWithTheTreesShortfall() {
        IsolationForestModel model = handBuilt();
        double[] out = {99, 99};

        model.attributions(new double[] {0.5, 3}, out);

        // Tree 0: one split on x0, h = 1, credit C4 - 1 to x0. Tree 1: one split on x1, h = 1, credit C4 - 1 to x1.
        assertThat(out[0]).isCloseTo((C4 - 1) / 2, offset(1e-15));
        assertThat(out[1]).isCloseTo((C4 - 1) / 2, offset(1e-15));

        model.attributions(new double[] {2, 3}, out);
        // Tree 0: splits on x0 and x1, h = 2 + c(2) = 3, each credited (C4 - 3) / 2. Tree 1: x1 gets C4 - 1.
        assertThat(out[0]).isCloseTo((C4 - 3) / 2 / 2, offset(1e-15));
        assertThat(out[1]).isCloseTo(((C4 - 3) / 2 + (C4 - 1)) / 2, offset(1e-15));
    }

    @Test
    void scoringAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assertThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        IsolationForestModel model = handBuilt();
        double[] x = {2, Double.NaN};
        double[] out = new double[2];
        double sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += run(model, x, out, i);
        }
        // The fewest bytes over five rounds: a round may catch the JIT compiling (under load, a few
        // dozen bytes once), but scoring that allocates does so in every round.
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            long baseline = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                sink += run(model, x, out, i);
            }
            allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before - baseline);
        }

        assertThat(sink).isPositive();
        assertThat(allocated).as("bytes allocated by 20,000 scorings").isZero();
    }

    private static double run(IsolationForestModel model, double[] x, double[] out, int i) {
        x[0] = i % 4;
        model.attributions(x, out);
        return model.anomalyScore(x) + model.pathLength(x) + out[0];
    }

    @Test
    void roundTripsThroughItsBody() throws IOException {
        IsolationForestModel model = handBuilt();

        IsolationForestModel read = IsolationForestModel.read(input(bytes(model)));

        assertThat(read).isEqualTo(model).hasSameHashCodeAs(model);
        assertThat(read.pathLength(new double[] {2, -1})).isEqualTo(model.pathLength(new double[] {2, -1}));
        assertThat(bytes(model)).hasSize(5 * 4 + 2 * 4 + 8 * (4 + 8 + 4 + 4 + 1));
    }

    @Test
    void refusesAnUnknownVersionATruncatedBodyAndBadCounts() {
        byte[] bytes = bytes(handBuilt());

        byte[] version = bytes.clone();
        version[3] = 9;
        assertThatThrownBy(() -> IsolationForestModel.read(input(version)))
                .isInstanceOf(IOException.class)
                .hasMessage("unsupported isolation forest body version 9, this code reads 1");

        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> IsolationForestModel.read(input(truncated))).isInstanceOf(EOFException.class);

        byte[] nodes = bytes.clone();
        nodes[19] = 100; // nodeCount 100 > 2 trees * (2 * 4 - 1)
        assertThatThrownBy(() -> IsolationForestModel.read(input(nodes)))
                .isInstanceOf(IOException.class)
                .hasMessage("isolation forest body has 100 nodes, must be in [2, 14] for 2 trees of sample size 4");
    }

    @Test
    void refusesNodesThatDoNotFormTrees() {
        byte[] bytes = bytes(handBuilt());
        // Node 0's left child (offset: header 20 + roots 8 + feature 4 + value 8) pointed back at node 0.
        byte[] cycle = bytes.clone();
        cycle[20 + 8 + 12 + 3] = 0;
        assertThatThrownBy(() -> IsolationForestModel.read(input(cycle)))
                .isInstanceOf(IOException.class)
                .hasMessage("invalid isolation forest body: node 0 has left child 0, must be in (0, 5)"
                        + " (its tree's nodes after it)");

        // Node 2's feature set to 7 with 2 features.
        byte[] feature = bytes.clone();
        feature[20 + 8 + 2 * 21 + 3] = 7;
        assertThatThrownBy(() -> IsolationForestModel.read(input(feature)))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "invalid isolation forest body: node 2 splits on feature 7, must be -1 (leaf) or in [0, 2)");
    }

    @Test
    void constructorRefusesOrphansAndBadLeaves() {
        assertThatThrownBy(() -> new IsolationForestModel(
                        1,
                        2,
                        new int[] {0},
                        new int[] {0, -1, -1},
                        new double[] {1, 0, 0},
                        new int[] {1, -1, -1},
                        new int[] {1, -1, -1},
                        new boolean[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("node 1 of tree 0 has 2 parents, must have exactly 1");
        assertThatThrownBy(() -> new IsolationForestModel(
                        1,
                        2,
                        new int[] {0},
                        new int[] {-1},
                        new double[] {Double.NaN},
                        new int[] {-1},
                        new int[] {-1},
                        new boolean[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaf 0 must have a finite adjustment >= 0, was NaN");
        assertThatThrownBy(() -> new IsolationForestModel(
                        1,
                        2,
                        new int[] {0},
                        new int[] {-1},
                        new double[] {0},
                        new int[] {-1},
                        new int[] {-1},
                        new boolean[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("node arrays must have one entry per node (1)");
    }

    private static byte[] bytes(IsolationForestModel model) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            model.write(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
