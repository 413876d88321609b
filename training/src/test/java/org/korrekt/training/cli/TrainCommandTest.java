package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.training.profile.LabelsExport;
import org.korrekt.training.profile.ProfileDefinition;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * {@code korrekt train} on a labels export, in-process: {@code --profile labels --name
 * all-benefits} writes a new version of the profile the scoring service serves, says loudly that it
 * was not audited for fairness, and {@code --name} refuses anything but a single profile.
 */
class TrainCommandTest {

    private static final long SEED = 11;

    private static List<LabelsExport.Row> rows;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        System.out.println("TrainCommandTest seed " + SEED);
        GeneratedHistory history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        rows = LabelsExport.rows(history, Claim::investigated, SEED);
    }

    @Test
    void theLabelsProfileRenamedWritesANewVersionOfTheServedProfile() throws Exception {
        Path labels = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));
        Path models = dir.resolve("models");
        KeyPair keys = BundleSignature.generate();
        BundleSignature.write(keys, dir.resolve("signing.key"), dir.resolve("signing.pub"));

        Run run = train(
                "--profile",
                "labels",
                "--name",
                "all-benefits",
                "--data",
                labels.toString(),
                "--out",
                models.toString(),
                "--sign-key",
                dir.resolve("signing.key").toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(models.resolve("labels")).doesNotExist();
        Path bundle = onlyBundle(models.resolve("all-benefits"));
        assertThat(bundle.getFileName().toString()).matches("all-benefits-\\d{8}-\\d{6}-[0-9a-f]{12}");
        BundleManifest manifest = manifest(bundle);
        assertThat(manifest.profile()).isEqualTo("all-benefits");
        assertThat(manifest.version()).isEqualTo(bundle.getFileName().toString());
        assertThat(manifest.schemaFingerprint()).isEqualTo(ClaimFeatures.SCHEMA.fingerprint());
        assertThat(manifest.gate()).isEqualTo(BundleManifest.GATE_NOT_EVALUATED);
        assertThat(Files.readString(bundle.resolve("evaluation.json"))).contains("\"profile\" : \"all-benefits\"");
        assertThat(Files.readString(bundle.resolve("provenance.json")))
                .contains("\"name\" : \"all-benefits\"")
                .contains("\"features\" : \"recorded\"");
        BundleSignature.verify(bundle.resolve(BundleManifest.FILE_NAME), keys.getPublic());
        assertThat(run.out())
                .contains("Profile all-benefits: " + bundle + " (signed)")
                .contains("WARNING: the all-benefits bundle has NOT been audited for fairness (gate NOT_EVALUATED):"
                        + " the labels carry no protected attributes; join them into the table and list them under"
                        + " audit.groups.");
    }

    @Test
    void aCopiedAndEditedLabelsProfileTrainsFromItsFile() throws Exception {
        Path labels = LabelsExport.table(rows)
                .withGroups("sex", "born_abroad", "country_of_birth")
                .writeCsv(dir.resolve("labels.csv"));
        String builtIn;
        try (InputStream in = ProfileDefinition.class.getResourceAsStream("labels.profile.json")) {
            builtIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path profile = dir.resolve("retrain.profile.json");
        Files.writeString(
                profile,
                builtIn.replace("\"name\": \"labels\"", "\"name\": \"retrain\"")
                        .replace("\"trees\": 60", "\"trees\": 30"));
        Path models = dir.resolve("models");

        Run run = train("--profile", profile.toString(), "--data", labels.toString(), "--out", models.toString());

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Path bundle = onlyBundle(models.resolve("retrain"));
        assertThat(manifest(bundle).profile()).isEqualTo("retrain");
        assertThat(Files.readString(bundle.resolve("provenance.json")))
                .contains("\"name\" : \"retrain\"")
                .contains("\"trees\" : {\n        \"trees\" : 30,");
        // protected attributes joined in: audited, and no warning
        assertThat(Files.readString(bundle.resolve("evaluation.json")))
                .contains("\"attribute\" : \"sex\"")
                .doesNotContain("Not audited for fairness");
        assertThat(run.out()).doesNotContain("the labels carry no protected attributes");
    }

    @Test
    void nameRenamesOneProfileOnly() {
        Run two = train("--profile", "labels,vab", "--name", "all-benefits", "--data", "x", "--out", "m");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err())
                .contains("--name renames a single profile, but 2 are to be trained (labels, vab);"
                        + " give one with --profile");

        Run defaults = train("--name", "all-benefits", "--data", "x", "--out", "m");
        assertThat(defaults.exit()).isEqualTo(2);
        assertThat(defaults.err()).contains("but 4 are to be trained (vab, fp, housing, assistance)");

        Run invalid = train("--profile", "labels", "--name", "All Benefits", "--data", "x", "--out", "m");
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("--name: profile name must be lower-case letters");
    }

    @Test
    void aTableThatIsNotALabelsExportIsRefusedBeforeTraining() throws Exception {
        Path labels = LabelsExport.table(rows).without("schema_fingerprint").writeParquet(dir.resolve("l.parquet"));

        Run run = train(
                "--profile",
                "labels",
                "--data",
                labels.toString(),
                "--out",
                dir.resolve("m").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("korrekt train: ")
                .contains("is not a table of recorded claim features")
                .contains("it lacks the columns schema_fingerprint");
    }

    @Test
    void aBadProfileFileIsOneLineWithoutTheUsage() throws Exception {
        Path profile = dir.resolve("typo.json");
        Files.writeString(profile, """
                {"name": "typo", "columns": {"id": "id", "time": "t", "label": "l", "positive": "yes",
                 "amount": "a", "numerik": ["x"]}}
                """);

        Run run = train(
                "--profile",
                profile.toString(),
                "--data",
                "x.csv",
                "--out",
                dir.resolve("m").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines().toList()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("korrekt train: ")
                .contains("numerik"));
    }

    @Test
    void aSigningKeyThatIsNotOneIsRefusedBeforeAnythingIsRead() throws Exception {
        Files.writeString(dir.resolve("not-a-key"), "hello");
        Run run = train(
                "--profile",
                "vab",
                "--data",
                dir.resolve("absent").toString(),
                "--out",
                dir.resolve("models").toString(),
                "--sign-key",
                dir.resolve("not-a-key").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("korrekt train: --sign-key: " + dir.resolve("not-a-key") + " is not a PEM private key"
                        + " ('-----BEGIN PRIVATE KEY-----' ... '-----END PRIVATE KEY-----')");
        assertThat(dir.resolve("models")).doesNotExist();
    }

    @Test
    void aProfileGivenTwiceIsRefusedBeforeAnythingIsRead() {
        Run run = train(
                "--profile",
                "labels, labels",
                "--data",
                "x",
                "--out",
                dir.resolve("m").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("korrekt train: --profile gives profile 'labels' twice (labels, labels); each profile is"
                        + " trained once a run, into a bundle of its own");
        assertThat(dir.resolve("m")).doesNotExist();
    }

    @Test
    void aHistoryProfileGivenOneFileSaysItReadsAHistoryFolder() throws Exception {
        Path labels = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        Run run = train(
                "--profile",
                "vab",
                "--data",
                labels.toString(),
                "--out",
                dir.resolve("m").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .contains("korrekt train: profile vab computes its features from a history folder (the tables korrekt"
                        + " generate writes, docs/data.md), but ")
                .contains("labels.parquet is a file; a table of your own needs a profile file that names its columns");
    }

    private record Run(int exit, String out, String err) {}

    private static Path onlyBundle(Path profileDir) throws Exception {
        List<Path> bundles;
        try (Stream<Path> list = Files.list(profileDir)) {
            bundles = list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
        assertThat(bundles).hasSize(1);
        return bundles.get(0);
    }

    private static BundleManifest manifest(Path bundle) throws Exception {
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            return BundleManifest.read(in);
        }
    }

    /** Runs {@code korrekt train} in-process, capturing what it prints. */
    private static Run train(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] command = new String[arguments.length + 1];
            command[0] = "train";
            System.arraycopy(arguments, 0, command, 1, arguments.length);
            int exit = TrainingCli.commandLine().execute(command);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }
}
