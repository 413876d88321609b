package org.korrekt.training.data;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * A table of records written as one Parquet file, declared column by column with standard
 * logical types: strings as {@code STRING}, dates as {@code DATE}, money as {@code DECIMAL(18,2)}
 * (an {@code INT64} of öre), so that pandas, Spark or DuckDB read it as it is. A column whose
 * value may be missing is {@code OPTIONAL} and written as null.
 *
 * @param <T> the record type
 */
public final class ParquetTable<T> {

    /** Precision of money columns. */
    public static final int MONEY_PRECISION = 18;
    /** Scale of money columns: öre. */
    public static final int MONEY_SCALE = 2;

    private final String name;
    private final List<Column<T>> columns;
    private final MessageType schema;

    private ParquetTable(String name, List<Column<T>> columns) {
        this.name = name;
        this.columns = List.copyOf(columns);
        List<Type> fields = new ArrayList<>();
        for (Column<T> c : columns) {
            fields.add(c.type());
        }
        this.schema = new MessageType(name, fields);
    }

    /** A table builder. */
    public static <T> Builder<T> named(String name) {
        return new Builder<>(name);
    }

    /** The table's name, also its file name without {@code .parquet}. */
    public String name() {
        return name;
    }

    /** The Parquet schema. */
    public MessageType schema() {
        return schema;
    }

    /** The column names, in order. */
    public List<String> columnNames() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * Writes {@code rows} to {@code uri}, replacing any file there.
     *
     * @param progress told the number of rows written so far, every 10,000 rows and at the end
     */
    public void write(Configuration conf, URI uri, Collection<T> rows, LongConsumer progress) throws IOException {
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        long written = 0;
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(HadoopOutputFile.fromPath(new Path(uri), conf))
                .withConf(conf)
                .withType(schema)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (T row : rows) {
                Group g = groups.newGroup();
                for (Column<T> c : columns) {
                    c.append(g, row);
                }
                writer.write(g);
                if (++written % 10_000 == 0) {
                    progress.accept(written);
                }
            }
        }
        progress.accept(written);
    }

    private enum Kind {
        STRING,
        DATE,
        INT,
        LONG,
        MONEY,
        DOUBLE,
        BOOLEAN
    }

    private record Column<T>(String name, Kind kind, boolean optional, Function<T, Object> value) {
        Type type() {
            Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> b =
                    switch (kind) {
                        case STRING ->
                            Types.primitive(PrimitiveTypeName.BINARY, repetition())
                                    .as(LogicalTypeAnnotation.stringType());
                        case DATE ->
                            Types.primitive(PrimitiveTypeName.INT32, repetition())
                                    .as(LogicalTypeAnnotation.dateType());
                        case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition());
                        case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition());
                        case MONEY ->
                            Types.primitive(PrimitiveTypeName.INT64, repetition())
                                    .as(LogicalTypeAnnotation.decimalType(MONEY_SCALE, MONEY_PRECISION));
                        case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition());
                        case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition());
                    };
            return b.named(name);
        }

        private Type.Repetition repetition() {
            return optional ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        }

        void append(Group g, T row) {
            Object v = value.apply(row);
            if (v instanceof Double d && d.isNaN()) {
                v = null;
            }
            if (v == null) {
                if (!optional) {
                    throw new IllegalArgumentException("column " + name + " is required but was null in " + row);
                }
                return;
            }
            switch (kind) {
                case STRING -> g.append(name, (String) v);
                case DATE -> g.append(name, (int) ((LocalDate) v).toEpochDay());
                case INT -> g.append(name, ((Number) v).intValue());
                case LONG -> g.append(name, ((Number) v).longValue());
                case MONEY ->
                    g.append(
                            name,
                            BigDecimal.valueOf(((Number) v).doubleValue())
                                    .setScale(MONEY_SCALE, RoundingMode.HALF_EVEN)
                                    .unscaledValue()
                                    .longValueExact());
                case DOUBLE -> g.append(name, ((Number) v).doubleValue());
                case BOOLEAN -> g.append(name, (Boolean) v);
            }
        }
    }

    /** Declares a table's columns in order. */
    public static final class Builder<T> {
        private final String name;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /** A required string column. */
        public Builder<T> string(String column, Function<T, String> value) {
            return add(column, Kind.STRING, false, value);
        }

        /** A string column that may be null. */
        public Builder<T> optionalString(String column, Function<T, String> value) {
            return add(column, Kind.STRING, true, value);
        }

        /** A required date column. */
        public Builder<T> date(String column, Function<T, LocalDate> value) {
            return add(column, Kind.DATE, false, value);
        }

        /** A date column that may be null. */
        public Builder<T> optionalDate(String column, Function<T, LocalDate> value) {
            return add(column, Kind.DATE, true, value);
        }

        /** A required 32-bit integer column. */
        public Builder<T> integer(String column, Function<T, Integer> value) {
            return add(column, Kind.INT, false, value);
        }

        /** A required money column in SEK, stored as DECIMAL(18,2). */
        public Builder<T> money(String column, Function<T, Double> value) {
            return add(column, Kind.MONEY, false, value);
        }

        /** A required double column. */
        public Builder<T> number(String column, Function<T, Double> value) {
            return add(column, Kind.DOUBLE, false, value);
        }

        /** A double column whose NaN values are written as null. */
        public Builder<T> optionalNumber(String column, Function<T, Double> value) {
            return add(column, Kind.DOUBLE, true, value);
        }

        /** A required boolean column. */
        public Builder<T> bool(String column, Function<T, Boolean> value) {
            return add(column, Kind.BOOLEAN, false, value);
        }

        /** The table. */
        public ParquetTable<T> build() {
            return new ParquetTable<>(name, columns);
        }

        @SuppressWarnings("unchecked")
        private Builder<T> add(String column, Kind kind, boolean optional, Function<T, ?> value) {
            columns.add(new Column<>(column, kind, optional, (Function<T, Object>) value));
            return this;
        }
    }
}
