package org.korrekt.training.anomaly;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.korrekt.features.model.IsolationForestModel;

/**
 * Grows an isolation forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008, algorithms 1 and
 * 2) straight into the flat arrays of {@link IsolationForestModel}.
 *
 * <p>The random draws, in order, define the forest, and {@link ReferenceIsolationForest} makes the
 * same ones: a root {@link SplittableRandom} of the seed is {@linkplain SplittableRandom#split()
 * split} once per tree; each tree draws its sub-sample of {@code psi = min(sampleSize, rows)} rows
 * without replacement by a partial Fisher-Yates shuffle ({@code swap(i, i + nextInt(n - i))} for
 * {@code i < psi}), then grows depth first, left subtree before right. A node becomes a leaf when
 * it reaches the height limit {@code ceil(log2 psi)}, holds at most one point, or no feature varies
 * among its points' present values. Otherwise it picks a feature uniformly ({@code nextInt}) among
 * the varying ones, in feature order, and a split value {@code p = min + nextDouble() * (max - min)}
 * in {@code [min, max)} of that feature's present values (should rounding give {@code max}, it
 * takes {@code min}). Points with {@code x <= p} go left, the others right, so both sides are
 * non-empty; points missing the feature ({@code NaN}) go to the side with more of the points that
 * have it, ties to the left, and the node records that side for scoring.
 *
 * <p>Stateless and thread-safe; each {@link #fit} call is independent.
 */
public final class IsolationForestTrainer {

    private final IsolationForestConfig config;

    /** A trainer that grows forests as {@code config} says. */
    public IsolationForestTrainer(IsolationForestConfig config) {
        this.config = config;
    }

    /** The configuration. */
    public IsolationForestConfig config() {
        return config;
    }

    /**
     * Grows a forest on {@code rows}.
     *
     * @param rows at least one row, all of the same length (at least 1); {@code NaN} marks a
     *     missing value, infinities are refused
     * @throws IllegalArgumentException naming the first bad row
     */
    public IsolationForestModel fit(double[][] rows) {
        int features = checkRows(rows);
        int n = rows.length;
        int psi = config.effectiveSampleSize(n);
        int heightLimit = IsolationForestConfig.heightLimit(psi);
        int trees = config.trees();
        int capacity = trees * (2 * psi - 1);
        Builder builder = new Builder(rows, features, heightLimit, capacity);
        int[] roots = new int[trees];
        int[] indices = new int[n];
        SplittableRandom root = new SplittableRandom(config.seed());
        for (int t = 0; t < trees; t++) {
            SplittableRandom random = root.split();
            for (int i = 0; i < n; i++) {
                indices[i] = i;
            }
            for (int i = 0; i < psi; i++) {
                int j = i + random.nextInt(n - i);
                int swap = indices[i];
                indices[i] = indices[j];
                indices[j] = swap;
            }
            roots[t] = builder.size;
            builder.grow(random, indices, 0, psi, 0);
        }
        return builder.build(psi, roots);
    }

    /** Checks that the rows form a non-empty matrix without infinities; returns its width. */
    static int checkRows(double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("an isolation forest needs at least one row, had 0");
        }
        int features = rows[0].length;
        if (features == 0) {
            throw new IllegalArgumentException("rows must have at least one feature, had 0");
        }
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            if (row.length != features) {
                throw new IllegalArgumentException(
                        "row " + r + " has " + row.length + " features, row 0 has " + features);
            }
            for (int f = 0; f < features; f++) {
                if (Double.isInfinite(row[f])) {
                    throw new IllegalArgumentException(
                            "row " + r + " feature " + f + " is " + row[f] + "; use NaN for a missing value");
                }
            }
        }
        return features;
    }

    /** The node arrays being filled, in pre-order, and per-node scratch space. */
    private static final class Builder {
        private final double[][] rows;
        private final int heightLimit;
        private final int[] feature;
        private final double[] value;
        private final int[] left;
        private final int[] right;
        private final boolean[] missingLeft;
        private final double[] mins;
        private final double[] maxs;
        private final int[] varying;
        private int size;

        Builder(double[][] rows, int features, int heightLimit, int capacity) {
            this.rows = rows;
            this.heightLimit = heightLimit;
            this.feature = new int[capacity];
            this.value = new double[capacity];
            this.left = new int[capacity];
            this.right = new int[capacity];
            this.missingLeft = new boolean[capacity];
            this.mins = new double[features];
            this.maxs = new double[features];
            this.varying = new int[features];
        }

        /** Grows the subtree over {@code indices[from, to)}, reordering that range in place. */
        void grow(SplittableRandom random, int[] indices, int from, int to, int depth) {
            int node = size++;
            int count = to - from;
            int candidates = depth >= heightLimit || count <= 1 ? 0 : varyingFeatures(indices, from, to);
            if (candidates == 0) {
                feature[node] = -1;
                value[node] = IsolationForestModel.averagePathLength(count);
                left[node] = -1;
                right[node] = -1;
                return;
            }
            int f = varying[random.nextInt(candidates)];
            double min = mins[f];
            double max = maxs[f];
            double split = min + random.nextDouble() * (max - min);
            if (split >= max) {
                split = min;
            }
            // + 0.0 turns -0.0 into 0.0, so the stored split does not depend on which zero came first.
            split += 0.0;
            // Partition into [from, lowEnd) with x <= split, [lowEnd, highStart) missing, [highStart, to) above.
            int lowEnd = from;
            int highStart = to;
            int i = from;
            while (i < highStart) {
                double v = rows[indices[i]][f];
                if (v <= split) {
                    swap(indices, i++, lowEnd++);
                } else if (v > split) {
                    swap(indices, i, --highStart);
                } else {
                    i++;
                }
            }
            int below = lowEnd - from;
            int above = to - highStart;
            boolean missingGoesLeft = below >= above;
            // The missing block sits between the two sides and joins the one it goes to.
            int leftEnd = missingGoesLeft ? highStart : lowEnd;
            feature[node] = f;
            value[node] = split;
            missingLeft[node] = missingGoesLeft;
            left[node] = size;
            grow(random, indices, from, leftEnd, depth + 1);
            right[node] = size;
            grow(random, indices, leftEnd, to, depth + 1);
        }

        /** Fills {@code varying}, {@code mins} and {@code maxs}; returns how many features vary. */
        private int varyingFeatures(int[] indices, int from, int to) {
            double[] lo = mins;
            double[] hi = maxs;
            Arrays.fill(lo, Double.NaN);
            Arrays.fill(hi, Double.NaN);
            int features = lo.length;
            for (int i = from; i < to; i++) {
                double[] row = rows[indices[i]];
                for (int f = 0; f < features; f++) {
                    double v = row[f];
                    if (v != v) {
                        continue;
                    }
                    if (!(v >= lo[f])) {
                        lo[f] = v;
                    }
                    if (!(v <= hi[f])) {
                        hi[f] = v;
                    }
                }
            }
            int count = 0;
            for (int f = 0; f < features; f++) {
                if (lo[f] < hi[f]) {
                    varying[count++] = f;
                }
            }
            return count;
        }

        private static void swap(int[] a, int i, int j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }

        IsolationForestModel build(int psi, int[] roots) {
            return new IsolationForestModel(
                    mins.length,
                    psi,
                    roots,
                    Arrays.copyOf(feature, size),
                    Arrays.copyOf(value, size),
                    Arrays.copyOf(left, size),
                    Arrays.copyOf(right, size),
                    Arrays.copyOf(missingLeft, size));
        }
    }
}
