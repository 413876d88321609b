package org.korrekt.training.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A CSV file with a header row, read as a stream of records (RFC 4180): fields separated by
 * commas, records by CRLF or LF, a field in double quotes may hold commas, line breaks and doubled
 * quotes ({@code ""}). The file is UTF-8 (a leading byte-order mark is skipped).
 *
 * <p>The separator is read from the header: a comma if the header has one outside quotes, else a
 * semicolon if it has one (the CSV that a spreadsheet set to Swedish, or another locale whose
 * decimal mark is a comma, saves), else a tab; a header with none of them is one column. The
 * records then use the same separator.
 *
 * <p>An empty field, quoted or not, is missing and comes out as {@code null}. A line holding
 * nothing at all (a blank line) is skipped when the table has more than one column. Every record
 * must have as many fields as the header; a ragged record, a quote inside an unquoted field,
 * text after a closing quote, or a quote left open at the end of the file is an error naming the
 * line where the record starts.
 *
 * <p>Each pass ({@link #forEachRow}, {@link #inferTypes}) reads the file again from disk, so a table
 * of any size streams in constant memory. Meant for small tables (thousands to a few hundred
 * thousand rows); use Parquet for large ones. Not thread-safe while a pass runs; the object itself
 * is immutable.
 */
public final class CsvTable {

    /** The type a column's present values allow. */
    public enum ColumnType {
        /** Every present value is a decimal number (optional sign, digits, decimal mark, exponent). */
        NUMERIC,
        /** Some present value is not a decimal number. */
        CATEGORICAL
    }

    /** A format problem, with the line of the record it was found in (1-based, header is line 1). */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        private final long line;

        FormatException(Path file, long line, String problem) {
            super(file + " line " + line + ": " + problem);
            this.line = line;
        }

        /** The 1-based line where the offending record starts. */
        public long line() {
            return line;
        }
    }

    // one decimal mark, a point or a comma; no thousands separators
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+[.,]?\\d*|[.,]\\d+)([eE][+-]?\\d+)?");

    // 1 to 3 digits, a comma and 3 digits: a thousands separator (12,500) as much as a decimal comma
    private static final Pattern GROUPED = Pattern.compile("[+-]?[1-9]\\d{0,2},\\d{3}");
    /** An infinite number as spreadsheets, R, pandas and Java write it. */
    private static final Pattern INFINITE = Pattern.compile("[+-]?(inf|infinity)", Pattern.CASE_INSENSITIVE);
    /** A column is numeric but for its stray values when they are at most one in this many of its values. */
    static final int STRAY_ONE_IN = 20;

    /** The separators a header may use, in the order they are looked for. */
    private static final char[] SEPARATORS = {',', ';', '\t'};

    private final Path file;
    private final List<String> columns;
    private final char separator;

    private CsvTable(Path file, List<String> columns, char separator) {
        this.file = file;
        this.columns = columns;
        this.separator = separator;
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws FormatException when the file is empty, the header is malformed, or a column name
     *     is empty or repeated
     */
    public static CsvTable open(Path file) throws IOException {
        char separator;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            separator = separatorOfHeader(reader);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, e);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Parser parser = new Parser(file, reader, separator);
            String[] header = parser.next(-1);
            if (header == null) {
                throw new FormatException(file, 1, "the file is empty, expected a header row");
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header.length; i++) {
                if (header[i] == null) {
                    throw new FormatException(file, 1, "column " + (i + 1) + " has an empty name");
                }
                if (names.contains(header[i])) {
                    throw new FormatException(file, 1, "column name '" + header[i] + "' appears twice");
                }
                names.add(header[i]);
            }
            return new CsvTable(file, List.copyOf(names), separator);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, e);
        }
    }

    /**
     * Says that {@code file} is not UTF-8, naming the line of its first byte that UTF-8 does not
     * allow, and what to do: a spreadsheet's plain CSV is often in the system's code page,
     * Windows-1252 in Sweden.
     */
    private static IOException notUtf8(Path file, CharacterCodingException cause) throws IOException {
        byte[] start = new byte[2];
        try (InputStream in = Files.newInputStream(file)) {
            in.readNBytes(start, 0, 2);
        }
        boolean utf16 = (start[0] == (byte) 0xFF && start[1] == (byte) 0xFE)
                || (start[0] == (byte) 0xFE && start[1] == (byte) 0xFF);
        FormatException e = new FormatException(
                file,
                lineOfFirstMalformedByte(file),
                utf16
                        ? "not valid UTF-8 but UTF-16 (it starts with UTF-16's byte-order mark, as a spreadsheet's"
                                + " \"Unicode text\" does); save it as \"CSV UTF-8\", or convert it:"
                                + " iconv -f UTF-16 -t UTF-8"
                        : "not valid UTF-8; save it as \"CSV UTF-8\", or convert it, for instance from a"
                                + " spreadsheet's Windows-1252: iconv -f WINDOWS-1252 -t UTF-8");
        e.initCause(cause);
        return e;
    }

    /**
     * The 1-based line holding the first byte of {@code file} that is not valid UTF-8 (a byte
     * {@code '\n'} is never part of a longer UTF-8 sequence, so counting them counts lines), or the
     * line after the last if the file ends inside a sequence. Streams the file.
     */
    static long lineOfFirstMalformedByte(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer bytes = ByteBuffer.allocate(8192);
        // UTF-8 decodes to at most one char per byte, so this never overflows
        CharBuffer chars = CharBuffer.allocate(bytes.capacity());
        long line = 1;
        try (ReadableByteChannel channel = Files.newByteChannel(file)) {
            boolean end = false;
            while (!end) {
                end = channel.read(bytes) < 0;
                bytes.flip();
                int from = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, end);
                for (int i = from; i < bytes.position(); i++) {
                    if (bytes.get(i) == '\n') {
                        line++;
                    }
                }
                if (result.isError()) {
                    return line;
                }
                chars.clear();
                bytes.compact();
            }
        }
        return line;
    }

    /**
     * The first of comma, semicolon and tab that the header (the first line holding anything, up to
     * its end outside quotes) has outside quotes; a comma when it has none.
     */
    private static char separatorOfHeader(Reader reader) throws IOException {
        boolean[] seen = new boolean[SEPARATORS.length];
        boolean quoted = false;
        boolean started = false;
        int c;
        while ((c = reader.read()) >= 0) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                if (started) {
                    break;
                }
            } else if (!quoted) {
                for (int i = 0; i < SEPARATORS.length; i++) {
                    seen[i] |= c == SEPARATORS[i];
                }
            }
            started |= c != '\n' && c != '\r' && c != '\uFEFF';
        }
        for (int i = 0; i < SEPARATORS.length; i++) {
            if (seen[i]) {
                return SEPARATORS[i];
            }
        }
        return ',';
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /** The field separator, read from the header: {@code ','}, {@code ';'} or a tab. */
    public char separator() {
        return separator;
    }

    /** The column names, from the header. */
    public List<String> columns() {
        return columns;
    }

    /**
     * Reads the file once, passing each record after the header to {@code action} as a new array
     * of {@link #columns()} length, {@code null} for a missing value.
     *
     * @return the number of records read
     * @throws FormatException on a ragged record or bad quoting, naming the line
     */
    public long forEachRow(Consumer<String[]> action) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Parser parser = new Parser(file, reader, separator);
            parser.next(-1);
            long rows = 0;
            String[] record;
            while ((record = parser.next(columns.size())) != null) {
                action.accept(record);
                rows++;
            }
            return rows;
        } catch (CharacterCodingException e) {
            throw notUtf8(file, e);
        }
    }

    /**
     * Reads the file once and types each column: {@link ColumnType#NUMERIC} when every value that is
     * not {@link #isMissing missing} is a decimal number (a column with no such value counts as
     * numeric), else {@link ColumnType#CATEGORICAL}. {@code Infinity} and Java's suffixes ({@code
     * 1d}) are not numbers here.
     *
     * @throws IllegalArgumentException naming the row, when a column that would be numeric holds a
     *     number that {@linkplain #isAmbiguousNumber could have a thousands separator}
     */
    public List<ColumnType> inferTypes() throws IOException {
        java.util.Map<Integer, String> invalid = new java.util.TreeMap<>();
        List<ColumnType> types = inferTypes(new java.util.HashMap<>(), invalid);
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException(invalid.values().iterator().next());
        }
        return types;
    }

    /**
     * As {@link #inferTypes()}, and notes per column index a column that holds numbers but for a
     * few stray values (at most one in {@value #STRAY_ONE_IN}; it is categorical, so each value would
     * become a feature), naming the first.
     *
     * Notes in {@code invalid}, per column index, a column that is numeric but for infinite values
     * ({@code Infinity}, {@code -inf}): a number must be finite (the caller refuses the columns it uses).
     */
    public List<ColumnType> inferTypes(
            java.util.Map<Integer, String> strayNotes, java.util.Map<Integer, String> invalid) throws IOException {
        int width = columns.size();
        long[] numbers = new long[width];
        long[] strays = new long[width];
        long[] infinities = new long[width];
        String[] firstStray = new String[width];
        long[] firstStrayRow = new long[width];
        String[] firstInfinity = new String[width];
        long[] firstInfinityRow = new long[width];
        // per column, the first value that is an ambiguous number here, and its row
        String[] ambiguous = new String[width];
        long[] ambiguousRow = new long[width];
        long[] row = {0};
        forEachRow(record -> {
            row[0]++;
            for (int i = 0; i < record.length; i++) {
                if (isMissing(record[i])) {
                    continue;
                }
                if (isDecimal(record[i])) {
                    numbers[i]++;
                } else {
                    strays[i]++;
                    if (firstStray[i] == null) {
                        firstStray[i] = record[i].strip();
                        firstStrayRow[i] = row[0];
                    }
                    if (INFINITE.matcher(record[i].strip()).matches()) {
                        infinities[i]++;
                        if (firstInfinity[i] == null) {
                            firstInfinity[i] = record[i].strip();
                            firstInfinityRow[i] = row[0];
                        }
                    }
                }
                if (ambiguous[i] == null && isAmbiguousNumber(record[i])) {
                    ambiguous[i] = record[i];
                    ambiguousRow[i] = row[0];
                }
            }
        });
        List<ColumnType> types = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            boolean categorical = strays[i] > 0;
            if (!categorical && ambiguous[i] != null) {
                throw new IllegalArgumentException(
                        file + " row " + ambiguousRow[i] + ": " + ambiguity(ambiguous[i], columns.get(i)));
            }
            if (categorical && numbers[i] > 0 && strays[i] == infinities[i]) {
                invalid.put(
                        i,
                        file + " row " + firstInfinityRow[i] + " has " + firstInfinity[i] + " in column '"
                                + columns.get(i) + "', whose other values are numbers; a number must be finite, or"
                                + " missing (empty, or " + MISSING_WORDS + ")");
            }
            if (categorical && numbers[i] >= (STRAY_ONE_IN - 1) * strays[i]) {
                strayNotes.put(
                        i,
                        String.format(
                                java.util.Locale.ROOT,
                                "column '%s' holds %,d numbers and %,d value(s) that are not (the first: '%s' in row %d),"
                                        + " so it is read as categorical, each value a feature of its own; write those"
                                        + " as numbers, or blank them (missing: empty, or " + MISSING_WORDS + ")",
                                columns.get(i),
                                numbers[i],
                                strays[i],
                                firstStray[i],
                                firstStrayRow[i]));
            }
            types.add(categorical ? ColumnType.CATEGORICAL : ColumnType.NUMERIC);
        }
        return List.copyOf(types);
    }

    /**
     * Whether {@code text} reads, in this file, as a number with a thousands separator as much as
     * one with a decimal comma ({@code 12,500}: 12500 or 12.5). A file separated by semicolons is
     * what a spreadsheet set to Swedish saves, with the comma as its decimal mark, so there it is
     * never ambiguous; in a file separated by commas or tabs it is, as an English spreadsheet saves
     * a number formatted with thousands separators that way.
     */
    public boolean isAmbiguousNumber(String text) {
        return separator != ';' && text != null && GROUPED.matcher(text.strip()).matches();
    }

    /** Why the number {@code text} of {@code column} is refused: {@link #isAmbiguousNumber}. */
    public static String ambiguity(String text, String column) {
        String number = text.strip();
        return "column '" + column + "' holds '" + number + "', which could be " + number.replace(",", "")
                + " (with a thousands separator) or " + number.replace(',', '.') + " (with a decimal comma); in a"
                + " file separated by commas or tabs, write numbers without thousands separators and with a decimal"
                + " point (in a file separated by semicolons, a comma is the decimal mark)";
    }

    /**
     * Whether {@code text} is a decimal number as {@link #inferTypes} accepts it: an optional sign,
     * digits with one decimal mark (a point, or a comma as in Swedish: {@code 4,5}) and an optional
     * exponent. There are no thousands separators, so {@code 4,566} is 4.566 (a file separated by
     * commas or tabs refuses it as {@linkplain #isAmbiguousNumber ambiguous}).
     */
    public static boolean isDecimal(String text) {
        return DECIMAL.matcher(text.strip()).matches();
    }

    /** What {@link #isMissing} calls missing besides an empty cell, for messages. */
    public static final String MISSING_WORDS = "NA, N/A, NaN, NULL or #N/A";

    /**
     * Whether a cell of a numeric column is missing: empty (or only blanks), {@code NA}, {@code N/A},
     * {@code NaN}, {@code NULL} or {@code #N/A}, in any case, as R, pandas, databases and
     * spreadsheets write a missing number.
     */
    public static boolean isMissing(String text) {
        if (text == null) {
            return true;
        }
        String value = text.strip();
        return value.isEmpty()
                || value.equalsIgnoreCase("na")
                || value.equalsIgnoreCase("n/a")
                || value.equalsIgnoreCase("nan")
                || value.equalsIgnoreCase("null")
                || value.equalsIgnoreCase("#n/a");
    }

    /** The value of a number that {@link #isDecimal} accepts, a comma read as the decimal mark. */
    public static double parseDecimal(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }

    /** The RFC 4180 state machine over a buffered reader. */
    private static final class Parser {
        private final Path file;
        private final Reader reader;
        private final char separator;
        private final char[] buffer = new char[8192];
        private final StringBuilder field = new StringBuilder();
        private final List<String> fields = new ArrayList<>();
        private int position;
        private int limit;
        private long line = 1;

        Parser(Path file, Reader reader, char separator) {
            this.file = file;
            this.reader = reader;
            this.separator = separator;
        }

        private int read() throws IOException {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return -1;
                }
            }
            return buffer[position++];
        }

        private int peek() throws IOException {
            int c = read();
            if (c >= 0) {
                position--;
            }
            return c;
        }

        /**
         * The next record, or {@code null} at the end of the file.
         *
         * @param width the number of fields expected, or -1 for any
         */
        String[] next(int width) throws IOException {
            while (true) {
                long start = line;
                int c = read();
                if (c < 0) {
                    return null;
                }
                if (start == 1 && c == '\uFEFF') {
                    c = read();
                    if (c < 0) {
                        return null;
                    }
                }
                fields.clear();
                boolean blank = c == '\n' || c == '\r';
                position--;
                readRecord(start);
                if (blank && width != 1) {
                    continue;
                }
                if (width >= 0 && fields.size() != width) {
                    throw new FormatException(file, start, "expected " + width + " fields, found " + fields.size());
                }
                return fields.toArray(new String[0]);
            }
        }

        /** Reads fields up to and including the end of the record. */
        private void readRecord(long start) throws IOException {
            while (true) {
                field.setLength(0);
                int c = read();
                boolean quoted = c == '"';
                if (quoted) {
                    while (true) {
                        c = read();
                        if (c < 0) {
                            throw new FormatException(
                                    file, start, "a quoted field is not closed before the end of the file");
                        }
                        if (c == '"') {
                            if (peek() == '"') {
                                read();
                                field.append('"');
                                continue;
                            }
                            break;
                        }
                        if (c == '\n') {
                            line++;
                        }
                        field.append((char) c);
                    }
                    c = read();
                    if (c != separator && c != '\n' && c != '\r' && c >= 0) {
                        throw new FormatException(
                                file, line, "text after the closing quote of a field: '" + (char) c + "'");
                    }
                } else {
                    while (c >= 0 && c != separator && c != '\n' && c != '\r') {
                        if (c == '"') {
                            throw new FormatException(
                                    file,
                                    line,
                                    "a quote inside an unquoted field; quote the whole field and double the quote");
                        }
                        field.append((char) c);
                        c = read();
                    }
                }
                fields.add(field.length() == 0 ? null : field.toString());
                if (c == separator) {
                    continue;
                }
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c >= 0) {
                    line++;
                }
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "CsvTable[" + file + ", separator=" + (separator == '\t' ? "tab" : String.valueOf(separator))
                + ", columns=" + Arrays.toString(columns.toArray()) + "]";
    }
}
