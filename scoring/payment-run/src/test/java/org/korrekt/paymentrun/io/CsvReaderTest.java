package org.korrekt.paymentrun.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() throws Exception {
        CsvReader csv =
                new CsvReader(new StringReader("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,\"\"\n"));

        assertThat(csv.next()).containsExactly("a", "b", "c");
        assertThat(csv.next()).containsExactly("x, y", "say \"hi\"", "two\nlines");
        assertThat(csv.recordLine()).isEqualTo(2);
        assertThat(csv.next()).containsExactly("1", null, null);
        assertThat(csv.recordLine()).isEqualTo(4);
        assertThat(csv.next()).isNull();
    }

    @Test
    void skipsBlankLinesAndReadsALastRecordWithoutALineEnd() throws Exception {
        CsvReader csv = new CsvReader(new StringReader("a,b\n\n\r\n1,2"));

        assertThat(csv.next()).containsExactly("a", "b");
        assertThat(csv.next()).containsExactly("1", "2");
        assertThat(csv.recordLine()).isEqualTo(4);
        assertThat(csv.next()).isNull();
    }

    @Test
    void reportsAMalformedRecordAfterConsumingItSoReadingGoesOn() throws Exception {
        CsvReader csv = new CsvReader(new StringReader("a,b\n1,x\"y\n\"2\"z,3\n4,5\n\"open,6\n"));

        assertThat(csv.next()).containsExactly("a", "b");
        assertThatThrownBy(csv::next)
                .isInstanceOf(CsvReader.FormatProblem.class)
                .hasMessage("a quote inside an unquoted field (field 2)");
        assertThat(csv.recordLine()).isEqualTo(2);
        assertThatThrownBy(csv::next)
                .isInstanceOf(CsvReader.FormatProblem.class)
                .hasMessage("text after a closing quote in field 1");
        assertThat(csv.next()).containsExactly("4", "5");
        assertThatThrownBy(csv::next)
                .isInstanceOf(CsvReader.FormatProblem.class)
                .hasMessage("a quote is left open at the end of the file");
        assertThat(csv.recordLine()).isEqualTo(5);
        assertThat(csv.next()).isNull();
    }

    @Test
    void skipsAByteOrderMarkBeforeAQuotedHeader() throws Exception {
        CsvReader csv = new CsvReader(new StringReader("\uFEFF\"a\",\"b\"\r\n1,\uFEFF2\r\n"));

        assertThat(csv.next()).containsExactly("a", "b");
        assertThat(csv.next()).containsExactly("1", "\uFEFF2");
        assertThat(csv.next()).isNull();
    }

    @Test
    void aByteOrderMarkAloneIsAnEmptyInput() throws Exception {
        assertThat(new CsvReader(new StringReader("\uFEFF")).next()).isNull();
    }
}
