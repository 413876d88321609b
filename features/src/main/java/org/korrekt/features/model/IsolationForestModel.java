package org.korrekt.features.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An isolation forest (Liu, Ting and Zhou, "Isolation Forest", ICDM 2008) compiled into flat
 * primitive arrays: an unsupervised anomaly detector whose score says how easily random
 * axis-parallel splits isolate a point from a sub-sample of the training data.
 *
 * <h2>Layout</h2>
 *
 * Nodes of all trees live in parallel arrays indexed by node number. Each tree occupies a
 * contiguous range of nodes, starting at its root ({@code roots[t]}) and laid out in pre-order,
 * so every child has a larger index than its parent. For an internal node, {@code feature[i]} is
 * the split feature, {@code value[i]} the split value, {@code left[i]} and {@code right[i]} the
 * children and {@code missingLeft[i]} where a missing value goes. A leaf has {@code feature[i] ==
 * -1}, children {@code -1}, and {@code value[i]} holds the path-length adjustment {@code c(size)}
 * for the number of training points that reached it.
 *
 * <h2>Routing</h2>
 *
 * A point goes left when {@code x[feature] <= value} and right otherwise, so a value exactly equal
 * to the split value goes left and {@code -0.0} and {@code 0.0} go the same way. A missing value
 * ({@code NaN}) goes to the child that held more of the node's training sample with a value for
 * that feature, ties to the left; the trainer records that side per node ({@code missingLeft}).
 * Training points missing the split feature followed the same rule when the tree was grown.
 *
 * <h2>Scores</h2>
 *
 * The path length of {@code x} in one tree is {@code h(x) = depth + c(size)}, where {@code depth}
 * is the number of splits from the root to the leaf {@code x} reaches and {@code size} the number
 * of training points that reached that leaf. The anomaly score is {@code s(x) = 2^(-E[h(x)] /
 * c(psi))} with {@code psi} the sub-sample size, {@code E} the mean over trees, and {@link
 * #averagePathLength c(n)} the average path length of an unsuccessful search in a binary search
 * tree of {@code n} points. Scores near 1 are anomalies; scores well below 0.5 are normal.
 *
 * <p>Immutable and thread-safe. {@link #pathLength}, {@link #anomalyScore} and {@link
 * #attributions} allocate nothing.
 */
public final class IsolationForestModel {

    /** Euler-Mascheroni constant, for the harmonic-number approximation {@code H(i) ~ ln(i) + gamma}. */
    public static final double EULER_GAMMA = 0.5772156649015329;

    /** The version of the body layout {@link #write} produces and {@link #read} accepts. */
    public static final int BODY_VERSION = 1;

    private static final int LEAF = -1;

    private final int featureCount;
    private final int sampleSize;
    private final double expectedPathLength;
    private final int[] roots;
    private final int[] feature;
    private final double[] value;
    private final int[] left;
    private final int[] right;
    private final boolean[] missingLeft;

    /*
     * The evaluation layout: every tree padded to a complete binary tree of depth heapDepth and
     * stored as a heap (node i's children are 2i+1 and 2i+2), each leaf slot holding its path length
     * depth + c(size), so that a walk is heapDepth steps of arithmetic. Null when the trees are too
     * deep for it. A node's missing-left flag rides in the sign bit of its feature entry.
     */
    private final int heapDepth;
    private final int[] heapFeatures;
    private final double[] heapValues;
    private final double[] heapPathLengths;

    /** Deepest trees evaluated through the heap layout. */
    private static final int MAX_HEAP_DEPTH = 10;
    /** Most padded leaves (over all trees) the heap layout may hold. */
    private static final long MAX_HEAP_LEAVES = 1L << 24;
    /** The bit of a heap node's feature entry that sends a missing value left. */
    private static final int MISSING_LEFT = Integer.MIN_VALUE;

    /**
     * Creates a forest from its node arrays (see the class comment for the layout). The arrays are
     * copied and validated: every tree must be a proper binary tree within its node range in
     * pre-order, with finite split values and finite non-negative leaf adjustments.
     *
     * @param featureCount the length of the vectors the forest scores, at least 1
     * @param sampleSize the sub-sample size {@code psi} each tree was grown on, at least 1
     * @param roots the root node of each tree, starting at 0 and strictly increasing
     * @param feature per node, the split feature, or -1 at a leaf
     * @param value per node, the split value, or {@code c(size)} at a leaf
     * @param left per node, the left child, or -1 at a leaf
     * @param right per node, the right child, or -1 at a leaf
     * @param missingLeft per node, whether a missing value goes left (ignored at a leaf)
     * @throws IllegalArgumentException naming the first node or array that breaks the layout
     */
    public IsolationForestModel(
            int featureCount,
            int sampleSize,
            int[] roots,
            int[] feature,
            double[] value,
            int[] left,
            int[] right,
            boolean[] missingLeft) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount must be >= 1, was " + featureCount);
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, was " + sampleSize);
        }
        if (roots.length < 1) {
            throw new IllegalArgumentException("a forest needs at least one tree, had 0");
        }
        int nodes = feature.length;
        if (value.length != nodes || left.length != nodes || right.length != nodes || missingLeft.length != nodes) {
            throw new IllegalArgumentException("node arrays must have one entry per node (" + nodes + "), had value "
                    + value.length + ", left " + left.length + ", right " + right.length + ", missingLeft "
                    + missingLeft.length);
        }
        this.featureCount = featureCount;
        this.sampleSize = sampleSize;
        this.expectedPathLength = averagePathLength(sampleSize);
        this.roots = roots.clone();
        this.feature = feature.clone();
        this.value = value.clone();
        this.left = left.clone();
        this.right = right.clone();
        this.missingLeft = missingLeft.clone();
        validate();
        int depth = deepestLeaf();
        if (depth <= MAX_HEAP_DEPTH && (long) this.roots.length << depth <= MAX_HEAP_LEAVES) {
            int inner = (1 << depth) - 1;
            this.heapDepth = depth;
            this.heapFeatures = new int[this.roots.length * inner];
            this.heapValues = new double[this.roots.length * inner];
            this.heapPathLengths = new double[this.roots.length * (inner + 1)];
            for (int t = 0; t < this.roots.length; t++) {
                fillHeap(t, this.roots[t], 0, 0, 0);
            }
        } else {
            this.heapDepth = -1;
            this.heapFeatures = null;
            this.heapValues = null;
            this.heapPathLengths = null;
        }
    }

    /** The number of splits above the deepest leaf of any tree (children follow their parents). */
    private int deepestLeaf() {
        int[] depth = new int[feature.length];
        int deepest = 0;
        for (int i = 0; i < feature.length; i++) {
            if (feature[i] == LEAF) {
                deepest = Math.max(deepest, depth[i]);
            } else {
                depth[left[i]] = depth[i] + 1;
                depth[right[i]] = depth[i] + 1;
            }
        }
        return deepest;
    }

    /**
     * Copies the subtree at {@code node}, whose real depth is {@code depth}, into tree {@code t}'s
     * heap at position {@code heap} and heap level {@code level}. A leaf above the full depth becomes
     * padding whose whole subtree ends in copies of the leaf's path length.
     */
    private void fillHeap(int t, int node, int heap, int level, int depth) {
        int inner = (1 << heapDepth) - 1;
        if (level == heapDepth) {
            heapPathLengths[t * (inner + 1) + heap - inner] = depth + value[node];
            return;
        }
        if (feature[node] == LEAF) {
            heapFeatures[t * inner + heap] = 0;
            heapValues[t * inner + heap] = Double.POSITIVE_INFINITY;
            fillHeap(t, node, 2 * heap + 1, level + 1, depth);
            fillHeap(t, node, 2 * heap + 2, level + 1, depth);
        } else {
            // a missing value's side rides in the sign bit: set means "missing goes left"
            heapFeatures[t * inner + heap] = missingLeft[node] ? feature[node] | MISSING_LEFT : feature[node];
            heapValues[t * inner + heap] = value[node];
            fillHeap(t, left[node], 2 * heap + 1, level + 1, depth + 1);
            fillHeap(t, right[node], 2 * heap + 2, level + 1, depth + 1);
        }
    }

    private void validate() {
        int nodes = feature.length;
        if (roots[0] != 0) {
            throw new IllegalArgumentException("the first tree must start at node 0, started at " + roots[0]);
        }
        int[] parents = new int[nodes];
        for (int t = 0; t < roots.length; t++) {
            int start = roots[t];
            int end = t + 1 < roots.length ? roots[t + 1] : nodes;
            if (end <= start || end > nodes) {
                throw new IllegalArgumentException("tree " + t + " has node range [" + start + ", " + end
                        + "), which is empty or beyond the " + nodes + " nodes");
            }
            for (int i = start; i < end; i++) {
                if (i > start && parents[i] != 1) {
                    throw new IllegalArgumentException(
                            "node " + i + " of tree " + t + " has " + parents[i] + " parents, must have exactly 1");
                }
                if (feature[i] == LEAF) {
                    if (left[i] != LEAF || right[i] != LEAF) {
                        throw new IllegalArgumentException(
                                "leaf " + i + " must have children -1, had " + left[i] + " and " + right[i]);
                    }
                    if (!(value[i] >= 0) || !Double.isFinite(value[i])) {
                        throw new IllegalArgumentException(
                                "leaf " + i + " must have a finite adjustment >= 0, was " + value[i]);
                    }
                    continue;
                }
                if (feature[i] < 0 || feature[i] >= featureCount) {
                    throw new IllegalArgumentException("node " + i + " splits on feature " + feature[i]
                            + ", must be -1 (leaf) or in [0, " + featureCount + ")");
                }
                if (!Double.isFinite(value[i])) {
                    throw new IllegalArgumentException(
                            "node " + i + " has split value " + value[i] + ", must be finite");
                }
                checkChild(i, left[i], end, "left");
                checkChild(i, right[i], end, "right");
                parents[left[i]]++;
                parents[right[i]]++;
            }
        }
    }

    private static void checkChild(int node, int child, int end, String side) {
        if (child <= node || child >= end) {
            throw new IllegalArgumentException("node " + node + " has " + side + " child " + child + ", must be in ("
                    + node + ", " + end + ") (its tree's nodes after it)");
        }
    }

    /**
     * The average path length of an unsuccessful search in a binary search tree of {@code n} points
     * (Liu et al. 2008, equation 1): {@code c(n) = 2 H(n - 1) - 2 (n - 1) / n} with the harmonic
     * number {@code H(i) ~ ln(i) + 0.5772156649}, for {@code n > 2}; {@code c(2) = 1} (the exact
     * value, {@code H(1) = 1}); {@code c(n) = 0} for {@code n <= 1}.
     */
    public static double averagePathLength(long n) {
        if (n <= 1) {
            return 0;
        }
        if (n == 2) {
            return 1;
        }
        double m = n - 1;
        return 2 * (Math.log(m) + EULER_GAMMA) - 2 * m / n;
    }

    /** The length of the vectors the forest scores. */
    public int featureCount() {
        return featureCount;
    }

    /** The sub-sample size {@code psi} each tree was grown on. */
    public int sampleSize() {
        return sampleSize;
    }

    /** The number of trees. */
    public int treeCount() {
        return roots.length;
    }

    /** The number of nodes over all trees. */
    public int nodeCount() {
        return feature.length;
    }

    /** {@code c(psi)}: the mean path length that normalises the score. */
    public double expectedPathLength() {
        return expectedPathLength;
    }

    /**
     * The mean over trees of the path length {@code h(x) = depth + c(leaf size)}.
     *
     * @param x a vector at least {@link #featureCount()} long; {@code NaN} marks a missing value
     */
    public double pathLength(double[] x) {
        if (heapDepth >= 0) {
            return heapPathLength(x);
        }
        return pathLengthByWalking(x);
    }

    /**
     * One step down a heap: 1 to the left child, 2 to the right. Left when {@code x <= value}, or
     * when {@code x} is missing and the node sends missing values left; without branches.
     */
    private static int step(double[] x, int entry, double value) {
        double v = x[entry & ~MISSING_LEFT];
        boolean left = v <= value | (v != v & entry < 0);
        return left ? 1 : 2;
    }

    /** {@link #pathLength} through the heap layout, four trees at a time, summed in tree order. */
    private double heapPathLength(double[] x) {
        int depth = heapDepth;
        int inner = (1 << depth) - 1;
        int[] split = heapFeatures;
        double[] values = heapValues;
        double[] paths = heapPathLengths;
        int trees = roots.length;
        double sum = 0;
        int t = 0;
        for (; t + 4 <= trees; t += 4) {
            int b0 = t * inner;
            int b1 = b0 + inner;
            int b2 = b1 + inner;
            int b3 = b2 + inner;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            for (int d = 0; d < depth; d++) {
                i0 = 2 * i0 + step(x, split[b0 + i0], values[b0 + i0]);
                i1 = 2 * i1 + step(x, split[b1 + i1], values[b1 + i1]);
                i2 = 2 * i2 + step(x, split[b2 + i2], values[b2 + i2]);
                i3 = 2 * i3 + step(x, split[b3 + i3], values[b3 + i3]);
            }
            sum += paths[b0 + t + i0 - inner];
            sum += paths[b1 + t + 1 + i1 - inner];
            sum += paths[b2 + t + 2 + i2 - inner];
            sum += paths[b3 + t + 3 + i3 - inner];
        }
        for (; t < trees; t++) {
            int b = t * inner;
            int i = 0;
            for (int d = 0; d < depth; d++) {
                i = 2 * i + step(x, split[b + i], values[b + i]);
            }
            sum += paths[b + t + i - inner];
        }
        return sum / trees;
    }

    /** {@link #pathLength} by walking the node arrays: the reference the heap layout must equal. */
    double pathLengthByWalking(double[] x) {
        int[] rootNodes = roots;
        double sum = 0;
        for (int t = 0; t < rootNodes.length; t++) {
            sum += treePathLength(x, rootNodes[t]);
        }
        return sum / rootNodes.length;
    }

    /**
     * The anomaly score {@code 2^(-E[h(x)] / c(psi))}, in (0, 1]; 1 when {@code c(psi) == 0} (a
     * forest grown on a single point).
     */
    public double anomalyScore(double[] x) {
        if (expectedPathLength == 0) {
            return 1;
        }
        return Math.pow(2, -pathLength(x) / expectedPathLength);
    }

    /**
     * Writes each feature's path-based attribution for {@code x} into {@code out}.
     *
     * <p>In tree {@code t}, let {@code d_t} be the number of splits on {@code x}'s path and {@code
     * h_t(x) = d_t + c(leaf size)} its path length. Each split on that path credits its feature with
     * {@code (c(psi) - h_t(x)) / d_t}: the tree's shortfall against the expected path length, shared
     * equally among the splits that isolated {@code x}. A feature split on twice on the path is
     * credited twice; a tree whose root is a leaf credits nothing. The attribution of feature
     * {@code f} is the mean over trees of its credits:
     *
     * <pre>{@code
     * out[f] = (1 / T) * sum_t sum_{splits s on x's path in t, feature(s) == f} (c(psi) - h_t(x)) / d_t
     * }</pre>
     *
     * <p>Features whose splits isolate {@code x} quickly get large positive attributions; features
     * on long paths (normal points) get negative ones; features never split on get 0. Whenever every
     * tree has at least one split, the attributions sum to {@code c(psi) - pathLength(x)}, so {@code
     * log2(anomalyScore(x)) = -1 + sum(out) / c(psi)}. Deterministic; allocates nothing.
     *
     * @param x a vector at least {@link #featureCount()} long
     * @param out receives {@link #featureCount()} attributions, in path-length units
     */
    public void attributions(double[] x, double[] out) {
        int[] rootNodes = roots;
        int[] features = feature;
        double[] values = value;
        int[] lefts = left;
        int[] rights = right;
        boolean[] missing = missingLeft;
        double expected = expectedPathLength;
        int n = featureCount;
        for (int f = 0; f < n; f++) {
            out[f] = 0;
        }
        for (int t = 0; t < rootNodes.length; t++) {
            int root = rootNodes[t];
            int depth = 0;
            int node = root;
            while (features[node] != LEAF) {
                node = next(x, node, features, values, lefts, rights, missing);
                depth++;
            }
            if (depth == 0) {
                continue;
            }
            double credit = (expected - (depth + values[node])) / depth;
            node = root;
            while (features[node] != LEAF) {
                out[features[node]] += credit;
                node = next(x, node, features, values, lefts, rights, missing);
            }
        }
        double trees = rootNodes.length;
        for (int f = 0; f < n; f++) {
            out[f] /= trees;
        }
    }

    private double treePathLength(double[] x, int root) {
        int[] features = feature;
        double[] values = value;
        int[] lefts = left;
        int[] rights = right;
        boolean[] missing = missingLeft;
        int node = root;
        int depth = 0;
        while (features[node] != LEAF) {
            node = next(x, node, features, values, lefts, rights, missing);
            depth++;
        }
        return depth + values[node];
    }

    private static int next(
            double[] x, int node, int[] features, double[] values, int[] lefts, int[] rights, boolean[] missing) {
        double v = x[features[node]];
        if (v <= values[node]) {
            return lefts[node];
        }
        if (v != v) {
            return missing[node] ? lefts[node] : rights[node];
        }
        return rights[node];
    }

    /**
     * Writes the forest body, big-endian through {@link DataOutputStream}:
     *
     * <pre>
     * int     BODY_VERSION (1)
     * int     featureCount
     * int     sampleSize
     * int     treeCount T
     * int     nodeCount N
     * int[T]  roots
     * N times: int feature, double value, int left, int right, byte missingLeft (0 or 1)
     * </pre>
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(BODY_VERSION);
        out.writeInt(featureCount);
        out.writeInt(sampleSize);
        out.writeInt(roots.length);
        out.writeInt(feature.length);
        for (int root : roots) {
            out.writeInt(root);
        }
        for (int i = 0; i < feature.length; i++) {
            out.writeInt(feature[i]);
            out.writeDouble(value[i]);
            out.writeInt(left[i]);
            out.writeInt(right[i]);
            out.writeByte(missingLeft[i] ? 1 : 0);
        }
    }

    /**
     * Reads a body written by {@link #write}.
     *
     * @throws IOException when the stream ends early, the version is unknown, a count is out of
     *     range, or the nodes do not form valid trees (the message names the first problem)
     */
    public static IsolationForestModel read(DataInputStream in) throws IOException {
        int version = in.readInt();
        if (version != BODY_VERSION) {
            throw new IOException(
                    "unsupported isolation forest body version " + version + ", this code reads " + BODY_VERSION);
        }
        int features = in.readInt();
        int sampleSize = in.readInt();
        int trees = in.readInt();
        int nodes = in.readInt();
        if (features < 1 || sampleSize < 1 || trees < 1) {
            throw new IOException("isolation forest body has featureCount " + features + ", sampleSize " + sampleSize
                    + ", treeCount " + trees + "; each must be >= 1");
        }
        // A tree grown on psi points has at most 2 psi - 1 nodes; the bound keeps a corrupt count
        // from allocating gigabytes.
        long maxNodes = (long) trees * (2L * sampleSize - 1);
        if (nodes < trees || nodes > maxNodes) {
            throw new IOException("isolation forest body has " + nodes + " nodes, must be in [" + trees + ", "
                    + maxNodes + "] for " + trees + " trees of sample size " + sampleSize);
        }
        int[] roots = new int[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = in.readInt();
            if (roots[t] < 0 || roots[t] >= nodes || (t > 0 && roots[t] <= roots[t - 1])) {
                throw new IOException("isolation forest body: root of tree " + t + " is node " + roots[t]
                        + ", must be in [0, " + nodes + ") and after the previous root");
            }
        }
        int[] feature = new int[nodes];
        double[] value = new double[nodes];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        boolean[] missingLeft = new boolean[nodes];
        for (int i = 0; i < nodes; i++) {
            feature[i] = in.readInt();
            value[i] = in.readDouble();
            left[i] = in.readInt();
            right[i] = in.readInt();
            byte flag = in.readByte();
            if (flag != 0 && flag != 1) {
                throw new IOException(
                        "isolation forest body: node " + i + " has missingLeft " + flag + ", must be 0 or 1");
            }
            missingLeft[i] = flag == 1;
        }
        try {
            return new IsolationForestModel(features, sampleSize, roots, feature, value, left, right, missingLeft);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid isolation forest body: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IsolationForestModel that
                && featureCount == that.featureCount
                && sampleSize == that.sampleSize
                && Arrays.equals(roots, that.roots)
                && Arrays.equals(feature, that.feature)
                && Arrays.equals(value, that.value)
                && Arrays.equals(left, that.left)
                && Arrays.equals(right, that.right)
                && Arrays.equals(missingLeft, that.missingLeft);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                featureCount, sampleSize, Arrays.hashCode(roots), Arrays.hashCode(feature), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return "IsolationForestModel[trees=" + roots.length + ", nodes=" + feature.length + ", features=" + featureCount
                + ", sampleSize=" + sampleSize + "]";
    }
}
