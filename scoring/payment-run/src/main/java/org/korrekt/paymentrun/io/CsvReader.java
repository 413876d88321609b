package org.korrekt.paymentrun.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records one at a time (RFC 4180): fields separated by commas, records by CRLF or LF, a
 * field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}). An empty
 * field, quoted or not, is {@code null}. Blank lines are skipped, and so is a byte-order mark
 * (U+FEFF) at the start, as Excel writes one before "CSV UTF-8". A quote inside an unquoted field,
 * text after a closing quote, or a quote left open at the end of the input is a {@link
 * FormatProblem}, reported after the whole record has been consumed, so that reading can go on.
 * Not thread-safe.
 */
final class CsvReader implements Closeable {

    /** A malformed record: the record is consumed. */
    static final class FormatProblem extends Exception {
        private static final long serialVersionUID = 1L;

        FormatProblem(String problem) {
            super(problem, null, false, false);
        }
    }

    private final Reader in;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private boolean started;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();
    private final List<String> fields = new ArrayList<>();

    /** @param in the text (the caller decodes it, e.g. UTF-8) */
    CsvReader(Reader in) {
        this.in = in;
    }

    /** The 1-based line where the record last returned (or reported as malformed) starts. */
    long recordLine() {
        return recordLine;
    }

    /**
     * The next record's fields, or {@code null} at the end of the input.
     *
     * @throws FormatProblem if the record is malformed (it is consumed)
     */
    String[] next() throws IOException, FormatProblem {
        int c = read();
        while (c == '\r' || c == '\n') {
            if (c == '\n' || peek() != '\n') {
                line++;
            }
            c = read();
        }
        if (c == -1) {
            return null;
        }
        recordLine = line;
        fields.clear();
        field.setLength(0);
        String problem = null;
        boolean quoted = false;
        boolean closedQuote = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    problem = "a quote is left open at the end of the file";
                    endField();
                    break;
                }
                if (c == '"') {
                    if (peek() == '"') {
                        read();
                        field.append('"');
                    } else {
                        quoted = false;
                        closedQuote = true;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && peek() != '\n')) {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',' || c == '\n' || c == '\r' || c == -1) {
                endField();
                closedQuote = false;
                fieldStart = true;
                if (c != ',') {
                    if (c == '\r' && peek() == '\n') {
                        read();
                    }
                    if (c != -1) {
                        line++;
                    }
                    break;
                }
            } else if (closedQuote) {
                if (problem == null) {
                    problem = "text after a closing quote in field " + (fields.size() + 1);
                }
            } else if (c == '"') {
                if (fieldStart) {
                    quoted = true;
                } else if (problem == null) {
                    problem = "a quote inside an unquoted field (field " + (fields.size() + 1) + ")";
                }
                fieldStart = false;
            } else {
                field.append((char) c);
                fieldStart = false;
            }
            c = read();
        }
        if (problem != null) {
            throw new FormatProblem(problem);
        }
        return fields.toArray(new String[0]);
    }

    private void endField() {
        fields.add(field.length() == 0 ? null : field.toString());
        field.setLength(0);
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++];
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position];
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        position = 0;
        limit = n;
        if (!started) {
            started = true;
            if (buffer[0] == '\uFEFF') {
                position = 1;
                return n > 1 || fill();
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
