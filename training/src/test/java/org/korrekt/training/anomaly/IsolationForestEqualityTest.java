package org.korrekt.training.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.features.model.IsolationForestModel;

/**
 * The trainer's flat forest equals the reference implementation's trees, compiled, node for node;
 * and the compiled forest's path lengths and scores equal the reference's textbook ones to 1e-9 on
 * thousands of rows, edge cases included: exact zeros, -0.0, missing values, values exactly on a
 * split value.
 */
class IsolationForestEqualityTest {

    private static final int FEATURES = 7;

    @ParameterizedTest(name = "seed {0}, {1} rows, {2} trees, psi {3}")
    @CsvSource({"1, 2000, 100, 256", "2, 600, 50, 64", "3, 100, 30, 256", "4, 5000, 20, 1000", "5, 1, 3, 256"})
    void compiledForestEqualsTheReference(long seed, int rowCount, int trees, int psi) {
        System.out.println("IsolationForestEqualityTest seed " + seed);
        double[][] rows = rows(new SplittableRandom(seed), rowCount);
        IsolationForestConfig config = new IsolationForestConfig(trees, psi, seed * 31);

        IsolationForestModel trained = new IsolationForestTrainer(config).fit(rows);
        ReferenceIsolationForest reference = ReferenceIsolationForest.grow(rows, config);
        IsolationForestModel compiled = reference.compile();

        assertThat(trained).isEqualTo(compiled);
        assertThat(trained.treeCount()).isEqualTo(trees);
        assertThat(trained.sampleSize()).isEqualTo(Math.min(psi, rowCount));
        List<double[]> probes = probes(new SplittableRandom(seed + 1000), rows, reference);
        assertThat(probes.size()).isGreaterThan(2_000);
        for (int i = 0; i < probes.size(); i++) {
            double[] x = probes.get(i);
            assertThat(trained.pathLength(x))
                    .as("seed %d probe %d", seed, i)
                    .isCloseTo(reference.pathLength(x), offset(1e-9));
            assertThat(trained.anomalyScore(x))
                    .as("seed %d probe %d", seed, i)
                    .isCloseTo(reference.anomalyScore(x), offset(1e-9));
        }
    }

    @Test
    void theSameSeedGrowsTheSameForestAndAnotherSeedAnother() {
        double[][] rows = rows(new SplittableRandom(7), 1000);
        IsolationForestModel a = new IsolationForestTrainer(IsolationForestConfig.defaults(11)).fit(rows);
        IsolationForestModel b = new IsolationForestTrainer(IsolationForestConfig.defaults(11)).fit(rows);
        IsolationForestModel c = new IsolationForestTrainer(IsolationForestConfig.defaults(12)).fit(rows);

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void treesRespectTheHeightLimit() {
        double[][] rows = rows(new SplittableRandom(8), 3000);
        ReferenceIsolationForest forest = ReferenceIsolationForest.grow(rows, new IsolationForestConfig(40, 256, 8));

        for (ReferenceIsolationForest.Node tree : forest.trees()) {
            assertThat(height(tree)).isLessThanOrEqualTo(8);
        }
        assertThat(forest.trees().stream()
                        .mapToInt(IsolationForestEqualityTest::height)
                        .max()
                        .orElseThrow())
                .isEqualTo(8);
        assertThat(IsolationForestConfig.heightLimit(256)).isEqualTo(8);
        assertThat(IsolationForestConfig.heightLimit(257)).isEqualTo(9);
        assertThat(IsolationForestConfig.heightLimit(1)).isZero();
        assertThat(IsolationForestConfig.heightLimit(2)).isEqualTo(1);
    }

    @Test
    void anOutlierScoresHigherThanTheBulk() {
        SplittableRandom random = new SplittableRandom(9);
        double[][] rows = new double[2000][2];
        for (double[] row : rows) {
            row[0] = random.nextGaussian();
            row[1] = random.nextGaussian();
        }
        IsolationForestModel model = new IsolationForestTrainer(IsolationForestConfig.defaults(9)).fit(rows);

        assertThat(model.anomalyScore(new double[] {6, 6})).isGreaterThan(0.7);
        assertThat(model.anomalyScore(new double[] {0, 0})).isLessThan(0.5);
    }

    @Test
    void refusesRaggedRowsInfinitiesAndNoRows() {
        IsolationForestTrainer trainer = new IsolationForestTrainer(IsolationForestConfig.defaults(1));
        assertThatThrownBy(() -> trainer.fit(new double[0][]))
                .hasMessage("an isolation forest needs at least one row, had 0");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{1, 2}, {1}}))
                .hasMessage("row 1 has 1 features, row 0 has 2");
        assertThatThrownBy(() -> trainer.fit(new double[][] {{1, 2}, {1, Double.NEGATIVE_INFINITY}}))
                .hasMessage("row 1 feature 1 is -Infinity; use NaN for a missing value");
        assertThatThrownBy(() -> new IsolationForestConfig(0, 256, 1)).hasMessage("trees must be >= 1, was 0");
    }

    /**
     * Training rows: a Gaussian, an integer feature with many ties, a feature of mostly exact zeros
     * of both signs, a feature missing in a fifth of the rows, a constant, a feature missing
     * everywhere, and a heavy-tailed one.
     */
    private static double[][] rows(SplittableRandom random, int n) {
        double[][] rows = new double[n][FEATURES];
        for (double[] row : rows) {
            row[0] = random.nextGaussian();
            row[1] = random.nextInt(5);
            row[2] = random.nextInt(3) == 0 ? random.nextDouble() : (random.nextBoolean() ? 0.0 : -0.0);
            row[3] = random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian() * 100;
            row[4] = 3.25;
            row[5] = Double.NaN;
            row[6] = Math.exp(random.nextGaussian() * 2);
        }
        return rows;
    }

    /** The training rows, fresh rows, and rows that sit exactly on split values or are missing values. */
    private static List<double[]> probes(
            SplittableRandom random, double[][] training, ReferenceIsolationForest forest) {
        List<double[]> probes = new ArrayList<>(List.of(training));
        double[][] fresh = rows(random, 1000);
        probes.addAll(List.of(fresh));
        List<ReferenceIsolationForest.Internal> splits = new ArrayList<>();
        for (ReferenceIsolationForest.Node tree : forest.trees()) {
            collect(tree, splits);
        }
        for (int i = 0; i < 1000; i++) {
            double[] x = fresh[random.nextInt(fresh.length)].clone();
            for (int k = 0; k < 3 && !splits.isEmpty(); k++) {
                ReferenceIsolationForest.Internal split = splits.get(random.nextInt(splits.size()));
                x[split.feature()] = split.splitValue();
            }
            int kind = random.nextInt(4);
            if (kind == 0) {
                x[random.nextInt(FEATURES)] = Double.NaN;
            } else if (kind == 1) {
                x[random.nextInt(FEATURES)] = -0.0;
            } else if (kind == 2) {
                x[random.nextInt(FEATURES)] = 0.0;
            }
            probes.add(x);
        }
        double[] allMissing = new double[FEATURES];
        java.util.Arrays.fill(allMissing, Double.NaN);
        probes.add(allMissing);
        probes.add(new double[FEATURES]);
        double[] negativeZeros = new double[FEATURES];
        java.util.Arrays.fill(negativeZeros, -0.0);
        probes.add(negativeZeros);
        return probes;
    }

    private static void collect(ReferenceIsolationForest.Node node, List<ReferenceIsolationForest.Internal> out) {
        if (node instanceof ReferenceIsolationForest.Internal split) {
            out.add(split);
            collect(split.left(), out);
            collect(split.right(), out);
        }
    }

    private static int height(ReferenceIsolationForest.Node node) {
        if (node instanceof ReferenceIsolationForest.Internal split) {
            return 1 + Math.max(height(split.left()), height(split.right()));
        }
        return 0;
    }
}
