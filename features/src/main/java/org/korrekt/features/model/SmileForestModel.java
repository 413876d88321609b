package org.korrekt.features.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A binary classifier of axis-parallel decision trees as trained by Smile 2.6, compiled into flat
 * arrays: a random forest ({@code smile.classification.RandomForest}) or a gradient-boosted
 * ensemble ({@code smile.classification.GradientTreeBoost}). The compiled model does not depend on
 * Smile; it reproduces, operation for operation, the probability of the positive class that
 * Smile's {@code predict(x, posteriori)} writes into {@code posteriori[1]} when the response was
 * coded 0 (negative) and 1 (positive).
 *
 * <h2>Layout</h2>
 *
 * Nodes of all trees sit in parallel arrays indexed by node number, each tree in a contiguous
 * range starting at its root ({@code treeRoots[t]}), in pre-order, so a child always has a larger
 * index than its parent. An internal node splits on {@code splitFeatures[i]} at {@code
 * thresholds[i]} and has children {@code leftChildren[i]} and {@code rightChildren[i]}; a leaf has
 * split feature {@link #LEAF} and children {@code -1}. {@code sizes[i]} is the number of training
 * samples that reached node {@code i} (with their bootstrap multiplicity, for a random forest).
 * {@code leafValues[i]} is a leaf's payload: for a random forest the number of positive training
 * samples at the leaf, for gradient boosting the leaf's regression output; 0 for internal nodes.
 *
 * <h2>Routing</h2>
 *
 * Smile's ordinal split: a value goes to the left ("true") child when {@code x <= threshold} in
 * double, else right. So a value exactly on the threshold goes left, {@code -0.0} and {@code 0.0}
 * go the same way, and {@code NaN} (which Smile 2.6 cannot train on) goes right, as in Smile.
 * Nominal (categorical) splits are not supported: korrekt's feature vectors are numeric.
 *
 * <h2>Random forest</h2>
 *
 * Each leaf's class probabilities are Smile's Laplace-smoothed frequencies {@code p_j = (n_j + 1)
 * / (n + 2)} ({@code n_j} the class count, {@code n} the leaf size). The forest sums {@code w_t *
 * p_tj} over trees in order, per class, with {@code w_t} the tree's weight (Smile's out-of-bag
 * accuracy of the tree), and normalises by the L1 norm: {@code p = s_1 / (|s_0| + |s_1|)}. The
 * products {@code w_t * p_tj} are computed once, at construction, with the same double operations,
 * so the sums are bit for bit Smile's.
 *
 * <h2>Gradient boosting</h2>
 *
 * Smile's binary gradient boosting fits regression trees to the logistic loss with labels in
 * {-1, 1}: {@code y = b + sum_t shrinkage * f_t(x)} (trees in order, {@code b} the intercept, half
 * the training log-odds), and the probability of the positive class is {@code 1 - 1 / (1 +
 * exp(2y))}. The products {@code shrinkage * f_t} are computed once, at construction, and the
 * exponential is {@link Math#exp} as in Smile, so on the same JVM the result is bit for bit
 * Smile's (HotSpot's {@code Math.exp} may differ from {@link StrictMath#exp} by one ulp, so another
 * JVM can differ from this one by an ulp or two in the probability; both are the same model).
 *
 * <h2>Explanations</h2>
 *
 * Gradient boosting's log-odds {@code 2y} is a sum over trees, so {@link #contributions} gives
 * its exact path-dependent TreeSHAP values (Lundberg, Erion and Lee 2018, "Consistent
 * individualized feature attribution for tree ensembles", Algorithm 2), with {@link #sizes()} as
 * the covers: {@link #baseLogOdds()}, twice the intercept plus each tree's size-weighted expected
 * output, plus the contributions equals {@code 2y}. A random forest's log-odds {@code log(s_1 /
 * s_0)} is not additive over trees, so no per-tree decomposition is exact, and {@link
 * #contributions} throws {@link UnsupportedOperationException} for one; its {@link #baseLogOdds()}
 * is the log-odds of the size-weighted expected leaf payloads.
 *
 * <p>Immutable and thread-safe. {@link #score} allocates nothing; {@link #contributions}
 * allocates its path buffers per call (the challenger it serves is never on the scoring path).
 */
public final class SmileForestModel implements CompiledModel {

    /** The split feature of a leaf. */
    public static final int LEAF = -1;

    /** Format version of {@link #write}'s body. */
    public static final int BODY_VERSION = 1;

    private static final int MAX_TREES = 100_000;
    private static final int MAX_NODES = 50_000_000;
    private static final int MAX_DEPTH = ShapPath.MAX_DEPTH;

    /** Which Smile ensemble the model was compiled from; decides how leaves combine. */
    public enum Kind {
        /** {@code smile.classification.RandomForest}: weighted, normalised leaf probabilities. */
        RANDOM_FOREST(1),
        /** {@code smile.classification.GradientTreeBoost}: a logistic of the boosted sum. */
        GRADIENT_BOOSTING(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        /** The kind's byte in the serialized body. */
        public int code() {
            return code;
        }

        static Kind of(int code) throws ArtifactException {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new ArtifactException("unknown Smile ensemble kind " + code + "; this build reads 1 and 2");
        }
    }

    private final String schemaFingerprint;
    private final List<String> featureNames;
    private final Kind kind;
    private final int[] treeRoots;
    private final double[] treeWeights;
    private final double intercept;
    private final double shrinkage;
    private final int[] splitFeatures;
    private final double[] thresholds;
    private final int[] leftChildren;
    private final int[] rightChildren;
    private final int[] sizes;
    private final double[] leafValues;

    // Derived at construction: what each leaf adds on the hot path.
    /** Random forest: {@code w_t * p_t0} per leaf. Unused for gradient boosting. */
    private final double[] negativeVotes;
    /** Random forest: {@code w_t * p_t1} per leaf; gradient boosting: {@code shrinkage * f_t}. */
    private final double[] positiveVotes;

    private final int maxDepth;
    private final double baseLogOdds;

    private SmileForestModel(
            String schemaFingerprint,
            List<String> featureNames,
            Kind kind,
            int[] treeRoots,
            double[] treeWeights,
            double intercept,
            double shrinkage,
            int[] splitFeatures,
            double[] thresholds,
            int[] leftChildren,
            int[] rightChildren,
            int[] sizes,
            double[] leafValues) {
        this.schemaFingerprint = Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        this.featureNames = List.copyOf(featureNames);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.treeRoots = treeRoots.clone();
        this.treeWeights = treeWeights.clone();
        this.intercept = intercept;
        this.shrinkage = shrinkage;
        this.splitFeatures = splitFeatures.clone();
        this.thresholds = thresholds.clone();
        this.leftChildren = leftChildren.clone();
        this.rightChildren = rightChildren.clone();
        this.sizes = sizes.clone();
        this.leafValues = leafValues.clone();
        this.maxDepth = validate();
        int nodes = splitFeatures.length;
        this.negativeVotes = new double[nodes];
        this.positiveVotes = new double[nodes];
        for (int t = 0; t < this.treeRoots.length; t++) {
            int end = t + 1 < this.treeRoots.length ? this.treeRoots[t + 1] : nodes;
            for (int i = this.treeRoots[t]; i < end; i++) {
                if (this.splitFeatures[i] != LEAF) {
                    continue;
                }
                if (kind == Kind.RANDOM_FOREST) {
                    // Smile's DecisionNode.posteriori: (count + 1) / (size + k), k = 2 classes.
                    int positives = (int) this.leafValues[i];
                    double denominator = (double) ((long) this.sizes[i] + 2);
                    double negative = (double) (this.sizes[i] - positives + 1) / denominator;
                    double positive = (double) (positives + 1) / denominator;
                    negativeVotes[i] = this.treeWeights[t] * negative;
                    positiveVotes[i] = this.treeWeights[t] * positive;
                } else {
                    positiveVotes[i] = shrinkage * this.leafValues[i];
                }
            }
        }
        this.baseLogOdds = expectedLogOdds();
    }

    /**
     * A compiled Smile 2.6 random forest.
     *
     * @param schemaFingerprint fingerprint of the schema the model was trained on
     * @param featureNames the schema's feature names, in vector order
     * @param treeRoots the root node of each tree: {@code treeRoots[0] == 0}, strictly increasing
     * @param treeWeights per tree, Smile's weight (finite, >= 0; their sum > 0)
     * @param splitFeatures per node, the feature index it splits on, or {@link #LEAF}
     * @param thresholds per node, the split value ({@code x <= threshold} goes left); 0 for leaves
     * @param leftChildren per node, the left ("true") child, or -1 for a leaf
     * @param rightChildren per node, the right ("false") child, or -1 for a leaf
     * @param sizes per node, the training samples that reached it (>= 1)
     * @param leafValues per node, the positive training samples at a leaf (an integer in [0,
     *     size]); 0 for internal nodes
     * @throws IllegalArgumentException naming the first tree, node or array that breaks the layout
     */
    public static SmileForestModel randomForest(
            String schemaFingerprint,
            List<String> featureNames,
            int[] treeRoots,
            double[] treeWeights,
            int[] splitFeatures,
            double[] thresholds,
            int[] leftChildren,
            int[] rightChildren,
            int[] sizes,
            double[] leafValues) {
        return new SmileForestModel(
                schemaFingerprint,
                featureNames,
                Kind.RANDOM_FOREST,
                treeRoots,
                treeWeights,
                0.0,
                1.0,
                splitFeatures,
                thresholds,
                leftChildren,
                rightChildren,
                sizes,
                leafValues);
    }

    /**
     * A compiled Smile 2.6 binary gradient-boosted ensemble.
     *
     * @param schemaFingerprint fingerprint of the schema the model was trained on
     * @param featureNames the schema's feature names, in vector order
     * @param treeRoots the root node of each tree: {@code treeRoots[0] == 0}, strictly increasing
     * @param intercept Smile's {@code b}, the boosted sum before any tree (finite)
     * @param shrinkage Smile's learning rate (finite, > 0)
     * @param splitFeatures per node, the feature index it splits on, or {@link #LEAF}
     * @param thresholds per node, the split value ({@code x <= threshold} goes left); 0 for leaves
     * @param leftChildren per node, the left ("true") child, or -1 for a leaf
     * @param rightChildren per node, the right ("false") child, or -1 for a leaf
     * @param sizes per node, the training samples that reached it (>= 1)
     * @param leafValues per node, a leaf's regression output (finite); 0 for internal nodes
     * @throws IllegalArgumentException naming the first tree, node or array that breaks the layout
     */
    public static SmileForestModel gradientBoosting(
            String schemaFingerprint,
            List<String> featureNames,
            int[] treeRoots,
            double intercept,
            double shrinkage,
            int[] splitFeatures,
            double[] thresholds,
            int[] leftChildren,
            int[] rightChildren,
            int[] sizes,
            double[] leafValues) {
        double[] weights = new double[treeRoots.length];
        Arrays.fill(weights, 1.0);
        return new SmileForestModel(
                schemaFingerprint,
                featureNames,
                Kind.GRADIENT_BOOSTING,
                treeRoots,
                weights,
                intercept,
                shrinkage,
                splitFeatures,
                thresholds,
                leftChildren,
                rightChildren,
                sizes,
                leafValues);
    }

    /** Checks the structure and returns the depth of the deepest leaf (a lone root has depth 0). */
    private int validate() {
        int nodes = splitFeatures.length;
        int trees = treeRoots.length;
        if (trees < 1 || trees > MAX_TREES) {
            throw new IllegalArgumentException("tree count must be in [1, " + MAX_TREES + "], was " + trees);
        }
        if (treeWeights.length != trees) {
            throw new IllegalArgumentException(
                    "treeWeights must have one entry per tree (" + trees + "), had " + treeWeights.length);
        }
        if (nodes > MAX_NODES) {
            throw new IllegalArgumentException("node count must be <= " + MAX_NODES + ", was " + nodes);
        }
        if (thresholds.length != nodes
                || leftChildren.length != nodes
                || rightChildren.length != nodes
                || sizes.length != nodes
                || leafValues.length != nodes) {
            throw new IllegalArgumentException("node arrays must have one entry per node (" + nodes
                    + "), had thresholds " + thresholds.length + ", leftChildren " + leftChildren.length
                    + ", rightChildren " + rightChildren.length + ", sizes " + sizes.length + ", leafValues "
                    + leafValues.length);
        }
        if (!Double.isFinite(intercept)) {
            throw new IllegalArgumentException("intercept must be finite, was " + intercept);
        }
        if (!(shrinkage > 0) || !Double.isFinite(shrinkage)) {
            throw new IllegalArgumentException("shrinkage must be finite and > 0, was " + shrinkage);
        }
        double weightSum = 0;
        for (int t = 0; t < trees; t++) {
            if (!(treeWeights[t] >= 0) || !Double.isFinite(treeWeights[t])) {
                throw new IllegalArgumentException(
                        "weight of tree " + t + " must be finite and >= 0, was " + treeWeights[t]);
            }
            weightSum += treeWeights[t];
        }
        if (!(weightSum > 0)) {
            throw new IllegalArgumentException("tree weights must not all be 0");
        }
        int features = featureNames.size();
        if (features < 1) {
            throw new IllegalArgumentException("featureNames must name at least 1 feature, named 0");
        }
        int[] depth = new int[nodes];
        int[] parents = new int[nodes];
        int deepest = 0;
        for (int t = 0; t < trees; t++) {
            int start = treeRoots[t];
            int end = t + 1 < trees ? treeRoots[t + 1] : nodes;
            if ((t == 0 && start != 0) || start >= end || end > nodes) {
                throw new IllegalArgumentException("tree " + t + " must start at node " + (t == 0 ? "0" : "> previous")
                        + " and hold at least one node, starts at " + start + " and ends at " + end);
            }
            for (int n = start; n < end; n++) {
                if (n > start && parents[n] != 1) {
                    throw new IllegalArgumentException(
                            "node " + n + " of tree " + t + " must have exactly one parent, has " + parents[n]);
                }
                if (sizes[n] < 1) {
                    throw new IllegalArgumentException("size of node " + n + " must be >= 1, was " + sizes[n]);
                }
                int feature = splitFeatures[n];
                if (feature == LEAF) {
                    if (leftChildren[n] != -1 || rightChildren[n] != -1) {
                        throw new IllegalArgumentException("leaf " + n + " must have children -1, had "
                                + leftChildren[n] + " and " + rightChildren[n]);
                    }
                    checkLeafValue(n);
                    deepest = Math.max(deepest, depth[n]);
                    continue;
                }
                if (feature < 0 || feature >= features) {
                    throw new IllegalArgumentException("split feature of node " + n + " must be -1 (leaf) or in [0, "
                            + features + "), was " + feature);
                }
                if (!Double.isFinite(thresholds[n])) {
                    throw new IllegalArgumentException(
                            "threshold of node " + n + " must be finite, was " + thresholds[n]);
                }
                if (leafValues[n] != 0) {
                    throw new IllegalArgumentException(
                            "leaf value of internal node " + n + " must be 0, was " + leafValues[n]);
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

    private void checkLeafValue(int n) {
        double value = leafValues[n];
        if (kind == Kind.RANDOM_FOREST) {
            if (!(value >= 0 && value <= sizes[n]) || value != Math.rint(value)) {
                throw new IllegalArgumentException(
                        "positive count of leaf " + n + " must be an integer in [0, " + sizes[n] + "], was " + value);
            }
        } else if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("output of leaf " + n + " must be finite, was " + value);
        }
    }

    /** The log-odds of the size-weighted expected payloads, for {@link #baseLogOdds()}. */
    private double expectedLogOdds() {
        if (kind == Kind.GRADIENT_BOOSTING) {
            double y = intercept;
            for (int root : treeRoots) {
                y += shrinkage * expectedLeafValue(root, leafValues);
            }
            return 2 * y;
        }
        double negative = 0;
        double positive = 0;
        for (int t = 0; t < treeRoots.length; t++) {
            negative += expectedLeafValue(treeRoots[t], negativeVotes);
            positive += expectedLeafValue(treeRoots[t], positiveVotes);
        }
        return Math.log(positive) - Math.log(negative);
    }

    /** The size-weighted mean of {@code values} over the leaves below {@code node}. */
    private double expectedLeafValue(int node, double[] values) {
        if (splitFeatures[node] == LEAF) {
            return values[node];
        }
        int left = leftChildren[node];
        int right = rightChildren[node];
        double size = sizes[left] + (double) sizes[right];
        return sizes[left] / size * expectedLeafValue(left, values)
                + sizes[right] / size * expectedLeafValue(right, values);
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

    /** Which Smile ensemble this is. */
    public Kind kind() {
        return kind;
    }

    /** The number of trees. */
    public int treeCount() {
        return treeRoots.length;
    }

    /** The number of nodes over all trees. */
    public int nodeCount() {
        return splitFeatures.length;
    }

    /** The depth of the deepest leaf; a tree that is a single leaf has depth 0. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Gradient boosting's intercept {@code b}; 0 for a random forest. */
    public double intercept() {
        return intercept;
    }

    /** Gradient boosting's shrinkage; 1 for a random forest. */
    public double shrinkage() {
        return shrinkage;
    }

    /** A copy of each tree's weight (all 1 for gradient boosting). */
    public double[] treeWeights() {
        return treeWeights.clone();
    }

    /** A copy of each node's split feature ({@link #LEAF} for leaves), trees in order, nodes in pre-order. */
    public int[] splitFeatures() {
        return splitFeatures.clone();
    }

    /** A copy of each node's split value (0 for leaves), in {@link #splitFeatures()} order. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    /** A copy of each node's training sample count, in {@link #splitFeatures()} order. */
    public int[] sizes() {
        return sizes.clone();
    }

    /**
     * Smile's probability of the positive class, {@code posteriori[1]} of its {@code predict(x,
     * posteriori)}.
     *
     * @param features a vector at least {@link #featureCount()} long; {@code NaN} goes right at every split
     */
    @Override
    public double score(double[] features) {
        return kind == Kind.RANDOM_FOREST ? forestProbability(features) : boostingProbability(features);
    }

    private double forestProbability(double[] x) {
        int[] roots = treeRoots;
        double[] negatives = negativeVotes;
        double[] positives = positiveVotes;
        double negative = 0.0;
        double positive = 0.0;
        for (int t = 0; t < roots.length; t++) {
            int leaf = leaf(roots[t], x);
            negative += negatives[leaf];
            positive += positives[leaf];
        }
        // Smile's MathEx.unitize1: divide by the L1 norm, summed from 0 in class order.
        return positive / (Math.abs(negative) + Math.abs(positive));
    }

    private double boostingProbability(double[] x) {
        double y = boostedSum(x);
        double negative = 1.0 / (1.0 + Math.exp(2.0 * y));
        return 1.0 - negative;
    }

    /**
     * Gradient boosting's {@code y = b + sum_t shrinkage * f_t(x)}, summed as Smile sums it; the
     * model's log-odds is {@code 2y}.
     *
     * @throws IllegalStateException for a random forest
     */
    public double boostedSum(double[] features) {
        if (kind != Kind.GRADIENT_BOOSTING) {
            throw new IllegalStateException("a random forest has no boosted sum");
        }
        int[] roots = treeRoots;
        double[] values = positiveVotes;
        double y = intercept;
        for (int t = 0; t < roots.length; t++) {
            y += values[leaf(roots[t], features)];
        }
        return y;
    }

    /** The leaf that {@code x} reaches from {@code node}: Smile's {@code x <= value} goes left. */
    private int leaf(int node, double[] x) {
        int[] split = splitFeatures;
        double[] threshold = thresholds;
        int[] left = leftChildren;
        int[] right = rightChildren;
        int n = node;
        int feature;
        while ((feature = split[n]) != LEAF) {
            n = x[feature] <= threshold[n] ? left[n] : right[n];
        }
        return n;
    }

    /**
     * Gradient boosting: each feature's exact TreeSHAP contribution to the log-odds {@code 2y}; see
     * the class comment ("Explanations").
     *
     * @throws UnsupportedOperationException for a random forest, whose log-odds is not additive over trees
     */
    @Override
    public void contributions(double[] features, double[] out) {
        if (kind != Kind.GRADIENT_BOOSTING) {
            throw new UnsupportedOperationException("per-feature contributions are not defined for a compiled Smile "
                    + kind + ": its log-odds is not additive over trees");
        }
        int n = featureNames.size();
        java.util.Arrays.fill(out, 0, n, 0.0);
        // one path segment per level, each as long as the unique features above it plus one
        int capacity = (maxDepth + 2) * (maxDepth + 3) / 2;
        // the path algebra (EXTEND, UNWIND, their sums) is ShapPath's, shared with the XGBoost ensemble
        ShapPath path = new ShapPath(capacity, 0);
        for (int root : treeRoots) {
            treeShap(root, features, out, path, 0, 0, 1, 1, LEAF);
        }
        for (int i = 0; i < n; i++) {
            out[i] *= 2;
        }
    }

    /**
     * Algorithm 2's recursion at {@code node}: copies the parent's path ({@code length} elements from
     * {@code from}) into a segment of its own, extends it by the split that led here, and at a leaf
     * adds each path feature's share of the leaf's output to {@code phi}.
     */
    private void treeShap(
            int node,
            double[] x,
            double[] phi,
            ShapPath p,
            int from,
            int length,
            double zero,
            double one,
            int feature) {
        int s = from + length;
        int l = ShapPath.enter(p, from, length, zero, one, feature);
        int split = splitFeatures[node];
        if (split == LEAF) {
            ShapPath.addLeaf(p, s, l, positiveVotes[node], phi);
            return;
        }
        int left = leftChildren[node];
        int right = rightChildren[node];
        boolean goesLeft = x[split] <= thresholds[node]; // NaN goes right, as in score
        int hot = goesLeft ? left : right;
        int cold = goesLeft ? right : left;
        double cover = sizes[left] + (double) sizes[right]; // as expectedLeafValue weighs the children
        l = ShapPath.unwindRepeated(p, s, l, split);
        double incomingZero = p.incomingZero;
        double incomingOne = p.incomingOne;
        treeShap(hot, x, phi, p, s, l, incomingZero * sizes[hot] / cover, incomingOne, split);
        treeShap(cold, x, phi, p, s, l, incomingZero * sizes[cold] / cover, 0, split);
    }

    /** The log-odds of the size-weighted expected leaf payloads of every tree. */
    @Override
    public double baseLogOdds() {
        return baseLogOdds;
    }

    /**
     * Writes the model body (not the schema fingerprint or the feature names, which an artifact
     * header carries), big-endian:
     *
     * <pre>
     *   body version        int16    1
     *   kind                int8     1 random forest, 2 gradient boosting
     *   tree count          int32    T
     *   node count          int32    N
     *   -- random forest --
     *   trees               T x (root int32, weight float64)
     *   -- gradient boosting --
     *   intercept           float64
     *   shrinkage           float64
     *   trees               T x root int32
     *   -- both --
     *   nodes               N x (feature int32, threshold float64, left int32, right int32,
     *                            size int32, leaf value float64)
     * </pre>
     */
    public void write(DataOutputStream out) throws IOException {
        out.writeShort(BODY_VERSION);
        out.writeByte(kind.code());
        out.writeInt(treeRoots.length);
        out.writeInt(splitFeatures.length);
        if (kind == Kind.RANDOM_FOREST) {
            for (int t = 0; t < treeRoots.length; t++) {
                out.writeInt(treeRoots[t]);
                out.writeDouble(treeWeights[t]);
            }
        } else {
            out.writeDouble(intercept);
            out.writeDouble(shrinkage);
            for (int root : treeRoots) {
                out.writeInt(root);
            }
        }
        for (int n = 0; n < splitFeatures.length; n++) {
            out.writeInt(splitFeatures[n]);
            out.writeDouble(thresholds[n]);
            out.writeInt(leftChildren[n]);
            out.writeInt(rightChildren[n]);
            out.writeInt(sizes[n]);
            out.writeDouble(leafValues[n]);
        }
    }

    /**
     * Reads a body written by {@link #write}.
     *
     * @param schemaFingerprint the fingerprint from the artifact header
     * @param featureNames the feature names from the artifact header
     * @throws ArtifactException if the body has an unknown version or kind, impossible counts or malformed trees
     * @throws IOException if the stream fails or ends early
     */
    public static SmileForestModel read(DataInputStream in, String schemaFingerprint, List<String> featureNames)
            throws IOException, ArtifactException {
        int version = in.readUnsignedShort();
        if (version != BODY_VERSION) {
            throw new ArtifactException(
                    "Smile ensemble body version " + version + " is not supported; this build reads " + BODY_VERSION);
        }
        Kind kind = Kind.of(in.readUnsignedByte());
        int trees = in.readInt();
        int nodes = in.readInt();
        if (trees < 1 || trees > MAX_TREES) {
            throw new ArtifactException("Smile ensemble has " + trees + " trees; must be in [1, " + MAX_TREES + "]");
        }
        if (nodes < trees || nodes > MAX_NODES) {
            throw new ArtifactException(
                    "Smile ensemble has " + nodes + " nodes; must be in [" + trees + ", " + MAX_NODES + "]");
        }
        int[] roots = new int[trees];
        double[] weights = new double[trees];
        double intercept = 0.0;
        double shrinkage = 1.0;
        if (kind == Kind.RANDOM_FOREST) {
            for (int t = 0; t < trees; t++) {
                roots[t] = in.readInt();
                weights[t] = in.readDouble();
            }
        } else {
            intercept = in.readDouble();
            shrinkage = in.readDouble();
            for (int t = 0; t < trees; t++) {
                roots[t] = in.readInt();
            }
        }
        int[] features = new int[nodes];
        double[] thresholds = new double[nodes];
        int[] left = new int[nodes];
        int[] right = new int[nodes];
        int[] sizes = new int[nodes];
        double[] values = new double[nodes];
        for (int n = 0; n < nodes; n++) {
            features[n] = in.readInt();
            thresholds[n] = in.readDouble();
            left[n] = in.readInt();
            right[n] = in.readInt();
            sizes[n] = in.readInt();
            values[n] = in.readDouble();
        }
        try {
            return kind == Kind.RANDOM_FOREST
                    ? randomForest(
                            schemaFingerprint,
                            featureNames,
                            roots,
                            weights,
                            features,
                            thresholds,
                            left,
                            right,
                            sizes,
                            values)
                    : gradientBoosting(
                            schemaFingerprint,
                            featureNames,
                            roots,
                            intercept,
                            shrinkage,
                            features,
                            thresholds,
                            left,
                            right,
                            sizes,
                            values);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException("malformed Smile ensemble: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SmileForestModel that
                && kind == that.kind
                && schemaFingerprint.equals(that.schemaFingerprint)
                && featureNames.equals(that.featureNames)
                && Arrays.equals(treeRoots, that.treeRoots)
                && Arrays.equals(treeWeights, that.treeWeights)
                && Double.compare(intercept, that.intercept) == 0
                && Double.compare(shrinkage, that.shrinkage) == 0
                && Arrays.equals(splitFeatures, that.splitFeatures)
                && Arrays.equals(thresholds, that.thresholds)
                && Arrays.equals(leftChildren, that.leftChildren)
                && Arrays.equals(rightChildren, that.rightChildren)
                && Arrays.equals(sizes, that.sizes)
                && Arrays.equals(leafValues, that.leafValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                kind, schemaFingerprint, featureNames, Arrays.hashCode(thresholds), Arrays.hashCode(leafValues));
    }

    @Override
    public String toString() {
        return "SmileForestModel[kind=" + kind + ", trees=" + treeRoots.length + ", nodes=" + splitFeatures.length
                + ", maxDepth=" + maxDepth + ", features=" + featureNames.size() + ", schema="
                + schemaFingerprint.substring(0, Math.min(12, schemaFingerprint.length())) + "]";
    }
}
