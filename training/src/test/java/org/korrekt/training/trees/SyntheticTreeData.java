package org.korrekt.training.trees;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded claim-like rows for the tree tests: small counts (many exact zeros), flags, amounts in
 * SEK, day counts and ratios, with missing values (NaN) in some columns and negative zeros mixed
 * in. The label depends on several features, with interactions and missingness, plus noise.
 */
final class SyntheticTreeData {

    final double[][] x;
    final boolean[] y;
    final double[] weights;

    private SyntheticTreeData(double[][] x, boolean[] y, double[] weights) {
        this.x = x;
        this.y = y;
        this.weights = weights;
    }

    static List<String> names(int features) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            names.add("feature_" + (char) ('a' + i % 26) + (i / 26));
        }
        return names;
    }

    static SyntheticTreeData generate(int rows, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[rows][];
        boolean[] y = new boolean[rows];
        double[] weights = new double[rows];
        for (int r = 0; r < rows; r++) {
            x[r] = row(random, features);
            double z = -2.0;
            z += 0.6 * value(x[r][0]); // a count: prior recoveries
            z += x[r][1] == 1 ? 0.8 : 0; // a flag
            z += Double.isNaN(x[r][2]) ? 0.7 : 0.00004 * x[r][2]; // an amount in SEK, sometimes missing
            z += x[r][3] > 30 && x[r][4] > 0.5 ? 1.0 : 0; // late and high ratio together
            z += features > 5 ? -0.3 * value(x[r][5]) : 0;
            z += random.nextGaussian() * 0.8;
            y[r] = z > 0;
            weights[r] = y[r] ? 2.0 : 1.0;
        }
        return new SyntheticTreeData(x, y, weights);
    }

    /** One row; column {@code i % 6} decides its kind, so any width works. */
    static double[] row(SplittableRandom random, int features) {
        double[] x = new double[features];
        for (int i = 0; i < features; i++) {
            x[i] = switch (i % 6) {
                case 0 -> random.nextInt(10) < 6 ? 0.0 : random.nextInt(1, 5);
                case 1 -> random.nextInt(3) == 0 ? 1.0 : (random.nextBoolean() ? 0.0 : -0.0);
                case 2 -> random.nextInt(5) == 0 ? Double.NaN : Math.round(random.nextDouble() * 50_000);
                case 3 -> random.nextInt(0, 90);
                case 4 -> random.nextInt(8) == 0 ? Double.NaN : random.nextDouble();
                default -> random.nextInt(10) == 0 ? 0.0 : random.nextGaussian() * 3;
            };
        }
        if (allMissing(x)) {
            x[0] = 0.0;
        }
        return x;
    }

    static boolean allMissing(double[] x) {
        for (double v : x) {
            if (!Double.isNaN(v)) {
                return false;
            }
        }
        return true;
    }

    private static double value(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}
