package org.korrekt.training.trees;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.korrekt.features.model.TreeEnsembleModel;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a gradient-boosted tree classifier with Tribuo's XGBoost trainer and compiles it into a
 * {@link TreeEnsembleModel}.
 *
 * <p><b>Missing values.</b> A NaN feature value is left out of the row's Tribuo {@link Example},
 * so XGBoost's sparse (CSR) matrix has no entry for it and XGBoost treats it as missing: it learns
 * a default direction per split and sends missing values that way. The compiled model sends NaN
 * the same way. (Tribuo refuses NaN feature values, so omission is the only way to say "missing".)
 *
 * <p><b>Zeros.</b> Tribuo keeps an explicit 0.0 (or -0.0) feature in the example and passes it to
 * XGBoost as a stored entry, so a zero is an ordinary value, compared with the threshold like any
 * other; it is not missing. The compiled model agrees, and the equality test proves it on rows full
 * of exact zeros.
 *
 * <p><b>Weights.</b> Each row's sample weight becomes the Tribuo example's weight (a float32),
 * which Tribuo hands to XGBoost as the DMatrix weight: it scales the row's gradient and hessian.
 *
 * <p>Tribuo trains with XGBoost's {@code multi:softprob} objective, so each boosting round grows
 * one tree for each of the two labels; the compiled model keeps both and takes the difference of
 * their margins as the log-odds. The histogram tree method ({@code hist}) keeps training on 100,000
 * rows to seconds. Not thread-safe: XGBoost training is serialised by Tribuo anyway.
 */
public final class GradientBoostedTreesTrainer {

    /** The positive label: an incorrect payment. */
    public static final Label POSITIVE = new Label("1");
    /** The negative label: a correct payment. */
    public static final Label NEGATIVE = new Label("0");

    private final TreeHyperparameters hyperparameters;

    /** @param hyperparameters how to train */
    public GradientBoostedTreesTrainer(TreeHyperparameters hyperparameters) {
        this.hyperparameters = Objects.requireNonNull(hyperparameters, "hyperparameters");
    }

    /** The hyperparameters this trainer uses. */
    public TreeHyperparameters hyperparameters() {
        return hyperparameters;
    }

    /**
     * Trains on {@code x} and compiles the result.
     *
     * @param x one feature vector per row, laid out by {@code featureNames}; NaN marks a missing value
     * @param y per row, whether it is positive (an incorrect payment)
     * @param weights per row, its sample weight: finite, >= 0, stored as float32
     * @param featureNames the feature names, in vector order, distinct
     * @param schemaFingerprint the fingerprint of the feature schema {@code x} follows
     * @throws IllegalArgumentException if the lengths disagree, a weight is invalid, a row has no
     *     present feature, or the rows hold one class only
     */
    public TrainedTreeEnsemble train(
            double[][] x, boolean[] y, double[] weights, List<String> featureNames, String schemaFingerprint) {
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        String[] names = featureNames.toArray(new String[0]);
        Set<String> distinct = new HashSet<>(featureNames);
        if (distinct.size() != names.length || names.length == 0) {
            throw new IllegalArgumentException("featureNames must be non-empty and distinct, were " + featureNames);
        }
        if (y.length != x.length || weights.length != x.length) {
            throw new IllegalArgumentException("x, y and weights must have one entry per row, had " + x.length + ", "
                    + y.length + " and " + weights.length);
        }
        int positives = 0;
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("korrekt tree training rows (" + x.length + ")", labels), labels);
        for (int row = 0; row < x.length; row++) {
            if (x[row].length != names.length) {
                throw new IllegalArgumentException(
                        "row " + row + " has " + x[row].length + " features, expected " + names.length);
            }
            double weight = weights[row];
            if (!(weight >= 0) || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("weight of row " + row + " must be finite and >= 0, was " + weight);
            }
            Example<Label> example = example(x[row], names, y[row] ? POSITIVE : NEGATIVE, (float) weight);
            if (example.size() == 0) {
                throw new IllegalArgumentException(
                        "row " + row + " has every feature missing; Tribuo cannot represent an empty example");
            }
            dataset.add(example);
            positives += y[row] ? 1 : 0;
        }
        if (positives == 0 || positives == x.length) {
            throw new IllegalArgumentException("the rows hold only one class (" + positives + " positive of " + x.length
                    + "); a classifier needs both");
        }
        TreeHyperparameters h = hyperparameters;
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(
                BoosterType.GBTREE,
                TreeMethod.HIST,
                h.trees(),
                h.eta(),
                0.0, // gamma: no minimum loss reduction
                h.maxDepth(),
                h.minChildWeight(),
                h.subsample(),
                h.colsampleByTree(),
                h.lambda(),
                0.0, // alpha: no L1 penalty
                h.threads(),
                LoggingVerbosity.SILENT,
                h.seed());
        XGBoostModel<Label> model = trainer.train(dataset);
        TreeEnsembleModel compiled = TreeEnsembleCompiler.compile(model, featureNames, schemaFingerprint);
        return new TrainedTreeEnsemble(model, compiled, schemaFingerprint);
    }

    /**
     * The Tribuo example of a feature vector: every non-NaN feature, by name; NaN features are left
     * out, which XGBoost reads as missing. Zeros are kept.
     */
    public static Example<Label> example(double[] x, String[] names, Label label, float weight) {
        ArrayExample<Label> example = new ArrayExample<>(label, weight, names.length);
        for (int i = 0; i < names.length; i++) {
            if (!Double.isNaN(x[i])) {
                example.add(names[i], x[i]);
            }
        }
        return example;
    }

    /**
     * Tribuo's probability of the positive label for {@code x}.
     *
     * @throws IllegalArgumentException if every feature of {@code x} is NaN (Tribuo cannot predict
     *     an empty example; the compiled model can)
     */
    public static double tribuoProbability(Model<Label> model, double[] x, String[] names) {
        return model.predict(example(x, names, LabelFactory.UNKNOWN_LABEL, 1.0f))
                .getOutputScores()
                .get(POSITIVE.getLabel())
                .getScore();
    }

    /**
     * Tribuo's probabilities of the positive label for many rows, predicted as one batch (one
     * XGBoost matrix; the same predictor as {@link #tribuoProbability}, much faster).
     *
     * @throws IllegalArgumentException if a row has every feature NaN
     */
    public static double[] tribuoProbabilities(Model<Label> model, double[][] rows, String[] names) {
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (double[] x : rows) {
            examples.add(example(x, names, LabelFactory.UNKNOWN_LABEL, 1.0f));
        }
        List<Prediction<Label>> predictions = model.predict(examples);
        double[] probabilities = new double[rows.length];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = predictions
                    .get(i)
                    .getOutputScores()
                    .get(POSITIVE.getLabel())
                    .getScore();
        }
        return probabilities;
    }
}
