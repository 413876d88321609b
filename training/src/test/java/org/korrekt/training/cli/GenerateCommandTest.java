package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.training.data.HistoryTables;

/**
 * {@code korrekt generate} end to end at 1:1000, and its files read back with parquet-java's own
 * generic record reader (no korrekt code), as any other tool would read them.
 */
class GenerateCommandTest {

    @Test
    void writesEveryTableReadableByAGenericReaderAndTheCalibrationReport(@TempDir Path dir) throws Exception {
        int status = TrainingCli.commandLine()
                .execute("generate", "--out", dir.toString(), "--scale", "0.001", "--seed", "3", "--incoming", "50");

        assertThat(status).isZero();
        assertThat(dir.resolve("calibration.md")).content().contains("| scope | figure | target | generated");
        assertThat(dir.resolve("calibration.json")).content().contains("\"withinTolerance\"");
        List<String> incoming = Files.readAllLines(dir.resolve("incoming.jsonl"));
        assertThat(incoming).hasSize(50);
        // incoming.parquet: the same applications, in the same order, as a payment run
        assertThat(readAll(dir.resolve("incoming.parquet"))).isEqualTo(50);
        MessageType run = schema(dir.resolve("incoming.parquet"));
        assertThat(run.getFields().stream().map(Type::getName))
                .containsExactly(
                        "application_id",
                        "person_id",
                        "benefit",
                        "channel",
                        "submitted_on",
                        "period_start",
                        "period_end",
                        "claimed_days",
                        "amount_sek",
                        "declared_monthly_income_sek",
                        "provider_id",
                        "granted_hours",
                        "child_id");
        assertThat(firstString(dir.resolve("incoming.parquet"), "application_id"))
                .isEqualTo(incoming.get(0).substring(18, 28));
        assertThat(incoming.get(0)).startsWith("{\"applicationId\":\"");
        // A VAB application names its child, in both files; the others name none.
        List<String> childIds = strings(dir.resolve("incoming.parquet"), "child_id");
        Pattern child = Pattern.compile("\"childPseudonym\":\"([^\"]+)\"");
        for (int i = 0; i < incoming.size(); i++) {
            String line = incoming.get(i);
            Matcher named = child.matcher(line);
            String inLine = named.find() ? named.group(1) : null;
            assertThat(childIds.get(i)).as(line).isEqualTo(inLine);
            assertThat(inLine != null).as(line).isEqualTo(line.contains("\"benefit\":\"tfp\""));
        }
        assertThat(childIds).filteredOn(id -> id != null).isNotEmpty().allMatch(id -> id.startsWith("C"));
        Map<String, Long> rows = new HashMap<>();
        for (String table : HistoryTables.NAMES) {
            Path file = dir.resolve(table + ".parquet");
            assertThat(file).as(table).exists();
            rows.put(table, readAll(file));
        }
        assertThat(rows.get("payments")).isGreaterThan(50_000);
        assertThat(rows.get("persons")).isGreaterThan(1_000);
        assertThat(rows.values()).allMatch(n -> n > 0);

        MessageType payments = schema(dir.resolve("payments.parquet"));
        assertThat(payments.getType("pay_date").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
        assertThat(payments.getType("amount_sek").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(2, 18));
        assertThat(payments.getType("benefit").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.stringType());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --scale       | 0          | --scale must be in (0, 1], was 0
            --scale       | 2          | --scale must be in (0, 1], was 2
            --scale       | NaN        | --scale must be in (0, 1], was NaN
            --years       | 0          | --years must be in [1, 10], was 0
            --years       | 11         | --years must be in [1, 10], was 11
            --start-year  | 1999       | --start-year must be in [2000, 2100], was 1999
            --incoming    | -1         | --incoming must be >= 0, was -1
            --mechanisms  | G13=1      | --mechanisms: no mechanism 'G13' in 'G13=1'; mechanisms are G1 to G12
            --mechanisms  | G2=-1      | --mechanisms: rate of mechanism G2 must be a number in [0, 100], was '-1'
            --mechanisms  | G2         | --mechanisms: mechanism rate must be written Gn=rate, was 'G2'
            --mechanisms  | G2=abc     | --mechanisms: rate of mechanism G2 must be a number in [0, 100], was 'abc'
            --mechanisms  | G2=NaN     | --mechanisms: rate of mechanism G2 must be a number in [0, 100], was 'NaN'
            --mechanisms  | G2=0,g2=1  | --mechanisms: mechanism G2 is given a rate twice
            """)
    void refusesAnOptionOutOfRangeInOneLineBeforeWritingAnything(
            String option, String value, String message, @TempDir Path dir) {
        Path folder = dir.resolve("out");

        CliRun output = run("generate", "--out", folder.toString(), option, value);

        assertThat(output.status()).isEqualTo(GenerateCommand.USER_ERROR);
        assertThat(output.err()).isEqualTo("korrekt generate: " + message + System.lineSeparator());
        assertThat(folder).doesNotExist();
    }

    @Test
    void refusesAnOutThatIsAFileBeforeGenerating(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("history"), "not a folder");

        CliRun output = run("generate", "--out", file.toString(), "--scale", "0.001", "--incoming", "0");

        assertThat(output.status()).isEqualTo(GenerateCommand.USER_ERROR);
        assertThat(output.err())
                .isEqualTo("korrekt generate: --out " + file + " is a file; it must be a folder (made if missing)"
                        + System.lineSeparator());
        assertThat(file).hasContent("not a folder");
        assertThat(dir).isDirectoryNotContaining(path -> !path.equals(file));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static MessageType schema(Path file) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    /** The value of a string column in the first record. */
    private static String firstString(Path file, String column) throws Exception {
        try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            RecordReader<Group> records = new ColumnIOFactory()
                    .getColumnIO(schema)
                    .getRecordReader(reader.readNextRowGroup(), new GroupRecordConverter(schema));
            return records.read().getString(column, 0);
        }
    }

    /** A string column's values, in order, null where the row has none. */
    private static List<String> strings(Path file, String column) throws Exception {
        List<String> values = new ArrayList<>();
        readAll(file, row -> values.add(row.getFieldRepetitionCount(column) == 0 ? null : row.getString(column, 0)));
        return values;
    }

    /** Reads every record with parquet-java's generic Group converter; returns the count. */
    private static long readAll(Path file) throws Exception {
        return readAll(file, row -> assertThat(row).isNotNull());
    }

    /** Reads every record with parquet-java's generic Group converter, in order; returns the count. */
    private static long readAll(Path file, Consumer<Group> each) throws Exception {
        long count = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(input(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    each.accept(records.read());
                    count++;
                }
            }
            assertThat(count).isEqualTo(reader.getRecordCount());
        }
        return count;
    }

    private static HadoopInputFile input(Path file) throws Exception {
        return HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
    }
}
