package org.korrekt.paymentrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.OutputColumn;
import org.korrekt.paymentrun.PaymentRunFixtures;
import org.korrekt.paymentrun.PaymentRunFixtures.Encoding;
import org.korrekt.paymentrun.PaymentRunFixtures.InputRow;
import org.korrekt.paymentrun.ServedProfile;
import org.korrekt.paymentrun.io.ScoredFiles;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.ScoringService;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code korrekt score} end to end on real files: every output row must be what {@link
 * ScoringService#score} decides for the same application with the same seed, in Parquet and CSV,
 * with and without a person history, and with raw identity numbers.
 */
class ScoreCommandTest {

    private static final long ROWS_SEED = 20260101L;
    private static final long DRAW_SEED = 42L;
    private static final double SHARE = 0.05;

    @TempDir
    Path dir;

    private Path models;

    /** The child pseudonyms of the last {@link #reference} run, in row order. */
    private final List<String> children = new ArrayList<>();

    @BeforeEach
    void writeBundle() throws Exception {
        models = dir.resolve("models");
        PaymentRunFixtures.writeBundle(models);
        System.out.println("ScoreCommandTest: rows seed " + ROWS_SEED + ", draw seed " + DRAW_SEED);
    }

    @Test
    void parquetToParquetWithHistoryScoresEveryRowAsTheService() throws Exception {
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED, 3_000);
        Path in = dir.resolve("payments.parquet");
        Path out = dir.resolve("flagged.parquet");
        Path history = dir.resolve("history.krkh");
        PaymentRunFixtures.writeParquet(in, rows, Encoding.GENERATED, Set.of());
        PaymentRunFixtures.writeHistory(history, rows);

        Run run = score("--in", in, "--out", out, "--history", history);

        assertThat(run.status).as(run.err).isZero();
        List<Decision> expected = reference(rows, history, false);
        List<Map<String, String>> scored = ScoredFiles.read(out);
        assertMatches(scored, rows, expected);
        assertThat(ScoredFiles.schema(out).getType("amount_sek").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(2, 18));
        // the run is varied enough to mean something: every action, random control, the claim rules
        assertThat(column(scored, "action"))
                .containsAll(List.of("PASS", "EXTRA_QUESTIONS", "MANUAL_CHECK", "HOLD_PAYMENT"));
        assertThat(column(scored, "random_control")).contains("true");
        assertThat(expected.stream().flatMap(d -> d.reasons().stream()).map(Reason::code))
                .contains("VAB_CHILD_AT_CHILDCARE", "SAME_CHILD_TWO_PARENTS", "DECLARED_INCOME_ABOVE_EMPLOYER_INCOME");
        assertSummary(run.out, expected);
    }

    @Test
    void csvToCsvScoresEveryRowAsTheService() throws Exception {
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED + 1, 2_000);
        Path in = dir.resolve("payments.csv");
        Path out = dir.resolve("out/flagged.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        Run run = score("--in", in, "--out", out);

        assertThat(run.status).as(run.err).isZero();
        List<Decision> expected = reference(rows, null, false);
        assertMatches(ScoredFiles.read(out), rows, expected);
        assertThat(Files.readAllLines(out).get(0))
                .isEqualTo(List.of(OutputColumn.values()).stream()
                        .map(OutputColumn::columnName)
                        .collect(Collectors.joining(",")));
        assertSummary(run.out, expected);
    }

    /**
     * Amounts with fractions of an öre are taken to the öre, as the service takes them: each row
     * scores as the same row in öre, and the output's amounts are the öre.
     */
    @Test
    void amountsWithFractionsOfAnOreScoreAsTheAmountInOre() throws Exception {
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED + 5, 200);
        Path fractions = dir.resolve("fractions.csv");
        List<String> lines = csvLines(rows);
        List<String> header = List.of(lines.get(0).split(","));
        int amount = header.indexOf("amount_sek");
        int income = header.indexOf("declared_monthly_income_sek");
        for (int i = 1; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",", -1);
            fields[amount] += "4"; // 1234.56 -> 1234.564
            fields[income] += "49"; // 30000.00 -> 30000.0049
            lines.set(i, String.join(",", fields));
        }
        Files.write(fractions, lines, StandardCharsets.UTF_8);
        assertThat(lines.get(1)).containsPattern(",\\d+\\.\\d{3},\\d+\\.\\d{4}");

        Run run = score("--in", fractions, "--out", dir.resolve("flagged.csv"));

        assertThat(run.status).as(run.err).isZero();
        assertMatches(ScoredFiles.read(dir.resolve("flagged.csv")), rows, reference(rows, null, false));
    }

    @Test
    void otherParquetEncodingsScoreAsTheGeneratedOnes() throws Exception {
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED + 2, 1_000);
        Path generated = dir.resolve("generated.parquet");
        Path other = dir.resolve("other.parquet");
        PaymentRunFixtures.writeParquet(generated, rows, Encoding.GENERATED, Set.of());
        PaymentRunFixtures.writeParquet(other, rows, Encoding.OTHER, Set.of());

        assertThat(score("--in", generated, "--out", dir.resolve("a.csv")).status)
                .isZero();
        assertThat(score("--in", other, "--out", dir.resolve("b.csv")).status).isZero();

        List<Map<String, String>> a = ScoredFiles.read(dir.resolve("a.csv"));
        List<Map<String, String>> b = ScoredFiles.read(dir.resolve("b.csv"));
        assertThat(a).hasSize(rows.size());
        for (int i = 0; i < a.size(); i++) {
            a.get(i).remove("decision_id");
            b.get(i).remove("decision_id");
        }
        assertThat(b).isEqualTo(a);
    }

    @Test
    void rawIdentityNumbersArePseudonymisedWithTheWorkFoldersKeyAndNeverWritten() throws Exception {
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED + 3, 500);
        Path work = dir.resolve("work");
        PaymentRunFixtures.writeKey(work);
        Path in = dir.resolve("raw.csv");
        Path out = dir.resolve("flagged.parquet");
        PaymentRunFixtures.writeCsv(in, rows, true);

        Run run = score("--in", in, "--out", out, "--work-dir", work);

        assertThat(run.status).as(run.err).isZero();
        List<Decision> expected = reference(rows, null, true);
        List<Map<String, String>> scored = ScoredFiles.read(out);
        assertMatches(scored, rows, expected);
        Pseudonymizer key = new Pseudonymizer(HexFormat.of().parseHex(PaymentRunFixtures.KEY_HEX));
        assertThat(scored.get(0).get("person_id"))
                .isEqualTo(key.pseudonymize(rows.get(0).personNumber()));
        String bytes = new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
        for (InputRow row : rows) {
            assertThat(bytes).doesNotContain(row.personNumber());
            if (row.childNumber() != null) {
                assertThat(bytes).doesNotContain(row.childNumber());
            }
        }
    }

    @Test
    void rawIdentityNumbersWithoutAKeyAreRefusedRatherThanGivenNewPseudonyms() throws Exception {
        Path in = dir.resolve("raw.csv");
        PaymentRunFixtures.writeCsv(in, PaymentRunFixtures.rows(ROWS_SEED, 10), true);
        Path work = dir.resolve("empty-work");

        Run run = score("--in", in, "--out", dir.resolve("flagged.csv"), "--work-dir", work);

        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("no pseudonymisation key");
        assertThat(work.resolve("pseudonym.key")).doesNotExist();
        assertThat(dir.resolve("flagged.csv")).doesNotExist();
    }

    @Test
    void aCsvFileWithAByteOrderMarkAndQuotedHeaderIsRead() throws Exception {
        // Excel's "CSV UTF-8": a byte-order mark, then the header, here with every name quoted
        List<InputRow> rows = PaymentRunFixtures.rows(ROWS_SEED + 4, 200);
        Path bom = dir.resolve("bom.csv");
        List<String> lines = csvLines(rows);
        lines.set(0, "\uFEFF\"" + lines.get(0).replace(",", "\",\"") + "\"");
        Files.write(bom, lines, StandardCharsets.UTF_8);

        Run run = score("--in", bom, "--out", dir.resolve("flagged.csv"));

        assertThat(run.status).as(run.err).isZero();
        assertMatches(ScoredFiles.read(dir.resolve("flagged.csv")), rows, reference(rows, null, false));
    }

    @Test
    void aParquetFileOfNoRowsGivesAnEmptyOutputAndNoWarning() throws Exception {
        Path in = dir.resolve("none.parquet");
        Path out = dir.resolve("flagged.csv");
        writeOneEmptyRowGroup(in);
        // parquet-hadoop's warnings go to korrekt's JSON log on System.err, not to the command's err
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        Run run;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            run = score("--in", in, "--out", out);
        } finally {
            System.setErr(stderr);
        }

        assertThat(run.status).as(run.err).isZero();
        assertThat(Files.readAllLines(out)).hasSize(1);
        assertThat(run.out).contains("0 scored, 0 skipped");
        assertThat(log.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aRepeatedApplicationIdIsABadRowThatStopsTheRun() throws Exception {
        // a payment table joined twice: deciding the repeat again would hold or check its SEK twice
        List<InputRow> rows = new ArrayList<>(PaymentRunFixtures.rows(ROWS_SEED + 5, 100));
        rows.add(rows.get(10));
        Path in = dir.resolve("twice.csv");
        Path out = dir.resolve("flagged.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        Run run = score("--in", in, "--out", out);

        assertThat(run.status).as(run.out).isEqualTo(2);
        assertThat(out).doesNotExist();
        assertThat(run.err)
                .contains("row 101 (line 102), column application_id: application "
                        + rows.get(10).applicationId() + " is also row 11, where it is scored");
    }

    @Test
    void withMaxErrorsARepeatIsSkippedAndListedAndABadRowDoesNotTakeItsId() throws Exception {
        List<InputRow> rows = new ArrayList<>(PaymentRunFixtures.rows(ROWS_SEED + 6, 100));
        InputRow bad = rows.get(20);
        // row 21 is bad (no period), so row 22, its repeat, is the application's first valid row
        rows.set(20, bad.withPeriod(bad.periodStart().minusDays(1), bad.claimedDays()));
        rows.add(21, bad);
        rows.add(rows.get(5));
        rows.add(rows.get(5));
        Path in = dir.resolve("twice.csv");
        Path out = dir.resolve("flagged.csv");
        PaymentRunFixtures.writeCsv(in, rows, false);

        Run run = score("--in", in, "--out", out, "--max-errors", "3");

        assertThat(run.status).as(run.err).isEqualTo(ScoreCommand.SKIPPED_ROWS);
        List<Map<String, String>> scored = ScoredFiles.read(out);
        assertThat(scored).hasSize(100);
        assertThat(column(scored, "application_id")).doesNotHaveDuplicates();
        assertThat(column(scored, "application_id"))
                .contains(bad.applicationId(), rows.get(5).applicationId());
        String repeat = "column application_id: application " + rows.get(5).applicationId() + " is also row 6,";
        assertThat(run.out)
                .contains("100 scored, 3 skipped")
                .contains("row 21 (line 22), column period_end: must not be before period_start")
                .contains("row 102 (line 103), " + repeat)
                .contains("row 103 (line 104), " + repeat);
    }

    @Test
    void theHelpNamesEveryColumnReadAndTheGuideEveryOption() throws Exception {
        Run help = Run.of("score", "--help");
        String guide = Files.readString(Path.of("..", "..", "docs", "operations.md"));
        String row = guide.lines()
                .filter(line -> line.startsWith("| `./korrekt score "))
                .findFirst()
                .orElseThrow();

        assertThat(help.status).isZero();
        String text = help.out.replaceAll("\\s+", " ");
        for (InputColumn column : InputColumn.values()) {
            assertThat(text).as("score --help").contains(column.columnName());
        }
        for (OptionSpec option : PaymentRunCli.commandLine()
                .getSubcommands()
                .get("score")
                .getCommandSpec()
                .options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                // the whole name: --history is not found in --history-log
                assertThat(row)
                        .as("docs/operations.md's command table")
                        .containsPattern(java.util.regex.Pattern.quote(option.longestName()) + "(?![A-Za-z-])");
            }
        }
    }

    /**
     * A Parquet file of no rows in one empty row group, as pyarrow writes an empty table
     * (parquet-java writes no row group then, and refuses to write an empty one): a one-row file of
     * the fixture's whose footer is written again with a row count of 0.
     */
    private void writeOneEmptyRowGroup(Path file) throws IOException {
        Path template = dir.resolve("template.parquet");
        PaymentRunFixtures.writeParquet(template, PaymentRunFixtures.rows(1, 1), Encoding.GENERATED, Set.of());
        ParquetMetadata footer;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(template))) {
            footer = reader.getFooter();
        }
        byte[] original = Files.readAllBytes(template);
        Files.delete(template);
        int tail = 4 + ParquetFileWriter.MAGIC.length; // the footer's length, then the magic number
        int footerLength = ByteBuffer.wrap(original, original.length - tail, 4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getInt();
        footer.getBlocks().get(0).setRowCount(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(original, 0, original.length - tail - footerLength);
        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
        Util.writeFileMetaData(new ParquetMetadataConverter().toParquetMetadata(1, footer), metadata);
        metadata.writeTo(bytes);
        bytes.write(ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(metadata.size())
                .array());
        bytes.write(ParquetFileWriter.MAGIC);
        Files.write(file, bytes.toByteArray());
    }

    /** The lines of the rows as a plain CSV payment run (header first), for a test to rewrite. */
    private List<String> csvLines(List<InputRow> rows) throws IOException {
        Path plain = dir.resolve("plain.csv");
        PaymentRunFixtures.writeCsv(plain, rows, false);
        return new ArrayList<>(Files.readAllLines(plain));
    }

    /** What the scoring service decides for the rows, in order, with the same seed and a fresh history. */
    private List<Decision> reference(List<InputRow> rows, Path history, boolean raw) throws Exception {
        ScoringService service = ServedProfile.load(models, PaymentRunFixtures.PROFILE, history, SHARE)
                .service(org.korrekt.scoring.RandomControlDraw.seeded(DRAW_SEED), Clock.systemUTC());
        Pseudonymizer key = new Pseudonymizer(HexFormat.of().parseHex(PaymentRunFixtures.KEY_HEX));
        List<Decision> decisions = new ArrayList<>();
        children.clear();
        for (InputRow row : rows) {
            String person = raw ? key.pseudonymize(row.personNumber()) : row.person();
            String child = row.child() == null ? null : raw ? key.pseudonymize(row.childNumber()) : row.child();
            decisions.add(service.score(PaymentRunFixtures.application(row, person), child));
            children.add(child);
        }
        return decisions;
    }

    private void assertMatches(List<Map<String, String>> scored, List<InputRow> rows, List<Decision> expected) {
        assertThat(scored).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> out = scored.get(i);
            Decision d = expected.get(i);
            InputRow in = rows.get(i);
            String at = "row " + (i + 1) + " " + out;
            assertThat(out.get("application_id")).as(at).isEqualTo(in.applicationId());
            assertThat(out.get("payment_id")).as(at).isEqualTo(in.paymentId());
            assertThat(out.get("person_id")).as(at).isEqualTo(d.application().personPseudonym());
            assertThat(out.get("child_id")).as(at).isEqualTo(children.get(i));
            assertThat(out.get("benefit")).as(at).isEqualTo(in.benefit());
            assertThat(out.get("pay_date")).as(at).isEqualTo(in.payDate().toString());
            assertThat(out.get("submitted_on"))
                    .as(at)
                    .isEqualTo(in.submittedOn().toString());
            assertThat(out.get("amount_sek")).as(at).isEqualTo(sek(Math.round(in.amountSek() * 100)));
            assertThat(Double.parseDouble(out.get("score"))).as(at).isEqualTo(d.score());
            assertThat(out.get("expected_incorrect_sek"))
                    .as(at)
                    .isEqualTo(sek(Math.round(d.score() * d.application().amountSek() * 100)));
            assertThat(out.get("band")).as(at).isEqualTo(d.band().name());
            assertThat(out.get("scored_action")).as(at).isEqualTo(d.action().name());
            assertThat(out.get("action")).as(at).isEqualTo(d.action().name());
            assertThat(out.get("amount_limit_applied")).as(at).isEqualTo("false");
            assertThat(out.get("random_control")).as(at).isEqualTo(Boolean.toString(d.randomControl()));
            assertThat(out.get("profile")).as(at).isEqualTo(PaymentRunFixtures.PROFILE);
            assertThat(out.get("model_version")).as(at).isEqualTo(PaymentRunFixtures.VERSION);
            assertThat(out.get("decision_id")).as(at).hasSize(36);
            String codes = d.reasons().stream().map(Reason::code).collect(Collectors.joining(","));
            assertThat(out.get("reason_codes")).as(at).isEqualTo(codes.isEmpty() ? null : codes);
            assertThat(out.get("first_reason_en"))
                    .as(at)
                    .isEqualTo(d.reasons().isEmpty() ? null : d.reasons().get(0).textEn());
        }
    }

    private static void assertSummary(String out, List<Decision> expected) {
        long held = 0;
        long manual = 0;
        for (Decision d : expected) {
            long ore = Math.round(d.application().amountSek() * 100);
            held += d.action() == Action.HOLD_PAYMENT ? ore : 0;
            manual += d.action() == Action.MANUAL_CHECK ? ore : 0;
        }
        long randomControl = expected.stream().filter(Decision::randomControl).count();
        assertThat(out)
                .contains(String.format(Locale.ROOT, "%,d scored, 0 skipped", expected.size()))
                .contains(String.format(Locale.ROOT, "random control rows   %,d%n", randomControl))
                .contains(String.format(
                        Locale.ROOT,
                        "SEK held              %,.2f (%,d HOLD_PAYMENT rows)",
                        held / 100.0,
                        count(expected, Action.HOLD_PAYMENT)))
                .contains(String.format(
                        Locale.ROOT,
                        "SEK to manual check   %,.2f (%,d MANUAL_CHECK rows)",
                        manual / 100.0,
                        count(expected, Action.MANUAL_CHECK)));
        StringBuilder all = new StringBuilder(String.format(Locale.ROOT, "%-10s", "all"));
        for (Action action : Action.values()) {
            all.append(String.format(Locale.ROOT, " %,16d", count(expected, action)));
        }
        assertThat(out).contains(all);
    }

    private static long count(List<Decision> decisions, Action action) {
        return decisions.stream().filter(d -> d.action() == action).count();
    }

    private static List<String> column(List<Map<String, String>> rows, String name) {
        return rows.stream().map(r -> r.get(name)).toList();
    }

    private static String sek(long ore) {
        return BigDecimal.valueOf(ore, 2).toPlainString();
    }

    private Run score(Object... options) {
        List<String> args = new ArrayList<>(List.of(
                "score",
                "--models",
                models.toString(),
                "--profile",
                PaymentRunFixtures.PROFILE,
                "--seed",
                Long.toString(DRAW_SEED),
                "--random-control-share",
                Double.toString(SHARE)));
        for (Object option : options) {
            args.add(option.toString());
        }
        if (!args.contains("--work-dir")) {
            args.add("--work-dir");
            args.add(dir.resolve("no-key").toString());
        }
        return Run.of(args.toArray(String[]::new));
    }

    /** A finished command: its status, stdout and stderr. */
    record Run(int status, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = PaymentRunCli.commandLine()
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err))
                    .execute(args);
            return new Run(status, out.toString(), err.toString());
        }
    }
}
