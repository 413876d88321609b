package org.korrekt.benchmarks;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.TreeEnsembleModel;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.trees.GradientBoostedTreesTrainer;
import org.korrekt.training.trees.TrainedTreeEnsemble;
import org.korrekt.training.trees.TreeHyperparameters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;

/**
 * One question: what does scoring one application with a 400-tree, depth-6 gradient-boosted
 * ensemble cost, korrekt's compiled flat arrays against Tribuo's {@code predict} and against
 * XGBoost4J's own {@code Booster.predict} (one thread), on the same trained model and the same
 * feature vectors? Setup first checks that all three agree on every input.
 *
 * <p>XGBoost4J gets a new one-row {@link DMatrix} per call, as a service would build one per
 * request: predicting repeatedly on one matrix lets XGBoost's prediction cache answer from memory,
 * which measures nothing. Its matrix is freed after each call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TreeEnsembleBenchmark {

    /** Trees in the ensemble. */
    public static final int TREES = 400;
    /** Depth of each tree. */
    public static final int DEPTH = 6;

    private static final int INPUTS = 1_024;

    private double[][] rows;
    private float[][] xgboostRows;
    private String[] names;
    private TreeEnsembleModel compiled;
    private XGBoostModel<Label> tribuo;
    private Booster booster;
    private int positive;
    private int columns;
    private int next;

    /** Trains the ensemble on a generated history and checks the three implementations agree. */
    @Setup(Level.Trial)
    public void setUp() throws XGBoostError {
        GeneratedHistory history = new HistoryGenerator(new HistoryConfig(0.001, 2, 2023, 1, Map.of(), false, INPUTS))
                .generate((stage, done, total) -> {});
        int n = history.applications().size();
        int width = ApplicationFeatures.SCHEMA_V1.size();
        double[][] x = new double[n][width];
        boolean[] y = new boolean[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            ApplicationFeatures.v1().extract(history.applications().get(i).application(), x[i]);
            y[i] = history.applications().get(i).incorrect();
            weights[i] = 1;
        }
        TrainedTreeEnsemble trained = new GradientBoostedTreesTrainer(
                        new TreeHyperparameters(TREES, DEPTH, 0.1, 0.8, 0.8, 1.0, 1.0, 7, 2))
                .train(
                        x,
                        y,
                        weights,
                        ApplicationFeatures.SCHEMA_V1.names(),
                        ApplicationFeatures.SCHEMA_V1.fingerprint());
        compiled = trained.compiled();
        tribuo = trained.tribuoModel();
        names = ApplicationFeatures.SCHEMA_V1.names().toArray(new String[0]);
        booster = tribuo.getInnerModels().get(0);
        booster.setParam("nthread", 1);
        positive = tribuo.getOutputIDInfo().getID(GradientBoostedTreesTrainer.POSITIVE);
        columns = tribuo.getFeatureIDMap().size();

        rows = new double[INPUTS][];
        xgboostRows = new float[INPUTS][];
        for (int i = 0; i < INPUTS; i++) {
            double[] features = new double[width];
            ApplicationFeatures.v1()
                    .extract(
                            history.incoming()
                                    .get(i % history.incoming().size())
                                    .application(),
                            features);
            rows[i] = features;
            // XGBoost's columns are Tribuo's feature ids, not the schema's order
            float[] row = new float[columns];
            Arrays.fill(row, Float.NaN);
            for (int f = 0; f < width; f++) {
                int id = tribuo.getFeatureIDMap().getID(names[f]);
                if (id >= 0 && !Double.isNaN(features[f])) {
                    row[id] = (float) features[f];
                }
            }
            xgboostRows[i] = row;
            double ours = compiled.score(features);
            double tribuoScore = GradientBoostedTreesTrainer.tribuoProbability(tribuo, features, names);
            double xgboostScore = xgboost(row);
            if (Math.abs(ours - tribuoScore) > 1e-6 || Math.abs(ours - xgboostScore) > 1e-6) {
                throw new IllegalStateException("implementations disagree on input " + i + ": korrekt " + ours
                        + ", Tribuo " + tribuoScore + ", XGBoost4J " + xgboostScore);
            }
        }
    }

    /** Frees XGBoost's native booster. */
    @TearDown(Level.Trial)
    public void tearDown() {
        booster.dispose();
    }

    private double xgboost(float[] row) throws XGBoostError {
        DMatrix matrix = new DMatrix(row, 1, columns, Float.NaN);
        try {
            return booster.predict(matrix)[0][positive];
        } finally {
            matrix.dispose();
        }
    }

    /** korrekt: the compiled flat-array ensemble on a feature vector. */
    @Benchmark
    public double korrektCompiled() {
        return compiled.score(rows[next++ & (INPUTS - 1)]);
    }

    /** Tribuo: {@code Model.predict} on an example built from the same vector. */
    @Benchmark
    public double tribuoPredict() {
        return GradientBoostedTreesTrainer.tribuoProbability(tribuo, rows[next++ & (INPUTS - 1)], names);
    }

    /** XGBoost4J: a new one-row matrix, {@code Booster.predict} with one thread, the matrix freed. */
    @Benchmark
    public double xgboost4jPredict() throws XGBoostError {
        return xgboost(xgboostRows[next++ & (INPUTS - 1)]);
    }
}
