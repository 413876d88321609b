package org.korrekt.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.SmileForestModel;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.trees.SmileForestCompiler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import smile.base.cart.SplitRule;
import smile.classification.GradientTreeBoost;
import smile.classification.RandomForest;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructType;
import smile.math.MathEx;

/**
 * One question: what does scoring one application with a Smile 2.6 tree ensemble cost, korrekt's
 * compiled {@link SmileForestModel} against Smile's own {@code predict(tuple, posteriori)}, on the
 * same trained model and the same feature vectors? Two models: a 400-tree random forest and a
 * 400-tree binary gradient-boosted ensemble, both at most 6 deep (as {@link TreeEnsembleBenchmark}'s
 * XGBoost ensemble). Setup first checks that korrekt and Smile agree bit for bit on every input.
 *
 * <p>Smile's side wraps the vector in a {@link Tuple} per call (its API takes a tuple; a service
 * would build one per request) and reuses one posteriori array; Smile's {@code predict} itself
 * still allocates (its projected tuple and, for the forest, a per-tree posteriori buffer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SmileForestBenchmark {

    /** Trees in each ensemble. */
    public static final int TREES = 400;
    /** Maximum depth of each tree. */
    public static final int DEPTH = 6;

    private static final long SEED = 1;
    private static final int INPUTS = 1_024;

    private double[][] rows;
    private StructType schema;
    private double[] posteriori;
    private RandomForest smileForest;
    private GradientTreeBoost smileBoosting;
    private SmileForestModel compiledForest;
    private SmileForestModel compiledBoosting;
    private int next;

    /** Trains both ensembles on a generated history and checks korrekt equals Smile on every input. */
    @Setup(Level.Trial)
    public void setUp() {
        GeneratedHistory history = new HistoryGenerator(
                        new HistoryConfig(0.001, 2, 2023, SEED, Map.of(), false, INPUTS))
                .generate((stage, done, total) -> {});
        int n = history.applications().size();
        int width = ApplicationFeatures.SCHEMA_V1.size();
        double[][] x = new double[n][width];
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            ApplicationFeatures.v1().extract(history.applications().get(i).application(), x[i]);
            y[i] = history.applications().get(i).incorrect();
        }
        List<String> names = ApplicationFeatures.SCHEMA_V1.names();
        String fingerprint = ApplicationFeatures.SCHEMA_V1.fingerprint();
        DataFrame frame = SmileForestCompiler.dataFrame(x, y, names);
        schema = SmileForestCompiler.formula().x(frame).schema();

        // Smile's defaults: mtry the square root of the feature count, bootstrap samples of n rows;
        // at most 64 leaves and 5 samples per leaf, as the boosted trees.
        smileForest = RandomForest.fit(
                SmileForestCompiler.formula(),
                frame,
                TREES,
                (int) Math.floor(Math.sqrt(width)),
                SplitRule.GINI,
                DEPTH,
                1 << DEPTH,
                5,
                1.0,
                null,
                LongStream.range(SEED, SEED + TREES));
        MathEx.setSeed(SEED);
        smileBoosting =
                GradientTreeBoost.fit(SmileForestCompiler.formula(), frame, TREES, DEPTH, 1 << DEPTH, 5, 0.1, 0.8);
        compiledForest = SmileForestCompiler.compile(smileForest, names, fingerprint);
        compiledBoosting = SmileForestCompiler.compile(smileBoosting, names, fingerprint);
        posteriori = new double[2];

        rows = new double[INPUTS][];
        for (int i = 0; i < INPUTS; i++) {
            double[] features = new double[width];
            ApplicationFeatures.v1()
                    .extract(
                            history.incoming()
                                    .get(i % history.incoming().size())
                                    .application(),
                            features);
            rows[i] = features;
            check("random forest", i, compiledForest.score(features), smileForest(features));
            check("gradient boosting", i, compiledBoosting.score(features), smileBoosting(features));
        }
    }

    private static void check(String model, int input, double korrekt, double smile) {
        if (Double.doubleToLongBits(korrekt) != Double.doubleToLongBits(smile)) {
            throw new IllegalStateException(
                    model + ": korrekt and Smile disagree on input " + input + ": " + korrekt + " vs " + smile);
        }
    }

    private double smileForest(double[] features) {
        smileForest.predict(Tuple.of(features, schema), posteriori);
        return posteriori[1];
    }

    private double smileBoosting(double[] features) {
        smileBoosting.predict(Tuple.of(features, schema), posteriori);
        return posteriori[1];
    }

    /** korrekt: the compiled random forest on a feature vector. */
    @Benchmark
    public double randomForestKorrekt() {
        return compiledForest.score(rows[next++ & (INPUTS - 1)]);
    }

    /** Smile: {@code RandomForest.predict(tuple, posteriori)} on a tuple wrapping the same vector. */
    @Benchmark
    public double randomForestSmile() {
        return smileForest(rows[next++ & (INPUTS - 1)]);
    }

    /** korrekt: the compiled gradient-boosted ensemble on a feature vector. */
    @Benchmark
    public double gradientBoostingKorrekt() {
        return compiledBoosting.score(rows[next++ & (INPUTS - 1)]);
    }

    /** Smile: {@code GradientTreeBoost.predict(tuple, posteriori)} on a tuple wrapping the same vector. */
    @Benchmark
    public double gradientBoostingSmile() {
        return smileBoosting(rows[next++ & (INPUTS - 1)]);
    }
}
