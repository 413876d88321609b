package org.korrekt.training.data;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * Any table, read column by name: a Parquet table (a file, a folder of part files, or a glob;
 * local or {@code hdfs://}) or a CSV file. Each row reaches the caller as the cells of the columns
 * it asked for, as {@link String}, {@link Double}, {@link LocalDate}, {@link Boolean} or {@code
 * null} (missing). Reading streams; the table never has to fit in memory as objects.
 */
public interface TableRows {

    /** Where the rows come from, for messages. */
    String source();

    /** The table's column names, in table order. */
    List<String> columns() throws IOException;

    /**
     * Streams the cells of {@code wanted} columns of every row to {@code sink}; the array is reused
     * between rows.
     *
     * @return the number of rows read
     * @throws IllegalArgumentException if a wanted column is not in the table (naming the ones that are)
     */
    long forEach(List<String> wanted, Consumer<Object[]> sink) throws IOException;

    /** An error about a table's row or column whose message starts with the file it is in. */
    final class FileError extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        /** @param message the file, then what is wrong in it */
        public FileError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The rows of a Parquet table. */
    static TableRows parquet(URI uri, Configuration conf) {
        return new ParquetRows(uri, conf);
    }

    /** Checks that every wanted column exists and returns their positions in {@code columns}. */
    static int[] positions(String source, List<String> columns, List<String> wanted) {
        return positions(source, columns, wanted, "");
    }

    /**
     * As {@link #positions(String, List, List)}, with {@code note} after the columns in the message.
     * A column is found by its name exactly, else as the one column whose name is the same without
     * blanks around it (a header written {@code "id, hours"}), as {@code korrekt anomaly} finds it.
     */
    static int[] positions(String source, List<String> columns, List<String> wanted, String note) {
        int[] positions = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            positions[i] = position(source, columns, wanted.get(i));
            if (positions[i] < 0) {
                throw new IllegalArgumentException(
                        source + " has no column '" + wanted.get(i) + "'; its columns are " + columns + note);
            }
        }
        return positions;
    }

    private static int position(String source, List<String> columns, String name) {
        int exact = columns.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        int found = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).strip().equals(name.strip())) {
                if (found >= 0) {
                    throw new IllegalArgumentException(source + " has no column '" + name + "', and two whose names"
                            + " are that with blanks around it: '" + columns.get(found) + "' and '" + columns.get(i)
                            + "'");
                }
                found = i;
            }
        }
        return found;
    }

    /** The number of rows the table holds, or -1 when it is not known before reading it all. */
    default long expectedRows() throws IOException {
        return -1;
    }

    /**
     * What reading noticed that is legal but worth a warning, such as a column some part files
     * lack; empty before {@link #forEach}.
     */
    default List<String> notes() {
        return List.of();
    }

    /**
     * Parquet through the example {@link Group} reader, with logical types mapped to cells. Each
     * part file is read by column name, only the wanted columns: part files may order their
     * columns differently, and a column that some lack (one added to the table later) is missing
     * in their rows. A folder named {@code key=value} on a part file's path (Hive's and Spark's
     * partitioning, {@code claims/year=2024/month=03/part-0.parquet}) gives its rows the column
     * {@code key}, as text, unless the file holds a column of that name.
     */
    final class ParquetRows implements TableRows {

        /** Hive's name for a partition whose value was null. */
        static final String HIVE_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

        private final URI uri;
        private final ClaimsParquet parquet;
        private final Configuration conf;
        private List<Part> parts;
        private final List<String> notes = new ArrayList<>();

        ParquetRows(URI uri, Configuration conf) {
            this.uri = uri;
            this.conf = conf;
            this.parquet = new ClaimsParquet(conf);
        }

        /** A part file, its schema, its number of rows and the partition columns of its folders. */
        private record Part(Path file, MessageType schema, long rows, Map<String, String> partition) {
            boolean has(String column) {
                return schema.containsField(column) || partition.containsKey(column);
            }
        }

        @Override
        public String source() {
            return uri.toString();
        }

        /** Every part file's columns, in the order they first appear; partition columns after a file's own. */
        @Override
        public List<String> columns() throws IOException {
            Set<String> names = new LinkedHashSet<>();
            for (Part part : parts()) {
                for (Type field : part.schema().getFields()) {
                    names.add(field.getName());
                }
                names.addAll(part.partition().keySet());
            }
            return List.copyOf(names);
        }

        /** The sum of the part files' row counts, from their footers. */
        @Override
        public long expectedRows() throws IOException {
            long rows = 0;
            for (Part part : parts()) {
                rows += part.rows();
            }
            return rows;
        }

        @Override
        public List<String> notes() {
            return List.copyOf(notes);
        }

        private List<Part> parts() throws IOException {
            if (parts == null) {
                List<Part> read = new ArrayList<>();
                for (Path file : parquet.dataFiles(uri)) {
                    ClaimsParquet.Footer footer;
                    try {
                        footer = parquet.footer(file);
                    } catch (ClaimsParquet.NotParquet e) {
                        throw new IOException(
                                e.getMessage() + " (a table is read as CSV only when its name ends in .csv)", e);
                    }
                    read.add(new Part(file, footer.schema(), footer.rows(), partition(file)));
                }
                parts = List.copyOf(read);
            }
            return parts;
        }

        /** The {@code key=value} folders on {@code file}'s path, outermost first, values unescaped. */
        static Map<String, String> partition(Path file) {
            List<String> folders = new ArrayList<>();
            for (Path folder = file.getParent(); folder != null && !folder.isRoot(); folder = folder.getParent()) {
                folders.add(0, folder.getName());
            }
            Map<String, String> columns = new LinkedHashMap<>();
            for (String name : folders) {
                int eq = name.indexOf('=');
                if (eq > 0) {
                    String value = unescape(name.substring(eq + 1));
                    // a key twice on one path: the inner folder's value
                    columns.put(unescape(name.substring(0, eq)), HIVE_NULL_PARTITION.equals(value) ? null : value);
                }
            }
            return columns;
        }

        /** Hive escapes a partition value's special characters as {@code %XX}. */
        private static String unescape(String text) {
            if (text.indexOf('%') < 0) {
                return text;
            }
            try {
                return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return text; // a % that escapes nothing: the value as written
            }
        }

        @Override
        public long forEach(List<String> wanted, Consumer<Object[]> sink) throws IOException {
            List<Part> files = parts();
            // a column in no part file: say whose columns these are
            String note = files.size() > 1
                    ? " (those of its " + files.size() + " part files; a folder or glob must hold the part files of"
                            + " one table)"
                    : "";
            positions(source(), columns(), wanted, note);
            notes.clear();
            List<String> distinct = new ArrayList<>(new LinkedHashSet<>(wanted));
            for (String column : distinct) {
                List<Part> lacking = files.stream().filter(p -> !p.has(column)).toList();
                if (!lacking.isEmpty()) {
                    notes.add("column '" + column + "' is in " + (files.size() - lacking.size()) + " of the "
                            + files.size() + " part files; it is missing in every row of the other " + lacking.size()
                            + " (the first: " + lacking.get(0).file() + ")");
                }
            }
            Object[] cells = new Object[wanted.size()];
            long rows = 0;
            for (Part part : files) {
                rows += read(part, wanted, cells, sink);
            }
            return rows;
        }

        /** Reads one part file's wanted columns by name, only those. */
        private long read(Part part, List<String> wanted, Object[] cells, Consumer<Object[]> sink) throws IOException {
            List<Type> fields = new ArrayList<>();
            for (String column : new LinkedHashSet<>(wanted)) {
                if (part.schema().containsField(column)) {
                    fields.add(part.schema().getType(column));
                }
            }
            if (fields.isEmpty() && wanted.stream().anyMatch(part::has)) {
                // only partition columns wanted: read the first column, to count the rows
                fields.add(part.schema().getType(0));
            } else if (fields.isEmpty()) {
                throw new FileError(
                        part.file() + " holds none of the columns " + wanted
                                + "; its columns are "
                                + part.schema().getFields().stream()
                                        .map(Type::getName)
                                        .toList()
                                + " (a folder or glob must hold the part files of one table)",
                        null);
            }
            MessageType projection = new MessageType(part.schema().getName(), fields);
            List<Function<Group, Object>> readers = new ArrayList<>();
            for (String column : wanted) {
                if (projection.containsField(column)) {
                    try {
                        readers.add(cellReader(projection, projection.getFieldIndex(column)));
                    } catch (IllegalArgumentException e) {
                        throw new FileError(part.file() + ": " + e.getMessage(), e);
                    }
                } else {
                    // a partition column's text, or missing: the same for every row of the file
                    String value = part.partition().get(column);
                    readers.add(g -> value);
                }
            }
            List<String> absent = new ArrayList<>();
            for (String column : new LinkedHashSet<>(wanted)) {
                if (!part.has(column)) {
                    absent.add(column);
                }
            }
            return parquet.readFile(
                    part.file(),
                    projection,
                    g -> {
                        for (int i = 0; i < cells.length; i++) {
                            cells[i] = readers.get(i).apply(g);
                        }
                        return cells;
                    },
                    absent.isEmpty()
                            ? sink
                            : row -> {
                                try {
                                    sink.accept(row);
                                } catch (IllegalArgumentException e) {
                                    throw withAbsentColumns(e, part, absent);
                                }
                            });
        }

        /**
         * A row's problem with a column the part file lacks says so: the column is missing from the
         * file, not only from the row (the warning that says which part files lack it comes only
         * after a read that succeeds).
         */
        private static IllegalArgumentException withAbsentColumns(
                IllegalArgumentException e, Part part, List<String> absent) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            List<String> named = absent.stream()
                    .filter(column -> message.contains("'" + column + "'"))
                    .toList();
            if (named.isEmpty()) {
                return e;
            }
            return new IllegalArgumentException(
                    message + "; " + part.file().getName() + " has no column "
                            + named.stream().map(c -> "'" + c + "'").collect(java.util.stream.Collectors.joining(", "))
                            + " at all, which other part files of the table have",
                    e);
        }

        private static Function<Group, Object> cellReader(GroupType schema, int field) {
            Type type = schema.getType(field);
            String name = type.getName();
            if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
                // a group's type prints on several lines
                throw new IllegalArgumentException("column '" + name + "' is not a plain value column ("
                        + type.toString().replaceAll("\\s+", " ").trim() + ")");
            }
            PrimitiveType primitive = type.asPrimitiveType();
            LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
            Function<Group, Object> present;
            switch (primitive.getPrimitiveTypeName()) {
                case BOOLEAN:
                    present = g -> g.getBoolean(field, 0);
                    break;
                case INT32:
                    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                        present = g -> LocalDate.ofEpochDay(g.getInteger(field, 0));
                    } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                        double scale = Math.pow(10, decimal.getScale());
                        present = g -> g.getInteger(field, 0) / scale;
                    } else if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
                            && !integer.isSigned()) {
                        present = g -> (double) Integer.toUnsignedLong(g.getInteger(field, 0));
                    } else {
                        present = g -> (double) g.getInteger(field, 0);
                    }
                    break;
                case INT64:
                    if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation timestamp) {
                        // what pandas and Spark write for a date-time: its day, in UTC for an instant
                        long perDay =
                                switch (timestamp.getUnit()) {
                                    case MILLIS -> 86_400_000L;
                                    case MICROS -> 86_400_000_000L;
                                    case NANOS -> NANOS_PER_DAY;
                                };
                        present = g -> LocalDate.ofEpochDay(Math.floorDiv(g.getLong(field, 0), perDay));
                    } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                        double scale = Math.pow(10, decimal.getScale());
                        present = g -> g.getLong(field, 0) / scale;
                    } else if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer
                            && !integer.isSigned()) {
                        present = g -> new BigDecimal(Long.toUnsignedString(g.getLong(field, 0))).doubleValue();
                    } else {
                        present = g -> (double) g.getLong(field, 0);
                    }
                    break;
                case INT96:
                    // the legacy date-time that Hive, Impala and Spark write: its day in UTC
                    present = g -> int96Day(g.getInt96(field, 0));
                    break;
                case FLOAT:
                    present = g -> (double) g.getFloat(field, 0);
                    break;
                case DOUBLE:
                    present = g -> g.getDouble(field, 0);
                    break;
                case BINARY:
                case FIXED_LEN_BYTE_ARRAY:
                    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
                        // what pyarrow writes for every decimal, and Spark for one of more than 18 digits
                        int scale = decimal.getScale();
                        present = g -> new BigDecimal(
                                        new BigInteger(g.getBinary(field, 0).getBytes()), scale)
                                .doubleValue();
                    } else if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                        present = g -> uuid(g.getBinary(field, 0).getBytes());
                    } else if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation) {
                        present = g -> g.getString(field, 0);
                    } else if (logical == null
                            && primitive.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
                        // fixed-width bytes (a UUID or a hash written without its annotation): an id
                        present = g -> hex(g.getBinary(field, 0).getBytes());
                    } else if (logical == null) {
                        // what Hive and old Spark write for text; bytes that are not UTF-8 keep their identity
                        present = g -> textOrHex(g.getBinary(field, 0).getBytes());
                    } else {
                        throw new IllegalArgumentException(
                                "column '" + name + "' has an unsupported type " + primitive);
                    }
                    break;
                default:
                    throw new IllegalArgumentException("column '" + name + "' has an unsupported type " + primitive);
            }
            return g -> g.getFieldRepetitionCount(field) > 0 ? present.apply(g) : null;
        }

        private static final long NANOS_PER_DAY = 86_400_000_000_000L;
        // the Julian day number of 1970-01-01
        private static final long JULIAN_EPOCH_DAY = 2_440_588L;

        /**
         * The UTC day of an INT96 date-time: 8 bytes of nanoseconds into the day, then 4 bytes of
         * Julian day number, both little-endian.
         */
        static LocalDate int96Day(Binary value) {
            ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            long nanos = bytes.getLong(bytes.position());
            long julianDay = bytes.getInt(bytes.position() + 8);
            return LocalDate.ofEpochDay(julianDay - JULIAN_EPOCH_DAY + Math.floorDiv(nanos, NANOS_PER_DAY));
        }

        /** {@code bytes} as UTF-8 text, or as {@link #hex} if they are not UTF-8. */
        static String textOrHex(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                return hex(bytes);
            }
        }

        /** {@code bytes} as {@code 0x} and two lower-case hex digits a byte. */
        static String hex(byte[] bytes) {
            return "0x" + HexFormat.of().formatHex(bytes);
        }

        /** A UUID's 16 bytes, big-endian, as its usual text. */
        private static String uuid(byte[] bytes) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            return new UUID(buffer.getLong(), buffer.getLong()).toString();
        }
    }
}
