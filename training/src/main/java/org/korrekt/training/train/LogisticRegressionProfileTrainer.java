package org.korrekt.training.train;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import org.korrekt.features.FeatureCatalogue;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ScoreDistribution;
import org.tribuo.Example;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.VariableIDInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains a logistic-regression selection profile with Tribuo and compiles it into a {@link
 * LogisticRegressionModel}.
 *
 * <p>Features are standardised with the training rows' means and standard deviations before
 * Tribuo sees them; the compiled model holds the same means and scales and standardises raw
 * features itself. Tribuo trains binary logistic regression as a two-class softmax, so the
 * compiled weights are the difference of the positive and negative class rows: softmax over two
 * classes equals the logistic function of that difference.
 *
 * <p>Every trained profile is checked against Tribuo on all test rows: if any compiled
 * probability differs from Tribuo's by more than {@link #EQUALITY_TOLERANCE}, training fails.
 */
public final class LogisticRegressionProfileTrainer {

    /** Largest accepted |compiled - Tribuo| probability. */
    public static final double EQUALITY_TOLERANCE = 1e-9;

    /** The positive label: an incorrect payment. */
    public static final Label POSITIVE = new Label("1");
    /** The negative label: a correct payment. */
    public static final Label NEGATIVE = new Label("0");

    private final FeatureSchema schema;
    private final TrainingConfig config;

    /**
     * @param schema the schema of the rows' feature vectors
     * @throws org.korrekt.features.ProtectedFeatureException if the schema has a protected or undeclared feature
     * @param config how to train
     */
    public LogisticRegressionProfileTrainer(FeatureSchema schema, TrainingConfig config) {
        // Protected attributes and undeclared features never become model inputs.
        FeatureCatalogue.requireModelInputs(schema);
        this.schema = schema;
        this.config = config;
    }

    /**
     * Splits {@code rows} by time, trains on the older part and evaluates on the newer.
     *
     * @param progress told the number of test rows checked against Tribuo so far
     * @throws IllegalArgumentException if a split has no rows or the training rows have one class only
     * @throws IllegalStateException if the compiled model differs from Tribuo's predictions
     */
    public TrainedProfile train(List<LabelledRow> rows, IntConsumer progress) {
        List<LabelledRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(LabelledRow::submittedOn));
        if (sorted.size() < 10) {
            throw new IllegalArgumentException("training needs at least 10 rows, had " + sorted.size());
        }
        LocalDate splitDate = sorted.get((int) Math.floor(sorted.size() * (1 - config.testShare())))
                .submittedOn();
        List<LabelledRow> train = new ArrayList<>();
        List<LabelledRow> test = new ArrayList<>();
        for (LabelledRow row : sorted) {
            (row.submittedOn().isBefore(splitDate) ? train : test).add(row);
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("the time split at " + splitDate + " leaves " + train.size()
                    + " training and " + test.size() + " test rows; both must be non-empty");
        }
        long trainPositives = train.stream().filter(LabelledRow::incorrect).count();
        if (trainPositives == 0 || trainPositives == train.size()) {
            throw new IllegalArgumentException("the training rows hold only one class (" + trainPositives
                    + " incorrect of " + train.size() + "); a classifier needs both");
        }

        Standardizer standardizer = new Standardizer(schema.size());
        train.forEach(row -> standardizer.add(row.features()));
        double[] means = standardizer.means();
        double[] scales = standardizer.scales();
        String[] names = schema.names().toArray(new String[0]);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("korrekt training rows before " + splitDate, labels), labels);
        for (LabelledRow row : train) {
            dataset.add(example(row, names, means, scales));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(
                new LogMulticlass(),
                new AdaGrad(config.learningRate(), 0.1),
                config.epochs(),
                train.size(), // logging interval: once per epoch
                1,
                config.seed());
        LinearSGDModel tribuoModel = trainer.train(dataset);
        LogisticRegressionModel compiled = compile(tribuoModel, schema, means, scales);

        double[] scores = new double[test.size()];
        boolean[] outcomes = new boolean[test.size()];
        double maxDifference = 0;
        for (int i = 0; i < test.size(); i++) {
            LabelledRow row = test.get(i);
            scores[i] = compiled.score(row.features());
            outcomes[i] = row.incorrect();
            double tribuo = tribuoProbability(tribuoModel, example(row, names, means, scales));
            maxDifference = Math.max(maxDifference, Math.abs(tribuo - scores[i]));
            progress.accept(i + 1);
        }
        if (!(maxDifference <= EQUALITY_TOLERANCE)) {
            throw new IllegalStateException("compiled model differs from Tribuo by " + maxDifference
                    + " on the test rows, more than the tolerance " + EQUALITY_TOLERANCE);
        }
        ProfileMetrics metrics = new ProfileMetrics(
                BinaryMetrics.rocAuc(scores, outcomes),
                BinaryMetrics.brier(scores, outcomes),
                BinaryMetrics.logLoss(scores, outcomes),
                BinaryMetrics.positiveRate(outcomes),
                BinaryMetrics.precisionAtTopShare(scores, outcomes, 0.01),
                BinaryMetrics.precisionAtTopShare(scores, outcomes, 0.05),
                maxDifference);
        return new TrainedProfile(
                config,
                schema,
                tribuoModel,
                compiled,
                splitDate,
                train.size(),
                test.size(),
                metrics,
                DecisionThresholds.fromScores(scores),
                ScoreDistribution.of(scores));
    }

    /**
     * The Tribuo example of a row: its features standardised with {@code means} and {@code scales}.
     */
    public static Example<Label> example(LabelledRow row, String[] names, double[] means, double[] scales) {
        double[] raw = row.features();
        double[] standardised = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            standardised[i] = (raw[i] - means[i]) / scales[i];
        }
        return new ArrayExample<>(row.incorrect() ? POSITIVE : NEGATIVE, names, standardised);
    }

    /** Tribuo's probability of the positive label for {@code example}. */
    public static double tribuoProbability(Model<Label> model, Example<Label> example) {
        return model.predict(example).getOutputScores().get(POSITIVE.getLabel()).getScore();
    }

    /**
     * Compiles a Tribuo two-class logistic regression into a {@link LogisticRegressionModel}.
     *
     * @param means the standardisation means the model was trained with
     * @param scales the standardisation scales the model was trained with
     */
    public static LogisticRegressionModel compile(
            LinearSGDModel model, FeatureSchema schema, double[] means, double[] scales) {
        ImmutableOutputInfo<Label> outputs = model.getOutputIDInfo();
        if (outputs.size() != 2) {
            throw new IllegalArgumentException("expected a two-class model, got " + outputs.size() + " classes");
        }
        int positive = outputs.getID(POSITIVE);
        int negative = outputs.getID(NEGATIVE);
        if (positive < 0 || negative < 0) {
            throw new IllegalArgumentException("model's labels must be '0' and '1', were " + outputs.getDomain());
        }
        DenseMatrix weights = model.getWeightsCopy();
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        double[] compiled = new double[schema.size()];
        for (int i = 0; i < schema.size(); i++) {
            VariableIDInfo info = featureMap.get(schema.feature(i).name());
            if (info != null) {
                compiled[i] = weights.get(positive, info.getID()) - weights.get(negative, info.getID());
            }
        }
        int biasColumn = featureMap.size();
        double bias = weights.get(positive, biasColumn) - weights.get(negative, biasColumn);
        return new LogisticRegressionModel(schema.fingerprint(), schema.names(), compiled, means, scales, bias);
    }
}
