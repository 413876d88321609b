package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A compiled Smile gradient-boosted ensemble's contributions are its exact path-dependent TreeSHAP
 * values: on random trees (features repeated along a path, splits on the row's own values, missing
 * values), each equals the Shapley value computed from its definition, by enumerating every subset
 * of the features, where a feature outside the subset follows both children of a split on it,
 * weighted by their sizes; and with the base they add up to the log-odds.
 */
class SmileBoostingShapTest {

    private static final int FEATURES = 5;
    private static final double[] GRID = {-1, -0.5, 0, 0.5, 1};

    /** Trees grown into these lists, in pre-order. */
    private static final class Forest {
        final List<Integer> roots = new ArrayList<>();
        final List<Integer> split = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> left = new ArrayList<>();
        final List<Integer> right = new ArrayList<>();
        final List<Integer> size = new ArrayList<>();
        final List<Double> value = new ArrayList<>();

        int grow(SplittableRandom random, int depth, int samples) {
            int node = split.size();
            boolean leaf = depth == 0 || samples < 2 || random.nextInt(5) == 0;
            split.add(leaf ? SmileForestModel.LEAF : random.nextInt(FEATURES));
            threshold.add(leaf ? 0 : GRID[random.nextInt(GRID.length)]);
            left.add(-1);
            right.add(-1);
            size.add(samples);
            value.add(leaf ? random.nextGaussian() : 0);
            if (!leaf) {
                int toLeft = 1 + random.nextInt(samples - 1);
                left.set(node, grow(random, depth - 1, toLeft));
                right.set(node, grow(random, depth - 1, samples - toLeft));
            }
            return node;
        }

        SmileForestModel compile() {
            List<String> names = new ArrayList<>();
            for (int f = 0; f < FEATURES; f++) {
                names.add("f" + f);
            }
            return SmileForestModel.gradientBoosting(
                    "shap-test",
                    names,
                    roots.stream().mapToInt(Integer::intValue).toArray(),
                    -0.3,
                    0.1,
                    split.stream().mapToInt(Integer::intValue).toArray(),
                    threshold.stream().mapToDouble(Double::doubleValue).toArray(),
                    left.stream().mapToInt(Integer::intValue).toArray(),
                    right.stream().mapToInt(Integer::intValue).toArray(),
                    size.stream().mapToInt(Integer::intValue).toArray(),
                    value.stream().mapToDouble(Double::doubleValue).toArray());
        }

        /** The size-weighted expected output of the tree below {@code node} given the features in {@code known}. */
        double expected(int node, double[] x, int known) {
            int f = split.get(node);
            if (f == SmileForestModel.LEAF) {
                return 0.1 * value.get(node);
            }
            int l = left.get(node);
            int r = right.get(node);
            if ((known & (1 << f)) != 0) {
                return expected(x[f] <= threshold.get(node) ? l : r, x, known);
            }
            double total = size.get(l) + (double) size.get(r);
            return size.get(l) / total * expected(l, x, known) + size.get(r) / total * expected(r, x, known);
        }

        /** The log-odds contributions by the Shapley formula, over every subset of the features. */
        double[] shapley(double[] x) {
            double[] v = new double[1 << FEATURES];
            for (int known = 0; known < v.length; known++) {
                for (int root : roots) {
                    v[known] += expected(root, x, known);
                }
            }
            double[] phi = new double[FEATURES];
            for (int i = 0; i < FEATURES; i++) {
                for (int known = 0; known < v.length; known++) {
                    if ((known & (1 << i)) == 0) {
                        int k = Integer.bitCount(known);
                        phi[i] += factorial(k)
                                * factorial(FEATURES - k - 1)
                                / factorial(FEATURES)
                                * (v[known | (1 << i)] - v[known]);
                    }
                }
                phi[i] *= 2; // the log-odds is 2y
            }
            return phi;
        }
    }

    private static double factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void contributionsAreTheShapleyValuesAndAddUpToTheLogOdds(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Forest forest = new Forest();
        int trees = 1 + random.nextInt(6);
        for (int t = 0; t < trees; t++) {
            forest.roots.add(forest.split.size());
            forest.grow(random, 1 + random.nextInt(6), 20 + random.nextInt(200));
        }
        SmileForestModel model = forest.compile();
        double[] out = new double[FEATURES];
        for (int row = 0; row < 60; row++) {
            double[] x = new double[FEATURES];
            for (int f = 0; f < FEATURES; f++) {
                int pick = random.nextInt(10);
                // on a split value, between them, or missing
                x[f] = pick < 5 ? GRID[pick] : pick < 9 ? random.nextDouble() * 3 - 1.5 : Double.NaN;
            }

            model.contributions(x, out);

            double[] expected = forest.shapley(x);
            double sum = model.baseLogOdds();
            for (int f = 0; f < FEATURES; f++) {
                assertThat(out[f])
                        .as("seed %d, row %d, feature %d", seed, row, f)
                        .isCloseTo(expected[f], offset(1e-12));
                sum += out[f];
            }
            assertThat(sum).as("seed %d, row %d", seed, row).isCloseTo(2 * model.boostedSum(x), offset(1e-12));
        }
    }

    @Test
    void aRandomForestHasNoAdditiveContributions() {
        assertThatThrownBy(() -> SmileForestModelTest.forest()
                        .contributions(
                                new double[SmileForestModelTest.forest().featureCount()],
                                new double[SmileForestModelTest.forest().featureCount()]))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("RANDOM_FOREST: its log-odds is not additive over trees");
    }
}
