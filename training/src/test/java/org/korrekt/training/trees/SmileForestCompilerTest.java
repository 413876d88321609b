package org.korrekt.training.trees;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.features.model.SmileForestModel;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.train.LabelledRow;
import smile.base.cart.SplitRule;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.classification.SoftClassifier;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.math.MathEx;

/**
 * A Smile 2.6 random forest and gradient-boosted ensemble, trained on korrekt's application
 * features of a generated history (the older 80% of applications), compile to {@link
 * SmileForestModel}s whose probabilities equal Smile's {@code predict(x, posteriori)} bit for bit:
 * on every held-out application, on rows with a feature exactly on, and one ulp above, a split
 * value of the model, on rows with each feature missing (NaN) and with zeros negated; and again
 * after a round trip through the artifact format.
 *
 * <p>Exact equality is the claim, not a tolerance: the compiled model performs Smile's double
 * operations in Smile's order (see {@link SmileForestModel}), and {@code Math.exp} is the same
 * intrinsic in Smile's code and ours on one JVM.
 */
class SmileForestCompilerTest {

    private static final long SEED = 11;
    private static final FeatureSchema SCHEMA = ApplicationFeatures.SCHEMA_V1;

    private static DataFrame training;
    private static StructType predictors;
    private static List<double[]> held;

    @BeforeAll
    static void generate() {
        System.out.println("SmileForestCompilerTest seed " + SEED);
        GeneratedHistory history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        List<LabelledRow> rows = new ArrayList<>();
        history.applications().forEach(claim -> rows.add(LabelledRow.of(claim, ApplicationFeatures.v1())));
        rows.sort(Comparator.comparing(LabelledRow::submittedOn));
        int split = rows.size() * 4 / 5;
        double[][] x = new double[split][];
        boolean[] y = new boolean[split];
        for (int i = 0; i < split; i++) {
            x[i] = rows.get(i).features();
            y[i] = rows.get(i).incorrect();
        }
        training = SmileForestCompiler.dataFrame(x, y, SCHEMA.names());
        predictors = SmileForestCompiler.formula().x(training).schema();
        held = new ArrayList<>();
        for (int i = split; i < rows.size(); i++) {
            held.add(rows.get(i).features());
        }
    }

    @Test
    void randomForestEqualsSmile() throws Exception {
        RandomForest forest = RandomForest.fit(
                SmileForestCompiler.formula(),
                training,
                60,
                5,
                SplitRule.GINI,
                12,
                200,
                5,
                1.0,
                null,
                LongStream.range(SEED, SEED + 60));
        SmileForestModel compiled = SmileForestCompiler.compile(forest, SCHEMA.names(), SCHEMA.fingerprint());

        assertThat(compiled.kind()).isEqualTo(SmileForestModel.Kind.RANDOM_FOREST);
        assertThat(compiled.treeCount()).isEqualTo(60);
        assertEqualOnEveryRow(compiled, forest);
    }

    @Test
    void gradientBoostingEqualsSmile() throws Exception {
        MathEx.setSeed(SEED);
        GradientTreeBoost boosted =
                GradientTreeBoost.fit(SmileForestCompiler.formula(), training, 60, 6, 64, 5, 0.1, 0.8);
        SmileForestModel compiled = SmileForestCompiler.compile(boosted, SCHEMA.names(), SCHEMA.fingerprint());

        assertThat(compiled.kind()).isEqualTo(SmileForestModel.Kind.GRADIENT_BOOSTING);
        assertThat(compiled.treeCount()).isEqualTo(60);
        assertThat(compiled.maxDepth()).isLessThanOrEqualTo(6);
        assertEqualOnEveryRow(compiled, boosted);
    }

    private static void assertEqualOnEveryRow(SmileForestModel compiled, SoftClassifier<Tuple> smile)
            throws IOException, ArtifactException {
        List<double[]> rows = edgeRows(compiled);
        int onThreshold = rows.size();
        rows.addAll(held);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelArtifacts.write(compiled, SCHEMA, bytes);
        CompiledModel read = ModelArtifacts.readModel(new ByteArrayInputStream(bytes.toByteArray()), SCHEMA);
        assertThat(read).isEqualTo(compiled);

        int differing = 0;
        double lowest = 1;
        double highest = 0;
        for (double[] row : rows) {
            double expected = SmileForestCompiler.smileProbability(smile, row, predictors);
            double actual = compiled.score(row);
            if (Double.doubleToLongBits(actual) != Double.doubleToLongBits(expected)
                    || Double.doubleToLongBits(read.score(row)) != Double.doubleToLongBits(expected)) {
                differing++;
            }
            lowest = Math.min(lowest, actual);
            highest = Math.max(highest, actual);
        }
        System.out.printf(
                "%s: %d trees, %d nodes; %d edge and %d held-out rows, %d differing from Smile; scores in [%.4f, %.4f]%n",
                compiled.kind(),
                compiled.treeCount(),
                compiled.nodeCount(),
                onThreshold,
                held.size(),
                differing,
                lowest,
                highest);
        assertThat(differing).isZero();
        // A model that says the same for everyone would pass equality trivially.
        assertThat(highest - lowest).isGreaterThan(0.1);
    }

    /**
     * Rows that probe the routing: a held-out row with one feature set exactly to a split value and
     * one ulp above it (for the splits of the first ten trees), with each feature NaN in turn, and
     * with every zero negated.
     */
    private static List<double[]> edgeRows(SmileForestModel model) {
        List<double[]> rows = new ArrayList<>();
        int[] features = model.splitFeatures();
        double[] thresholds = model.thresholds();
        int nodes = Math.min(features.length, model.nodeCount() * 10 / model.treeCount());
        for (int n = 0; n < nodes; n++) {
            if (features[n] == SmileForestModel.LEAF) {
                continue;
            }
            double[] base = held.get(n % held.size());
            double[] on = base.clone();
            on[features[n]] = thresholds[n];
            rows.add(on);
            double[] above = base.clone();
            above[features[n]] = Math.nextUp(thresholds[n]);
            rows.add(above);
        }
        for (int f = 0; f < SCHEMA.size(); f++) {
            double[] missing = held.get(f % held.size()).clone();
            missing[f] = Double.NaN;
            rows.add(missing);
        }
        for (int i = 0; i < 50; i++) {
            double[] negated = held.get(i % held.size()).clone();
            for (int f = 0; f < negated.length; f++) {
                if (negated[f] == 0) {
                    negated[f] = -0.0;
                }
            }
            rows.add(negated);
        }
        return rows;
    }
}
