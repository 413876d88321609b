package org.korrekt.benchmarks.training;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.features.model.TreeEnsembleModel;
import org.korrekt.training.cli.GenerateCommand;
import org.korrekt.training.cli.TrainCommand;
import org.korrekt.training.profile.ProfileBundleWriter;
import org.korrekt.training.profile.ProfileData;
import org.korrekt.training.profile.ProfileData.DataSplit;
import org.korrekt.training.profile.ProfileDataReader;
import org.korrekt.training.profile.ProfileDefinition;
import org.korrekt.training.profile.ProfileTrainer;
import org.korrekt.training.profile.TrainedSelectionProfile;
import org.korrekt.training.profile.TrainingProgress;
import org.korrekt.training.trees.GradientBoostedTreesTrainer;
import org.korrekt.training.trees.TreeHyperparameters;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.classification.Label;
import org.tribuo.common.xgboost.XGBoostModel;
import picocli.CommandLine;

/**
 * Issue 9's training benchmark: {@code korrekt train}'s pipeline for one selection profile, its
 * time split by stage, against a bare XGBoost4J training call ({@link XGBoost#train}, no Tribuo)
 * on the same matrix, in the same process and run.
 *
 * <p>The pipeline is the one {@code korrekt train} runs, called stage by stage: {@link
 * ProfileDataReader} (the history tables, the profile's table, the point-in-time features and the
 * matrix), the data digests, {@link ProfileTrainer} (propensity, logistic regression, the
 * gradient-boosted trees through Tribuo, the isolation forest, the component scores, the
 * out-of-fold components and the combiner, the compiled profile's check, the evaluation with the
 * fairness audit and gate) and {@link ProfileBundleWriter}. The trainer's own stages are timed
 * through its {@link TrainingProgress}: when a stage starts, steps and closes.
 *
 * <p>The bare call gets the matrix the pipeline's final trees learnt from: the labelled training
 * rows, their features, labels and inverse-propensity weights, as a CSR {@link DMatrix} (a NaN
 * feature left out, as Tribuo does), with Tribuo's column and class order, and the parameters
 * Tribuo passes to XGBoost ({@code multi:softprob} on two classes, {@code hist}, the profile's
 * trees, depth, eta, subsample, colsample, min child weight, lambda, seed and two threads). Before
 * anything is timed the benchmark checks that the matrix is the pipeline's: korrekt's tree trainer
 * on it gives the pipeline's compiled trees exactly, and the bare booster predicts what they
 * score on every row.
 */
public final class TrainingBenchmark {

    /** XGBoost's threads in the pipeline ({@code ProfileTrainer} trains its trees on two). */
    public static final int THREADS = 2;

    /** The name of the time between two of the trainer's stages. */
    static final String BETWEEN = "between stages (row selection, weights)";

    /** Bare and korrekt tree fits per pipeline run. */
    static final int FITS_PER_ROUND = 3;

    /** The stage in which the out-of-fold components are trained, and their step. */
    static final String COMBINER_STAGE = "Combiner and calibration";

    /** Usage, for a wrong argument. */
    static final String USAGE = "usage: TrainingBenchmark [--work DIR] [--scale 0.001] [--seed 42]"
            + " [--profile all-benefits] [--runs 3]\n  --work: the generated history (reused when there) and the"
            + " bundles (default target/training-benchmark/SCALE-SEED)";

    private Path work;
    private double scale = 0.001;
    private long seed = 42;
    private String profile = ProfileDefinition.ALL_BENEFITS;
    private int runs = 3;

    /** A stage of the pipeline and its wall time. */
    public record StageTime(String name, long nanos) {}

    /**
     * One pipeline run.
     *
     * @param stages the stages in order; they cover the run without gaps
     * @param totalNanos the run's wall time, from the first read to the written bundle
     * @param data the rows as read
     * @param trained the trained profile
     * @param bundle the bundle written
     */
    public record PipelineRun(
            List<StageTime> stages, long totalNanos, ProfileData data, TrainedSelectionProfile trained, Path bundle) {
        public PipelineRun {
            stages = List.copyOf(stages);
        }

        /** The sum of the stage times. */
        public long stageNanos() {
            long sum = 0;
            for (StageTime s : stages) {
                sum += s.nanos();
            }
            return sum;
        }
    }

    /**
     * The matrix the pipeline's final trees learnt from.
     *
     * @param x per labelled training row, its features (NaN missing)
     * @param y per row, whether it is positive
     * @param weights per row, its inverse-propensity weight
     */
    public record TreeMatrix(double[][] x, boolean[] y, double[] weights) {}

    /**
     * One bare fit.
     *
     * @param matrixNanos building the {@link DMatrix} from the rows
     * @param trainNanos {@link XGBoost#train}
     */
    public record BareFit(long matrixNanos, long trainNanos) {}

    /**
     * The figures.
     *
     * @param pipeline the measured pipeline runs
     * @param bare the measured bare fits
     * @param korrektTrees the measured fits of korrekt's tree trainer (Tribuo) on the same matrix, in ns
     * @param rows the matrix's rows
     * @param features its columns
     * @param rounds boosting rounds
     */
    public record Result(
            List<PipelineRun> pipeline,
            List<BareFit> bare,
            List<Long> korrektTrees,
            int rows,
            int features,
            int rounds) {
        public Result {
            pipeline = List.copyOf(pipeline);
            bare = List.copyOf(bare);
            korrektTrees = List.copyOf(korrektTrees);
        }
    }

    /** Runs the benchmark; see {@link #USAGE}. */
    public static void main(String[] args) throws Exception {
        TrainingBenchmark b = new TrainingBenchmark();
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--work" -> b.work = Path.of(value);
                    case "--scale" -> b.scale = Double.parseDouble(value);
                    case "--seed" -> b.seed = Long.parseLong(value);
                    case "--profile" -> b.profile = value;
                    case "--runs" -> b.runs = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (b.runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1, was " + b.runs);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("TrainingBenchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        b.run();
    }

    private void run() throws Exception {
        Path folder = work != null
                ? work
                : Path.of("target", "training-benchmark", String.format(Locale.ROOT, "%s-%d", scale, seed));
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "TrainingBenchmark: profile %s, scale %s, seed %d, %d runs, work %s%n",
                profile,
                scale,
                seed,
                runs,
                folder.toAbsolutePath());
        Path data = prepare(folder, scale, seed, out);
        deleteBundles(folder.resolve("models"));
        Result result = measure(ProfileDefinition.resolve(profile), data, folder.resolve("models"), runs, out);
        out.print(report(result));
    }

    /** Generates (or reuses) a history under {@code folder} with {@code korrekt generate}. */
    public static Path prepare(Path folder, double scale, long seed, PrintStream out) {
        Path data = folder.resolve("data");
        if (!Files.exists(data.resolve("applications.parquet"))) {
            out.println("korrekt generate ...");
            int exit = new CommandLine(new GenerateCommand())
                    .execute(
                            "--out",
                            data.toString(),
                            "--scale",
                            Double.toString(scale),
                            "--seed",
                            Long.toString(seed),
                            "--incoming",
                            "0");
            if (exit != 0) {
                throw new IllegalStateException("korrekt generate exited with status " + exit);
            }
        }
        return data;
    }

    /**
     * Checks that the bare fit gets the pipeline's matrix, then times a warm-up and {@code runs}
     * runs of the pipeline, of korrekt's tree trainer and of the bare fit on that matrix.
     */
    public static Result measure(ProfileDefinition profile, Path data, Path models, int runs, PrintStream out)
            throws Exception {
        // Tribuo reports every SGD epoch on java.util.logging, as korrekt train silences it
        Logger tribuo = Logger.getLogger("org.tribuo");
        tribuo.setLevel(Level.WARNING);
        List<PipelineRun> pipeline = new ArrayList<>();
        List<BareFit> bare = new ArrayList<>();
        List<Long> korrekt = new ArrayList<>();
        TreeMatrix matrix = null;
        TreeHyperparameters hyperparameters = hyperparameters(profile);
        for (int round = 0; round <= runs; round++) {
            PipelineRun run = pipeline(profile, data, models);
            if (matrix == null) {
                matrix = treeMatrix(run.data(), run.trained());
                check(run.trained(), matrix, hyperparameters);
                out.printf(
                        Locale.ROOT,
                        "checked: the bare fit's matrix (%,d rows x %d features) gives the pipeline's trees%n",
                        matrix.x().length,
                        run.data().schema().size());
            }
            // The fits are short and XGBoost's OpenMP threads suffer badly from a busy machine: fit each
            // FITS_PER_ROUND times, alternating, and keep every measurement.
            for (int f = 0; f < FITS_PER_ROUND; f++) {
                BareFit fit = bare(run.trained(), matrix, hyperparameters, null);
                long started = System.nanoTime();
                new GradientBoostedTreesTrainer(hyperparameters)
                        .train(
                                matrix.x(),
                                matrix.y(),
                                matrix.weights(),
                                run.data().schema().names(),
                                run.data().schema().fingerprint());
                long korrektNanos = System.nanoTime() - started;
                out.printf(
                        Locale.ROOT,
                        "%s %d.%d: %skorrekt's tree trainer %.3f s, bare XGBoost.train %.3f s (+ %.3f s matrix)%n",
                        round == 0 ? "warm-up" : "run",
                        round,
                        f,
                        f == 0 ? String.format(Locale.ROOT, "pipeline %.2f s, ", run.totalNanos() / 1e9) : "",
                        korrektNanos / 1e9,
                        fit.trainNanos() / 1e9,
                        fit.matrixNanos() / 1e9);
                if (round > 0) {
                    bare.add(fit);
                    korrekt.add(korrektNanos);
                }
            }
            if (round > 0) {
                pipeline.add(run);
            }
        }
        return new Result(
                pipeline,
                bare,
                korrekt,
                matrix.x().length,
                pipeline.get(0).data().schema().size(),
                hyperparameters.trees());
    }

    /** The trees' hyperparameters as {@code ProfileTrainer} sets them for its final trees. */
    public static TreeHyperparameters hyperparameters(ProfileDefinition profile) {
        ProfileDefinition.Trees t = profile.trees();
        return new TreeHyperparameters(
                t.trees(),
                t.maxDepth(),
                t.eta(),
                t.subsample(),
                t.colsample(),
                t.minChildWeight(),
                t.lambda(),
                profile.split().seed(),
                THREADS);
    }

    /**
     * {@code korrekt train}'s pipeline for one profile on a local history folder, stage by stage,
     * writing its bundle under {@code models}.
     */
    public static PipelineRun pipeline(ProfileDefinition profile, Path data, Path models) throws Exception {
        URI source = data.toAbsolutePath().toUri();
        Configuration conf = new Configuration();
        List<StageTime> stages = new ArrayList<>();
        long started = System.nanoTime();
        // The reader names what it reads as it goes: the history tables, then the profile's own table last.
        long[] lastMessage = {started};
        ProfileData rows =
                new ProfileDataReader(conf).read(profile, source, table -> lastMessage[0] = System.nanoTime());
        long read = System.nanoTime();
        stages.add(new StageTime(
                "read the history tables (Parquet), index them for point-in-time features", lastMessage[0] - started));
        stages.add(new StageTime(
                "read the profile's table (Parquet), point-in-time features, the matrix", read - lastMessage[0]));

        Map<String, String> digests = TrainCommand.digests(source, conf, profile);
        long digested = System.nanoTime();
        stages.add(new StageTime("SHA-256 digests of the data files (provenance)", digested - read));

        StageClock clock = new StageClock();
        TrainedSelectionProfile trained = new ProfileTrainer(profile, clock).train(rows);
        long trainedAt = System.nanoTime();
        long at = digested;
        for (StageTime s : clock.stages(digested)) {
            stages.add(s);
            at += s.nanos();
        }
        stages.add(new StageTime(
                "compiled profile checked, thresholds, evaluation, fairness audit and gate", trainedAt - at));

        Path bundle = ProfileBundleWriter.write(
                models, trained, new ProfileBundleWriter.DataProvenance(source.toString(), digests), Instant.now());
        long written = System.nanoTime();
        stages.add(new StageTime("write the bundle", written - trainedAt));
        return new PipelineRun(stages, written - started, rows, trained, bundle);
    }

    /** The labelled training rows, as {@code ProfileTrainer} hands them to its final trees. */
    public static TreeMatrix treeMatrix(ProfileData data, TrainedSelectionProfile trained) {
        byte[] part = data.split().part();
        int n = 0;
        for (int r = 0; r < part.length; r++) {
            if (part[r] == DataSplit.TRAIN && data.observed()[r]) {
                n++;
            }
        }
        double[][] x = new double[n][];
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        int k = 0;
        for (int r = 0; r < part.length; r++) {
            if (part[r] == DataSplit.TRAIN && data.observed()[r]) {
                x[k] = data.x()[r];
                y[k] = data.label()[r];
                w[k] = trained.trainingWeight(r, x[k]);
                k++;
            }
        }
        return new TreeMatrix(x, y, w);
    }

    /**
     * Checks that {@code matrix} is the one the pipeline's trees learnt from: korrekt's trainer on
     * it compiles to the same trees (the same score on every row), and a bare fit predicts those
     * scores (to float precision).
     */
    public static void check(TrainedSelectionProfile trained, TreeMatrix matrix, TreeHyperparameters hyperparameters)
            throws XGBoostError {
        TreeEnsembleModel pipelineTrees = trained.trees().compiled();
        TreeEnsembleModel again = new GradientBoostedTreesTrainer(hyperparameters)
                .train(
                        matrix.x(),
                        matrix.y(),
                        matrix.weights(),
                        trained.schema().names(),
                        trained.schema().fingerprint())
                .compiled();
        float[] bareScores = new float[matrix.x().length];
        bare(trained, matrix, hyperparameters, bareScores);
        for (int i = 0; i < matrix.x().length; i++) {
            double expected = pipelineTrees.score(matrix.x()[i]);
            if (again.score(matrix.x()[i]) != expected) {
                throw new IllegalStateException("korrekt's tree trainer on the matrix differs from the pipeline's trees"
                        + " on row " + i + ": " + again.score(matrix.x()[i]) + " vs " + expected);
            }
            if (Math.abs(bareScores[i] - expected) > 1e-5) {
                throw new IllegalStateException("the bare XGBoost fit differs from the pipeline's trees on row " + i
                        + ": " + bareScores[i] + " vs " + expected);
            }
        }
    }

    /**
     * A bare XGBoost4J fit on {@code matrix}, with Tribuo's column and class order and the
     * parameters Tribuo passes. With {@code scores}, also predicts every row's positive probability
     * into it (not timed).
     */
    public static BareFit bare(
            TrainedSelectionProfile trained, TreeMatrix matrix, TreeHyperparameters h, float[] scores)
            throws XGBoostError {
        XGBoostModel<Label> tribuo = trained.trees().tribuoModel();
        ImmutableFeatureMap features = tribuo.getFeatureIDMap();
        ImmutableOutputInfo<Label> outputs = tribuo.getOutputIDInfo();
        List<String> names = trained.schema().names();
        // schema index of each XGBoost column, in column order
        int[] schemaIndex = new int[features.size()];
        for (int f = 0; f < names.size(); f++) {
            schemaIndex[features.getID(names.get(f))] = f;
        }
        float positive = outputs.getID(GradientBoostedTreesTrainer.POSITIVE);
        float negative = outputs.getID(GradientBoostedTreesTrainer.NEGATIVE);

        long started = System.nanoTime();
        int n = matrix.x().length;
        long[] headers = new long[n + 1];
        int[] indices = new int[n * schemaIndex.length];
        float[] values = new float[n * schemaIndex.length];
        float[] labels = new float[n];
        float[] weights = new float[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            double[] x = matrix.x()[i];
            for (int c = 0; c < schemaIndex.length; c++) {
                double v = x[schemaIndex[c]];
                if (!Double.isNaN(v)) {
                    indices[k] = c;
                    values[k++] = (float) v;
                }
            }
            headers[i + 1] = k;
            labels[i] = matrix.y()[i] ? positive : negative;
            weights[i] = (float) matrix.weights()[i];
        }
        DMatrix dmatrix = new DMatrix(
                headers,
                Arrays.copyOf(indices, k),
                Arrays.copyOf(values, k),
                DMatrix.SparseType.CSR,
                schemaIndex.length);
        try {
            dmatrix.setLabel(labels);
            dmatrix.setWeight(weights);
            long built = System.nanoTime();
            Map<String, Object> params = new HashMap<>();
            params.put("objective", "multi:softprob");
            params.put("num_class", outputs.size());
            params.put("booster", "gbtree");
            params.put("tree_method", "hist");
            params.put("eta", h.eta());
            params.put("gamma", 0.0);
            params.put("max_depth", h.maxDepth());
            params.put("min_child_weight", h.minChildWeight());
            params.put("subsample", h.subsample());
            params.put("colsample_bytree", h.colsampleByTree());
            params.put("lambda", h.lambda());
            params.put("alpha", 0.0);
            params.put("nthread", h.threads());
            params.put("seed", h.seed());
            params.put("verbosity", 0);
            Booster booster = XGBoost.train(dmatrix, params, h.trees(), Map.of(), null, null);
            long trained2 = System.nanoTime();
            try {
                if (scores != null) {
                    float[][] p = booster.predict(dmatrix);
                    for (int i = 0; i < n; i++) {
                        scores[i] = p[i][(int) positive];
                    }
                }
            } finally {
                booster.dispose();
            }
            return new BareFit(built - started, trained2 - built);
        } finally {
            dmatrix.dispose();
        }
    }

    /**
     * Times the trainer's stages through its progress reports: each stage from its start to its
     * close, and the steps of a stage of at most two steps from one step to the next.
     */
    static final class StageClock implements TrainingProgress {
        private record Mark(String name, long steps, long start, long[] stepAt, long[] end) {}

        private final List<Mark> marks = new ArrayList<>();

        @Override
        public TrainingProgress.Stage start(String name, long steps) {
            Mark mark = new Mark(name, steps, System.nanoTime(), new long[3], new long[1]);
            marks.add(mark);
            return new TrainingProgress.Stage() {
                @Override
                public void stepTo(long done) {
                    if (done >= 1 && done <= 2) {
                        mark.stepAt()[(int) done] = System.nanoTime();
                    }
                }

                @Override
                public void close() {
                    mark.end()[0] = System.nanoTime();
                }
            };
        }

        /** The stages, the time between them (from {@code from}) counted as "between stages". */
        List<StageTime> stages(long from) {
            List<StageTime> stages = new ArrayList<>();
            long at = from;
            for (Mark m : marks) {
                if (m.start() - at > 0) {
                    stages.add(new StageTime(BETWEEN, m.start() - at));
                }
                String[] labels = STEP_LABELS.get(m.name());
                if (m.steps() == 2 && labels != null && m.stepAt()[1] != 0) {
                    stages.add(new StageTime(m.name() + ": " + labels[0], m.stepAt()[1] - m.start()));
                    stages.add(new StageTime(m.name() + ": " + labels[1], m.end()[0] - m.stepAt()[1]));
                } else {
                    stages.add(new StageTime(m.name(), m.end()[0] - m.start()));
                }
                at = m.end()[0];
            }
            return stages;
        }

        /** What the two steps of {@code ProfileTrainer}'s two-step stages are. */
        private static final Map<String, String[]> STEP_LABELS = Map.of(
                "Logistic regression (Tribuo)",
                new String[] {"weighted", "unweighted (for the selection-bias report)"},
                "Gradient-boosted trees (Tribuo XGBoost)",
                new String[] {"Tribuo dataset, XGBoost fit, compile", "compiled vs Tribuo on 500 test rows"},
                COMBINER_STAGE,
                new String[] {"out of fold: 5 x (logistic regression + trees)", "stacker and calibration"});
    }

    /** The result as Markdown, with the ratio to issue 9's target. */
    public static String report(Result r) {
        StringBuilder s = new StringBuilder();
        PipelineRun median = medianRun(r.pipeline());
        s.append(String.format(
                Locale.ROOT,
                "%nThe pipeline's median run of %d (%.2f s), by stage:%n%n| stage | time | share |%n|---|---:|---:|%n",
                r.pipeline().size(),
                median.totalNanos() / 1e9));
        for (StageTime stage : median.stages()) {
            if (stage.name().startsWith(BETWEEN) && stage.nanos() < 1_000_000) {
                continue; // under a millisecond: left out of the table, still in the total
            }
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %.3f s | %.1f %% |%n",
                    stage.name(),
                    stage.nanos() / 1e9,
                    100.0 * stage.nanos() / median.totalNanos()));
        }
        s.append(String.format(Locale.ROOT, "| **total** | **%.3f s** | |%n", median.totalNanos() / 1e9));
        long bareTrain =
                medianOf(r.bare().stream().mapToLong(BareFit::trainNanos).toArray());
        long bareMatrix =
                medianOf(r.bare().stream().mapToLong(BareFit::matrixNanos).toArray());
        long korrekt =
                medianOf(r.korrektTrees().stream().mapToLong(Long::longValue).toArray());
        long bareBest = r.bare().stream().mapToLong(BareFit::trainNanos).min().orElseThrow();
        long korrektBest =
                r.korrektTrees().stream().mapToLong(Long::longValue).min().orElseThrow();
        s.append(String.format(
                Locale.ROOT,
                "%nThe same matrix (%,d rows x %d features, %d rounds, %d threads), %d fits each:%n%n"
                        + "| fit | median | best |%n|---|---:|---:|%n"
                        + "| bare `XGBoost.train` | %.3f s | %.3f s |%n"
                        + "| bare: building the `DMatrix` | %.3f s | |%n"
                        + "| korrekt's tree trainer (Tribuo dataset + Tribuo XGBoost + compile) | %.3f s | %.3f s |%n",
                r.rows(),
                r.features(),
                r.rounds(),
                THREADS,
                r.bare().size(),
                bareTrain / 1e9,
                bareBest / 1e9,
                bareMatrix / 1e9,
                korrekt / 1e9,
                korrektBest / 1e9));
        double pipelineRatio = (double) median.totalNanos() / bareTrain;
        double fitRatio = (double) korrekt / bareTrain;
        s.append(String.format(
                Locale.ROOT,
                "%npipeline / bare XGBoost.train: %.1fx (adds %.0f %%); issue 9's target: adds <= 30 %%: %s%n"
                        + "korrekt's tree trainer / bare XGBoost.train on the same matrix: %.2fx (adds %.0f %%)%n",
                pipelineRatio,
                100 * (pipelineRatio - 1),
                pipelineRatio <= 1.3 ? "met" : "missed",
                fitRatio,
                100 * (fitRatio - 1)));
        return s.toString();
    }

    private static PipelineRun medianRun(List<PipelineRun> runs) {
        PipelineRun[] sorted = runs.toArray(new PipelineRun[0]);
        Arrays.sort(sorted, (a, b) -> Long.compare(a.totalNanos(), b.totalNanos()));
        return sorted[(sorted.length - 1) / 2];
    }

    private static long medianOf(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /** Deletes the bundles a run wrote, so that repeated runs do not fill the disk. */
    static void deleteBundles(Path models) throws IOException {
        if (!Files.exists(models)) {
            return;
        }
        try (var paths = Files.walk(models)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
