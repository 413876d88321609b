package org.korrekt.training.data;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
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

    /** The rows of a Parquet table. */
    static TableRows parquet(URI uri, Configuration conf) {
        return new ParquetRows(uri, conf);
    }

    /** Checks that every wanted column exists and returns their positions in {@code columns}. */
    static int[] positions(String source, List<String> columns, List<String> wanted) {
        return positions(source, columns, wanted, "");
    }

    /** As {@link #positions(String, List, List)}, with {@code note} after the columns in the message. */
    static int[] positions(String source, List<String> columns, List<String> wanted, String note) {
        int[] positions = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            positions[i] = columns.indexOf(wanted.get(i));
            if (positions[i] < 0) {
                throw new IllegalArgumentException(
                        source + " has no column '" + wanted.get(i) + "'; its columns are " + columns + note);
            }
        }
        return positions;
    }

    /** Parquet through the example {@link Group} reader, with logical types mapped to cells. */
    final class ParquetRows implements TableRows {

        private final URI uri;
        private final ClaimsParquet parquet;
        private final Configuration conf;

        ParquetRows(URI uri, Configuration conf) {
            this.uri = uri;
            this.conf = conf;
            this.parquet = new ClaimsParquet(conf);
        }

        @Override
        public String source() {
            return uri.toString();
        }

        @Override
        public List<String> columns() throws IOException {
            List<String> names = new ArrayList<>();
            for (Type field : schema().getFields()) {
                names.add(field.getName());
            }
            return names;
        }

        private MessageType schema() throws IOException {
            Path first = parquet.dataFiles(uri).get(0);
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(first, conf))) {
                return reader.getFooter().getFileMetaData().getSchema();
            } catch (RuntimeException e) {
                // parquet-java's "FILE is not a Parquet file": bad input, not a bug
                throw new IOException(e.getMessage() + " (a table is read as CSV only when its name ends in .csv)", e);
            }
        }

        @Override
        public long forEach(List<String> wanted, Consumer<Object[]> sink) throws IOException {
            MessageType schema = schema();
            List<Path> files = parquet.dataFiles(uri);
            // a folder or glob must hold the part files of one table; say whose columns these are
            String note = files.size() > 1
                    ? " (those of the first of its " + files.size() + " part files, "
                            + files.get(0).getName() + "; a folder or glob must hold the part files of one table)"
                    : "";
            int[] fields = positions(source(), columns(), wanted, note);
            List<Function<Group, Object>> readers = new ArrayList<>();
            for (int field : fields) {
                readers.add(cellReader(schema, field));
            }
            Object[] cells = new Object[wanted.size()];
            return parquet.readRows(
                    uri,
                    g -> {
                        for (int i = 0; i < cells.length; i++) {
                            cells[i] = readers.get(i).apply(g);
                        }
                        return cells;
                    },
                    sink);
        }

        private static Function<Group, Object> cellReader(GroupType schema, int field) {
            Type type = schema.getType(field);
            String name = type.getName();
            if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
                throw new IllegalArgumentException("column '" + name + "' is not a plain value column (" + type + ")");
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
                    } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                        double scale =
                                Math.pow(10, ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical).getScale());
                        present = g -> g.getInteger(field, 0) / scale;
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
                                    case NANOS -> 86_400_000_000_000L;
                                };
                        present = g -> LocalDate.ofEpochDay(Math.floorDiv(g.getLong(field, 0), perDay));
                    } else if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
                        double scale =
                                Math.pow(10, ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) logical).getScale());
                        present = g -> g.getLong(field, 0) / scale;
                    } else {
                        present = g -> (double) g.getLong(field, 0);
                    }
                    break;
                case FLOAT:
                    present = g -> (double) g.getFloat(field, 0);
                    break;
                case DOUBLE:
                    present = g -> g.getDouble(field, 0);
                    break;
                case BINARY:
                case FIXED_LEN_BYTE_ARRAY:
                    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                            || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                            || logical == null) {
                        present = g -> g.getString(field, 0);
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
    }
}
