package org.korrekt.paymentrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.paymentrun.PaymentRunFixtures;
import org.korrekt.paymentrun.PaymentRunFixtures.Encoding;
import org.korrekt.paymentrun.PaymentRunFixtures.InputRow;
import org.korrekt.paymentrun.io.ScoredFiles;
import org.korrekt.scoring.model.ChampionRecord;

/**
 * Bad payment runs: exit status 2 with a message naming the column or the row, no output file
 * (not even a partial one), and {@code --max-errors} rows skipped, counted and listed.
 */
class ScoreCommandBadInputTest {

    private static final long SEED = 7L;

    @TempDir
    Path dir;

    private Path models;
    private List<InputRow> rows;

    @BeforeEach
    void setUp() throws IOException {
        models = dir.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        rows = PaymentRunFixtures.rows(SEED, 50);
    }

    @Test
    void aRunIsScoredByTheChampionTheServiceRecordedNotTheNewestBundle() throws IOException {
        PaymentRunFixtures.writeBundle(models, "test-20990101");
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        ScoreCommandTest.Run newest = score(in, dir.resolve("newest.csv"));
        assertThat(newest.status()).as(newest.err()).isZero();
        assertThat(ScoredFiles.read(dir.resolve("newest.csv")))
                .allSatisfy(r -> assertThat(r.get("model_version")).isEqualTo("test-20990101"));
        // the service rolled back to the older bundle, and recorded it
        new ChampionRecord(PaymentRunFixtures.VERSION, "test-20990101", Instant.parse("2026-11-23T12:00:00Z"))
                .write(models.resolve(PaymentRunFixtures.PROFILE));

        ScoreCommandTest.Run run = score(in, dir.resolve("champion.csv"));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(ScoredFiles.read(dir.resolve("champion.csv")))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.get("model_version")).isEqualTo(PaymentRunFixtures.VERSION));
    }

    @Test
    void withAPublicKeyOnlyASignedBundleScoresTheRun() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        KeyPair keys = BundleSignature.generate();
        BundleSignature.write(keys, dir.resolve("signing.key"), dir.resolve("signing.pub"));
        Path bundle = models.resolve(PaymentRunFixtures.PROFILE).resolve(PaymentRunFixtures.VERSION);

        ScoreCommandTest.Run unsigned = score(
                in,
                dir.resolve("flagged.csv"),
                "--bundle-public-key",
                dir.resolve("signing.pub").toString());

        assertThat(unsigned.status()).isEqualTo(2);
        assertThat(unsigned.err().strip())
                .isEqualTo("korrekt score: " + bundle + ": bundle.json is not signed: there is no bundle.json.sig;"
                        + " the service serves only bundles signed with its --bundle-public-key");
        assertThat(dir.resolve("flagged.csv")).doesNotExist();

        BundleSignature.sign(bundle.resolve("bundle.json"), keys.getPrivate());
        ScoreCommandTest.Run signed = score(
                in,
                dir.resolve("flagged.csv"),
                "--bundle-public-key",
                dir.resolve("signing.pub").toString());
        assertThat(signed.status()).as(signed.err()).isZero();
    }

    @Test
    void aMissingRequiredColumnStopsTheRunAndIsNamed() throws IOException {
        Path in = dir.resolve("run.parquet");
        PaymentRunFixtures.writeParquet(in, rows, Encoding.GENERATED, Set.of("channel", "declared_monthly_income_sek"));

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.parquet"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains(in + ": missing required columns channel, declared_monthly_income_sek");
        assertNoOutput();
    }

    @Test
    void aHeaderWhoseNamesDifferByCaseOrBlanksOrAreSeparatedBySemicolonsIsExplained() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        List<String> lines = Files.readAllLines(in);
        String header = lines.get(0);
        lines.set(0, header.replace("amount_sek", " Amount_SEK").replace("channel", "CHANNEL"));
        Files.write(in, lines);

        ScoreCommandTest.Run blanks = score(in, dir.resolve("flagged.csv"));

        assertThat(blanks.status()).isEqualTo(2);
        assertThat(blanks.err())
                .contains("missing required columns channel, amount_sek")
                .contains("' Amount_SEK' would be amount_sek (names are matched exactly")
                .contains("'CHANNEL' would be channel");
        assertNoOutput();

        // what a spreadsheet set to Swedish saves
        lines.set(0, header.replace(',', ';'));
        Files.write(in, lines);
        ScoreCommandTest.Run semicolons = score(in, dir.resolve("flagged.csv"));
        assertThat(semicolons.status()).isEqualTo(2);
        assertThat(semicolons.err())
                .contains("the header is one column, 'application_id;")
                .contains("separated by commas");
        assertNoOutput();
    }

    @Test
    void aFileWithAHeaderAndNoRowsIsScoredWithAWarning() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        Files.write(in, List.of(Files.readAllLines(in).get(0)));

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"));

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.err()).contains("korrekt score: WARNING: " + in + " has no rows, only its header");
        assertThat(ScoredFiles.read(dir.resolve("flagged.csv"))).isEmpty();
    }

    @Test
    void aMissingPersonColumnNamesBothWaysToGiveThePerson() throws IOException {
        Path in = dir.resolve("run.parquet");
        PaymentRunFixtures.writeParquet(in, rows, Encoding.GENERATED, Set.of("person_id"));

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("missing required column person_id (or personal_identity_number)");
        assertNoOutput();
    }

    @Test
    void aColumnOfAnUnreadableTypeIsNamedWithItsType() throws IOException {
        Path in = dir.resolve("text.parquet");
        writeAllText(in, rows.subList(0, 3));

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("column claimed_days is REQUIRED BINARY (STRING); expected an INT32 or INT64, not repeated");
        assertNoOutput();
    }

    @Test
    void anUnparseableValueStopsTheRunAtItsRowByDefault() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        replaceField(in, 3, 8, "three");

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("row 3 (line 4), column claimed_days: must be a whole number, was 'three'")
                .contains("--max-errors 0");
        assertNoOutput();
    }

    @Test
    void badRowsUpToMaxErrorsAreSkippedCountedAndListed() throws IOException {
        Path in = dir.resolve("run.csv");
        Path out = dir.resolve("flagged.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        replaceField(in, 3, 8, "three");
        replaceField(in, 5, 3, "xyz");

        ScoreCommandTest.Run run = score(in, out, "--max-errors", "2");

        assertThat(run.status())
                .as("complete but for the skipped rows: " + run.err())
                .isEqualTo(3);
        List<Map<String, String>> scored = ScoredFiles.read(out);
        assertThat(scored).hasSize(rows.size() - 2);
        assertThat(scored.stream().map(r -> r.get("application_id")))
                .doesNotContain(rows.get(2).applicationId(), rows.get(4).applicationId())
                .contains(rows.get(3).applicationId());
        assertThat(run.out())
                .contains((rows.size() - 2) + " scored, 2 skipped")
                .contains("skipped rows (2):")
                .contains("  row 3 (line 4), column claimed_days: must be a whole number, was 'three'")
                .contains("  row 5 (line 6), column benefit: unknown benefit 'xyz'; known: tfp,");

        // the rows not skipped are drawn as in a run without the bad ones: each row's draw is its own
        Path clean = dir.resolve("clean.csv");
        Path cleanOut = dir.resolve("clean-flagged.csv");
        PaymentRunFixtures.writeCsv(clean, rows, false);
        assertThat(score(clean, cleanOut).status()).isZero();
        Map<String, String> drawn = new java.util.HashMap<>();
        for (Map<String, String> row : ScoredFiles.read(cleanOut)) {
            drawn.put(row.get("application_id"), row.get("random_control"));
        }
        assertThat(scored)
                .as("the run draws random controls, so that their being kept means something")
                .anyMatch(row -> row.get("random_control").equals("true"));
        for (Map<String, String> row : scored) {
            assertThat(row.get("random_control"))
                    .as(row.get("application_id"))
                    .isEqualTo(drawn.get(row.get("application_id")));
        }
    }

    @Test
    void anIdHoldingAnIdentityNumberIsABadRowAndNeverWritten() throws IOException {
        Path in = dir.resolve("run.csv");
        Path out = dir.resolve("flagged.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        replaceField(in, 2, 0, "A-198001010019");
        replaceField(in, 4, 1, "pay:19800101-0019:2025-05");
        replaceField(in, 6, 0, "A-198001010018"); // twelve digits with a wrong check digit: an ordinary id

        ScoreCommandTest.Run run = score(in, out, "--max-errors", "2");

        assertThat(run.status()).as(run.err()).isEqualTo(ScoreCommand.SKIPPED_ROWS);
        assertThat(ScoredFiles.read(out)).hasSize(rows.size() - 2);
        assertThat(Files.readString(out))
                .doesNotContain("198001010019")
                .doesNotContain("19800101-0019")
                .contains("A-198001010018");
        assertThat(run.out())
                .contains("  row 2 (line 3), column application_id: holds a personal identity number")
                .contains("  row 4 (line 5), column payment_id: holds a personal identity number")
                .doesNotContain("0019");
    }

    @Test
    void anIdentityNumberTypedIntoAnotherColumnIsNotRepeatedInTheError() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        replaceField(in, 2, 3, "198001010019"); // benefit
        replaceField(in, 4, 8, "198001010019"); // claimed_days: a whole number, out of range

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"), "--max-errors", "2");

        assertThat(run.status()).as(run.err()).isEqualTo(ScoreCommand.SKIPPED_ROWS);
        assertThat(run.out())
                .contains("  row 2 (line 3), column benefit: unknown benefit '(a value holding a personal identity"
                        + " number)'")
                .contains("  row 4 (line 5), column claimed_days: is out of range, was (a value holding a personal"
                        + " identity number)")
                .doesNotContain("0019");
    }

    @Test
    void oneBadRowMoreThanMaxErrorsStopsTheRunNamingIt() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        replaceField(in, 3, 8, "three");
        replaceField(in, 5, 3, "xyz");

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"), "--max-errors", "1");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .contains("row 5 (line 6), column benefit: unknown benefit 'xyz'")
                .contains("more than --max-errors 1 bad rows");
        assertNoOutput();
    }

    @Test
    void aValueOutOfRangeInParquetNamesItsRowAndColumn() throws IOException {
        Path in = dir.resolve("run.parquet");
        List<InputRow> bad = new ArrayList<>(rows);
        InputRow r = bad.get(3);
        bad.set(
                3,
                r.withPeriod(r.periodEnd(), r.periodStart().until(r.periodEnd()).getDays() + 2));
        PaymentRunFixtures.writeParquet(in, bad, Encoding.GENERATED, Set.of());

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.parquet"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .containsPattern("row 4, column claimed_days: must be between 0 and the period's \\d+ days");
        assertNoOutput();
    }

    @Test
    void aRaggedCsvRecordIsABadRow() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        List<String> lines = new ArrayList<>(Files.readAllLines(in));
        lines.set(2, "A1,P1,p-00,tfp");
        Files.write(in, lines);

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"), "--max-errors", "1");

        assertThat(run.status()).as(run.err()).isEqualTo(ScoreCommand.SKIPPED_ROWS);
        assertThat(run.out()).contains("row 2 (line 3): has 4 fields, the header has 14");
    }

    @Test
    void anUnknownFileTypeOrAMissingProfileIsBadInput() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        ScoreCommandTest.Run json = score(in, dir.resolve("flagged.json"));
        ScoreCommandTest.Run profile = ScoreCommandTest.Run.of(
                "score",
                "--in",
                in.toString(),
                "--out",
                dir.resolve("flagged.csv").toString(),
                "--models",
                models.toString(),
                "--profile",
                "no-such-profile");

        assertThat(json.status()).isEqualTo(2);
        assertThat(json.err()).contains("flagged.json: unknown file type; the name must end in .parquet or .csv");
        assertThat(profile.status()).isEqualTo(2);
        assertThat(profile.err()).contains("no-such-profile");
        assertNoOutput();
    }

    @Test
    void anOutputFolderIsRefusedUpFrontInOneLine() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        Path out = Files.createDirectory(dir.resolve("run.out.parquet"));

        ScoreCommandTest.Run run = score(in, out);

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("korrekt score: --out " + out + " is a folder; name the .parquet or .csv file to write,"
                        + " such as " + out.resolve("flagged.parquet") + System.lineSeparator());
        try (Stream<Path> inside = Files.list(out)) {
            assertThat(inside).isEmpty();
        }
    }

    @Test
    void anInputFolderIsSaidToBeAFolder() throws IOException {
        Path in = Files.createDirectory(dir.resolve("run.parquet"));

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"));

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("korrekt score: --in " + in + " is a folder; give the payment run's .parquet or .csv file"
                        + System.lineSeparator());
        assertNoOutput();
    }

    @Test
    void optionsOutOfRangeAreNamedAsTyped() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        ScoreCommandTest.Run errors = score(in, dir.resolve("flagged.csv"), "--max-errors", "-1");
        ScoreCommandTest.Run amount = score(in, dir.resolve("flagged.csv"), "--min-amount-sek", "-1");
        ScoreCommandTest.Run share = score(in, dir.resolve("flagged.csv"), "--random-control-share", "0.75");

        assertThat(errors.status()).isEqualTo(2);
        assertThat(errors.err())
                .isEqualTo("korrekt score: --max-errors must be 0 or more, was -1" + System.lineSeparator());
        assertThat(amount.status()).isEqualTo(2);
        assertThat(amount.err())
                .isEqualTo("korrekt score: --min-amount-sek must be in [0, 10000000] SEK, was -1"
                        + System.lineSeparator());
        assertThat(share.status()).isEqualTo(2);
        assertThat(share.err())
                .isEqualTo(
                        "korrekt score: --random-control-share must be in [0, 0.5], was 0.75" + System.lineSeparator());
        assertNoOutput();
    }

    @Test
    void aMissingHistoryLogIsSaidToBeMissing() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        Path history = dir.resolve("run.nope.krkh");

        ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"), "--history", history.toString());

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("korrekt score: --history " + history + ": no such file; write it with korrekt history"
                        + System.lineSeparator());
        assertNoOutput();
    }

    @Test
    void anEmptyOrForeignParquetFileIsNamedByItsPath() throws IOException {
        Path empty = Files.createFile(dir.resolve("run.parquet"));
        Path text = dir.resolve("run.text.parquet");
        Files.writeString(text, "application_id,person_id\n");

        ScoreCommandTest.Run emptyRun = score(empty, dir.resolve("flagged.csv"));
        ScoreCommandTest.Run textRun = score(text, dir.resolve("flagged.csv"));

        assertThat(emptyRun.status()).isEqualTo(2);
        assertThat(emptyRun.err())
                .endsWith(
                        "korrekt score: " + empty + " is empty (0 bytes), not a Parquet file" + System.lineSeparator());
        assertThat(textRun.status()).isEqualTo(2);
        assertThat(textRun.err())
                .contains("korrekt score: cannot read " + text + " as Parquet: " + text + " is not a Parquet file")
                .doesNotContain("LocalInputFile");
        assertNoOutput();
    }

    @Test
    void anHdfsUriIsRefusedAsNotLocal() throws IOException {
        ScoreCommandTest.Run in = ScoreCommandTest.Run.of(
                "score",
                "--in",
                "hdfs://namenode/runs/run.parquet",
                "--out",
                dir.resolve("flagged.csv").toString());
        ScoreCommandTest.Run out = ScoreCommandTest.Run.of(
                "score", "--in", dir.resolve("run.csv").toString(), "--out", "s3a://bucket/flagged.csv");

        assertThat(in.status()).isEqualTo(2);
        assertThat(in.err())
                .isEqualTo("korrekt score: --in hdfs://namenode/runs/run.parquet: korrekt score reads and writes local"
                        + " files only, not hdfs://; copy it to a local file first (hdfs dfs -get)"
                        + System.lineSeparator());
        assertThat(out.status()).isEqualTo(2);
        assertThat(out.err())
                .contains("--out s3a://bucket/flagged.csv: korrekt score reads and writes local files only");
        assertNoOutput();
    }

    @Test
    void aFileUriIsReadAsItsLocalPath() throws IOException {
        Path in = dir.resolve("run.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);
        Path out = dir.resolve("flagged.csv");

        ScoreCommandTest.Run run = ScoreCommandTest.Run.of(
                "score",
                "--in",
                in.toUri().toString(),
                "--out",
                out.toString(),
                "--models",
                models.toString(),
                "--profile",
                PaymentRunFixtures.PROFILE,
                "--work-dir",
                dir.resolve("work").toString());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(ScoredFiles.read(out)).hasSize(rows.size());
    }

    @Test
    void aLatin1CsvFileIsSaidToBeNotUtf8NamingTheFirstLineThatIsNot() throws IOException {
        // line 4 is in the first block the decoder reads, with the header; line 400 far after it
        List<InputRow> many = PaymentRunFixtures.rows(SEED, 600);
        for (int line : new int[] {4, 400}) {
            Path in = dir.resolve("run.latin1-" + line + ".csv");
            PaymentRunFixtures.writeCsv(in, many, false);
            List<String> lines = new ArrayList<>(Files.readAllLines(in));
            lines.set(
                    line - 1, lines.get(line - 1).replace("a note, with a comma", "anteckning: sjukskriven på lördag"));
            Files.write(in, lines, StandardCharsets.ISO_8859_1);

            ScoreCommandTest.Run run = score(in, dir.resolve("flagged.csv"), "--max-errors", "10");

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err())
                    .contains("korrekt score: " + in + " line " + line + ": not UTF-8 text; a CSV file must be UTF-8"
                            + " (Excel: save as CSV UTF-8; or convert it, e.g. iconv -f ISO-8859-1 -t UTF-8)")
                    .doesNotContain("Exception");
        }
        assertNoOutput();
    }

    private ScoreCommandTest.Run score(Path in, Path out, String... more) {
        List<String> args = PaymentRunFixtures.scoreArguments(
                in, out, models, "--work-dir", dir.resolve("work").toString());
        args.addAll(List.of(more));
        return ScoreCommandTest.Run.of(args.toArray(String[]::new));
    }

    /** Nothing but the inputs and the models in the folder: no output, no partial file. */
    private void assertNoOutput() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(name -> name.startsWith("run.") || name.startsWith("text.") || name.equals("models"));
        }
    }

    /** Sets field {@code field} (0-based) of data row {@code row} (1-based) of a fixture CSV file. */
    private static void replaceField(Path csv, int row, int field, String value) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String[] parts = lines.get(row).split(",", field + 2);
        parts[field] = value;
        lines.set(row, String.join(",", parts));
        Files.write(csv, lines);
    }

    /** Every required column as text, so that claimed_days has a type no whole number is read from. */
    private static void writeAllText(Path file, List<InputRow> rows) throws IOException {
        List<String> names = List.of(
                "application_id",
                "person_id",
                "benefit",
                "channel",
                "submitted_on",
                "period_start",
                "period_end",
                "claimed_days",
                "amount_sek",
                "declared_monthly_income_sek");
        List<Type> fields = new ArrayList<>();
        for (String name : names) {
            fields.add(Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.REQUIRED)
                    .as(LogicalTypeAnnotation.stringType())
                    .named(name));
        }
        MessageType schema = new MessageType("text", fields);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(schema)
                .build()) {
            for (InputRow r : rows) {
                Group g = groups.newGroup();
                g.add("application_id", r.applicationId());
                g.add("person_id", r.person());
                g.add("benefit", r.benefit());
                g.add("channel", r.channel());
                g.add("submitted_on", r.submittedOn().toString());
                g.add("period_start", r.periodStart().toString());
                g.add("period_end", r.periodEnd().toString());
                g.add("claimed_days", Integer.toString(r.claimedDays()));
                g.add("amount_sek", Double.toString(r.amountSek()));
                g.add("declared_monthly_income_sek", Double.toString(r.incomeSek()));
                writer.write(g);
            }
        }
    }
}
