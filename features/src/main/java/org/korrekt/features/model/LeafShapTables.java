package org.korrekt.features.model;

import java.util.Arrays;

/**
 * Path-dependent TreeSHAP with the Shapley weights of every leaf precomputed, after the idea of
 * Fast TreeSHAP v2 (Yang 2021, "Fast TreeSHAP: Accelerating SHAP Value Computation for Trees"):
 * the same values as {@link TreeEnsembleModel}'s recursive Algorithm 2, computed by table lookup.
 *
 * <p>Take one leaf with value {@code v} and the {@code d} distinct features {@code P} split on
 * above it. For each {@code j} in {@code P}, {@code z_j} is the product of the cover ratios
 * (child cover over parent cover) of the path's splits on {@code j}, and {@code o_j} is 1 when
 * {@code x} takes the path's direction at every one of them, else 0. The leaf adds to feature
 * {@code i}'s contribution
 *
 * <pre>{@code
 * v (o_i - z_i) sum_{S subset of P \ {i}} |S|! (d - |S| - 1)! / d!  prod_{j in S} o_j  prod_{k in P \ S \ {i}} z_k
 * }</pre>
 *
 * Since every {@code o_j} is 0 or 1, only the subsets {@code S} of {@code T \ {i}} count, where
 * {@code T} is the set of features with {@code o_j = 1}. So the sum depends on {@code x} only
 * through {@code i} and {@code U = T \ {i}}: the table holds it for every {@code i} and every
 * bit mask {@code U} (without bit {@code i}), {@code d 2^(d-1)} doubles per leaf. Scoring a row is then, per leaf, one pass
 * over the path's splits to find {@code T} and {@code d} multiply-adds. The splits of a tree are
 * routed once per row into a bit mask; each path feature keeps the mask of its splits and the
 * directions the path takes, so {@code o_j} is one mask comparison.
 *
 * <p>The tables cost memory exponential in the depth, so {@link #build} returns null when they
 * would exceed {@link #MAX_TABLE_ENTRIES} doubles (deep trees); the caller keeps Algorithm 2 then.
 */
final class LeafShapTables {

    /** Most doubles all leaves' tables may hold together (32 MB). */
    static final long MAX_TABLE_ENTRIES = 1L << 22;
    /** Accumulators per feature in {@link #addContributions}: its {@code banks} hold this many times the features. */
    static final int BANKS = 4;
    /** Most distinct features on one path the tables handle. */
    private static final int MAX_PATH_FEATURES = 12;
    /** Most internal nodes of one tree (one bit each in a {@code long}). */
    private static final int MAX_SPLITS_PER_TREE = 64;

    private final int[] treeSplitStart;
    private final int[] splitNodes;
    private final int[] treeLeafStart;
    private final double[] leafValue;
    private final int[] leafFeatureCount;
    private final int[] leafFeatureStart;
    private final int[] leafTableStart;
    private final int[] pathFeature;
    private final double[] pathZero;
    private final long[] pathSplits;
    private final long[] pathLeft;
    private final double[] table;

    private LeafShapTables(Builder b) {
        this.treeSplitStart = b.treeSplitStart;
        this.splitNodes = b.splitNodes;
        this.treeLeafStart = b.treeLeafStart;
        this.leafValue = b.leafValue;
        this.leafFeatureCount = b.leafFeatureCount;
        this.leafFeatureStart = b.leafFeatureStart;
        this.leafTableStart = b.leafTableStart;
        this.pathFeature = b.pathFeature;
        this.pathZero = b.pathZero;
        this.pathSplits = b.pathSplits;
        this.pathLeft = b.pathLeft;
        this.table = b.table;
    }

    /**
     * The tables of a validated ensemble, or null when they would be too large.
     *
     * @param roots each tree's root node
     * @param signs per tree, +1 for a positive-class tree, -1 for a negative-class one
     */
    static LeafShapTables build(
            int[] roots, double[] signs, int[] split, int[] left, int[] right, float[] leaves, float[] covers) {
        // First pass: count splits, leaves, path features and table entries, refusing what is too large.
        Counter counter = new Counter();
        int[] local = new int[split.length];
        for (int root : roots) {
            counter.treeSplits = 0;
            walk(root, split, left, right, new int[64], new boolean[64], 0, counter, null, local);
            if (counter.treeSplits > MAX_SPLITS_PER_TREE
                    || counter.tableEntries > MAX_TABLE_ENTRIES
                    || counter.tooManyFeatures) {
                return null;
            }
        }
        Builder b = new Builder(roots.length, counter, covers, leaves, local);
        for (int t = 0; t < roots.length; t++) {
            b.sign = signs[t];
            b.treeSplitStart[t] = b.splits;
            b.treeLeafStart[t] = b.leaves;
            walk(roots[t], split, left, right, new int[64], new boolean[64], 0, null, b, local);
        }
        b.treeSplitStart[roots.length] = b.splits;
        b.treeLeafStart[roots.length] = b.leaves;
        return new LeafShapTables(b);
    }

    /**
     * Depth-first walk, left before right; {@code nodes[0..depth)} and {@code wentLeft} hold the
     * path to {@code node}. The counting pass numbers each tree's splits in walk order in {@code local}.
     */
    private static void walk(
            int node,
            int[] split,
            int[] left,
            int[] right,
            int[] nodes,
            boolean[] wentLeft,
            int depth,
            Counter counter,
            Builder builder,
            int[] local) {
        if (split[node] == TreeEnsembleModel.LEAF) {
            if (counter != null) {
                counter.leaf(split, nodes, depth);
            } else {
                builder.leaf(node, split, nodes, wentLeft, depth);
            }
            return;
        }
        if (counter != null) {
            local[node] = counter.treeSplits++;
        } else {
            builder.splitNodes[builder.splits++] = node;
        }
        nodes[depth] = node;
        wentLeft[depth] = true;
        walk(left[node], split, left, right, nodes, wentLeft, depth + 1, counter, builder, local);
        wentLeft[depth] = false;
        walk(right[node], split, left, right, nodes, wentLeft, depth + 1, counter, builder, local);
    }

    /** The distinct split features of a path, in order of first appearance. */
    private static int distinct(int[] split, int[] nodes, int depth, int[] out) {
        int d = 0;
        for (int k = 0; k < depth; k++) {
            int f = split[nodes[k]];
            boolean seen = false;
            for (int j = 0; j < d; j++) {
                if (out[j] == f) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out[d++] = f;
            }
        }
        return d;
    }

    /** Sizes for the arrays, from a first walk. */
    private static final class Counter {
        int treeSplits;
        int leaves;
        long pathFeatures;
        long tableEntries;
        boolean tooManyFeatures;
        final int[] scratch = new int[64];

        void leaf(int[] split, int[] nodes, int depth) {
            int d = distinct(split, nodes, depth, scratch);
            if (d > MAX_PATH_FEATURES) {
                tooManyFeatures = true;
                return;
            }
            leaves++;
            pathFeatures += d;
            tableEntries += (long) d << (d - 1);
        }
    }

    /** Fills the arrays in a second walk. */
    private static final class Builder {
        final int[] treeSplitStart;
        final int[] splitNodes;
        final int[] treeLeafStart;
        final double[] leafValue;
        final int[] leafFeatureCount;
        final int[] leafFeatureStart;
        final int[] leafTableStart;
        final int[] pathFeature;
        final double[] pathZero;
        final long[] pathSplits;
        final long[] pathLeft;
        final double[] table;
        final float[] covers;
        final float[] values;
        final int[] local;
        final int[] scratch = new int[64];
        double sign;
        int splits;
        int leaves;
        int features;
        int entries;

        Builder(int trees, Counter c, float[] covers, float[] values, int[] local) {
            treeSplitStart = new int[trees + 1];
            splitNodes = new int[local.length];
            treeLeafStart = new int[trees + 1];
            leafValue = new double[c.leaves];
            leafFeatureCount = new int[c.leaves];
            leafFeatureStart = new int[c.leaves];
            leafTableStart = new int[c.leaves];
            pathFeature = new int[(int) c.pathFeatures];
            pathZero = new double[(int) c.pathFeatures];
            pathSplits = new long[(int) c.pathFeatures];
            pathLeft = new long[(int) c.pathFeatures];
            table = new double[(int) c.tableEntries];
            this.covers = covers;
            this.values = values;
            this.local = local;
        }

        void leaf(int leaf, int[] split, int[] nodes, boolean[] wentLeft, int depth) {
            int d = distinct(split, nodes, depth, scratch);
            int l = leaves++;
            leafValue[l] = sign * values[leaf];
            leafFeatureCount[l] = d;
            leafFeatureStart[l] = features;
            leafTableStart[l] = entries;
            double[] zero = new double[d];
            Arrays.fill(zero, 1.0);
            for (int k = 0; k < depth; k++) {
                int node = nodes[k];
                int slot = 0;
                while (scratch[slot] != split[node]) {
                    slot++;
                }
                // the cover ratio of the branch taken towards this leaf
                int child = k + 1 < depth ? nodes[k + 1] : leaf;
                zero[slot] *= (double) covers[child] / covers[node];
                long bit = 1L << local[node];
                pathSplits[features + slot] |= bit;
                if (wentLeft[k]) {
                    pathLeft[features + slot] |= bit;
                }
            }
            for (int j = 0; j < d; j++) {
                pathFeature[features + j] = scratch[j];
                pathZero[features + j] = zero[j];
            }
            features += d;
            fillTable(zero, d, table, entries);
            entries += d << (d - 1);
        }
    }

    /**
     * For each slot {@code i} and each mask {@code U} without bit {@code i}: the sum over subsets
     * {@code S} of {@code U} of {@code |S|! (d - |S| - 1)! / d!} times the product of {@code z_k}
     * over the slots not in {@code S} and not {@code i}.
     */
    private static void fillTable(double[] zero, int d, double[] table, int start) {
        double[] weight = new double[d];
        for (int s = 0; s < d; s++) {
            // s! (d - s - 1)! / d!, as a product of ratios to stay in range
            double w = 1.0 / d;
            for (int k = 1; k <= s; k++) {
                w *= (double) k / (d - k);
            }
            weight[s] = w;
        }
        int full = (1 << d) - 1;
        for (int i = 0; i < d; i++) {
            for (int u = 0; u <= full; u++) {
                if ((u & (1 << i)) != 0) {
                    continue;
                }
                double sum = 0.0;
                // every subset S of u, u itself included, down to the empty set
                for (int s = u; ; s = (s - 1) & u) {
                    double product = weight[Integer.bitCount(s)];
                    for (int k = 0; k < d; k++) {
                        if (k != i && (s & (1 << k)) == 0) {
                            product *= zero[k];
                        }
                    }
                    sum += product;
                    if (s == 0) {
                        break;
                    }
                }
                table[start + (i << (d - 1)) + without(u, i)] = sum;
            }
        }
    }

    /** {@code mask} with bit {@code i} taken out and the bits above it moved down one. */
    private static int without(int mask, int i) {
        return ((mask >>> (i + 1)) << i) | (mask & ((1 << i) - 1));
    }

    /**
     * Adds every tree's contributions for {@code x} to {@code out}.
     *
     * @param routing the ensemble's routing of a node for {@code x}
     * @param banks scratch of at least {@link #BANKS} times {@code n} doubles
     * @param n the number of features
     */
    void addContributions(double[] x, double[] out, Routing routing, double[] banks, int n) {
        // Four accumulators per feature, taken in turn by consecutive leaves: one would chain every
        // leaf's addition to the last through memory.
        for (int i = 0; i < BANKS * n; i++) {
            banks[i] = 0.0;
        }
        int trees = treeLeafStart.length - 1;
        for (int t = 0; t < trees; t++) {
            long left = 0;
            int first = treeSplitStart[t];
            for (int k = first, end = treeSplitStart[t + 1]; k < end; k++) {
                if (routing.left(splitNodes[k], x)) {
                    left |= 1L << (k - first);
                }
            }
            for (int l = treeLeafStart[t], end = treeLeafStart[t + 1]; l < end; l++) {
                int d = leafFeatureCount[l];
                int features = leafFeatureStart[l];
                int ones = 0;
                for (int j = 0; j < d; j++) {
                    // 1 when x follows the path at every split on this feature (no branch: it is data)
                    long off = (left ^ pathLeft[features + j]) & pathSplits[features + j];
                    ones |= (int) (1 - ((off | -off) >>> 63)) << j;
                }
                double v = leafValue[l];
                int rows = leafTableStart[l];
                int bank = (l & (BANKS - 1)) * n;
                for (int i = 0; i < d; i++) {
                    double one = (ones >>> i) & 1;
                    double w = table[rows + (i << (d - 1)) + without(ones, i)];
                    banks[bank + pathFeature[features + i]] += v * (one - pathZero[features + i]) * w;
                }
            }
        }
        for (int f = 0; f < n; f++) {
            out[f] += (banks[f] + banks[n + f]) + (banks[2 * n + f] + banks[3 * n + f]);
        }
    }

    /** How a node routes a row. */
    interface Routing {
        boolean left(int node, double[] x);
    }
}
