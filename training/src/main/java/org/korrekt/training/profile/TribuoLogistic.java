package org.korrekt.training.profile;

import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.training.train.LogisticRegressionProfileTrainer;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * The logistic-regression component: Tribuo's linear SGD with log loss on standardised features,
 * weighted rows, compiled into a {@link LogisticRegressionModel}. A missing value (NaN) is given
 * to Tribuo as 0 on the standardised scale, its training mean, which is what the compiled model
 * does with NaN.
 *
 * @param tribuo the model as Tribuo trained it
 * @param compiled the same model in korrekt's artifact form
 * @param maxDifference the largest |compiled - Tribuo| probability over the rows checked
 * @param rowsChecked how many rows were checked
 */
record TribuoLogistic(LinearSGDModel tribuo, LogisticRegressionModel compiled, double maxDifference, int rowsChecked) {

    /**
     * Trains on {@code rows} of {@code data} with row weights, then checks the compiled model
     * against Tribuo on {@code check} rows.
     */
    static TribuoLogistic train(
            ProfileData data, int[] rows, double[] weights, int[] check, ProfileDefinition.Logistic config, long seed) {
        FeatureSchema schema = data.schema();
        int d = schema.size();
        double[] means = new double[d];
        double[] scales = new double[d];
        standardisation(data.x(), rows, means, scales);
        String[] names = schema.names().toArray(new String[0]);
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset =
                new MutableDataset<>(new SimpleDataSourceProvenance("korrekt profile rows", labels), labels);
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            Example<Label> example = example(data.x()[r], data.label()[r], names, means, scales);
            example.setWeight((float) weights[i]);
            dataset.add(example);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(config.learningRate(), 0.1), config.epochs(), rows.length, 1, seed);
        LinearSGDModel model = trainer.train(dataset);
        LogisticRegressionModel compiled = LogisticRegressionProfileTrainer.compile(model, schema, means, scales);
        double max = 0;
        for (int r : check) {
            double tribuo = LogisticRegressionProfileTrainer.tribuoProbability(
                    model, example(data.x()[r], data.label()[r], names, means, scales));
            max = Math.max(max, Math.abs(tribuo - compiled.score(data.x()[r])));
        }
        if (!(max <= LogisticRegressionProfileTrainer.EQUALITY_TOLERANCE)) {
            throw new IllegalStateException("compiled logistic regression differs from Tribuo by " + max);
        }
        return new TribuoLogistic(model, compiled, max, check.length);
    }

    static Example<Label> example(double[] raw, boolean positive, String[] names, double[] means, double[] scales) {
        double[] standardised = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            double v = raw[i];
            standardised[i] = v != v ? 0 : (v - means[i]) / scales[i];
        }
        return new ArrayExample<>(
                positive ? LogisticRegressionProfileTrainer.POSITIVE : LogisticRegressionProfileTrainer.NEGATIVE,
                names,
                standardised);
    }

    /** Mean and standard deviation of each feature over {@code rows}, ignoring NaN; a constant feature gets scale 1. */
    static void standardisation(double[][] x, int[] rows, double[] means, double[] scales) {
        int d = means.length;
        long[] counts = new long[d];
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                double v = x[r][i];
                if (v == v) {
                    counts[i]++;
                    means[i] += v;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            means[i] = counts[i] > 0 ? means[i] / counts[i] : 0;
        }
        for (int r : rows) {
            for (int i = 0; i < d; i++) {
                double v = x[r][i];
                if (v == v) {
                    scales[i] += (v - means[i]) * (v - means[i]);
                }
            }
        }
        for (int i = 0; i < d; i++) {
            double sd = counts[i] > 1 ? Math.sqrt(scales[i] / (counts[i] - 1)) : 0;
            scales[i] = sd > 0 ? sd : 1;
        }
    }
}
