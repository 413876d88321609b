package org.korrekt.paymentrun.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.korrekt.paymentrun.OutputColumn;
import org.korrekt.paymentrun.ScoredRow;
import org.korrekt.paymentrun.ScoredRowSink;

/**
 * Scored rows as CSV (RFC 4180, UTF-8, LF line ends) with a header row of {@link OutputColumn}
 * names. Money in SEK with two decimals, scores as Java prints a double (so they read back
 * exactly), days as {@code YYYY-MM-DD}, booleans as {@code true}/{@code false}, null as an empty
 * field. A field holding a comma, quote or line break is quoted, its quotes doubled.
 */
final class CsvScoredSink implements ScoredRowSink {

    private static final OutputColumn[] COLUMNS = OutputColumn.values();

    private final Writer out;

    private CsvScoredSink(Writer out) {
        this.out = out;
    }

    static CsvScoredSink create(Path file) throws IOException {
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        try {
            for (int i = 0; i < COLUMNS.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(COLUMNS[i].columnName());
            }
            out.write('\n');
        } catch (IOException e) {
            out.close();
            throw e;
        }
        return new CsvScoredSink(out);
    }

    @Override
    public void write(ScoredRow row) throws IOException {
        for (int i = 0; i < COLUMNS.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            Object v = COLUMNS[i].value(row);
            if (v == null) {
                continue;
            }
            switch (COLUMNS[i].kind()) {
                case STRING -> text((String) v);
                case MONEY -> out.write(BigDecimal.valueOf((Long) v, 2).toPlainString());
                default -> out.write(v.toString());
            }
        }
        out.write('\n');
    }

    private void text(String value) throws IOException {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
