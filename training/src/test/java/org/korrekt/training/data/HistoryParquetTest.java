package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.history.Payment;
import org.korrekt.training.cli.TrainingCli;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * Reading a history folder as training and {@code korrekt history} read it: a table whose column
 * is missing or of another type than korrekt writes is refused naming the file and the column.
 */
class HistoryParquetTest {

    @TempDir
    static Path generatedDir;

    private static List<Payment> payments;
    private final HistoryParquet history = new HistoryParquet(ClaimsParquet.withDefaults());

    @BeforeAll
    static void writeAHistory() throws IOException {
        GeneratedHistory generated = new HistoryGenerator(HistoryConfig.defaults(0.001, 11)).generate((s, d, t) -> {});
        payments = generated.payments();
        new HistoryWriter(new Configuration()).write(generated, generatedDir.toUri(), (t, w, n) -> {});
    }

    /** The generated history in {@code dir}, with its payments table written as {@code payments}. */
    private static Path withPayments(Path dir, MessageType schema, boolean amountAsDouble) throws IOException {
        return withPayments(dir, schema, amountAsDouble, null);
    }

    /** As above, with {@code firstBenefit} as the first payment's benefit code unless it is null. */
    private static Path withPayments(Path dir, MessageType schema, boolean amountAsDouble, String firstBenefit)
            throws IOException {
        try (var files = Files.list(generatedDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        Path file = dir.resolve("payments.parquet");
        TestParquet.write(file, schema, payments.size(), (g, r) -> {
            Payment p = payments.get(r);
            g.add("person_id", p.personId());
            g.add(
                    "benefit",
                    r == 0 && firstBenefit != null ? firstBenefit : p.benefit().code());
            if (schema.containsField("pay_date")) {
                g.add("pay_date", (int) p.payDate().toEpochDay());
            }
            if (amountAsDouble) {
                g.add("amount_sek", p.amountSek());
            } else {
                g.add("amount_sek", Math.round(p.amountSek() * 100));
            }
        });
        return dir;
    }

    /** The payments columns training reads; {@code payDate} is "required", "optional" or "none". */
    private static MessageType payments(String payDate, boolean amountAsDouble) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        b.addField(Types.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("person_id"));
        b.addField(Types.required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("benefit"));
        if (payDate.equals("required")) {
            b.addField(Types.required(PrimitiveTypeName.INT32)
                    .as(LogicalTypeAnnotation.dateType())
                    .named("pay_date"));
        } else if (payDate.equals("optional")) {
            b.addField(TestParquet.date("pay_date"));
        }
        b.addField(
                amountAsDouble
                        ? Types.required(PrimitiveTypeName.DOUBLE).named("amount_sek")
                        : Types.required(PrimitiveTypeName.INT64)
                                .as(LogicalTypeAnnotation.decimalType(2, 18))
                                .named("amount_sek"));
        return b.named("payments");
    }

    @Test
    void refusesAColumnOfAnotherTypeNamingItsFile(@TempDir Path dir) throws IOException {
        Path folder = withPayments(dir, payments("required", true), true);
        String expected = "payments.parquet: column 'amount_sek' of the payments table is DOUBLE; korrekt reads it"
                + " as INT64 DECIMAL(18,2), as korrekt generate writes it (docs/data.md)";

        assertThatThrownBy(() -> history.features(folder.toUri(), t -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith(expected);
        assertThatThrownBy(() -> history.events(folder.toUri(), t -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith(expected);

        Run run = run(
                "history",
                "--data",
                folder.toString(),
                "--out",
                dir.resolve("h.krkh").toString());
        assertThat(run.exit()).isEqualTo(2);
        // the progress bar's lines, then the error in one line: no stack trace
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        assertThat(lines.get(lines.size() - 1))
                .isEqualTo("korrekt history: cannot read " + folder + ": file:" + folder.resolve("payments.parquet")
                        + ": column 'amount_sek' of the payments table is DOUBLE; korrekt reads it as INT64"
                        + " DECIMAL(18,2), as korrekt generate writes it (docs/data.md)");
        assertThat(dir.resolve("h.krkh")).doesNotExist();
    }

    @Test
    void theLogIsAsOfTheTimeTheExportWasTaken(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("h.krkh");
        Run run = run(
                "history",
                "--data",
                generatedDir.toString(),
                "--out",
                log.toString(),
                "--as-of",
                "2026-11-02T06:00:00Z");
        assertThat(run.exit()).as(run.err()).isZero();
        // people's histories: the owner's only, as the service's journal
        assertThat(Files.getPosixFilePermissions(log))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        try (java.io.InputStream in = Files.newInputStream(log)) {
            assertThat(org.korrekt.features.history.HistoryLog.read(in, e -> {}).asOf())
                    .isEqualTo(java.time.Instant.parse("2026-11-02T06:00:00Z"));
        }

        Run bad = run("history", "--data", generatedDir.toString(), "--out", log.toString(), "--as-of", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err().strip())
                .isEqualTo("korrekt history: --as-of yesterday is not an ISO-8601 instant; give it as"
                        + " 2026-11-02T06:00:00Z");

        // a typo that puts the export in the future would make the service drop every feed event before it
        Run future = run(
                "history",
                "--data",
                generatedDir.toString(),
                "--out",
                log.toString(),
                "--as-of",
                "2062-11-24T12:00:00Z");
        assertThat(future.exit()).isEqualTo(2);
        assertThat(future.err().strip())
                .startsWith("korrekt history: --as-of 2062-11-24T12:00:00Z is later than now (")
                .endsWith("); it is when the registers' export in --data was taken");
        try (java.io.InputStream in = Files.newInputStream(log)) {
            assertThat(org.korrekt.features.history.HistoryLog.read(in, e -> {}).asOf())
                    .as("the log written before is left as it was")
                    .isEqualTo(java.time.Instant.parse("2026-11-02T06:00:00Z"));
        }
    }

    @Test
    void refusesAMissingColumn(@TempDir Path dir) throws IOException {
        Path without = withPayments(dir, payments("none", false), false);

        assertThatThrownBy(() -> history.features(without.toUri(), t -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageEndingWith("payments.parquet: the payments table has no column 'pay_date'; korrekt reads"
                        + " person_id, benefit, pay_date, amount_sek from it (docs/data.md)");
    }

    @Test
    void readsAnOptionalColumnAsSparkWritesItButNotARowWithoutAValue(@TempDir Path full, @TempDir Path gap)
            throws IOException {
        // pay_date written OPTIONAL, as Spark writes every column, and a value in every row
        Path optional = withPayments(full, payments("optional", false), false);
        assertThat(history.events(optional.toUri(), t -> {}).sorted())
                .isEqualTo(history.events(generatedDir.toUri(), t -> {}).sorted());

        // the same, but the third payment has no pay day
        Path missing = withPayments(gap, payments("optional", false), false);
        TestParquet.write(missing.resolve("payments.parquet"), payments("optional", false), payments.size(), (g, r) -> {
            Payment p = payments.get(r);
            g.add("person_id", p.personId());
            g.add("benefit", p.benefit().code());
            if (r != 2) {
                g.add("pay_date", (int) p.payDate().toEpochDay());
            }
            g.add("amount_sek", Math.round(p.amountSek() * 100));
        });
        assertThatThrownBy(() -> history.features(missing.toUri(), t -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("payments.parquet, row 3: column 'pay_date' of the payments table has no value;"
                        + " korrekt needs one in every row");
    }

    @Test
    void aRowThatIsNotValidStopsTrainingInOneLineNamingItsFileAndRow(@TempDir Path dir) throws IOException {
        Path folder = withPayments(dir, payments("required", false), false, "nope");

        assertThatThrownBy(() -> history.features(folder.toUri(), t -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("payments.parquet, row 1: unknown benefit 'nope'");

        Run run = run(
                "train",
                "--data",
                folder.toString(),
                "--out",
                dir.resolve("models").toString(),
                "--profile",
                "housing");
        assertThat(run.exit()).isEqualTo(2);
        List<String> lines = run.err().strip().lines().toList();
        assertThat(lines).noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception"));
        assertThat(lines.get(lines.size() - 1))
                .startsWith("korrekt train: ")
                .endsWith("payments.parquet, row 1: unknown benefit 'nope'");
    }

    @Test
    void readsATableWithOnlyTheColumnsItUsesInAnotherOrder(@TempDir Path dir) throws IOException {
        // only the columns the events use, in another order than korrekt writes them
        MessageType reordered = Types.buildMessage()
                .addField(Types.required(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(2, 18))
                        .named("amount_sek"))
                .addField(Types.required(PrimitiveTypeName.INT32)
                        .as(LogicalTypeAnnotation.dateType())
                        .named("pay_date"))
                .addField(Types.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named("benefit"))
                .addField(Types.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named("person_id"))
                .named("payments");
        Path folder = withPayments(dir, reordered, false);

        assertThat(history.events(folder.toUri(), t -> {}).sorted())
                .isEqualTo(history.events(generatedDir.toUri(), t -> {}).sorted());
    }

    record Run(int exit, String err) {}

    /** Runs a korrekt command in-process, capturing what it prints to standard error. */
    private static Run run(String... command) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(TrainingCli.commandLine().execute(command), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }
}
