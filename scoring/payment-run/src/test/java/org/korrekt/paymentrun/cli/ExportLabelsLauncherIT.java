package org.korrekt.paymentrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;

/**
 * {@code korrekt export-labels} opens the embedded PostgreSQL on the class path the launcher gives
 * it: the {@code payment_run_cp} line of {@code ./korrekt}, evaluated by bash against the jars the
 * package phase laid out ({@code target/korrekt-payment-run-*.jar} and {@code target/lib}), runs the
 * command in a JVM of its own on a fresh work folder. The launcher itself is not run, since it builds
 * every module whose jar looks stale, which is no business of a test.
 */
class ExportLabelsLauncherIT {

    private static final Path CHECKOUT = Path.of("..", "..").toAbsolutePath().normalize();

    @Test
    void exportLabelsOpensTheEmbeddedDatabaseOnTheLaunchersClassPath() throws Exception {
        Path work = ItWork.fresh("export-labels-");
        Path out = work.resolve("labels.parquet");

        Process export = launch(
                work.resolve("export.log"),
                "export-labels",
                "--since",
                "2026-11-01",
                "--out",
                out.toString(),
                "--work-dir",
                work.toString());
        try {
            assertThat(export.waitFor(180, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(work.resolve("export.log"));
            assertThat(export.exitValue()).as(log).isZero();
            assertThat(log).contains("Exported 0 closed cases since 2026-11-01 to " + out);
            try (ParquetFileReader labels = ParquetFileReader.open(new LocalInputFile(out))) {
                assertThat(labels.getRecordCount()).isZero();
                assertThat(labels.getFooter().getFileMetaData().getSchema().getName())
                        .isEqualTo("korrekt_labels");
            }
            // the export is on record with the file's SHA-256, which a bundle trained on it names too
            String sha256 = org.korrekt.features.model.Checksums.sha256Hex(out);
            assertThat(log).contains("Recorded as label export 1 (SHA-256 " + sha256 + ")");
            try (org.korrekt.scoring.db.Database database = org.korrekt.scoring.db.Database.open(
                            org.korrekt.scoring.db.DatabaseConfig.fromEnvironment(java.util.Map.of(), work));
                    java.sql.Connection c = database.dataSource().getConnection();
                    java.sql.Statement q = c.createStatement();
                    java.sql.ResultSet r =
                            q.executeQuery("SELECT rows, since, file, file_sha256, exported_by FROM label_export")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isZero();
                assertThat(r.getString(2)).isEqualTo("2026-11-01");
                assertThat(r.getString(3)).isEqualTo(out.toAbsolutePath().toString());
                assertThat(r.getString(4)).isEqualTo(sha256);
                assertThat(r.getString(5)).isEqualTo(System.getProperty("user.name"));
                assertThat(r.next()).isFalse();
            }
            ItWork.deleteTree(work); // kept after a failure
        } finally {
            export.destroyForcibly();
        }
    }

    /**
     * Run from its jars, a command reports the project's version, which the build writes into every
     * jar's manifest; the same version is what a bundle's provenance records. Before, the manifests
     * held none, and every bundle said it was trained by korrekt "development".
     */
    @Test
    void aCommandRunFromTheJarsReportsTheProjectsVersion() throws Exception {
        Path work = ItWork.fresh("version-");
        Process version = launch(work.resolve("version.log"), "score", "--version");
        try {
            assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(work.resolve("version.log"));
            assertThat(version.exitValue()).as(log).isZero();
            String project = launcherVariable("version");
            assertThat(project).isNotBlank();
            assertThat(log).startsWith("korrekt payment-run " + project + " (Java ");
            ItWork.deleteTree(work);
        } finally {
            version.destroyForcibly();
        }
    }

    /** Runs {@code korrekt ARGS} in a JVM of its own on the launcher's class path, its output to {@code log}. */
    private static Process launch(Path log, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                launcherClassPath(),
                PaymentRunCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** {@code payment_run_cp} as {@code ./korrekt} sets it, with its root and version. */
    private static String launcherClassPath() throws IOException, InterruptedException {
        String classPath = launcherVariable("payment_run_cp");
        assertThat(classPath)
                .as("payment_run_cp in %s", CHECKOUT.resolve("korrekt"))
                .startsWith(CHECKOUT.resolve("scoring/payment-run/target/korrekt-payment-run-") + "");
        return classPath;
    }

    /** A variable of {@code ./korrekt} ({@code version} or {@code payment_run_cp}), as bash evaluates it. */
    private static String launcherVariable(String name) throws IOException, InterruptedException {
        Path launcher = CHECKOUT.resolve("korrekt");
        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -eu; root=\"$1\"; eval \"$(grep -E '^(version|payment_run_cp)=' \"$root/korrekt\")\";"
                                + " printf '%s' \"${!2}\"",
                        "bash",
                        CHECKOUT.toString(),
                        name)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String value = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as("bash reading %s", launcher).isZero();
        return value;
    }
}
