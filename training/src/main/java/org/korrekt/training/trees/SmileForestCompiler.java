package org.korrekt.training.trees;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import org.korrekt.features.model.SmileForestModel;
import smile.base.cart.DecisionNode;
import smile.base.cart.InternalNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.classification.DecisionTree;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.classification.SoftClassifier;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.regression.RegressionTree;

/**
 * Reads a trained Smile 2.6 binary classifier, a {@link RandomForest} or a {@link
 * GradientTreeBoost}, into korrekt's flat-array {@link SmileForestModel}.
 *
 * <p>The models must have been trained by {@link #formula()} on a frame built like {@link
 * #dataFrame}: numeric (double) feature columns, so every split is ordinal, and the response coded
 * 0 (negative) and 1 (positive), so that Smile's class index 1 is the positive class. Each tree's
 * own predictor schema places its features in korrekt's vector by name. Nodes are renumbered in
 * pre-order, the "true" ({@code x <= value}) child first.
 *
 * <p>Smile 2.6 keeps three numbers without an accessor: an ordinal split's value ({@code
 * OrdinalNode.value}) and gradient boosting's intercept and shrinkage ({@code b}, {@code
 * shrinkage}). The compiler reads them by reflection, read-only; the version is pinned to 2.6.x
 * (3.0 is GPL and banned by the build), and the equality tests would catch a change of layout.
 */
public final class SmileForestCompiler {

    /** The response column of {@link #dataFrame}: 1 for an incorrect payment, 0 for a correct one. */
    public static final String RESPONSE = "korrekt_response";

    private static final Field SPLIT_VALUE = field(OrdinalNode.class, "value");
    private static final Field INTERCEPT = field(GradientTreeBoost.class, "b");
    private static final Field SHRINKAGE = field(GradientTreeBoost.class, "shrinkage");

    private SmileForestCompiler() {}

    /** The formula the models are trained with: {@link #RESPONSE} against every other column. */
    public static Formula formula() {
        return Formula.lhs(RESPONSE);
    }

    /**
     * A Smile frame of the feature columns, named and ordered as {@code featureNames}, followed by
     * the response {@link #RESPONSE} (1 where {@code y} is true).
     *
     * @throws IllegalArgumentException if the rows and labels differ in number, a row has another
     *     width, or a value is NaN (Smile 2.6 cannot train on missing values)
     */
    public static DataFrame dataFrame(double[][] x, boolean[] y, List<String> featureNames) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length + " labels");
        }
        if (featureNames.contains(RESPONSE)) {
            throw new IllegalArgumentException("a feature may not be named " + RESPONSE);
        }
        int width = featureNames.size();
        int[] response = new int[y.length];
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != width) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + x[i].length + " features, the names " + width);
            }
            for (int f = 0; f < width; f++) {
                if (Double.isNaN(x[i][f])) {
                    throw new IllegalArgumentException("row " + i + " has NaN in " + featureNames.get(f)
                            + "; Smile 2.6 cannot train on missing values");
                }
            }
            response[i] = y[i] ? 1 : 0;
        }
        return DataFrame.of(x, featureNames.toArray(new String[0])).merge(IntVector.of(RESPONSE, response));
    }

    /**
     * Smile's probability of the positive class for one feature vector: {@code posteriori[1]} of
     * {@code model.predict(tuple, posteriori)}.
     *
     * @param schema the schema of the training frame's feature columns ({@code frame.schema()} minus
     *     the response, e.g. {@code formula().x(frame).schema()})
     */
    public static double smileProbability(SoftClassifier<Tuple> model, double[] x, StructType schema) {
        double[] posteriori = new double[2];
        model.predict(Tuple.of(x, schema), posteriori);
        return posteriori[1];
    }

    /**
     * Compiles a random forest.
     *
     * @param featureNames korrekt's feature names, in vector order; every predictor the forest knows must be among them
     * @param schemaFingerprint the fingerprint of the schema {@code featureNames} come from
     * @throws IllegalArgumentException if a tree has a nominal split or a leaf of more than two
     *     classes, or uses a feature not in {@code featureNames}
     */
    public static SmileForestModel compile(RandomForest model, List<String> featureNames, String schemaFingerprint) {
        RandomForest.Model[] models = model.models();
        Nodes nodes = new Nodes();
        int[] roots = new int[models.length];
        double[] weights = new double[models.length];
        for (int t = 0; t < models.length; t++) {
            roots[t] = nodes.size;
            weights[t] = models[t].weight;
            DecisionTree tree = models[t].tree;
            nodes.add(tree.root(), columnsOf(tree.schema(), featureNames));
        }
        return SmileForestModel.randomForest(
                schemaFingerprint,
                featureNames,
                roots,
                weights,
                nodes.features(),
                nodes.thresholds(),
                nodes.lefts(),
                nodes.rights(),
                nodes.sizes(),
                nodes.values());
    }

    /**
     * Compiles a two-class gradient-boosted ensemble.
     *
     * @param featureNames korrekt's feature names, in vector order; every predictor the ensemble knows must be among them
     * @param schemaFingerprint the fingerprint of the schema {@code featureNames} come from
     * @throws IllegalArgumentException if the ensemble has more than two classes, a tree has a
     *     nominal split, or uses a feature not in {@code featureNames}
     */
    public static SmileForestModel compile(
            GradientTreeBoost model, List<String> featureNames, String schemaFingerprint) {
        RegressionTree[] trees = model.trees();
        if (trees == null) {
            throw new IllegalArgumentException("expected a two-class gradient-boosted ensemble, found more classes");
        }
        Nodes nodes = new Nodes();
        int[] roots = new int[trees.length];
        for (int t = 0; t < trees.length; t++) {
            roots[t] = nodes.size;
            nodes.add(trees[t].root(), columnsOf(trees[t].schema(), featureNames));
        }
        double intercept;
        double shrinkage;
        try {
            intercept = INTERCEPT.getDouble(model);
            shrinkage = SHRINKAGE.getDouble(model);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read GradientTreeBoost's intercept and shrinkage", e);
        }
        return SmileForestModel.gradientBoosting(
                schemaFingerprint,
                featureNames,
                roots,
                intercept,
                shrinkage,
                nodes.features(),
                nodes.thresholds(),
                nodes.lefts(),
                nodes.rights(),
                nodes.sizes(),
                nodes.values());
    }

    /** Where each of a tree's predictor columns sits in korrekt's vector. */
    private static int[] columnsOf(StructType predictors, List<String> featureNames) {
        int[] columns = new int[predictors.length()];
        for (int c = 0; c < columns.length; c++) {
            String name = predictors.field(c).name;
            columns[c] = featureNames.indexOf(name);
            if (columns[c] < 0) {
                throw new IllegalArgumentException(
                        "the model uses feature '" + name + "', which is not among " + featureNames);
            }
        }
        return columns;
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExceptionInInitializerError("Smile 2.6's " + type.getName() + "." + name
                    + " is not readable; is another Smile version on the class path? " + e);
        }
    }

    /** Growable node arrays, filled in pre-order. */
    private static final class Nodes {
        private int size;
        private int[] features = new int[1024];
        private double[] thresholds = new double[1024];
        private int[] lefts = new int[1024];
        private int[] rights = new int[1024];
        private int[] sizes = new int[1024];
        private double[] values = new double[1024];

        /** Appends {@code node} and its subtree; returns its index. */
        int add(Node node, int[] columns) {
            int index = size++;
            if (index == features.length) {
                int capacity = features.length * 2;
                features = Arrays.copyOf(features, capacity);
                thresholds = Arrays.copyOf(thresholds, capacity);
                lefts = Arrays.copyOf(lefts, capacity);
                rights = Arrays.copyOf(rights, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
                values = Arrays.copyOf(values, capacity);
            }
            sizes[index] = node.size();
            if (node instanceof DecisionNode leaf) {
                int[] count = leaf.count();
                if (count.length != 2) {
                    throw new IllegalArgumentException("expected two classes, a leaf has " + count.length);
                }
                setLeaf(index, count[1]);
            } else if (node instanceof RegressionNode leaf) {
                setLeaf(index, leaf.output());
            } else if (node instanceof OrdinalNode split) {
                features[index] = columns[split.feature()];
                try {
                    thresholds[index] = SPLIT_VALUE.getDouble(split);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot read an ordinal split's value", e);
                }
                values[index] = 0;
                // Into locals first: the recursion may replace the arrays.
                int left = add(split.trueChild(), columns);
                int right = add(split.falseChild(), columns);
                lefts[index] = left;
                rights[index] = right;
            } else if (node instanceof InternalNode) {
                throw new IllegalArgumentException("only ordinal (numeric) splits are supported, found a "
                        + node.getClass().getSimpleName() + " on a nominal feature");
            } else {
                throw new IllegalArgumentException(
                        "unknown Smile node type " + node.getClass().getName());
            }
            return index;
        }

        private void setLeaf(int index, double value) {
            features[index] = SmileForestModel.LEAF;
            thresholds[index] = 0;
            lefts[index] = -1;
            rights[index] = -1;
            values[index] = value;
        }

        int[] features() {
            return Arrays.copyOf(features, size);
        }

        double[] thresholds() {
            return Arrays.copyOf(thresholds, size);
        }

        int[] lefts() {
            return Arrays.copyOf(lefts, size);
        }

        int[] rights() {
            return Arrays.copyOf(rights, size);
        }

        int[] sizes() {
            return Arrays.copyOf(sizes, size);
        }

        double[] values() {
            return Arrays.copyOf(values, size);
        }
    }
}
