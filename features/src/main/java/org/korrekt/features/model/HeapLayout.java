package org.korrekt.features.model;

/**
 * The evaluation layout of a {@link TreeEnsembleModel}: every tree padded to a complete binary tree
 * of the ensemble's depth and stored as a heap (node {@code i}'s children are {@code 2i+1} and
 * {@code 2i+2}), so that a walk is {@code depth} steps of arithmetic with no child pointers, no
 * leaf test and no branch on the data. A leaf above the full depth is copied into every slot below
 * it, so either way down reaches its value.
 *
 * <p>A node holds its split feature, with the missing value's default direction in the sign bit
 * ({@link #MISSING_LEFT}), and the double bound {@link #goesLeftBelow} of its float threshold, so
 * that the walk compares the row's doubles as they are and still decides as XGBoost's float
 * comparison does. The node arrays of the model stay its definition; this is built from them.
 */
final class HeapLayout {

    /** Deepest trees laid out as heaps; deeper ones walk the node arrays. */
    static final int MAX_DEPTH = 10;
    /** Most padded leaves (over all trees) the layout may hold. */
    private static final long MAX_LEAVES = 1L << 24;
    /** The bit of a node's feature entry that sends a missing value left. */
    private static final int MISSING_LEFT = Integer.MIN_VALUE;

    private final int depth;
    private final int inner;
    private final int[] features;
    private final double[] bounds;
    private final float[] leaves;

    private HeapLayout(int depth, int trees) {
        this.depth = depth;
        this.inner = (1 << depth) - 1;
        this.features = new int[trees * inner];
        this.bounds = new double[trees * inner];
        this.leaves = new float[trees * (inner + 1)];
    }

    /**
     * The layout of a validated ensemble whose deepest leaf is {@code depth} splits down, or null
     * when that is deeper than {@link #MAX_DEPTH} or the padded trees would be too many leaves.
     */
    static HeapLayout build(
            int depth,
            int[] roots,
            int[] split,
            float[] thresholds,
            int[] left,
            int[] right,
            boolean[] defaultLeft,
            float[] leafValues) {
        if (depth > MAX_DEPTH || (long) roots.length << depth > MAX_LEAVES) {
            return null;
        }
        HeapLayout layout = new HeapLayout(depth, roots.length);
        for (int t = 0; t < roots.length; t++) {
            layout.fill(t, roots[t], 0, 0, split, thresholds, left, right, defaultLeft, leafValues);
        }
        return layout;
    }

    /** Copies the subtree at {@code node} into tree {@code t}'s heap at position {@code heap}, level {@code level}. */
    private void fill(
            int t,
            int node,
            int heap,
            int level,
            int[] split,
            float[] thresholds,
            int[] left,
            int[] right,
            boolean[] defaultLeft,
            float[] leafValues) {
        if (level == depth) {
            leaves[t * (inner + 1) + heap - inner] = leafValues[node];
            return;
        }
        int feature = split[node];
        int at = t * inner + heap;
        if (feature == TreeEnsembleModel.LEAF) {
            features[at] = 0;
            bounds[at] = Double.POSITIVE_INFINITY;
            fill(t, node, 2 * heap + 1, level + 1, split, thresholds, left, right, defaultLeft, leafValues);
            fill(t, node, 2 * heap + 2, level + 1, split, thresholds, left, right, defaultLeft, leafValues);
        } else {
            features[at] = defaultLeft[node] ? feature | MISSING_LEFT : feature;
            bounds[at] = goesLeftBelow(thresholds[node]);
            fill(t, left[node], 2 * heap + 1, level + 1, split, thresholds, left, right, defaultLeft, leafValues);
            fill(t, right[node], 2 * heap + 2, level + 1, split, thresholds, left, right, defaultLeft, leafValues);
        }
    }

    /**
     * The double {@code b} such that, for every double {@code x} that is not NaN, {@code x < b}
     * exactly when {@code (float) x < threshold}: the midpoint between {@code threshold} and the
     * float below it (exact in double), nudged up one double where round-half-even takes that
     * midpoint down to the float below.
     */
    static double goesLeftBelow(float threshold) {
        double high = threshold;
        // the float below, as a double; below -Float.MAX_VALUE it is the value that rounds to -infinity
        double low = threshold == -Float.MAX_VALUE ? -0x1p128 : Math.nextDown(threshold);
        double midpoint = (low + high) / 2;
        boolean highIsEven = (Float.floatToRawIntBits(threshold) & 1) == 0;
        return highIsEven ? midpoint : Math.nextUp(midpoint);
    }

    /**
     * One step down a heap: 1 to the left child, 2 to the right. Left when {@code x < bound}, or
     * when {@code x} is missing and the node sends missing values left; without branches.
     */
    private static int step(double[] x, int entry, double bound) {
        double v = x[entry & ~MISSING_LEFT];
        boolean goLeft = v < bound | (v != v & entry < 0);
        return goLeft ? 1 : 2;
    }

    /** The value of the leaf that {@code x} reaches in tree {@code t}. */
    float leaf(int t, double[] x) {
        int base = t * inner;
        int i = 0;
        for (int d = 0; d < depth; d++) {
            i = 2 * i + step(x, features[base + i], bounds[base + i]);
        }
        return leaves[base + t + i - inner];
    }

    /** The value in tree {@code t}'s leaf slot {@code slot}, as {@link #slots4} gives slots. */
    float leaf(int t, int slot) {
        return leaves[t * (inner + 1) + slot];
    }

    /**
     * The leaf slots (0 to 2^depth - 1 within each tree) that {@code x} reaches in trees {@code t}
     * to {@code t + 3}, 16 bits each, lowest first. The four walks are interleaved: they are
     * independent, so the processor overlaps their loads.
     */
    long slots4(int t, double[] x) {
        int[] split = features;
        double[] below = bounds;
        int b0 = t * inner;
        int b1 = b0 + inner;
        int b2 = b1 + inner;
        int b3 = b2 + inner;
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int i3 = 0;
        for (int d = 0; d < depth; d++) {
            i0 = 2 * i0 + step(x, split[b0 + i0], below[b0 + i0]);
            i1 = 2 * i1 + step(x, split[b1 + i1], below[b1 + i1]);
            i2 = 2 * i2 + step(x, split[b2 + i2], below[b2 + i2]);
            i3 = 2 * i3 + step(x, split[b3 + i3], below[b3 + i3]);
        }
        return (i0 - inner) | (long) (i1 - inner) << 16 | (long) (i2 - inner) << 32 | (long) (i3 - inner) << 48;
    }
}
