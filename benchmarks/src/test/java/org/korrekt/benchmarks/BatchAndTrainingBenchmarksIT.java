package org.korrekt.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.benchmarks.batch.BatchBenchmark;
import org.korrekt.benchmarks.training.TrainingBenchmark;
import org.korrekt.training.cli.GenerateCommand;
import org.korrekt.training.profile.ProfileDefinition;
import picocli.CommandLine;

/**
 * Smoke of the batch and training benchmarks on a small generated history (1:1000, 300 incoming
 * rows): they run, their checks hold, and their figures add up. No timing is asserted. One
 * {@code korrekt train} pipeline run, made first, serves both: the training benchmark's stages
 * come from it, and its bundle is the one the batch benchmark scores with.
 */
class BatchAndTrainingBenchmarksIT {

    private static final long SEED = 2028;
    private static final int INCOMING = 300;
    private static final PrintStream OUT = System.out;

    private static Path work;
    private static ProfileDefinition profile;
    private static TrainingBenchmark.PipelineRun pipeline;

    @BeforeAll
    static void generateAndTrain() throws Exception {
        System.out.println("BatchAndTrainingBenchmarksIT seed " + SEED);
        work = WorkFolders.fresh("benchmarks");
        assertThat(new CommandLine(new GenerateCommand())
                        .execute(
                                "--out",
                                work.resolve("data").toString(),
                                "--scale",
                                "0.001",
                                "--seed",
                                Long.toString(SEED),
                                "--incoming",
                                Integer.toString(INCOMING)))
                .isZero();
        profile = ProfileDefinition.resolve(BatchBenchmark.PROFILE);
        pipeline = TrainingBenchmark.pipeline(profile, work.resolve("data"), work.resolve("models"));
    }

    @Test
    void trainingStagesCoverThePipelineAndTheBareFitGetsItsMatrix() throws Exception {
        assertThat(pipeline.stages())
                .extracting(TrainingBenchmark.StageTime::name)
                .contains("write the bundle", "SHA-256 digests of the data files (provenance)")
                .anyMatch(name -> name.contains("XGBoost fit"))
                .anyMatch(name -> name.contains("out of fold"));
        assertThat(pipeline.stages()).allSatisfy(s -> assertThat(s.nanos()).isNotNegative());
        // the stages follow one another without gaps: they sum to the run
        assertThat((double) pipeline.stageNanos()).isCloseTo(pipeline.totalNanos(), within(1e6));
        assertThat(pipeline.bundle().resolve("bundle.json")).exists();

        TrainingBenchmark.TreeMatrix matrix = TrainingBenchmark.treeMatrix(pipeline.data(), pipeline.trained());
        assertThat(matrix.x().length).isEqualTo(pipeline.trained().counts().trainLabelled());
        for (double w : matrix.weights()) {
            assertThat(w).isPositive();
        }
        // korrekt's trainer on the matrix gives the pipeline's trees, and the bare fit predicts them
        TrainingBenchmark.check(pipeline.trained(), matrix, TrainingBenchmark.hyperparameters(profile));

        float[] scores = new float[matrix.x().length];
        TrainingBenchmark.BareFit fit =
                TrainingBenchmark.bare(pipeline.trained(), matrix, TrainingBenchmark.hyperparameters(profile), scores);
        assertThat(fit.trainNanos()).isPositive();
        for (float p : scores) {
            assertThat(p).isBetween(0f, 1f);
        }

        String report = TrainingBenchmark.report(new TrainingBenchmark.Result(
                List.of(pipeline), List.of(fit), List.of(fit.trainNanos()), matrix.x().length, 25, 150));
        OUT.print(report);
        assertThat(report).contains("pipeline / bare XGBoost.train", "issue 9's target");
    }

    @Test
    void scoreAndPlainReadSeeEveryRowAndScoreAsTheCommandLineDoes() throws Exception {
        BatchBenchmark.Inputs inputs = BatchBenchmark.prepare(work, 0.001, INCOMING, SEED, OUT);
        // measure checks that korrekt score and the timed path write the same rows, and that every
        // reading sees every row of the file
        BatchBenchmark.Result result = BatchBenchmark.measure(inputs, work, SEED, 1, OUT);
        assertThat(result.fileRows()).isEqualTo(INCOMING);
        assertThat(result.plain()).singleElement().satisfies(r -> assertThat(r.rows())
                .isEqualTo(INCOMING));
        assertThat(result.decode()).singleElement().satisfies(r -> assertThat(r.rows())
                .isEqualTo(INCOMING));
        assertThat(result.score()).singleElement().satisfies(r -> assertThat(r.rows())
                .isEqualTo(INCOMING));
        assertThat(result.medianRatio()).isPositive();
        String report = BatchBenchmark.report(result);
        OUT.print(report);
        assertThat(report).contains("score / plain read", "issue 9's target");
    }
}
