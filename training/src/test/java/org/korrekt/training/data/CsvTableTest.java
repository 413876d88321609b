package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korrekt.training.data.CsvTable.ColumnType;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedFieldsLineBreaksAndMissingValues() throws IOException {
        Path file = write("\uFEFFname,amount,note\r\n"
                + "\"Öberg, Åsa\",12.5,\"said \"\"hej\"\"\"\r\n"
                + ",-3,\"two\nlines\"\n"
                + "Li,,\"\"\n"
                + "\n"
                + "Ng,1e3,last");

        CsvTable table = CsvTable.open(file);
        List<String[]> rows = rows(table);

        assertThat(table.columns()).containsExactly("name", "amount", "note");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly("Öberg, Åsa", "12.5", "said \"hej\"");
        assertThat(rows.get(1)).containsExactly(null, "-3", "two\nlines");
        assertThat(rows.get(2)).containsExactly("Li", null, null);
        assertThat(rows.get(3)).containsExactly("Ng", "1e3", "last");
        assertThat(table.inferTypes())
                .containsExactly(ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
    }

    @Test
    void readsTheSemicolonsAndDecimalCommasOfASwedishSpreadsheetAndTabs() throws IOException {
        // as a spreadsheet set to Swedish saves "CSV": semicolons, decimal commas, a byte-order mark
        Path semicolons = write("\uFEFFnamn;belopp;anteckning\r\n"
                + "\"Öberg; Åsa\";12,5;\"a, b\"\r\n"
                + "Li;-3;\n"
                + "Ng;1,5e3;sista\r\n");
        Path tabs = write("name\tamount\tnote\nÖberg, Åsa\t12.5\ta;b\n");
        // a comma file whose header has a semicolon only inside quotes stays a comma file
        Path commas = write("\"a;b\",c\n1,2\n");

        CsvTable table = CsvTable.open(semicolons);
        List<String[]> rows = rows(table);

        assertThat(table.separator()).isEqualTo(';');
        assertThat(table.columns()).containsExactly("namn", "belopp", "anteckning");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsExactly("Öberg; Åsa", "12,5", "a, b");
        assertThat(rows.get(1)).containsExactly("Li", "-3", null);
        assertThat(rows.get(2)).containsExactly("Ng", "1,5e3", "sista");
        assertThat(table.inferTypes())
                .containsExactly(ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        assertThat(CsvTable.parseDecimal("12,5")).isEqualTo(12.5);
        assertThat(CsvTable.parseDecimal("1,5e3")).isEqualTo(1500);

        CsvTable tabbed = CsvTable.open(tabs);
        assertThat(tabbed.separator()).isEqualTo('\t');
        assertThat(rows(tabbed)).singleElement().satisfies(r -> assertThat(r)
                .containsExactly("Öberg, Åsa", "12.5", "a;b"));

        CsvTable commaFile = CsvTable.open(commas);
        assertThat(commaFile.separator()).isEqualTo(',');
        assertThat(commaFile.columns()).containsExactly("a;b", "c");
        // a ragged record in a semicolon file is named as in a comma file
        Path ragged = write("a;b\n1;2\n3\n");
        assertThatThrownBy(() -> rows(CsvTable.open(ragged)))
                .isInstanceOf(CsvTable.FormatException.class)
                .hasMessageEndingWith("line 3: expected 2 fields, found 1");
    }

    @Test
    void typesAColumnNumericOnlyWhenEveryPresentValueIsADecimal() throws IOException {
        // b's NaN is a missing number, as in korrekt train
        Path file = write("a,b,c,d,e\n1,NaN,,0x10,.5\n-2.5E-3,2,,3,+7.\n");

        assertThat(CsvTable.open(file).inferTypes())
                .containsExactly(
                        ColumnType.NUMERIC,
                        ColumnType.NUMERIC,
                        ColumnType.NUMERIC,
                        ColumnType.CATEGORICAL,
                        ColumnType.NUMERIC);
        assertThat(CsvTable.isDecimal("1d")).isFalse();
        assertThat(CsvTable.isDecimal("Infinity")).isFalse();
        assertThat(CsvTable.isDecimal("-0.0")).isTrue();
        // one decimal mark, a point or a comma; no thousands separators
        assertThat(CsvTable.isDecimal("4,5")).isTrue();
        assertThat(CsvTable.isDecimal(",5")).isTrue();
        assertThat(CsvTable.parseDecimal("4,566")).isEqualTo(4.566);
        assertThat(CsvTable.isDecimal("1,234.5")).isFalse();
        assertThat(CsvTable.isDecimal("1.2.3")).isFalse();
        assertThat(CsvTable.isDecimal("1 234")).isFalse();
        // NA, N/A, NaN, NULL and #N/A are missing, as empty cells are, and blanks around a number are allowed
        Path missing = write("x,y,z\n1,NA, 5 \nnan,3,x\n,NaN,6\n");
        assertThat(CsvTable.open(missing).inferTypes())
                .containsExactly(ColumnType.NUMERIC, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        assertThat(CsvTable.isMissing(" NaN ")).isTrue();
        assertThat(CsvTable.isMissing("n/a")).isTrue();
        assertThat(CsvTable.isMissing(" NULL")).isTrue();
        assertThat(CsvTable.isMissing("#N/A")).isTrue();
        assertThat(CsvTable.isMissing("N.A.")).isFalse();
        assertThat(CsvTable.isMissing("none")).isFalse();
    }

    @Test
    void refusesANumberThatCouldHoldAThousandsSeparatorWhereACommaIsNotTheDecimalMark() throws IOException {
        // as an English spreadsheet saves a number formatted with thousands separators
        Path commas = write("id,amount,band\nA,\"12,500\",\"1,000\"\nB,300.5,low\n");
        Path tabs = write("id\tamount\nA\t300\nB\t4,566\n");
        Path semicolons = write("id;amount;band\nA;12,500;low\n");

        CsvTable commaFile = CsvTable.open(commas);
        assertThatThrownBy(commaFile::inferTypes)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(commas + " row 1: column 'amount' holds '12,500', which could be 12500 (with a thousands"
                        + " separator) or 12.500 (with a decimal comma); in a file separated by commas or tabs, write"
                        + " numbers without thousands separators and with a decimal point (in a file separated by"
                        + " semicolons, a comma is the decimal mark)");
        assertThatThrownBy(CsvTable.open(tabs)::inferTypes)
                .hasMessageStartingWith(tabs + " row 2: column 'amount'" + " holds '4,566', which could be 4566");
        // in a semicolon file the comma is the decimal mark; a categorical column may hold anything
        assertThat(CsvTable.open(semicolons).inferTypes())
                .containsExactly(ColumnType.CATEGORICAL, ColumnType.NUMERIC, ColumnType.CATEGORICAL);
        assertThat(CsvTable.open(semicolons).isAmbiguousNumber("12,500")).isFalse();
        // only 1 to 3 digits, one comma and 3 digits could be a thousands separator
        for (String unambiguous : new String[] {"12,5", "0,125", "1234,567", "12.500", "12,5000", "1,234,567", null}) {
            assertThat(commaFile.isAmbiguousNumber(unambiguous)).as(unambiguous).isFalse();
        }
        for (String ambiguous : new String[] {"1,000", "-12,500", " 999,999 ", "+4,566"}) {
            assertThat(commaFile.isAmbiguousNumber(ambiguous)).as(ambiguous).isTrue();
        }
    }

    @Test
    void namesTheLineOfARaggedRecordCountingQuotedLineBreaks() throws IOException {
        Path file = write("a,b\n1,\"x\ny\"\n2,3,4\n");

        assertThatThrownBy(() -> rows(CsvTable.open(file)))
                .isInstanceOf(CsvTable.FormatException.class)
                .hasMessage(file + " line 4: expected 2 fields, found 3")
                .satisfies(
                        e -> assertThat(((CsvTable.FormatException) e).line()).isEqualTo(4));
    }

    @Test
    void namesTheLineOfBadQuoting() throws IOException {
        Path stray = write("a,b\n1,2\n3,ab\"c\n");
        Path trailing = write("a,b\n\"x\"y,2\n");
        Path open = write("a,b\n1,2\n3,\"never closed\n4,5\n");

        assertThatThrownBy(() -> rows(CsvTable.open(stray)))
                .hasMessage(stray
                        + " line 3: a quote inside an unquoted field; quote the whole field and double the quote");
        assertThatThrownBy(() -> rows(CsvTable.open(trailing)))
                .hasMessage(trailing + " line 2: text after the closing quote of a field: 'y'");
        assertThatThrownBy(() -> rows(CsvTable.open(open)))
                .hasMessage(open + " line 3: a quoted field is not closed before the end of the file");
    }

    @Test
    void refusesAnEmptyFileAndABadHeader() throws IOException {
        Path empty = write("");
        Path twice = write("a,b,a\n1,2,3\n");
        Path unnamed = write("a,,c\n");

        assertThatThrownBy(() -> CsvTable.open(empty))
                .hasMessage(empty + " line 1: the file is empty, expected a header row");
        assertThatThrownBy(() -> CsvTable.open(twice)).hasMessage(twice + " line 1: column name 'a' appears twice");
        assertThatThrownBy(() -> CsvTable.open(unnamed)).hasMessage(unnamed + " line 1: column 2 has an empty name");
    }

    @Test
    void refusesBytesThatAreNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, new byte[] {'a', '\n', (byte) 0xD6, 'b', '\n'});

        assertThatThrownBy(() -> rows(CsvTable.open(file)))
                .isInstanceOf(CsvTable.FormatException.class)
                .hasMessageStartingWith(file + " line 2: not valid UTF-8; save it as \"CSV UTF-8\"")
                .hasMessageContaining("iconv -f WINDOWS-1252 -t UTF-8");
        // a spreadsheet's Windows-1252 export, its first non-ASCII letter far beyond the reader's buffer
        StringBuilder ascii = new StringBuilder("name;amount\n");
        for (int i = 0; i < 3_000; i++) {
            ascii.append("row").append(i).append(";12,5\n");
        }
        Path late = dir.resolve("cp1252.csv");
        Files.write(late, (ascii + "Öberg;3\n").getBytes(java.nio.charset.Charset.forName("windows-1252")));
        CsvTable table = CsvTable.open(late);
        assertThatThrownBy(() -> rows(table))
                .isInstanceOf(CsvTable.FormatException.class)
                .hasMessageStartingWith(late + " line 3002: not valid UTF-8")
                .extracting(e -> ((CsvTable.FormatException) e).line())
                .isEqualTo(3002L);
        // a file that ends inside a two-byte letter
        Path cut = dir.resolve("cut.csv");
        Files.write(cut, new byte[] {'a', '\n', 'b', '\n', (byte) 0xC3});
        assertThatThrownBy(() -> rows(CsvTable.open(cut))).hasMessageStartingWith(cut + " line 3: not valid UTF-8");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4})
    void readsBackWhatARfc4180WriterWrote(long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        String alphabet = "ab,\"\n\r åé1.";
        int columns = 1 + random.nextInt(4);
        List<String[]> expected = new ArrayList<>();
        StringBuilder csv = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            csv.append(c == 0 ? "" : ",").append("c").append(c);
        }
        csv.append(random.nextBoolean() ? "\r\n" : "\n");
        for (int r = 0; r < 200; r++) {
            String[] row = new String[columns];
            for (int c = 0; c < columns; c++) {
                int length = random.nextInt(6);
                StringBuilder cell = new StringBuilder();
                for (int k = 0; k < length; k++) {
                    cell.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                row[c] = cell.length() == 0 ? null : cell.toString();
                // A lone empty field would make a blank line; quote it so that a one-column table keeps it.
                csv.append(c == 0 ? "" : ",")
                        .append('"')
                        .append(cell.toString().replace("\"", "\"\""))
                        .append('"');
            }
            expected.add(row);
            csv.append(random.nextBoolean() ? "\r\n" : "\n");
        }
        Path file = write(csv.toString());

        List<String[]> rows = rows(CsvTable.open(file));

        assertThat(rows).as("seed %d", seed).hasSize(expected.size());
        for (int r = 0; r < rows.size(); r++) {
            assertThat(rows.get(r)).as("seed %d row %d", seed, r).containsExactly(expected.get(r));
        }
    }

    private static List<String[]> rows(CsvTable table) throws IOException {
        List<String[]> rows = new ArrayList<>();
        long count = table.forEachRow(rows::add);
        assertThat(count).isEqualTo(rows.size());
        return rows;
    }

    private Path write(String text) throws IOException {
        Path file = Files.createTempFile(dir, "table", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
