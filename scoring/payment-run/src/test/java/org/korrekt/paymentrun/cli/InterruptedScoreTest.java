package org.korrekt.paymentrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.paymentrun.PaymentRunFixtures;

/**
 * A {@code korrekt score} stopped mid-run (Ctrl-C, or SIGTERM from a scheduler) leaves no hidden
 * partial file of scored rows behind: a second JVM runs the real command on a run long enough to be
 * stopped while it writes, and is sent SIGTERM once its partial file has rows in it.
 */
class InterruptedScoreTest {

    /** Rows in the run: about six seconds of scoring on the 2-core machine, far more than the test waits. */
    private static final int ROWS = 300_000;

    @TempDir
    Path dir;

    @Test
    void aStoppedRunRemovesItsPartialFile() throws Exception {
        Path models = dir.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        Path in = dir.resolve("run.csv");
        writeLongRun(in);
        Path out = dir.resolve("flagged.csv");
        Process child =
                startScore(in, out, models, "--work-dir", dir.resolve("work").toString());
        try {
            Path partial = awaitPartialWithRows(child);
            assertThat(partial.getFileName().toString())
                    .startsWith(".flagged.csv.")
                    .endsWith(".partial");

            child.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the JVM runs its shutdown hooks
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            String log = Files.readString(dir.resolve("child.log"));
            assertThat(child.exitValue())
                    .as("stopped by the signal, not finished: %s", log)
                    .isEqualTo(143);
            assertThat(log).contains("korrekt: stopped before the end; no output written");
            assertThat(partial).doesNotExist();
            assertThat(out).doesNotExist();
            try (Stream<Path> left = Files.list(dir)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("models", "run.csv", "child.log");
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aRunStoppedWhileItLoadsSaysSo() throws Exception {
        Path models = dir.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, PaymentRunFixtures.rows(11L, 10), false);
        // a history log that never ends: the run waits in its load until it is stopped
        Path history = dir.resolve("history.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", history.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path out = dir.resolve("flagged.csv");
        Process child = startScore(in, out, models, "--history", history.toString());
        try {
            // opening a pipe to write returns once the child has opened it to read: it is loading
            java.io.OutputStream writer = Files.newOutputStream(history);
            try {
                child.destroy();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                writer.close();
            }
            String log = Files.readString(dir.resolve("child.log"));
            assertThat(child.exitValue()).as(log).isEqualTo(143);
            assertThat(log).contains("korrekt score: stopped before the end, while loading; " + out + " not written");
            assertThat(out).doesNotExist();
        } finally {
            child.destroyForcibly();
        }
    }

    /** {@code korrekt score} of {@code in} in a second JVM, its output and errors to child.log. */
    private Process startScore(Path in, Path out, Path models, String... more) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                PaymentRunCli.class.getName()));
        command.addAll(PaymentRunFixtures.scoreArguments(in, out, models, more));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
    }

    /** The child's partial file, once it holds scored rows. */
    private Path awaitPartialWithRows(Process child) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive())
                    .as("the run ended before it was stopped: %s", Files.readString(dir.resolve("child.log")))
                    .isTrue();
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> partial = files.filter(
                                p -> p.getFileName().toString().endsWith(".partial"))
                        .findFirst();
                if (partial.isPresent() && Files.size(partial.get()) > 0) {
                    return partial.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no partial file with rows after 60 s: " + Files.readString(dir.resolve("child.log")));
    }

    /** {@link #ROWS} rows: the fixture's rows again and again, each time with new application ids. */
    private static void writeLongRun(Path file) throws IOException {
        Path one = Files.createTempFile(file.getParent(), "rows", ".csv");
        PaymentRunFixtures.writeCsv(one, PaymentRunFixtures.rows(11L, 1_000), false);
        List<String> lines = Files.readAllLines(one);
        Files.delete(one);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(lines.get(0));
            out.write('\n');
            for (int copy = 0; copy * (lines.size() - 1) < ROWS; copy++) {
                for (int i = 1; i < lines.size(); i++) {
                    // the application id is the first field
                    out.write("R" + copy + "-");
                    out.write(lines.get(i));
                    out.write('\n');
                }
            }
        }
    }
}
