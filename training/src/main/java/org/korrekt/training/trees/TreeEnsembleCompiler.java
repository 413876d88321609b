package org.korrekt.training.trees;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.korrekt.features.model.TreeEnsembleModel;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * Reads a trained Tribuo XGBoost classifier into a {@link TreeEnsembleModel}.
 *
 * <p>The source is the booster's own JSON model ({@code Booster.toByteArray("json")}), not the
 * text dump: the JSON holds every float32 (thresholds, leaf values, hessian sums) in a form that
 * parses back to the identical float, and the tree arrays as XGBoost stores them ({@code
 * split_indices}, {@code split_conditions}, {@code left_children}, {@code right_children}, {@code
 * default_left}, {@code sum_hessian}, and {@code tree_info} for each tree's class). XGBoost's
 * feature {@code k} is Tribuo's feature id {@code k}; its name places it in korrekt's vector.
 * Nodes are renumbered in pre-order, dropping any node the root does not reach.
 */
public final class TreeEnsembleCompiler {

    private TreeEnsembleCompiler() {}

    /**
     * Compiles {@code model}.
     *
     * @param featureNames korrekt's feature names, in vector order; every feature Tribuo knows must be among them
     * @param schemaFingerprint the fingerprint of the schema {@code featureNames} come from
     * @throws IllegalArgumentException if the model is not a two-class {@code multi:softprob} tree
     *     ensemble with numerical splits, or uses a feature not in {@code featureNames}
     */
    public static TreeEnsembleModel compile(
            XGBoostModel<Label> model, List<String> featureNames, String schemaFingerprint) {
        List<Booster> boosters = model.getInnerModels();
        if (boosters.size() != 1) {
            throw new IllegalArgumentException("expected one XGBoost booster, found " + boosters.size());
        }
        Map<String, Object> json;
        try {
            json = parse(boosters.get(0).toByteArray("json"));
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot read the XGBoost model as JSON: " + e.getMessage(), e);
        } finally {
            // getInnerModels() hands out native copies: free them now rather than at finalisation.
            boosters.forEach(Booster::dispose);
        }
        int positiveGroup = model.getOutputIDInfo().getID(GradientBoostedTreesTrainer.POSITIVE);
        int negativeGroup = model.getOutputIDInfo().getID(GradientBoostedTreesTrainer.NEGATIVE);
        if (model.getOutputIDInfo().size() != 2 || positiveGroup < 0 || negativeGroup < 0) {
            throw new IllegalArgumentException("expected labels '0' and '1', found "
                    + model.getOutputIDInfo().getDomain());
        }
        int[] columns = columnsOf(model.getFeatureIDMap(), featureNames);

        Map<String, Object> learner = object(json, "learner");
        Map<String, Object> param = object(learner, "learner_model_param");
        String objective = string(object(learner, "objective"), "name");
        if (!"multi:softprob".equals(objective) || !"2".equals(string(param, "num_class"))) {
            throw new IllegalArgumentException("expected XGBoost objective multi:softprob with 2 classes, found "
                    + objective + " with " + param.get("num_class"));
        }
        float baseScore = Float.parseFloat(string(param, "base_score"));
        Map<String, Object> booster = object(learner, "gradient_booster");
        if (!"gbtree".equals(string(booster, "name"))) {
            throw new IllegalArgumentException("expected the gbtree booster, found " + booster.get("name"));
        }
        Map<String, Object> trees = object(booster, "model");
        List<Object> treeInfo = array(trees, "tree_info");
        List<Object> treeList = array(trees, "trees");
        if (treeInfo.size() != treeList.size()) {
            throw new IllegalArgumentException(
                    "tree_info has " + treeInfo.size() + " entries for " + treeList.size() + " trees");
        }

        Nodes nodes = new Nodes();
        int[] roots = new int[treeList.size()];
        byte[] classes = new byte[treeList.size()];
        for (int t = 0; t < treeList.size(); t++) {
            int group = Integer.parseInt((String) treeInfo.get(t));
            if (group != positiveGroup && group != negativeGroup) {
                throw new IllegalArgumentException("tree " + t + " belongs to unknown class " + group);
            }
            classes[t] = (byte)
                    (group == positiveGroup ? TreeEnsembleModel.POSITIVE_CLASS : TreeEnsembleModel.NEGATIVE_CLASS);
            roots[t] = nodes.size;
            @SuppressWarnings("unchecked")
            Map<String, Object> tree = (Map<String, Object>) treeList.get(t);
            nodes.addTree(new XGBoostTree(tree, t), 0, columns);
        }
        return new TreeEnsembleModel(
                schemaFingerprint,
                featureNames,
                roots,
                classes,
                nodes.features(),
                nodes.thresholds(),
                nodes.lefts(),
                nodes.rights(),
                nodes.defaultLefts(),
                nodes.leafValues(),
                nodes.covers(),
                baseScore,
                baseScore);
    }

    /** For each of Tribuo's feature ids, the index of that feature in korrekt's vector. */
    private static int[] columnsOf(ImmutableFeatureMap featureMap, List<String> featureNames) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            index.put(featureNames.get(i), i);
        }
        int[] columns = new int[featureMap.size()];
        for (int id = 0; id < columns.length; id++) {
            String name = featureMap.get(id).getName();
            Integer column = index.get(name);
            if (column == null) {
                throw new IllegalArgumentException("Tribuo feature '" + name + "' is not among " + featureNames);
            }
            columns[id] = column;
        }
        return columns;
    }

    /** One tree of XGBoost's JSON model: parallel arrays indexed by XGBoost's node id. */
    private static final class XGBoostTree {
        final int[] left;
        final int[] right;
        final int[] split;
        final float[] condition;
        final boolean[] defaultLeft;
        final float[] hessian;
        final int index;

        XGBoostTree(Map<String, Object> tree, int index) {
            this.index = index;
            left = ints(array(tree, "left_children"));
            right = ints(array(tree, "right_children"));
            split = ints(array(tree, "split_indices"));
            condition = floats(array(tree, "split_conditions"));
            hessian = floats(array(tree, "sum_hessian"));
            int[] defaults = ints(array(tree, "default_left"));
            int[] splitTypes = ints(array(tree, "split_type"));
            int n = left.length;
            if (right.length != n
                    || split.length != n
                    || condition.length != n
                    || hessian.length != n
                    || defaults.length != n
                    || splitTypes.length != n) {
                throw new IllegalArgumentException("tree " + index + "'s node arrays differ in length");
            }
            defaultLeft = new boolean[n];
            for (int i = 0; i < n; i++) {
                defaultLeft[i] = defaults[i] != 0;
                if (splitTypes[i] != 0) {
                    throw new IllegalArgumentException("tree " + index + " has a categorical split at node " + i
                            + "; only numerical splits compile");
                }
            }
        }
    }

    /** The compiled node arrays, growing as trees are added. */
    private static final class Nodes {
        private final List<int[]> structure = new ArrayList<>(); // feature, left, right, default-left
        private final List<float[]> values = new ArrayList<>(); // threshold, leaf value, cover
        int size;

        /** Appends the subtree of XGBoost node {@code id} in pre-order; returns its compiled index. */
        int addTree(XGBoostTree tree, int id, int[] columns) {
            if (id < 0 || id >= tree.left.length || size > 50_000_000) {
                throw new IllegalArgumentException(
                        "tree " + tree.index + " refers to node " + id + " outside its " + tree.left.length + " nodes");
            }
            int at = size++;
            if (tree.left[id] == -1) {
                structure.add(new int[] {TreeEnsembleModel.LEAF, -1, -1, 0});
                values.add(new float[] {0f, tree.condition[id], tree.hessian[id]});
                return at;
            }
            int splitIndex = tree.split[id];
            if (splitIndex < 0 || splitIndex >= columns.length) {
                throw new IllegalArgumentException(
                        "tree " + tree.index + " splits on unknown XGBoost feature " + splitIndex);
            }
            int[] node = {columns[splitIndex], 0, 0, tree.defaultLeft[id] ? 1 : 0};
            structure.add(node);
            values.add(new float[] {tree.condition[id], 0f, tree.hessian[id]});
            node[1] = addTree(tree, tree.left[id], columns);
            node[2] = addTree(tree, tree.right[id], columns);
            return at;
        }

        int[] features() {
            return column(0);
        }

        int[] lefts() {
            return column(1);
        }

        int[] rights() {
            return column(2);
        }

        boolean[] defaultLefts() {
            boolean[] out = new boolean[size];
            for (int i = 0; i < size; i++) {
                out[i] = structure.get(i)[3] != 0;
            }
            return out;
        }

        float[] thresholds() {
            return floatColumn(0);
        }

        float[] leafValues() {
            return floatColumn(1);
        }

        float[] covers() {
            return floatColumn(2);
        }

        private int[] column(int c) {
            int[] out = new int[size];
            for (int i = 0; i < size; i++) {
                out[i] = structure.get(i)[c];
            }
            return out;
        }

        private float[] floatColumn(int c) {
            float[] out = new float[size];
            for (int i = 0; i < size; i++) {
                out[i] = values.get(i)[c];
            }
            return out;
        }
    }

    // A minimal JSON reader: objects become maps, arrays lists, and every scalar its text, so that
    // each float is parsed once, straight from XGBoost's shortest round-trip form, by Float.parseFloat.

    private static Map<String, Object> parse(byte[] json) throws IOException {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("XGBoost model JSON does not start with an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) value(parser);
            return root;
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                object.put(name, value(parser));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                array.add(value(parser));
            }
            return array;
        }
        if (token == null) {
            throw new IOException("XGBoost model JSON ends early");
        }
        return parser.getText();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        if (!(parent.get(name) instanceof Map)) {
            throw new IllegalArgumentException("XGBoost model JSON lacks object '" + name + "'");
        }
        return (Map<String, Object>) parent.get(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> array(Map<String, Object> parent, String name) {
        if (!(parent.get(name) instanceof List)) {
            throw new IllegalArgumentException("XGBoost model JSON lacks array '" + name + "'");
        }
        return (List<Object>) parent.get(name);
    }

    private static String string(Map<String, Object> parent, String name) {
        if (!(parent.get(name) instanceof String)) {
            throw new IllegalArgumentException("XGBoost model JSON lacks value '" + name + "'");
        }
        return (String) parent.get(name);
    }

    private static int[] ints(List<Object> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.parseInt((String) values.get(i));
        }
        return out;
    }

    private static float[] floats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat((String) values.get(i));
        }
        return out;
    }
}
