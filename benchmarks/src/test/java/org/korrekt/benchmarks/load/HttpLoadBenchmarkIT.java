package org.korrekt.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.korrekt.benchmarks.load.HttpLoadBenchmark.Results;
import org.korrekt.benchmarks.load.HttpLoadBenchmark.Settings;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.training.cli.HistoryCommand;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.train.LabelledRow;
import org.korrekt.training.train.LogisticRegressionProfileTrainer;
import org.korrekt.training.train.ModelBundleWriter;
import org.korrekt.training.train.TrainedProfile;
import org.korrekt.training.train.TrainingConfig;
import picocli.CommandLine;

/**
 * A smoke run of the HTTP load benchmark: the service started in this process, a few seconds of
 * low-rate open-loop load and a second of saturation on both routes. It proves the benchmark still
 * runs and both routes answer correctly; it asserts no timings.
 *
 * <p>To stay fast, the service serves a logistic regression bundle trained here in seconds (as
 * {@code EndToEndIT} trains one), put where the benchmark reuses a trained profile, instead of
 * training the all-benefits profile with {@code korrekt train}, which takes about a minute and
 * which {@code FeedbackLoopIT} already runs.
 */
class HttpLoadBenchmarkIT {

    @Test
    void bothRoutesAnswerEveryRequestAndTheHistogramsFill() throws Exception {
        Path work = Path.of("target", "it-work", "http-load").toAbsolutePath();
        Settings settings = Settings.parse(
                "--rate",
                "50",
                "--warmup",
                "1",
                "--duration",
                "2",
                "--rounds",
                "2",
                "--connections",
                "4",
                "--saturation",
                "1",
                "--applications",
                "300",
                "--work-dir",
                work.toString());
        System.out.println("HttpLoadBenchmarkIT seed " + settings.seed());
        trainQuickly(settings);
        ByteArrayOutputStream report = new ByteArrayOutputStream();

        Results results = HttpLoadBenchmark.run(settings, new PrintStream(report, true, StandardCharsets.UTF_8));

        System.out.print(report.toString(StandardCharsets.UTF_8));
        assertThat(results.allAnswered()).isTrue();
        for (LoadGenerator.Phase phase : new LoadGenerator.Phase[] {results.echo(), results.score()}) {
            assertThat(phase.sent()).as(phase.route()).isEqualTo(2 * 2 * 50);
            assertThat(phase.statuses()).as(phase.route()).containsOnlyKeys(200);
            assertThat(phase.latency().getTotalCount()).as(phase.route()).isEqualTo(phase.sent());
            assertThat(phase.sendLag().getTotalCount()).as(phase.route()).isEqualTo(phase.sent());
        }
        assertThat(results.echoMax().answered()).isPositive();
        assertThat(results.scoreMax().answered()).isPositive();
        // every decision the measured phases were answered with reached PostgreSQL
        assertThat(results.recorded())
                .isGreaterThanOrEqualTo(
                        results.score().sent() + results.scoreMax().answered());
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("score/echo median", "fsync=");
    }

    /** A logistic regression bundle and the person history where the benchmark looks for a trained profile. */
    private static void trainQuickly(Settings settings) throws Exception {
        Path trained = HttpLoadBenchmark.trainedFolder(settings);
        if (Files.exists(trained.resolve(BenchmarkService.TRAINED_MARKER))) {
            return;
        }
        GeneratedHistory history = BenchmarkService.history(settings.scale(), settings.applications(), settings.seed());
        URI data = trained.resolve("data").toUri();
        new HistoryWriter(new Configuration()).write(history, data, (table, written, total) -> {});
        assertThat(new CommandLine(new HistoryCommand())
                        .execute(
                                "--data",
                                data.toString(),
                                "--out",
                                trained.resolve("history.krkh").toString()))
                .isZero();
        List<LabelledRow> rows = new ArrayList<>();
        for (Claim claim : history.applications()) {
            rows.add(LabelledRow.of(claim, ApplicationFeatures.v1()));
        }
        TrainedProfile profile = new LogisticRegressionProfileTrainer(
                        ApplicationFeatures.SCHEMA_V1, new TrainingConfig("all-benefits", 5, 0.5, 0.2, settings.seed()))
                .train(rows, done -> {});
        ModelBundleWriter.write(
                trained.resolve("models"),
                "v-smoke",
                profile,
                new ModelBundleWriter.DataProvenance(data.toString(), Map.of(), rows.size(), "is_incorrect"),
                Instant.now());
        Files.writeString(trained.resolve(BenchmarkService.TRAINED_MARKER), "v-smoke\n");
    }
}
