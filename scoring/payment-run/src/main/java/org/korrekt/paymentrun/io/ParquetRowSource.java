package org.korrekt.paymentrun.io;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.paymentrun.BadInputException;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.PaymentRow;
import org.korrekt.paymentrun.RowException;
import org.korrekt.paymentrun.RowSource;

/**
 * A payment run in a local Parquet file, read one row group at a time and one record at a time
 * with parquet-java's example {@code Group} converter, projected onto the columns korrekt reads
 * (other columns, such as the generated history's ground truth, are never decoded). Columns are
 * top-level, not repeated; each must have a type its {@link InputColumn.Kind} accepts: strings as
 * {@code BINARY}; dates as {@code DATE} or {@code YYYY-MM-DD} strings; whole numbers as {@code
 * INT32}/{@code INT64}; amounts as {@code DECIMAL} (any physical type), {@code DOUBLE}, {@code FLOAT},
 * {@code INT32} or {@code INT64} (whole SEK). A null is a missing value.
 */
final class ParquetRowSource implements RowSource {

    /** How one column's values are stored. */
    private enum Encoding {
        STRING,
        DATE_DAYS,
        DATE_STRING,
        INT32,
        INT64,
        DOUBLE,
        FLOAT,
        DECIMAL_INT32,
        DECIMAL_INT64,
        DECIMAL_BYTES
    }

    /** Where and how a column is read. */
    private record Access(int field, Encoding encoding, int scale) {}

    private final Path file;
    private final ParquetFileReader reader;
    private final MessageColumnIO columnIO;
    private final MessageType projection;
    private final Access[] access = new Access[InputColumn.values().length];
    private final RowDecoder decoder;
    private final long expected;
    private RecordReader<Group> records;
    private long leftInGroup;
    private int nextGroup;
    private long row;

    private ParquetRowSource(Path file, ParquetFileReader reader, PaymentRunFiles.Keys keys, LocalDate latest)
            throws BadInputException {
        this.file = file;
        this.reader = reader;
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        Set<InputColumn> present = EnumSet.noneOf(InputColumn.class);
        List<Type> projected = new ArrayList<>();
        for (Type type : schema.getFields()) {
            InputColumn column = InputColumn.byName(type.getName());
            if (column != null) {
                present.add(column);
                projected.add(type);
            }
        }
        List<String> names = new ArrayList<>();
        for (Type type : schema.getFields()) {
            names.add(type.getName());
        }
        InputColumn.checkLayout(present, names, file.toString());
        this.projection = new MessageType(schema.getName(), projected);
        for (InputColumn column : present) {
            Type type = projection.getType(column.columnName());
            access[column.ordinal()] =
                    new Access(projection.getFieldIndex(column.columnName()), encoding(column, type), scale(type));
        }
        reader.setRequestedSchema(projection);
        this.columnIO = new ColumnIOFactory().getColumnIO(projection, schema);
        this.expected = reader.getRecordCount();
        this.decoder =
                new RowDecoder(present, InputColumn.hasRawIdentities(present) ? keys.pseudonymizer() : null, latest);
    }

    /**
     * Opens {@code file} and reads its footer.
     *
     * @throws BadInputException if it is not a readable Parquet file, lacks a required column, or
     *     has a column of a type korrekt cannot read as that column
     */
    static ParquetRowSource open(Path file, PaymentRunFiles.Keys keys, LocalDate latestSubmission)
            throws BadInputException {
        ParquetFileReader reader;
        try {
            if (Files.size(file) == 0) {
                throw new BadInputException(file + " is empty (0 bytes), not a Parquet file");
            }
            reader = ParquetFileReader.open(new NamedInputFile(file));
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read " + file + " as Parquet: " + e.getMessage(), e);
        }
        try {
            return new ParquetRowSource(file, reader, keys, latestSubmission);
        } catch (BadInputException | RuntimeException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public PaymentRow next() throws RowException, BadInputException {
        Group g;
        try {
            while (leftInGroup == 0) {
                List<BlockMetaData> groups = reader.getRowGroups();
                if (nextGroup >= groups.size()) {
                    return null;
                }
                // parquet-hadoop logs a warning for each empty row group it reads, as a file of no rows has
                if (groups.get(nextGroup++).getRowCount() == 0) {
                    reader.skipNextRowGroup();
                    continue;
                }
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    return null;
                }
                records = columnIO.getRecordReader(pages, new GroupRecordConverter(projection));
                leftInGroup = pages.getRowCount();
            }
            g = records.read();
            leftInGroup--;
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("cannot read " + file + " after row " + row + ": " + e.getMessage(), e);
        }
        row++;
        return decoder.decode(new Record(row, g));
    }

    @Override
    public long expectedRows() {
        return expected;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private Encoding encoding(InputColumn column, Type type) throws BadInputException {
        if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
            throw wrongType(column, type);
        }
        PrimitiveTypeName physical = type.asPrimitiveType().getPrimitiveTypeName();
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        boolean text = logical == null
                || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
        boolean plainInteger = logical == null || logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation;
        boolean decimal = logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
        Encoding encoding =
                switch (column.kind()) {
                    case STRING -> physical == PrimitiveTypeName.BINARY && text ? Encoding.STRING : null;
                    case DATE -> {
                        if (physical == PrimitiveTypeName.INT32
                                && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                            yield Encoding.DATE_DAYS;
                        }
                        yield physical == PrimitiveTypeName.BINARY && text ? Encoding.DATE_STRING : null;
                    }
                    case INTEGER -> {
                        if (physical == PrimitiveTypeName.INT32 && plainInteger) {
                            yield Encoding.INT32;
                        }
                        yield physical == PrimitiveTypeName.INT64 && plainInteger ? Encoding.INT64 : null;
                    }
                    case NUMBER -> {
                        if (decimal) {
                            yield switch (physical) {
                                case INT32 -> Encoding.DECIMAL_INT32;
                                case INT64 -> Encoding.DECIMAL_INT64;
                                case BINARY, FIXED_LEN_BYTE_ARRAY -> Encoding.DECIMAL_BYTES;
                                default -> null;
                            };
                        }
                        yield switch (physical) {
                            case DOUBLE -> Encoding.DOUBLE;
                            case FLOAT -> Encoding.FLOAT;
                            case INT32 -> plainInteger ? Encoding.INT32 : null;
                            case INT64 -> plainInteger ? Encoding.INT64 : null;
                            default -> null;
                        };
                    }
                };
        if (encoding == null) {
            throw wrongType(column, type);
        }
        return encoding;
    }

    /**
     * An unscaled decimal as the nearest double. Both operands of the division are exact doubles
     * for the usual money columns, so one IEEE division is correctly rounded (and allocates nothing).
     */
    private static double decimal(long unscaled, int scale) {
        if (scale >= 0 && scale <= 22 && Math.abs(unscaled) < (1L << 53)) {
            return unscaled / POWERS_OF_TEN[scale];
        }
        return BigDecimal.valueOf(unscaled, scale).doubleValue();
    }

    private static final double[] POWERS_OF_TEN = powersOfTen();

    private static double[] powersOfTen() {
        double[] powers = new double[23];
        powers[0] = 1;
        for (int i = 1; i < powers.length; i++) {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }

    private static int scale(Type type) {
        return type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                ? d.getScale()
                : 0;
    }

    private BadInputException wrongType(InputColumn column, Type type) {
        String expected =
                switch (column.kind()) {
                    case STRING -> "a STRING (BINARY)";
                    case DATE -> "a DATE, or a STRING as YYYY-MM-DD";
                    case INTEGER -> "an INT32 or INT64";
                    case NUMBER -> "a DECIMAL, DOUBLE, FLOAT, INT32 or INT64";
                };
        return new BadInputException(file + ": column " + column.columnName() + " is " + describe(type) + "; expected "
                + expected + (type.isPrimitive() ? ", not repeated" : ""));
    }

    private static String describe(Type type) {
        if (!type.isPrimitive()) {
            return "a group";
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        return type.getRepetition() + " " + primitive.getPrimitiveTypeName()
                + (logical == null ? "" : " (" + logical + ")");
    }

    /** A local file that messages name by its path (parquet-hadoop's say "the file is not Parquet"). */
    private static final class NamedInputFile extends LocalInputFile {
        private final Path path;

        NamedInputFile(Path path) {
            super(path);
            this.path = path;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** One record, read through the column accesses. */
    private final class Record implements RawRow {
        private final long row;
        private final Group group;

        Record(long row, Group group) {
            this.row = row;
            this.group = group;
        }

        @Override
        public long row() {
            return row;
        }

        @Override
        public String location() {
            return "row " + row;
        }

        private Access present(InputColumn column) {
            Access a = access[column.ordinal()];
            return a == null || group.getFieldRepetitionCount(a.field()) == 0 ? null : a;
        }

        @Override
        public String string(InputColumn column) {
            Access a = present(column);
            return a == null ? null : group.getString(a.field(), 0);
        }

        @Override
        public LocalDate date(InputColumn column) throws RowException {
            Access a = present(column);
            if (a == null) {
                return null;
            }
            if (a.encoding() == Encoding.DATE_DAYS) {
                return LocalDate.ofEpochDay(group.getInteger(a.field(), 0));
            }
            String text = group.getString(a.field(), 0);
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw error(
                        column, "must be a date as YYYY-MM-DD, was '" + PersonalIdentityNumber.quotable(text) + "'");
            }
        }

        @Override
        public Integer integer(InputColumn column) throws RowException {
            Access a = present(column);
            if (a == null) {
                return null;
            }
            if (a.encoding() == Encoding.INT32) {
                return group.getInteger(a.field(), 0);
            }
            long value = group.getLong(a.field(), 0);
            if (value != (int) value) {
                throw error(column, "is out of range, was " + PersonalIdentityNumber.quotable(Long.toString(value)));
            }
            return (int) value;
        }

        @Override
        public Double number(InputColumn column) {
            Access a = present(column);
            if (a == null) {
                return null;
            }
            int f = a.field();
            return switch (a.encoding()) {
                case DOUBLE -> group.getDouble(f, 0);
                case FLOAT -> (double) group.getFloat(f, 0);
                case INT32 -> (double) group.getInteger(f, 0);
                case INT64 -> (double) group.getLong(f, 0);
                case DECIMAL_INT32 -> decimal(group.getInteger(f, 0), a.scale());
                case DECIMAL_INT64 -> decimal(group.getLong(f, 0), a.scale());
                case DECIMAL_BYTES ->
                    new BigDecimal(new BigInteger(group.getBinary(f, 0).getBytes()), a.scale()).doubleValue();
                default -> throw new IllegalStateException("column " + column.columnName() + " is not a number");
            };
        }
    }
}
