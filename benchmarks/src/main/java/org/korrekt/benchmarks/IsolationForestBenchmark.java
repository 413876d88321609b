package org.korrekt.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.korrekt.features.model.IsolationForestModel;
import org.korrekt.training.anomaly.IsolationForestConfig;
import org.korrekt.training.anomaly.IsolationForestTrainer;
import org.korrekt.training.anomaly.ReferenceIsolationForest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One question: what does the anomaly score of one row cost, korrekt's compiled isolation forest
 * (flat arrays) against the tree objects the forest is grown as ({@link ReferenceIsolationForest}:
 * one record per node, walked by pattern matching), on the same forest? Setup first checks that
 * both give the same score on every row, and that the production trainer grows that same forest.
 *
 * <p>The data is a public outlier-detection set (ODDS cardio: 1,831 rows, 21 features), read from
 * {@code ../shared/data/odds/} relative to the working directory unless {@code -p data=PATH} says
 * otherwise; the forest has the paper's 100 trees of sub-sample 256.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IsolationForestBenchmark {

    /** The CSV to grow and score on: header {@code x0..x{d-1},label}, as in {@code ../shared/data/odds/}. */
    @Param("../shared/data/odds/cardio.csv")
    public String data;

    private static final long SEED = 20081215L;

    private double[][] rows;
    private IsolationForestModel compiled;
    private ReferenceIsolationForest objects;
    private int next;

    /** Grows the forest both ways and checks the scores agree on every row. */
    @Setup(Level.Trial)
    public void setUp() {
        rows = readFeatures(Path.of(data));
        IsolationForestConfig config = IsolationForestConfig.defaults(SEED);
        objects = ReferenceIsolationForest.grow(rows, config);
        compiled = objects.compile();
        if (!compiled.equals(new IsolationForestTrainer(config).fit(rows))) {
            throw new IllegalStateException("the trainer and the reference grow different forests");
        }
        for (int i = 0; i < rows.length; i++) {
            double ours = compiled.anomalyScore(rows[i]);
            double theirs = objects.anomalyScore(rows[i]);
            if (Math.abs(ours - theirs) > 1e-12) {
                throw new IllegalStateException(
                        "compiled and tree objects disagree on row " + i + ": " + ours + " vs " + theirs);
            }
        }
    }

    /** The feature columns of a header-first numeric CSV whose last column is the label. */
    static double[][] readFeatures(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read " + file.toAbsolutePath()
                            + " (run from the project root with ../shared beside it, or pass -p data=PATH)",
                    e);
        }
        double[][] out = new double[lines.size() - 1][];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",", -1);
            double[] row = new double[cells.length - 1];
            for (int c = 0; c < row.length; c++) {
                row[c] = Double.parseDouble(cells[c]);
            }
            out[r - 1] = row;
        }
        return out;
    }

    private double[] nextRow() {
        double[] row = rows[next];
        next = next + 1 == rows.length ? 0 : next + 1;
        return row;
    }

    /** korrekt: the compiled forest's anomaly score. */
    @Benchmark
    public double korrektCompiled() {
        return compiled.anomalyScore(nextRow());
    }

    /** The training-time tree objects' anomaly score. */
    @Benchmark
    public double treeObjects() {
        return objects.anomalyScore(nextRow());
    }
}
