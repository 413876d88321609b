package org.korrekt.features.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A two-class gradient-boosted tree ensemble, as trained by XGBoost's {@code multi:softprob}
 * objective (what Tribuo's XGBoost classification trainer uses), compiled into flat arrays.
 *
 * <p>Each tree adds to the margin of one class: {@link #NEGATIVE_CLASS} or {@link #POSITIVE_CLASS}.
 * The log-odds of the positive class is the difference of the two margins. Nodes of all trees sit
 * in one set of parallel arrays, each tree in pre-order (a node's children come after it, inside
 * its tree). A node is a leaf when its split feature is {@link #LEAF}.
 *
 * <p>{@link #score} replicates XGBoost 1.6's CPU predictor: a feature goes left when {@code
 * (float) x < threshold}, NaN (missing) goes the node's default direction, each class margin is
 * summed in float32 from its base margin in tree order, and the probability is XGBoost's float32
 * softmax. The only operation not reproduced bit for bit is the C library's {@code expf}, which
 * this class computes as the correctly rounded float of {@link StrictMath#exp}; glibc's {@code
 * expf} differs from that by one float ulp on about 6.5e-4 of the arguments a softmax of
 * two margins sees (see {@code docs/gradient-boosted-trees.md}).
 *
 * <p>{@link #contributions} is exact path-dependent TreeSHAP (Lundberg, Erion and Lee 2018,
 * "Consistent individualized feature attribution for tree ensembles", Algorithm 2), weighting
 * each branch by its node cover (the training hessian sum). It computes in float64 on the leaf
 * values: the contributions plus {@link #baseLogOdds()} equal {@link #logOdds} to rounding. Where
 * the memory allows (shallow trees, such as the profiles' depth-4 ones), each leaf's Shapley
 * weights are precomputed when the model is built ({@link LeafShapTables}) and a row costs a table
 * lookup per leaf and path feature; deeper trees run Algorithm 2's recursion.
 *
 * <p>{@link #score} and {@link #logOdds} walk the trees through a second layout built at
 * construction: each tree padded to a complete binary tree of the ensemble's depth, stored as a
 * heap ({@link HeapLayout}), so that a walk is a fixed number of steps of arithmetic, four trees
 * at a time; the node arrays remain the model's definition (and its serialised form).
 *
 * <p>Immutable and thread-safe. {@link #score}, {@link #logOdds} and {@link #margin} allocate
 * nothing; {@link #contributions} allocates nothing after its first call on a thread (it keeps a
 * per-thread scratch buffer sized by the deepest tree).
 */
public final class TreeEnsembleModel implements CompiledModel {

    /** The split feature of a leaf. */
    public static final int LEAF = -1;
    /** The class whose margin a tree adds to: a correct payment. */
    public static final int NEGATIVE_CLASS = 0;
    /** The class whose margin a tree adds to: an incorrect payment. */
    public static final int POSITIVE_CLASS = 1;

    /** Format version of {@link #write}'s body. */
    public static final int BODY_VERSION = 1;

    private static final int MAX_TREES = 100_000;
    private static final int MAX_NODES = 50_000_000;
    private static final int MAX_DEPTH = ShapPath.MAX_DEPTH;

    private final String schemaFingerprint;
    private final List<String> featureNames;
    private final int[] treeRoots;
    private final byte[] treeClasses;
    private final int[] splitFeatures;
    private final float[] thresholds;
    private final int[] leftChildren;
    private final int[] rightChildren;
    private final boolean[] defaultLeft;
    private final float[] leafValues;
    private final float[] covers;
    private final float negativeBaseMargin;
    private final float positiveBaseMargin;

    private final double baseLogOdds;
    private final int maxDepth;
    private final ThreadLocal<ShapPath> scratch;

    /** The trees as padded heaps, for {@link #score} and {@link #logOdds}; null when too deep for it. */
    private final HeapLayout heap;

    /** Every leaf's Shapley weights precomputed; null when they would take too much memory. */
    private final LeafShapTables shapTables;

    private final LeafShapTables.Routing routing;

    /**
     * @param schemaFingerprint fingerprint of the schema the model was trained on
     * @param featureNames the schema's feature names, in vector order
     * @param treeRoots the node index of each tree's root; tree {@code t} owns the nodes from
     *     {@code treeRoots[t]} up to the next root (or the end), so {@code treeRoots[0] == 0} and
     *     the roots increase
     * @param treeClasses per tree, {@link #NEGATIVE_CLASS} or {@link #POSITIVE_CLASS}
     * @param splitFeatures per node, the feature index it splits on, or {@link #LEAF}
     * @param thresholds per node, the float32 split threshold: {@code (float) x < threshold} goes left
     * @param leftChildren per node, the node index of its left child ({@code -1} for leaves)
     * @param rightChildren per node, the node index of its right child ({@code -1} for leaves)
     * @param defaultLeft per node, whether a missing (NaN) value goes left
     * @param leafValues per node, the leaf's margin increment (0 for internal nodes)
     * @param covers per node, the sum of training hessians that reached it; positive for internal nodes
     * @param negativeBaseMargin the negative class margin before any tree
     * @param positiveBaseMargin the positive class margin before any tree
     * @throws IllegalArgumentException if the arrays do not describe well-formed trees
     */
    public TreeEnsembleModel(
            String schemaFingerprint,
            List<String> featureNames,
            int[] treeRoots,
            byte[] treeClasses,
            int[] splitFeatures,
            float[] thresholds,
            int[] leftChildren,
            int[] rightChildren,
            boolean[] defaultLeft,
            float[] leafValues,
            float[] covers,
            float negativeBaseMargin,
            float positiveBaseMargin) {
        this.schemaFingerprint = Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        this.featureNames = List.copyOf(featureNames);
        this.treeRoots = treeRoots.clone();
        this.treeClasses = treeClasses.clone();
        this.splitFeatures = splitFeatures.clone();
        this.thresholds = thresholds.clone();
        this.leftChildren = leftChildren.clone();
        this.rightChildren = rightChildren.clone();
        this.defaultLeft = defaultLeft.clone();
        this.leafValues = leafValues.clone();
        this.covers = covers.clone();
        this.negativeBaseMargin = negativeBaseMargin;
        this.positiveBaseMargin = positiveBaseMargin;
        this.maxDepth = validate();
        double base = (double) positiveBaseMargin - (double) negativeBaseMargin;
        for (int t = 0; t < this.treeRoots.length; t++) {
            base += classSign(t) * expectedValue(this.treeRoots[t]);
        }
        this.baseLogOdds = base;
        int pathCapacity = (maxDepth + 2) * (maxDepth + 3) / 2;
        int featureCount = this.featureNames.size();
        this.scratch = ThreadLocal.withInitial(() -> new ShapPath(pathCapacity, featureCount));
        double[] signs = new double[this.treeRoots.length];
        for (int t = 0; t < signs.length; t++) {
            signs[t] = classSign(t);
        }
        this.routing = (node, x) -> goesLeft(node, x[this.splitFeatures[node]]);
        this.shapTables = LeafShapTables.build(
                this.treeRoots,
                signs,
                this.splitFeatures,
                this.leftChildren,
                this.rightChildren,
                this.leafValues,
                this.covers);
        this.heap = HeapLayout.build(
                maxDepth,
                this.treeRoots,
                this.splitFeatures,
                this.thresholds,
                this.leftChildren,
                this.rightChildren,
                this.defaultLeft,
                this.leafValues);
    }

    /** Checks the structure and returns the depth of the deepest leaf (a lone root has depth 0). */
    private int validate() {
        int nodes = splitFeatures.length;
        int trees = treeRoots.length;
        if (trees < 1 || trees > MAX_TREES) {
            throw new IllegalArgumentException("tree count must be in [1, " + MAX_TREES + "], was " + trees);
        }
        if (treeClasses.length != trees) {
            throw new IllegalArgumentException(
                    "treeClasses must have one entry per tree (" + trees + "), had " + treeClasses.length);
        }
        if (nodes > MAX_NODES) {
            throw new IllegalArgumentException("node count must be <= " + MAX_NODES + ", was " + nodes);
        }
        if (thresholds.length != nodes
                || leftChildren.length != nodes
                || rightChildren.length != nodes
                || defaultLeft.length != nodes
                || leafValues.length != nodes
                || covers.length != nodes) {
            throw new IllegalArgumentException("every node array must have one entry per node (" + nodes + ")");
        }
        if (!Float.isFinite(negativeBaseMargin) || !Float.isFinite(positiveBaseMargin)) {
            throw new IllegalArgumentException(
                    "base margins must be finite, were " + negativeBaseMargin + " and " + positiveBaseMargin);
        }
        int features = featureNames.size();
        int[] depth = new int[nodes];
        int[] parents = new int[nodes];
        int deepest = 0;
        for (int t = 0; t < trees; t++) {
            int start = treeRoots[t];
            int end = t + 1 < trees ? treeRoots[t + 1] : nodes;
            if ((t == 0 && start != 0) || start >= end) {
                throw new IllegalArgumentException("tree " + t + " must start at node " + (t == 0 ? "0" : "> previous")
                        + " and hold at least one node, starts at " + start + " and ends at " + end);
            }
            if (treeClasses[t] != NEGATIVE_CLASS && treeClasses[t] != POSITIVE_CLASS) {
                throw new IllegalArgumentException("class of tree " + t + " must be 0 or 1, was " + treeClasses[t]);
            }
            for (int n = start; n < end; n++) {
                if (n > start && parents[n] != 1) {
                    throw new IllegalArgumentException(
                            "node " + n + " of tree " + t + " must have exactly one parent, has " + parents[n]);
                }
                if (!(covers[n] >= 0) || !Float.isFinite(covers[n])) {
                    throw new IllegalArgumentException(
                            "cover of node " + n + " must be finite and >= 0, was " + covers[n]);
                }
                int feature = splitFeatures[n];
                if (feature == LEAF) {
                    if (leftChildren[n] != -1 || rightChildren[n] != -1) {
                        throw new IllegalArgumentException("leaf " + n + " must have no children");
                    }
                    if (!Float.isFinite(leafValues[n])) {
                        throw new IllegalArgumentException(
                                "value of leaf " + n + " must be finite, was " + leafValues[n]);
                    }
                    deepest = Math.max(deepest, depth[n]);
                    continue;
                }
                if (feature < 0 || feature >= features) {
                    throw new IllegalArgumentException(
                            "split feature of node " + n + " must be in [0, " + features + "), was " + feature);
                }
                if (!Float.isFinite(thresholds[n])) {
                    throw new IllegalArgumentException(
                            "threshold of node " + n + " must be finite, was " + thresholds[n]);
                }
                if (!(covers[n] > 0)) {
                    throw new IllegalArgumentException(
                            "cover of internal node " + n + " must be > 0, was " + covers[n]);
                }
                for (int child : new int[] {leftChildren[n], rightChildren[n]}) {
                    if (child <= n || child >= end) {
                        throw new IllegalArgumentException("children of node " + n + " must be in (" + n + ", " + end
                                + ") (pre-order, same tree), was " + child);
                    }
                    parents[child]++;
                    depth[child] = depth[n] + 1;
                }
                if (leftChildren[n] == rightChildren[n]) {
                    throw new IllegalArgumentException("node " + n + " has the same left and right child");
                }
                if (depth[n] + 1 > MAX_DEPTH) {
                    throw new IllegalArgumentException("trees must be at most " + MAX_DEPTH + " deep");
                }
            }
        }
        return deepest;
    }

    @Override
    public String schemaFingerprint() {
        return schemaFingerprint;
    }

    @Override
    public int featureCount() {
        return featureNames.size();
    }

    /** The feature names, in vector order. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** The number of trees, of both classes. */
    public int treeCount() {
        return treeRoots.length;
    }

    /** The number of nodes of all trees. */
    public int nodeCount() {
        return splitFeatures.length;
    }

    /** A copy of each node's split feature ({@link #LEAF} for leaves), trees in order, nodes in pre-order. */
    public int[] splitFeatures() {
        return splitFeatures.clone();
    }

    /** A copy of each node's float32 threshold (0 for leaves), in {@link #splitFeatures()} order. */
    public float[] thresholds() {
        return thresholds.clone();
    }

    /** The depth of the deepest leaf; a tree that is a single leaf has depth 0. */
    public int maxDepth() {
        return maxDepth;
    }

    /**
     * XGBoost's probability of the positive class: the float32 softmax of the two float32 class
     * margins, widened to double.
     */
    @Override
    public double score(double[] features) {
        float negative;
        float positive;
        if (heap != null) {
            negative = negativeBaseMargin;
            positive = positiveBaseMargin;
            byte[] classes = treeClasses;
            HeapLayout trees4 = heap;
            int trees = classes.length;
            int t = 0;
            for (; t + 4 <= trees; t += 4) {
                long slots = trees4.slots4(t, features);
                // in tree order, each into its class's float sum, as XGBoost adds them
                for (int k = 0; k < 4; k++) {
                    float value = trees4.leaf(t + k, (int) ((slots >>> (16 * k)) & 0xFFFF));
                    if (classes[t + k] == POSITIVE_CLASS) {
                        positive += value;
                    } else {
                        negative += value;
                    }
                }
            }
            for (; t < trees; t++) {
                float value = trees4.leaf(t, features);
                if (classes[t] == POSITIVE_CLASS) {
                    positive += value;
                } else {
                    negative += value;
                }
            }
        } else {
            negative = margin(features, NEGATIVE_CLASS);
            positive = margin(features, POSITIVE_CLASS);
        }
        return softmax(negative, positive);
    }

    /** XGBoost's float32 softmax probability of the positive class, widened to double. */
    static double softmax(float negative, float positive) {
        // XGBoost's softmax: subtract the larger margin, expf each, sum in double, divide in float.
        float max = Math.max(negative, positive);
        float expNegative = expf(negative - max);
        float expPositive = expf(positive - max);
        double sum = 0.0;
        sum += expNegative;
        sum += expPositive;
        return expPositive / (float) sum;
    }

    /** The float of e^x, correctly rounded unless double rounding strikes (about 2^-29 of inputs). */
    private static float expf(float x) {
        return (float) StrictMath.exp(x);
    }

    /**
     * The float32 margin of one class, summed as XGBoost sums it: from the base margin, tree by
     * tree in training order, in float32. This walks the node arrays; {@link #score} reaches the
     * same leaves through the heap layout.
     *
     * @param outputClass {@link #NEGATIVE_CLASS} or {@link #POSITIVE_CLASS}
     */
    public float margin(double[] features, int outputClass) {
        int[] roots = treeRoots;
        byte[] classes = treeClasses;
        float sum = outputClass == POSITIVE_CLASS ? positiveBaseMargin : negativeBaseMargin;
        for (int t = 0; t < roots.length; t++) {
            if (classes[t] == outputClass) {
                sum += leafValues[leaf(roots[t], features)];
            }
        }
        return sum;
    }

    /**
     * The log-odds of the positive class computed in float64 from the same leaves: the exact sum
     * that {@link #contributions} decomposes. It differs from the logit of {@link #score} only by
     * XGBoost's float32 rounding (relative 1e-6 at most for a few hundred trees).
     */
    public double logOdds(double[] features) {
        if (heap == null) {
            return logOddsByWalking(features);
        }
        byte[] classes = treeClasses;
        HeapLayout trees4 = heap;
        int trees = classes.length;
        double sum = (double) positiveBaseMargin - (double) negativeBaseMargin;
        int t = 0;
        for (; t + 4 <= trees; t += 4) {
            long slots = trees4.slots4(t, features);
            for (int k = 0; k < 4; k++) {
                double value = trees4.leaf(t + k, (int) ((slots >>> (16 * k)) & 0xFFFF));
                sum += classes[t + k] == POSITIVE_CLASS ? value : -value;
            }
        }
        for (; t < trees; t++) {
            double value = trees4.leaf(t, features);
            sum += classes[t] == POSITIVE_CLASS ? value : -value;
        }
        return sum;
    }

    /** {@link #logOdds} by walking the node arrays: the reference the heap layout must equal. */
    double logOddsByWalking(double[] features) {
        int[] roots = treeRoots;
        byte[] classes = treeClasses;
        double sum = (double) positiveBaseMargin - (double) negativeBaseMargin;
        for (int t = 0; t < roots.length; t++) {
            double value = leafValues[leaf(roots[t], features)];
            sum += classes[t] == POSITIVE_CLASS ? value : -value;
        }
        return sum;
    }

    /** The leaf that {@code features} reach from {@code node}. */
    private int leaf(int node, double[] features) {
        int[] split = splitFeatures;
        int n = node;
        int feature;
        while ((feature = split[n]) != LEAF) {
            n = goesLeft(n, features[feature]) ? leftChildren[n] : rightChildren[n];
        }
        return n;
    }

    /** XGBoost's decision: missing takes the default direction, else {@code (float) x < threshold}. */
    private boolean goesLeft(int node, double value) {
        if (value != value) {
            return defaultLeft[node];
        }
        return (float) value < thresholds[node];
    }

    @Override
    public void contributions(double[] features, double[] out) {
        if (shapTables == null) {
            contributionsByRecursion(features, out);
            return;
        }
        int n = featureNames.size();
        for (int i = 0; i < n; i++) {
            out[i] = 0.0;
        }
        shapTables.addContributions(features, out, routing, scratch.get().banks, n);
    }

    /** Whether {@link #contributions} looks the Shapley weights up in precomputed per-leaf tables. */
    boolean hasShapTables() {
        return shapTables != null;
    }

    /** {@link #contributions} by Algorithm 2's recursion: what deep trees use, and the tables' reference. */
    void contributionsByRecursion(double[] features, double[] out) {
        int n = featureNames.size();
        for (int i = 0; i < n; i++) {
            out[i] = 0.0;
        }
        ShapPath s = scratch.get();
        for (int t = 0; t < treeRoots.length; t++) {
            recurse(s, features, out, classSign(t), treeRoots[t], 0, 0, 1.0, 1.0, LEAF);
        }
    }

    @Override
    public double baseLogOdds() {
        return baseLogOdds;
    }

    private double classSign(int tree) {
        return treeClasses[tree] == POSITIVE_CLASS ? 1.0 : -1.0;
    }

    /** The cover-weighted mean leaf value below {@code node}: TreeSHAP's expectation with no feature known. */
    private double expectedValue(int node) {
        if (splitFeatures[node] == LEAF) {
            return leafValues[node];
        }
        int left = leftChildren[node];
        int right = rightChildren[node];
        double cover = covers[node];
        return covers[left] / cover * expectedValue(left) + covers[right] / cover * expectedValue(right);
    }

    /**
     * Algorithm 2's RECURSE. The path of unique features from the root to {@code node} is kept in
     * {@code s} as a stack of segments: the parent's path occupies {@code [parentStart,
     * parentStart + parentLength)}, this call copies it just after and extends it by the feature
     * that led here ({@code LEAF} for the root's dummy element), with the fractions of "zero"
     * (feature unknown: cover-weighted) and "one" (feature known: x's branch) paths flowing here.
     */
    private void recurse(
            ShapPath s,
            double[] x,
            double[] out,
            double sign,
            int node,
            int parentStart,
            int parentLength,
            double zeroFraction,
            double oneFraction,
            int feature) {
        int start = parentStart + parentLength;
        int length = ShapPath.enter(s, parentStart, parentLength, zeroFraction, oneFraction, feature);
        int split = splitFeatures[node];
        if (split == LEAF) {
            ShapPath.addLeaf(s, start, length, sign * leafValues[node], out);
            return;
        }
        boolean left = goesLeft(node, x[split]);
        int hot = left ? leftChildren[node] : rightChildren[node];
        int cold = left ? rightChildren[node] : leftChildren[node];
        length = ShapPath.unwindRepeated(s, start, length, split);
        double incomingZero = s.incomingZero;
        double incomingOne = s.incomingOne;
        double cover = covers[node];
        recurse(s, x, out, sign, hot, start, length, incomingZero * covers[hot] / cover, incomingOne, split);
        double coldZero = incomingZero * covers[cold] / cover;
        if (coldZero != 0.0) {
            // A branch with neither "zero" nor "one" flow adds nothing (and would divide by zero).
            recurse(s, x, out, sign, cold, start, length, coldZero, 0.0, split);
        }
    }

    /**
     * Writes the model body (not the schema fingerprint or the feature names, which the artifact
     * header carries), big-endian:
     *
     * <pre>
     *   body version        int16    1
     *   tree count          int32    T
     *   node count          int32    N
     *   base margins        2 x float32   negative, positive
     *   trees               T x (root int32, class int8)
     *   nodes               N x (feature int32, threshold float32, left int32, right int32,
     *                            default-left int8, leaf value float32, cover float32)
     * </pre>
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeShort(BODY_VERSION);
        out.writeInt(treeRoots.length);
        out.writeInt(splitFeatures.length);
        out.writeFloat(negativeBaseMargin);
        out.writeFloat(positiveBaseMargin);
        for (int t = 0; t < treeRoots.length; t++) {
            out.writeInt(treeRoots[t]);
            out.writeByte(treeClasses[t]);
        }
        for (int n = 0; n < splitFeatures.length; n++) {
            out.writeInt(splitFeatures[n]);
            out.writeFloat(thresholds[n]);
            out.writeInt(leftChildren[n]);
            out.writeInt(rightChildren[n]);
            out.writeByte(defaultLeft[n] ? 1 : 0);
            out.writeFloat(leafValues[n]);
            out.writeFloat(covers[n]);
        }
    }

    /**
     * Reads a body written by {@link #write}.
     *
     * @param schemaFingerprint the fingerprint from the artifact header
     * @param featureNames the feature names from the artifact header
     * @throws ArtifactException if the body has an unknown version, impossible counts or malformed trees
     * @throws IOException if the stream fails or ends early
     */
    public static TreeEnsembleModel read(DataInputStream in, String schemaFingerprint, List<String> featureNames)
            throws IOException, ArtifactException {
        int version = in.readUnsignedShort();
        if (version != BODY_VERSION) {
            throw new ArtifactException(
                    "tree ensemble body version " + version + " is not supported; this build reads " + BODY_VERSION);
        }
        int trees = in.readInt();
        int nodes = in.readInt();
        if (trees < 1 || trees > MAX_TREES) {
            throw new ArtifactException("tree ensemble has " + trees + " trees; must be in [1, " + MAX_TREES + "]");
        }
        if (nodes < trees || nodes > MAX_NODES) {
            throw new ArtifactException(
                    "tree ensemble has " + nodes + " nodes; must be in [" + trees + ", " + MAX_NODES + "]");
        }
        float negativeBase = in.readFloat();
        float positiveBase = in.readFloat();
        int[] roots = new int[trees];
        byte[] classes = new byte[trees];
        for (int t = 0; t < trees; t++) {
            roots[t] = in.readInt();
            classes[t] = in.readByte();
        }
        int[] features = new int[nodes];
        float[] thresholds = new float[nodes];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        boolean[] defaultLeft = new boolean[nodes];
        float[] leafValues = new float[nodes];
        float[] covers = new float[nodes];
        for (int n = 0; n < nodes; n++) {
            features[n] = in.readInt();
            thresholds[n] = in.readFloat();
            left[n] = in.readInt();
            right[n] = in.readInt();
            int flag = in.readUnsignedByte();
            if (flag > 1) {
                throw new ArtifactException("default-left flag of node " + n + " must be 0 or 1, was " + flag);
            }
            defaultLeft[n] = flag == 1;
            leafValues[n] = in.readFloat();
            covers[n] = in.readFloat();
        }
        try {
            return new TreeEnsembleModel(
                    schemaFingerprint,
                    featureNames,
                    roots,
                    classes,
                    features,
                    thresholds,
                    left,
                    right,
                    defaultLeft,
                    leafValues,
                    covers,
                    negativeBase,
                    positiveBase);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException("malformed tree ensemble: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeEnsembleModel that
                && schemaFingerprint.equals(that.schemaFingerprint)
                && featureNames.equals(that.featureNames)
                && Arrays.equals(treeRoots, that.treeRoots)
                && Arrays.equals(treeClasses, that.treeClasses)
                && Arrays.equals(splitFeatures, that.splitFeatures)
                && Arrays.equals(thresholds, that.thresholds)
                && Arrays.equals(leftChildren, that.leftChildren)
                && Arrays.equals(rightChildren, that.rightChildren)
                && Arrays.equals(defaultLeft, that.defaultLeft)
                && Arrays.equals(leafValues, that.leafValues)
                && Arrays.equals(covers, that.covers)
                && Float.compare(negativeBaseMargin, that.negativeBaseMargin) == 0
                && Float.compare(positiveBaseMargin, that.positiveBaseMargin) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schemaFingerprint, featureNames, Arrays.hashCode(thresholds), Arrays.hashCode(leafValues));
    }

    @Override
    public String toString() {
        return "TreeEnsembleModel[trees=" + treeRoots.length + ", nodes=" + splitFeatures.length + ", maxDepth="
                + maxDepth + ", features=" + featureNames.size() + ", schema="
                + schemaFingerprint.substring(0, Math.min(12, schemaFingerprint.length())) + "]";
    }
}
