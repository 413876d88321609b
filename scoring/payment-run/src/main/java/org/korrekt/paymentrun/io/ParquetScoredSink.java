package org.korrekt.paymentrun.io;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.korrekt.paymentrun.OutputColumn;
import org.korrekt.paymentrun.ScoredRow;
import org.korrekt.paymentrun.ScoredRowSink;

/**
 * Scored rows as a Parquet file (Snappy), written with parquet-java's example {@code Group} writer
 * against a declared schema, in the conventions of the generated tables (docs/data.md): strings as
 * {@code STRING}, days as {@code DATE}, money as {@code DECIMAL(18,2)} (an {@code INT64} of öre),
 * optional columns {@code OPTIONAL}. Rows are buffered only as encoded column pages of the current
 * row group.
 */
final class ParquetScoredSink implements ScoredRowSink {

    /** The schema of a scored payment run. */
    static final MessageType SCHEMA = schema();

    private static final OutputColumn[] COLUMNS = OutputColumn.values();

    private final ParquetWriter<Group> writer;
    private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);

    private ParquetScoredSink(ParquetWriter<Group> writer) {
        this.writer = writer;
    }

    static ParquetScoredSink create(Path file) throws IOException {
        return new ParquetScoredSink(ExampleParquetWriter.builder(new LocalOutputFile(file))
                .withType(SCHEMA)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build());
    }

    @Override
    public void write(ScoredRow row) throws IOException {
        Group g = groups.newGroup();
        for (int i = 0; i < COLUMNS.length; i++) {
            Object v = COLUMNS[i].value(row);
            if (v == null) {
                continue;
            }
            switch (COLUMNS[i].kind()) {
                case STRING -> g.add(i, (String) v);
                case DATE -> g.add(i, (int) ((LocalDate) v).toEpochDay());
                case MONEY -> g.add(i, (long) (Long) v);
                case DOUBLE -> g.add(i, (double) (Double) v);
                case BOOLEAN -> g.add(i, (boolean) (Boolean) v);
            }
        }
        writer.write(g);
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static MessageType schema() {
        List<Type> fields = new ArrayList<>();
        for (OutputColumn c : OutputColumn.values()) {
            Type.Repetition repetition = c.optional() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
            Type type =
                    switch (c.kind()) {
                        case STRING ->
                            Types.primitive(PrimitiveTypeName.BINARY, repetition)
                                    .as(LogicalTypeAnnotation.stringType())
                                    .named(c.columnName());
                        case DATE ->
                            Types.primitive(PrimitiveTypeName.INT32, repetition)
                                    .as(LogicalTypeAnnotation.dateType())
                                    .named(c.columnName());
                        case MONEY ->
                            Types.primitive(PrimitiveTypeName.INT64, repetition)
                                    .as(LogicalTypeAnnotation.decimalType(2, 18))
                                    .named(c.columnName());
                        case DOUBLE ->
                            Types.primitive(PrimitiveTypeName.DOUBLE, repetition)
                                    .named(c.columnName());
                        case BOOLEAN ->
                            Types.primitive(PrimitiveTypeName.BOOLEAN, repetition)
                                    .named(c.columnName());
                    };
            fields.add(type);
        }
        return new MessageType("scored_payment_run", fields);
    }
}
