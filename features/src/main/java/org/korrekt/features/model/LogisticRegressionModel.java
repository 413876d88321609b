package org.korrekt.features.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A binary logistic regression over standardised features:
 * {@code p = 1 / (1 + exp(-(bias + sum_i weight[i] * (x[i] - mean[i]) / scale[i])))}.
 *
 * <p>The standardisation is part of the model, so the caller passes raw features. A missing
 * value (NaN) is taken at its training mean, so it contributes nothing. Immutable and
 * thread-safe; scoring allocates nothing.
 */
public final class LogisticRegressionModel implements CompiledModel {

    private final String schemaFingerprint;
    private final List<String> featureNames;
    private final double[] weights;
    private final double[] means;
    private final double[] scales;
    private final double bias;
    /** Each weight over its scale: the log-odds per unit of the raw feature (no division per score). */
    private final double[] perUnit;

    /**
     * @param schemaFingerprint fingerprint of the schema the model was trained on
     * @param featureNames the schema's feature names, in vector order
     * @param weights one weight per feature, on the standardised scale
     * @param means the training mean of each feature
     * @param scales the divisor of each feature (its training standard deviation), all positive
     * @param bias the intercept
     */
    public LogisticRegressionModel(
            String schemaFingerprint,
            List<String> featureNames,
            double[] weights,
            double[] means,
            double[] scales,
            double bias) {
        this.schemaFingerprint = Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        this.featureNames = List.copyOf(featureNames);
        int n = this.featureNames.size();
        if (weights.length != n || means.length != n || scales.length != n) {
            throw new IllegalArgumentException("weights, means and scales must have one entry per feature (" + n
                    + "), had " + weights.length + ", " + means.length + " and " + scales.length);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(weights[i]) || !Double.isFinite(means[i])) {
                throw new IllegalArgumentException(
                        "weight and mean of feature " + this.featureNames.get(i) + " must be finite");
            }
            if (!(scales[i] > 0) || !Double.isFinite(scales[i])) {
                throw new IllegalArgumentException(
                        "scale of feature " + this.featureNames.get(i) + " must be finite and > 0, was " + scales[i]);
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be finite, was " + bias);
        }
        this.weights = weights.clone();
        this.means = means.clone();
        this.scales = scales.clone();
        this.bias = bias;
        this.perUnit = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            perUnit[i] = weights[i] / scales[i];
        }
    }

    @Override
    public String schemaFingerprint() {
        return schemaFingerprint;
    }

    @Override
    public int featureCount() {
        return weights.length;
    }

    /** The feature names, in vector order. */
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public double score(double[] features) {
        return sigmoid(logOdds(features));
    }

    /** The model's log-odds for {@code features}. */
    public double logOdds(double[] features) {
        double[] w = perUnit;
        double[] m = means;
        double sum = bias;
        for (int i = 0; i < w.length; i++) {
            double v = features[i];
            if (v == v) { // a missing value (NaN) is taken at its mean: it contributes nothing
                sum += (v - m[i]) * w[i];
            }
        }
        return sum;
    }

    @Override
    public void contributions(double[] features, double[] out) {
        double[] w = weights;
        double[] m = means;
        double[] s = scales;
        for (int i = 0; i < w.length; i++) {
            double v = features[i];
            out[i] = v == v ? w[i] * ((v - m[i]) / s[i]) : 0;
        }
    }

    @Override
    public double baseLogOdds() {
        return bias;
    }

    /** A copy of the weights, on the standardised scale. */
    public double[] weights() {
        return weights.clone();
    }

    /** A copy of the feature means. */
    public double[] means() {
        return means.clone();
    }

    /** A copy of the feature scales. */
    public double[] scales() {
        return scales.clone();
    }

    /** The intercept. */
    public double bias() {
        return bias;
    }

    /** The logistic function, written so that neither tail overflows. */
    static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1.0 + e);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogisticRegressionModel that
                && schemaFingerprint.equals(that.schemaFingerprint)
                && featureNames.equals(that.featureNames)
                && Arrays.equals(weights, that.weights)
                && Arrays.equals(means, that.means)
                && Arrays.equals(scales, that.scales)
                && Double.compare(bias, that.bias) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(schemaFingerprint, featureNames, Arrays.hashCode(weights), bias);
    }

    @Override
    public String toString() {
        return "LogisticRegressionModel[features=" + featureNames.size() + ", schema="
                + schemaFingerprint.substring(0, Math.min(12, schemaFingerprint.length())) + "]";
    }
}
