package org.korrekt.training.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * The compiled artifact must give Tribuo's own probabilities, to 1e-9, on every row: thousands of
 * generated applications and the edge cases (exact zeros, negative zero, values exactly at the
 * training mean, extreme values).
 */
class CompiledLogisticRegressionEqualityTest {

    private static final long SEED = 7;
    private static final FeatureSchema SCHEMA = ApplicationFeatures.SCHEMA_V1;

    private static List<LabelledRow> rows;
    private static TrainedProfile trained;

    @BeforeAll
    static void train() {
        System.out.println("CompiledLogisticRegressionEqualityTest seed " + SEED);
        GeneratedHistory history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        rows = new ArrayList<>();
        history.applications().forEach(claim -> rows.add(LabelledRow.of(claim, ApplicationFeatures.v1())));
        trained = new LogisticRegressionProfileTrainer(SCHEMA, new TrainingConfig("equality", 3, 0.5, 0.2, SEED))
                .train(rows, done -> {});
    }

    @Test
    void compiledEqualsTribuoOnEveryGeneratedRow() {
        assertThat(rows).hasSizeGreaterThan(1_000);
        LogisticRegressionModel compiled = trained.compiled();
        String[] names = SCHEMA.names().toArray(new String[0]);
        double[] means = compiled.means();
        double[] scales = compiled.scales();
        double worst = 0;
        for (LabelledRow row : rows) {
            double tribuo = LogisticRegressionProfileTrainer.tribuoProbability(
                    trained.tribuoModel(), LogisticRegressionProfileTrainer.example(row, names, means, scales));
            double ours = compiled.score(row.features());
            worst = Math.max(worst, Math.abs(tribuo - ours));
            assertThat(ours)
                    .as("row %s", row.applicationId())
                    .isCloseTo(tribuo, org.assertj.core.data.Offset.offset(1e-9));
        }
        System.out.printf("max |compiled - Tribuo| over %d rows: %.3e%n", rows.size(), worst);
        assertThat(trained.metrics().maxAbsDifferenceVsTribuo()).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void compiledEqualsTribuoOnEdgeCases() {
        LogisticRegressionModel compiled = trained.compiled();
        double[] means = compiled.means();
        double[] scales = compiled.scales();
        int n = SCHEMA.size();
        List<double[]> edges = new ArrayList<>();
        edges.add(new double[n]); // exact zeros
        double[] negativeZero = new double[n];
        Arrays.fill(negativeZero, -0.0);
        edges.add(negativeZero);
        edges.add(means.clone()); // standardises to exactly 0: the score is the bias alone
        double[] large = new double[n];
        Arrays.fill(large, 1e6);
        edges.add(large);
        double[] negative = new double[n];
        Arrays.fill(negative, -1e3);
        edges.add(negative);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int k = 0; k < 50; k++) {
            double[] mixed = new double[n];
            for (int i = 0; i < n; i++) {
                mixed[i] = switch (random.nextInt(4)) {
                    case 0 -> 0.0;
                    case 1 -> means[i];
                    case 2 -> means[i] + scales[i];
                    default -> (random.nextDouble() - 0.5) * 1_000;
                };
            }
            edges.add(mixed);
        }
        String[] names = SCHEMA.names().toArray(new String[0]);
        for (double[] x : edges) {
            LabelledRow row = new LabelledRow("edge", java.time.LocalDate.of(2025, 1, 1), x, false, 0);
            double tribuo = LogisticRegressionProfileTrainer.tribuoProbability(
                    trained.tribuoModel(), LogisticRegressionProfileTrainer.example(row, names, means, scales));
            assertThat(compiled.score(x))
                    .as("edge vector %s", Arrays.toString(x))
                    .isCloseTo(tribuo, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void trainingRefusesAProtectedAttributeByName() {
        java.util.List<org.korrekt.features.FeatureDefinition> features = new java.util.ArrayList<>(SCHEMA.features());
        features.add(org.korrekt.features.FeatureCatalogue.entry("born_abroad").definition());
        FeatureSchema withOrigin = new FeatureSchema("application", 2, features);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new LogisticRegressionProfileTrainer(withOrigin, TrainingConfig.defaults()))
                .isInstanceOf(org.korrekt.features.ProtectedFeatureException.class)
                .hasMessageContaining("feature 'born_abroad' is a protected attribute");
    }

    @Test
    void compilesTheDifferenceOfTheTwoClassRowsOfTribuosWeights() {
        LinearSGDModel model = (LinearSGDModel) trained.tribuoModel();
        var weights = model.getWeightsCopy();
        int positive = model.getOutputIDInfo().getID(LogisticRegressionProfileTrainer.POSITIVE);
        int negative = model.getOutputIDInfo().getID(LogisticRegressionProfileTrainer.NEGATIVE);
        int column = model.getFeatureIDMap().get("submission_lag_days").getID();
        double[] compiled = trained.compiled().weights();

        assertThat(compiled[SCHEMA.indexOf("submission_lag_days")])
                .isEqualTo(weights.get(positive, column) - weights.get(negative, column));
        // Late claims are one of the generator's mechanisms: the model must have learnt to suspect them.
        assertThat(compiled[SCHEMA.indexOf("submission_lag_days")]).isPositive();
    }
}
