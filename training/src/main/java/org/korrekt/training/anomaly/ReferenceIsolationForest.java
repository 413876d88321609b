package org.korrekt.training.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.korrekt.features.model.IsolationForestModel;

/**
 * A straightforward isolation forest with node objects, written to read like the paper (Liu, Ting
 * and Zhou 2008, algorithms 1 to 3) rather than to be fast: the yardstick that {@link
 * IsolationForestTrainer} and the compiled {@link IsolationForestModel} are proved equal to.
 *
 * <p>It makes the same random draws in the same order as {@link IsolationForestTrainer} (see
 * there), so the same seed and rows grow the same trees. Immutable once grown.
 */
public final class ReferenceIsolationForest {

    /** A node of an isolation tree. */
    public sealed interface Node permits Internal, External {}

    /**
     * An internal node: points with {@code x[feature] <= splitValue} go left, others right, and a
     * missing value goes left when {@code missingLeft}.
     */
    public record Internal(int feature, double splitValue, boolean missingLeft, Node left, Node right)
            implements Node {}

    /** An external node (leaf) reached by {@code size} training points. */
    public record External(int size) implements Node {}

    private final List<Node> trees;
    private final int features;
    private final int sampleSize;

    private ReferenceIsolationForest(List<Node> trees, int features, int sampleSize) {
        this.trees = List.copyOf(trees);
        this.features = features;
        this.sampleSize = sampleSize;
    }

    /** Grows a forest on {@code rows} as {@code config} says. */
    public static ReferenceIsolationForest grow(double[][] rows, IsolationForestConfig config) {
        int features = IsolationForestTrainer.checkRows(rows);
        int n = rows.length;
        int psi = config.effectiveSampleSize(n);
        int heightLimit = (int) Math.ceil(Math.log(psi) / Math.log(2) - 1e-12);
        SplittableRandom root = new SplittableRandom(config.seed());
        List<Node> trees = new ArrayList<>();
        for (int t = 0; t < config.trees(); t++) {
            SplittableRandom random = root.split();
            List<double[]> all = new ArrayList<>(List.of(rows));
            List<double[]> sample = new ArrayList<>();
            for (int i = 0; i < psi; i++) {
                int j = i + random.nextInt(n - i);
                double[] picked = all.get(j);
                all.set(j, all.get(i));
                all.set(i, picked);
                sample.add(picked);
            }
            trees.add(iTree(sample, 0, heightLimit, features, random));
        }
        return new ReferenceIsolationForest(trees, features, psi);
    }

    /** Algorithm 2, iTree(X, e, l), with the missing-value rule. */
    private static Node iTree(
            List<double[]> points, int depth, int heightLimit, int features, SplittableRandom random) {
        if (depth >= heightLimit || points.size() <= 1) {
            return new External(points.size());
        }
        List<Integer> varying = new ArrayList<>();
        for (int f = 0; f < features; f++) {
            double[] range = range(points, f);
            if (range[0] < range[1]) {
                varying.add(f);
            }
        }
        if (varying.isEmpty()) {
            return new External(points.size());
        }
        int feature = varying.get(random.nextInt(varying.size()));
        double[] range = range(points, feature);
        double split = range[0] + random.nextDouble() * (range[1] - range[0]);
        if (split >= range[1]) {
            split = range[0];
        }
        split += 0.0;
        List<double[]> below = new ArrayList<>();
        List<double[]> above = new ArrayList<>();
        List<double[]> missing = new ArrayList<>();
        for (double[] point : points) {
            double v = point[feature];
            if (Double.isNaN(v)) {
                missing.add(point);
            } else if (v <= split) {
                below.add(point);
            } else {
                above.add(point);
            }
        }
        boolean missingLeft = below.size() >= above.size();
        (missingLeft ? below : above).addAll(missing);
        Node left = iTree(below, depth + 1, heightLimit, features, random);
        Node right = iTree(above, depth + 1, heightLimit, features, random);
        return new Internal(feature, split, missingLeft, left, right);
    }

    /** The minimum and maximum of the present values of {@code feature}, or NaNs when none is present. */
    private static double[] range(List<double[]> points, int feature) {
        double min = Double.NaN;
        double max = Double.NaN;
        for (double[] point : points) {
            double v = point[feature];
            if (Double.isNaN(v)) {
                continue;
            }
            if (Double.isNaN(min) || v < min) {
                min = v;
            }
            if (Double.isNaN(max) || v > max) {
                max = v;
            }
        }
        return new double[] {min, max};
    }

    /** The trees, each as its root node. */
    public List<Node> trees() {
        return trees;
    }

    /** The number of features the forest was grown on. */
    public int featureCount() {
        return features;
    }

    /** The sub-sample size {@code psi} the trees were grown on. */
    public int sampleSize() {
        return sampleSize;
    }

    /** Algorithm 3, PathLength(x, T, e), averaged over the trees. */
    public double pathLength(double[] x) {
        double sum = 0;
        for (Node tree : trees) {
            sum += pathLength(x, tree, 0);
        }
        return sum / trees.size();
    }

    private static double pathLength(double[] x, Node node, int e) {
        if (node instanceof External leaf) {
            return e + IsolationForestModel.averagePathLength(leaf.size());
        }
        Internal split = (Internal) node;
        double v = x[split.feature()];
        boolean goLeft = Double.isNaN(v) ? split.missingLeft() : v <= split.splitValue();
        return pathLength(x, goLeft ? split.left() : split.right(), e + 1);
    }

    /** The anomaly score {@code 2^(-E[h(x)] / c(psi))} (equation 2). */
    public double anomalyScore(double[] x) {
        double c = IsolationForestModel.averagePathLength(sampleSize);
        return c == 0 ? 1 : Math.pow(2, -pathLength(x) / c);
    }

    /** Compiles the forest into korrekt's flat {@link IsolationForestModel}, nodes in pre-order. */
    public IsolationForestModel compile() {
        return new Compiler().compile(this);
    }

    /** Lays the node objects out in pre-order arrays. */
    private static final class Compiler {
        private final List<Node> order = new ArrayList<>();

        IsolationForestModel compile(ReferenceIsolationForest forest) {
            int[] roots = new int[forest.trees.size()];
            for (int t = 0; t < roots.length; t++) {
                roots[t] = order.size();
                visit(forest.trees.get(t));
            }
            int n = order.size();
            int[] feature = new int[n];
            double[] value = new double[n];
            int[] left = new int[n];
            int[] right = new int[n];
            boolean[] missingLeft = new boolean[n];
            int[] subtreeSize = new int[n];
            for (int i = n - 1; i >= 0; i--) {
                Node node = order.get(i);
                if (node instanceof External leaf) {
                    feature[i] = -1;
                    value[i] = IsolationForestModel.averagePathLength(leaf.size());
                    left[i] = -1;
                    right[i] = -1;
                    subtreeSize[i] = 1;
                } else {
                    Internal split = (Internal) node;
                    feature[i] = split.feature();
                    value[i] = split.splitValue();
                    missingLeft[i] = split.missingLeft();
                    left[i] = i + 1;
                    right[i] = i + 1 + subtreeSize[i + 1];
                    subtreeSize[i] = 1 + subtreeSize[left[i]] + subtreeSize[right[i]];
                }
            }
            return new IsolationForestModel(
                    forest.features, forest.sampleSize, roots, feature, value, left, right, missingLeft);
        }

        private void visit(Node node) {
            order.add(node);
            if (node instanceof Internal split) {
                visit(split.left());
                visit(split.right());
            }
        }
    }
}
