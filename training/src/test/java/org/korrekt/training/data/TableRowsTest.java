package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRowsTest {

    @Test
    void readsATimestampColumnAsItsDayInUtc(@TempDir Path dir) throws IOException {
        // what pandas (microseconds) and Spark write for date-times, in each unit Parquet has
        MessageType schema = new MessageType(
                "t",
                timestamp("micros", true, TimeUnit.MICROS),
                timestamp("millis", false, TimeUnit.MILLIS),
                timestamp("nanos", true, TimeUnit.NANOS));
        long[] seconds = {
            LocalDate.of(2023, 4, 29).toEpochDay() * 86_400 + 23 * 3_600 + 59 * 60 + 59, // 23:59:59
            LocalDate.of(2023, 4, 30).toEpochDay() * 86_400, // midnight
            -1 // 1969-12-31 23:59:59, before the epoch
        };
        Path file = dir.resolve("t.parquet");
        // the last row has no values
        TestParquet.write(file, schema, seconds.length + 1, (g, r) -> {
            if (r < seconds.length) {
                g.add("micros", seconds[r] * 1_000_000L);
                g.add("millis", seconds[r] * 1_000L);
                g.add("nanos", seconds[r] * 1_000_000_000L);
            }
        });

        List<Object[]> rows = new ArrayList<>();
        long read = TableRows.parquet(file.toUri(), new Configuration())
                .forEach(List.of("nanos", "micros", "millis"), cells -> rows.add(cells.clone()));

        assertThat(read).isEqualTo(4);
        LocalDate[] days = {LocalDate.of(2023, 4, 29), LocalDate.of(2023, 4, 30), LocalDate.of(1969, 12, 31)};
        for (int r = 0; r < days.length; r++) {
            assertThat(rows.get(r)).as("row %d", r).containsExactly(days[r], days[r], days[r]);
        }
        assertThat(rows.get(3)).containsExactly(null, null, null);
    }

    @Test
    void readsPartFilesByColumnNameOnlyTheWantedOnesAndSaysWhichLackAColumnAddedLater(@TempDir Path dir)
            throws IOException {
        // an older part file, amounts as DECIMAL(18,2); a newer one with its columns in another
        // order, amounts as DOUBLE, and a column the table gained ("channel")
        MessageType older = new MessageType(
                "t",
                TestParquet.text("id"),
                Types.required(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.decimalType(2, 18))
                        .named("amount"),
                TestParquet.date("filed"),
                TestParquet.text("memo"));
        MessageType newer = new MessageType(
                "t",
                TestParquet.date("filed"),
                TestParquet.text("channel"),
                Types.required(PrimitiveTypeName.DOUBLE).named("amount"),
                TestParquet.text("id"));
        write(dir.resolve("part-0.parquet"), older, g -> {
            g.add("id", "A1");
            g.add("amount", 1_234_56L);
            g.add("filed", 19_000);
            g.add("memo", "old");
        });
        write(dir.resolve("part-1.parquet"), newer, g -> {
            g.add("filed", 19_100);
            g.add("channel", "web");
            g.add("amount", 99.5);
            g.add("id", "B1");
        });

        TableRows table = TableRows.parquet(dir.toUri(), new Configuration());
        List<Object[]> rows = new ArrayList<>();
        long read = table.forEach(List.of("id", "amount", "channel", "filed", "id"), cells -> rows.add(cells.clone()));

        assertThat(read).isEqualTo(2);
        assertThat(rows.get(0)).containsExactly("A1", 1234.56, null, LocalDate.ofEpochDay(19_000), "A1");
        assertThat(rows.get(1)).containsExactly("B1", 99.5, "web", LocalDate.ofEpochDay(19_100), "B1");
        assertThat(table.columns()).containsExactly("id", "amount", "filed", "memo", "channel");
        assertThat(table.expectedRows()).isEqualTo(2);
        assertThat(table.notes())
                .singleElement()
                .asString()
                .startsWith("column 'channel' is in 1 of the 2 part files; it is missing in every row of the other 1"
                        + " (the first: ")
                .endsWith("part-0.parquet)");
    }

    @Test
    void aRowsProblemWithAColumnItsPartFileLacksSaysTheFileLacksIt(@TempDir Path dir) throws IOException {
        MessageType labelled = new MessageType("t", TestParquet.text("id"), TestParquet.text("label"));
        MessageType unlabelled = new MessageType("t", TestParquet.text("id"));
        write(dir.resolve("part-0.parquet"), labelled, g -> {
            g.add("id", "A1");
            g.add("label", "yes");
        });
        write(dir.resolve("part-1.parquet"), unlabelled, g -> g.add("id", "B1"));
        TableRows table = TableRows.parquet(dir.toUri(), new Configuration());

        // as the profile reader does for an investigated row without a label
        Consumer<Object[]> needsLabel = cells -> {
            if (cells[1] == null) {
                throw new IllegalArgumentException("row " + cells[0] + " has no label in column 'label'");
            }
        };
        assertThatThrownBy(() -> table.forEach(List.of("id", "label"), needsLabel))
                .isInstanceOf(TableRows.FileError.class)
                .hasMessageEndingWith("part-1.parquet, row 1: row B1 has no label in column 'label'; part-1.parquet"
                        + " has no column 'label' at all, which other part files of the table have");
        // a problem with another column is reported as it is
        assertThatThrownBy(() -> table.forEach(List.of("id", "label"), cells -> {
                    throw new IllegalArgumentException("row " + cells[0] + " has a bad 'id'");
                }))
                .hasMessageEndingWith("part-0.parquet, row 1: row A1 has a bad 'id'");
    }

    @Test
    void findsAColumnWhoseHeaderHasBlanksAroundItsNameUnlessTwoDo() {
        List<String> header = List.of("id", " hours ", "visits", "a", " a", "b ", " b");

        assertThat(TableRows.positions("t.csv", header, List.of("hours", "id", "visits", "a")))
                .containsExactly(1, 0, 2, 3);
        assertThatThrownBy(() -> TableRows.positions("t.csv", header, List.of("b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t.csv has no column 'b', and two whose names are that with blanks around it: 'b ' and"
                        + " ' b'");
        assertThatThrownBy(() -> TableRows.positions("t.csv", header, List.of("hour")))
                .hasMessage("t.csv has no column 'hour'; its columns are " + header);
    }

    @Test
    void aFileThatIsNotParquetSaysThatOnlyANameEndingInCsvIsReadAsCsv(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("claims.txt");
        Files.writeString(text, "id,label\nA1,yes\n");

        TableRows table = TableRows.parquet(text.toUri(), new Configuration());

        assertThatThrownBy(() -> table.forEach(List.of("id"), cells -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is not a Parquet file")
                .hasMessageEndingWith("(a table is read as CSV only when its name ends in .csv)");
    }

    @Test
    void aPartFileWithNoneOfTheWantedColumnsIsAnotherTable(@TempDir Path dir) throws IOException {
        write(dir.resolve("a.parquet"), new MessageType("t", TestParquet.text("id")), g -> g.add("id", "A1"));
        write(dir.resolve("b.parquet"), new MessageType("u", TestParquet.text("person")), g -> g.add("person", "P1"));

        TableRows table = TableRows.parquet(dir.toUri(), new Configuration());

        assertThatThrownBy(() -> table.forEach(List.of("id"), cells -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("b.parquet holds none of the columns [id]; its columns are [person] (a folder or"
                        + " glob must hold the part files of one table)");
    }

    @Test
    void aFolderNamedKeyEqualsValueGivesItsRowsThatColumn(@TempDir Path dir) throws IOException {
        // Hive's and Spark's layout: the partition columns are in the folder names, not the files
        MessageType schema = new MessageType("t", TestParquet.text("id"), TestParquet.text("region"));
        String[][] parts = {
            {"decided_on=2024-01-31/region=north", "A1", null},
            {"decided_on=2024-02-29/region=north", "B1", "south"}, // the file's own column wins
            {"decided_on=__HIVE_DEFAULT_PARTITION__/region=a%3Ab+c", "C1", null},
        };
        for (String[] part : parts) {
            Path folder = Files.createDirectories(dir.resolve("claims").resolve(part[0]));
            write(folder.resolve("part-0.parquet"), schema, g -> {
                g.add("id", part[1]);
                if (part[2] != null) {
                    g.add("region", part[2]);
                }
            });
        }

        TableRows table =
                TableRows.parquet(URI.create(dir.toUri() + "claims/decided_on=*/region=*"), new Configuration());
        List<Object[]> rows = new ArrayList<>();
        table.forEach(List.of("id", "decided_on", "region"), cells -> rows.add(cells.clone()));

        assertThat(table.columns()).containsExactly("id", "region", "decided_on");
        assertThat(rows)
                .containsExactly(
                        new Object[] {"A1", "2024-01-31", null},
                        new Object[] {"B1", "2024-02-29", "south"},
                        new Object[] {"C1", null, null});
        assertThat(table.notes()).isEmpty();
    }

    @Test
    void aFolderNamedKeyEqualsValueIsReadAsTextWithHivesEscapes(@TempDir Path dir) throws IOException {
        Path file = Files.createDirectories(dir.resolve("k=a%3Ab+c").resolve("pct=50%"))
                .resolve("p.parquet");
        write(file, new MessageType("t", TestParquet.text("id")), g -> g.add("id", "A1"));

        List<Object[]> rows = new ArrayList<>();
        TableRows.parquet(file.toUri(), new Configuration())
                .forEach(List.of("k", "pct"), cells -> rows.add(cells.clone()));

        assertThat(rows).containsExactly(new Object[] {"a:b+c", "50%"});
    }

    @Test
    void readsTheTypesSparkHiveAndPyarrowWrite(@TempDir Path dir) throws IOException {
        MessageType schema = new MessageType(
                "t",
                Types.optional(PrimitiveTypeName.INT96).named("int96"),
                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                        .length(16)
                        .as(LogicalTypeAnnotation.decimalType(2, 38))
                        .named("fixed_decimal"),
                Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.decimalType(3, 20))
                        .named("binary_decimal"),
                Types.optional(PrimitiveTypeName.INT32)
                        .as(LogicalTypeAnnotation.decimalType(1, 9))
                        .named("int_decimal"),
                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
                        .length(16)
                        .as(LogicalTypeAnnotation.uuidType())
                        .named("uuid"),
                Types.optional(PrimitiveTypeName.INT32)
                        .as(LogicalTypeAnnotation.intType(32, false))
                        .named("uint32"),
                Types.optional(PrimitiveTypeName.INT64)
                        .as(LogicalTypeAnnotation.intType(64, false))
                        .named("uint64"));
        UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        // 2023-04-29 23:59:59.999 UTC, and 1969-12-31 00:00 UTC
        long[][] int96 = {{LocalDate.of(2023, 4, 29).toEpochDay() + 2_440_588L, 86_399_999_000_000L}, {2_440_587L, 0}};
        BigDecimal[] fixed = {new BigDecimal("-12345678901234567890.25"), new BigDecimal("0.00")};
        BigDecimal[] binary = {new BigDecimal("4566.125"), new BigDecimal("-0.001")};
        TestParquet.write(dir.resolve("t.parquet"), schema, int96.length, (g, r) -> {
            ByteBuffer time = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            time.putLong(int96[r][1]).putInt((int) int96[r][0]);
            g.add("int96", Binary.fromConstantByteArray(time.array()));
            g.add("fixed_decimal", Binary.fromConstantByteArray(signExtended(fixed[r].unscaledValue(), 16)));
            g.add(
                    "binary_decimal",
                    Binary.fromConstantByteArray(binary[r].unscaledValue().toByteArray()));
            g.add("int_decimal", r == 0 ? -45 : 0);
            ByteBuffer uuid =
                    ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            g.add("uuid", Binary.fromConstantByteArray(uuid.array()));
            g.add("uint32", r == 0 ? -1 : 7); // 4294967295
            g.add("uint64", r == 0 ? -1L : 7L); // 18446744073709551615
        });

        List<Object[]> rows = new ArrayList<>();
        TableRows.parquet(dir.resolve("t.parquet").toUri(), new Configuration())
                .forEach(schema.getFields().stream().map(Type::getName).toList(), cells -> rows.add(cells.clone()));

        assertThat(rows.get(0))
                .containsExactly(
                        LocalDate.of(2023, 4, 29),
                        -12345678901234567890.25,
                        4566.125,
                        -4.5,
                        "123e4567-e89b-12d3-a456-426614174000",
                        4294967295.0,
                        18446744073709551615.0);
        assertThat(rows.get(1))
                .containsExactly(
                        LocalDate.of(1969, 12, 31), 0.0, -0.001, 0.0, "123e4567-e89b-12d3-a456-426614174000", 7.0, 7.0);
    }

    @Test
    void bytesWithoutAnAnnotationKeepTheirIdentity(@TempDir Path dir) throws IOException {
        // arrow-rs writes a 16-byte id without its UUID annotation; Hive writes text as plain BINARY
        MessageType schema = new MessageType(
                "t",
                Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(4).named("fixed"),
                Types.optional(PrimitiveTypeName.BINARY).named("plain"));
        byte[][] fixed = {{(byte) 0xe5, 0x0e, 0x41, 0x42}, {(byte) 0xff, 0x0e, 0x41, 0x42}};
        byte[][] plain = {"Malmö".getBytes(StandardCharsets.UTF_8), {(byte) 0xe5, 0x0e}, {(byte) 0xff, 0x0e}};
        TestParquet.write(dir.resolve("t.parquet"), schema, plain.length, (g, r) -> {
            if (r < fixed.length) {
                g.add("fixed", Binary.fromConstantByteArray(fixed[r]));
            }
            g.add("plain", Binary.fromConstantByteArray(plain[r]));
        });

        List<Object[]> rows = new ArrayList<>();
        TableRows.parquet(dir.resolve("t.parquet").toUri(), new Configuration())
                .forEach(List.of("fixed", "plain"), cells -> rows.add(cells.clone()));

        // bytes that are not UTF-8 would all decode to U+FFFD, and two ids would become one
        assertThat(rows)
                .containsExactly(
                        new Object[] {"0xe50e4142", "Malmö"},
                        new Object[] {"0xff0e4142", "0xe50e"},
                        new Object[] {null, "0xff0e"});
    }

    @Test
    void aColumnThatIsNotAPlainValueInOnePartFileNamesThatFile(@TempDir Path dir) throws IOException {
        write(
                dir.resolve("part-0.parquet"),
                new MessageType("t", TestParquet.text("id"), TestParquet.text("agency")),
                g -> g.add("id", "A"));
        MessageType listed = new MessageType(
                "t",
                TestParquet.text("id"),
                Types.optionalList()
                        .optionalElement(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named("agency"));
        write(dir.resolve("part-1.parquet"), listed, g -> g.add("id", "B"));

        TableRows table = TableRows.parquet(dir.toUri(), new Configuration());

        assertThatThrownBy(() -> table.forEach(List.of("id", "agency"), cells -> {}))
                .isInstanceOf(TableRows.FileError.class)
                .hasMessageStartingWith(
                        dir.resolve("part-1.parquet").toUri().toString().replace("file:///", "file:/")
                                + ": column 'agency' is not a plain value column (optional group agency (LIST) {")
                .hasMessageNotContaining("\n");
    }

    /** {@code value} as {@code length} big-endian two's complement bytes. */
    private static byte[] signExtended(BigInteger value, int length) {
        byte[] minimal = value.toByteArray();
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, 0, length - minimal.length, (byte) (value.signum() < 0 ? 0xff : 0));
        System.arraycopy(minimal, 0, bytes, length - minimal.length, minimal.length);
        return bytes;
    }

    private static void write(Path file, MessageType schema, Consumer<Group> row) throws IOException {
        TestParquet.write(file, schema, 1, (g, r) -> row.accept(g));
    }

    private static Type timestamp(String name, boolean utc, TimeUnit unit) {
        return Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL)
                .as(LogicalTypeAnnotation.timestampType(utc, unit))
                .named(name);
    }
}
