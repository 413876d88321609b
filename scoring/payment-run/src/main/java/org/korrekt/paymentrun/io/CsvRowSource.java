package org.korrekt.paymentrun.io;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.paymentrun.BadInputException;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.PaymentRow;
import org.korrekt.paymentrun.RowException;
import org.korrekt.paymentrun.RowSource;

/**
 * A payment run in a CSV file with a header row (UTF-8, a leading byte-order mark is skipped),
 * streamed record by record. Dates are {@code YYYY-MM-DD}, numbers plain decimals ({@code 1234.50},
 * no thousands separators), an empty field is a missing value. Columns are found by name; others
 * are ignored. Rows are counted from 1 after the header; messages give the line too.
 */
final class CsvRowSource implements RowSource {

    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final Path file;
    private final CsvReader reader;
    private final int width;
    private final int[] index = new int[InputColumn.values().length];
    private final RowDecoder decoder;
    private long row;

    private CsvRowSource(Path file, CsvReader reader, String[] header, PaymentRunFiles.Keys keys, LocalDate latest)
            throws BadInputException {
        this.file = file;
        this.reader = reader;
        this.width = header.length;
        Arrays.fill(index, -1);
        Set<String> seen = new HashSet<>();
        Set<InputColumn> present = EnumSet.noneOf(InputColumn.class);
        for (int i = 0; i < header.length; i++) {
            String name = header[i] == null ? "" : header[i];
            if (name.isEmpty()) {
                throw new BadInputException(file + " line 1: column " + (i + 1) + " of the header has no name");
            }
            if (!seen.add(name)) {
                throw new BadInputException(
                        file + " line 1: column '" + PersonalIdentityNumber.quotable(name) + "' appears twice");
            }
            InputColumn column = InputColumn.byName(name);
            if (column != null) {
                index[column.ordinal()] = i;
                present.add(column);
            }
        }
        InputColumn.checkLayout(present, Arrays.asList(header), file.toString());
        this.decoder =
                new RowDecoder(present, InputColumn.hasRawIdentities(present) ? keys.pseudonymizer() : null, latest);
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws BadInputException if the file cannot be read, is empty, or lacks a required column
     */
    static CsvRowSource open(Path file, PaymentRunFiles.Keys keys, LocalDate latestSubmission)
            throws BadInputException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CsvReader reader;
        try {
            reader = new CsvReader(new InputStreamReader(Files.newInputStream(file), utf8));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e, e);
        }
        try {
            String[] header = reader.next();
            if (header == null) {
                throw new BadInputException(file + " is empty; expected a header row naming the columns");
            }
            return new CsvRowSource(file, reader, header, keys, latestSubmission);
        } catch (BadInputException | RuntimeException e) {
            closeQuietly(reader);
            throw e;
        } catch (CsvReader.FormatProblem e) {
            closeQuietly(reader);
            throw new BadInputException(file + " line 1: the header is malformed: " + e.getMessage());
        } catch (CharacterCodingException e) {
            closeQuietly(reader);
            throw notUtf8(file);
        } catch (IOException e) {
            closeQuietly(reader);
            throw new BadInputException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public PaymentRow next() throws RowException, BadInputException {
        String[] fields;
        try {
            fields = reader.next();
        } catch (CsvReader.FormatProblem e) {
            row++;
            throw new RowException(row, location(row, reader.recordLine()), null, e.getMessage());
        } catch (CharacterCodingException e) {
            throw notUtf8(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + " after row " + row + ": " + e, e);
        }
        if (fields == null) {
            return null;
        }
        row++;
        Fields raw = new Fields(row, reader.recordLine(), fields);
        if (fields.length != width) {
            throw raw.error(null, "has " + fields.length + " fields, the header has " + width);
        }
        return decoder.decode(raw);
    }

    @Override
    public long expectedRows() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /**
     * The file is not UTF-8 (Latin-1, say): names the first line that is not. The decoder reads
     * ahead of the record being parsed, so the line is found by decoding the file again.
     */
    private static BadInputException notUtf8(Path file) {
        String where;
        try {
            long line = firstLineNotUtf8(file);
            where = line > 0 ? file + " line " + line : file.toString();
        } catch (IOException e) {
            where = file.toString();
        }
        return new BadInputException(where + ": not UTF-8 text; a CSV file must be UTF-8 (Excel: save as CSV UTF-8;"
                + " or convert it, e.g. iconv -f ISO-8859-1 -t UTF-8)");
    }

    /** The 1-based line of the first bytes of {@code file} that are not UTF-8, or -1 if there are none. */
    static long firstLineNotUtf8(Path file) throws IOException {
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
        CharBuffer chars = CharBuffer.allocate(1 << 16);
        long line = 1;
        boolean end = false;
        try (ReadableByteChannel in = Files.newByteChannel(file)) {
            while (true) {
                if (!end) {
                    end = in.read(bytes) < 0;
                }
                bytes.flip();
                int from = bytes.position();
                CoderResult result = utf8.decode(bytes, chars, end);
                // a newline byte is never part of a longer UTF-8 sequence, so the bytes count the lines
                for (int i = from; i < bytes.position(); i++) {
                    if (bytes.get(i) == '\n') {
                        line++;
                    }
                }
                if (result.isError()) {
                    return line;
                }
                if (end && result.isUnderflow()) {
                    return -1;
                }
                chars.clear();
                bytes.compact();
            }
        }
    }

    private static String location(long row, long line) {
        return "row " + row + " (line " + line + ")";
    }

    private static void closeQuietly(CsvReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // already failing: the first error is the one to report
        }
    }

    /** One record's fields, read by column name. */
    private final class Fields implements RawRow {
        private final long row;
        private final long line;
        private final String[] values;

        Fields(long row, long line, String[] values) {
            this.row = row;
            this.line = line;
            this.values = values;
        }

        @Override
        public long row() {
            return row;
        }

        @Override
        public String location() {
            return CsvRowSource.location(row, line);
        }

        @Override
        public String string(InputColumn column) {
            int i = index[column.ordinal()];
            return i < 0 ? null : values[i];
        }

        @Override
        public LocalDate date(InputColumn column) throws RowException {
            String text = string(column);
            if (text == null) {
                return null;
            }
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw error(
                        column, "must be a date as YYYY-MM-DD, was '" + PersonalIdentityNumber.quotable(text) + "'");
            }
        }

        @Override
        public Integer integer(InputColumn column) throws RowException {
            String text = string(column);
            if (text == null) {
                return null;
            }
            String t = text.strip();
            if (!WHOLE.matcher(t).matches()) {
                throw error(column, "must be a whole number, was '" + PersonalIdentityNumber.quotable(text) + "'");
            }
            long value = Long.parseLong(t);
            if (value != (int) value) {
                throw error(column, "is out of range, was " + PersonalIdentityNumber.quotable(Long.toString(value)));
            }
            return (int) value;
        }

        @Override
        public Double number(InputColumn column) throws RowException {
            String text = string(column);
            if (text == null) {
                return null;
            }
            String t = text.strip();
            if (!DECIMAL.matcher(t).matches()) {
                throw error(
                        column,
                        "must be a decimal number such as 1234.50, was '" + PersonalIdentityNumber.quotable(text)
                                + "'");
            }
            return Double.parseDouble(t);
        }
    }
}
