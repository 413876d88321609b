package org.korrekt.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.synthetic.IncomingApplication;
import org.korrekt.training.train.LabelledRow;
import org.korrekt.training.train.LogisticRegressionProfileTrainer;
import org.korrekt.training.train.TrainedProfile;
import org.korrekt.training.train.TrainingConfig;
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
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * One question: what does scoring one application with the selection profile's logistic
 * regression cost, korrekt's compiled artifact against Tribuo's {@code predict}, on the same
 * trained model and the same applications? The korrekt side includes feature extraction from the
 * application record; the Tribuo side starts from a prepared {@link Example}, which flatters it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogisticRegressionBenchmark {

    private static final int INPUTS = 1_024;

    private Application[] applications;
    private List<Example<Label>> examples;
    private LogisticRegressionModel compiled;
    private Model<Label> tribuo;
    private double[] features;
    private double[][] vectors;
    private int next;

    /** Trains the model on a generated history and checks both implementations agree. */
    @Setup(Level.Trial)
    public void setUp() {
        GeneratedHistory history = new HistoryGenerator(
                        new HistoryConfig(0.001, 2, 2023, 1, java.util.Map.of(), false, INPUTS))
                .generate((stage, done, total) -> {});
        List<LabelledRow> rows = new ArrayList<>();
        history.applications().forEach(claim -> rows.add(LabelledRow.of(claim, ApplicationFeatures.v1())));
        TrainedProfile trained = new LogisticRegressionProfileTrainer(
                        ApplicationFeatures.SCHEMA_V1, TrainingConfig.defaults())
                .train(rows, done -> {});
        compiled = trained.compiled();
        tribuo = trained.tribuoModel();
        features = new double[ApplicationFeatures.SCHEMA_V1.size()];
        applications = history.incoming().stream()
                .map(IncomingApplication::application)
                .toArray(Application[]::new);
        examples = new ArrayList<>(applications.length);
        vectors = new double[applications.length][];
        String[] names = ApplicationFeatures.SCHEMA_V1.names().toArray(new String[0]);
        for (Application application : applications) {
            double[] x = new double[features.length];
            ApplicationFeatures.v1().extract(application, x);
            Example<Label> example = LogisticRegressionProfileTrainer.example(
                    new LabelledRow(application.applicationId(), application.submittedOn(), x, false, 0),
                    names,
                    compiled.means(),
                    compiled.scales());
            examples.add(example);
            vectors[examples.size() - 1] = x;
            double ours = compiled.score(x);
            double theirs = LogisticRegressionProfileTrainer.tribuoProbability(tribuo, example);
            if (Math.abs(ours - theirs) > 1e-9) {
                throw new IllegalStateException("compiled and Tribuo disagree: " + ours + " vs " + theirs);
            }
        }
    }

    /**
     * korrekt: the compiled model on a prepared feature vector, as Tribuo gets a prepared example
     * (the compiled model still standardises; Tribuo's example is standardised already).
     */
    @Benchmark
    public double korrektCompiled() {
        return compiled.score(vectors[next++ & (INPUTS - 1)]);
    }

    /** korrekt: features from the application record, then the compiled model. */
    @Benchmark
    public double korrektExtractAndScore() {
        Application application = applications[next++ & (INPUTS - 1)];
        ApplicationFeatures.v1().extract(application, features);
        return compiled.score(features);
    }

    /** Tribuo: {@code Model.predict} on a prepared example, then the positive label's probability. */
    @Benchmark
    public double tribuoPredict() {
        return LogisticRegressionProfileTrainer.tribuoProbability(tribuo, examples.get(next++ & (INPUTS - 1)));
    }
}
