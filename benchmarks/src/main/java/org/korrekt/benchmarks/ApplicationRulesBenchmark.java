package org.korrekt.benchmarks;

import java.util.concurrent.TimeUnit;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.synthetic.IncomingApplication;
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

/**
 * One question: what do feature extraction and the application rule set cost for one
 * application, and do they allocate? (The history features and rules come with the person
 * history store.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ApplicationRulesBenchmark {

    private static final int INPUTS = 1_024;

    private Application[] applications;
    private CompiledRules rules;
    private double[] features;
    private int[] hits;
    private int next;

    /** Loads the bundled rule set and 1,024 generated applications. */
    @Setup(Level.Trial)
    public void setUp() {
        rules = CompiledRules.bundled("application-v1.rules.json", ApplicationFeatures.SCHEMA_V1);
        GeneratedHistory history = new HistoryGenerator(
                        new HistoryConfig(0.001, 2, 2023, 3, java.util.Map.of(), false, INPUTS))
                .generate((stage, done, total) -> {});
        applications = history.incoming().stream()
                .map(IncomingApplication::application)
                .toArray(Application[]::new);
        features = new double[ApplicationFeatures.SCHEMA_V1.size()];
        hits = new int[rules.size()];
    }

    /** Features, then every rule. */
    @Benchmark
    public int extractAndEvaluateRules() {
        ApplicationFeatures.v1().extract(applications[next++ & (INPUTS - 1)], features);
        return rules.evaluate(features, hits);
    }
}
