package org.korrekt.features.model;

/**
 * TreeSHAP's path (Lundberg, Erion and Lee 2018, "Consistent individualized feature attribution for
 * tree ensembles", Algorithm 2): the unique features on the way from a tree's root to a node, with
 * the fractions of "zero" paths (feature unknown: cover-weighted) and "one" paths (feature known:
 * the row's branch) that flow through each, and the Shapley weights of feature subsets by size. The
 * recursion keeps the path of every node on the way down as a stack of segments in one set of
 * arrays; the static methods are the algorithm's EXTEND and UNWIND and what is built from them.
 *
 * <p>One instance is per-thread storage, sized for the deepest tree; {@link TreeEnsembleModel} and
 * {@link SmileForestModel} route rows through their own trees and share this algebra. Not
 * thread-safe.
 */
final class ShapPath {

    /** The deepest tree a path can describe; both compiled tree models refuse deeper ones. */
    static final int MAX_DEPTH = 64;

    final int[] feature;
    final double[] zero;
    final double[] one;
    final double[] weight;
    /** {@link LeafShapTables}' per-row accumulators. */
    final double[] banks;
    /** What {@link #unwindRepeated} hands back: the fractions a repeated feature carries on. */
    double incomingZero;

    double incomingOne;

    /**
     * @param capacity elements of all the segments a walk can stack
     * @param features the model's feature count, for {@link LeafShapTables}' accumulators (0 without tables)
     */
    ShapPath(int capacity, int features) {
        banks = new double[LeafShapTables.BANKS * features];
        feature = new int[capacity];
        zero = new double[capacity];
        one = new double[capacity];
        weight = new double[capacity];
    }

    /**
     * Opens a node of Algorithm 2's walk: copies the parent's path ({@code parentLength} elements
     * at {@code parentStart}) just after it and extends it by the split that led here, with the
     * fractions of "zero" and "one" paths flowing in. Returns the new path's length; it starts at
     * {@code parentStart + parentLength}.
     */
    static int enter(
            ShapPath s, int parentStart, int parentLength, double zeroFraction, double oneFraction, int feature) {
        int start = parentStart + parentLength;
        // paths are a few elements long: a plain loop beats four System.arraycopy calls
        int[] pathFeature = s.feature;
        double[] zero = s.zero;
        double[] one = s.one;
        double[] weight = s.weight;
        for (int i = 0; i < parentLength; i++) {
            pathFeature[start + i] = pathFeature[parentStart + i];
            zero[start + i] = zero[parentStart + i];
            one[start + i] = one[parentStart + i];
            weight[start + i] = weight[parentStart + i];
        }
        extend(s, start, parentLength, zeroFraction, oneFraction, feature);
        return parentLength + 1;
    }

    /** At a leaf: adds each path feature's share of the leaf's {@code value} to {@code out}. */
    static void addLeaf(ShapPath s, int start, int length, double value, double[] out) {
        for (int i = 1; i < length; i++) {
            double w = unwoundSum(s, start, length, i);
            int p = start + i;
            out[s.feature[p]] += w * (s.one[p] - s.zero[p]) * value;
        }
    }

    /**
     * Before following a split on {@code feature}: if the path already holds it (split on above),
     * undoes its earlier extension and leaves its fractions in {@code s.incomingZero} and {@code
     * s.incomingOne} to carry on; otherwise leaves 1 and 1 there. Returns the path's length.
     */
    static int unwindRepeated(ShapPath s, int start, int length, int feature) {
        s.incomingZero = 1.0;
        s.incomingOne = 1.0;
        for (int i = 1; i < length; i++) {
            if (s.feature[start + i] == feature) {
                s.incomingZero = s.zero[start + i];
                s.incomingOne = s.one[start + i];
                unwind(s, start, length, i);
                return length - 1;
            }
        }
        return length;
    }

    /**
     * EXTEND: appends an element to the path of {@code length} elements at {@code start} and
     * updates the weights, where weight {@code i} is the Shapley-weighted share of feature subsets
     * of size {@code i} among the path's features.
     */
    static void extend(ShapPath s, int start, int length, double zeroFraction, double oneFraction, int feature) {
        int last = start + length;
        s.feature[last] = feature;
        s.zero[last] = zeroFraction;
        s.one[last] = oneFraction;
        s.weight[last] = length == 0 ? 1.0 : 0.0;
        double[] w = s.weight;
        // multiplications by reciprocals: divisions would form a long dependent chain
        double one = oneFraction * RECIPROCALS[length + 1];
        double zero = zeroFraction * RECIPROCALS[length + 1];
        for (int i = length - 1; i >= 0; i--) {
            w[start + i + 1] += one * w[start + i] * (i + 1);
            w[start + i] = zero * w[start + i] * (length - i);
        }
    }

    /** {@code 1.0 / k} for every path length TreeSHAP can meet (index 0 unused). */
    private static final double[] RECIPROCALS = new double[MAX_DEPTH + 4];

    static {
        for (int k = 1; k < RECIPROCALS.length; k++) {
            RECIPROCALS[k] = 1.0 / k;
        }
    }

    /** UNWIND: removes element {@code index} from the path, inverting its {@link #extend}. */
    static void unwind(ShapPath s, int start, int length, int index) {
        int last = length - 1;
        double one = s.one[start + index];
        double zero = s.zero[start + index];
        double[] w = s.weight;
        double next = w[start + last];
        if (one != 0.0) {
            double up = length / one;
            double down = zero * RECIPROCALS[length];
            for (int j = last - 1; j >= 0; j--) {
                double previous = w[start + j];
                w[start + j] = next * up * RECIPROCALS[j + 1];
                next = previous - w[start + j] * down * (last - j);
            }
        } else {
            double up = length / zero;
            for (int j = last - 1; j >= 0; j--) {
                w[start + j] = w[start + j] * up * RECIPROCALS[last - j];
            }
        }
        for (int j = index; j < last; j++) {
            s.feature[start + j] = s.feature[start + j + 1];
            s.zero[start + j] = s.zero[start + j + 1];
            s.one[start + j] = s.one[start + j + 1];
        }
    }

    /** The sum of the weights {@link #unwind} would leave, without changing the path. */
    static double unwoundSum(ShapPath s, int start, int length, int index) {
        int last = length - 1;
        double one = s.one[start + index];
        double zero = s.zero[start + index];
        double[] w = s.weight;
        double next = w[start + last];
        double total = 0.0;
        if (one != 0.0) {
            double up = length / one;
            double down = zero * RECIPROCALS[length];
            for (int j = last - 1; j >= 0; j--) {
                double unwound = next * up * RECIPROCALS[j + 1];
                total += unwound;
                next = w[start + j] - unwound * down * (last - j);
            }
        } else {
            double up = length / zero;
            for (int j = last - 1; j >= 0; j--) {
                total += w[start + j] * up * RECIPROCALS[last - j];
            }
        }
        return total;
    }
}
