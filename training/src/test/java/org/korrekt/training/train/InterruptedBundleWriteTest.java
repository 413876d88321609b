package org.korrekt.training.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training stopped while it assembles a bundle (Ctrl-C, or SIGTERM from a scheduler) leaves no
 * hidden half-written folder beside the bundles: a second JVM starts a staging folder, writes into
 * it and is sent SIGTERM.
 */
class InterruptedBundleWriteTest {

    /** The second JVM: starts a bundle's staging folder, says where, then waits to be stopped. */
    public static void main(String[] args) throws Exception {
        Path staging = ModelBundleWriter.staging(Path.of(args[0]));
        Files.writeString(staging.resolve("model.krkt"), "half written");
        System.out.println(staging);
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(2));
    }

    @Test
    void aStoppedJvmRemovesTheBundleItWasAssembling(@TempDir Path models) throws Exception {
        Path target = models.resolve("vab").resolve("vab-20261123-120000-0123456789ab");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        InterruptedBundleWriteTest.class.getName(),
                        target.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String line;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                line = out.readLine();
            }
            assertThat(line).as("the child's staging folder").isNotNull();
            Path staging = Path.of(line);
            assertThat(staging.getParent()).isEqualTo(target.getParent());
            assertThat(staging.getFileName().toString()).startsWith("." + target.getFileName() + ".tmp-");
            assertThat(staging.resolve("model.krkt")).exists();

            child.destroy(); // SIGTERM: the JVM runs its shutdown hooks
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

            assertThat(staging).doesNotExist();
            try (Stream<Path> left = Files.list(target.getParent())) {
                assertThat(left.toList()).isEqualTo(List.of());
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
