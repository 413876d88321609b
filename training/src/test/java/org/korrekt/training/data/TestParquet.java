package org.korrekt.training.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/** Writes Parquet files of any schema, row by row, as a test needs them. */
public final class TestParquet {

    private TestParquet() {}

    /** An OPTIONAL STRING column. */
    public static Type text(String name) {
        return Types.optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
    }

    /** An OPTIONAL DATE column (an INT32 of days since 1970-01-01). */
    public static Type date(String name) {
        return Types.optional(PrimitiveTypeName.INT32)
                .as(LogicalTypeAnnotation.dateType())
                .named(name);
    }

    /**
     * Writes {@code rows} rows of {@code schema} to {@code file}, replacing it; {@code row} fills
     * each, given the row's number from 0. A field it does not add is null.
     */
    public static void write(Path file, MessageType schema, int rows, BiConsumer<Group, Integer> row)
            throws IOException {
        Configuration conf = new Configuration();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                        HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
                .withConf(conf)
                .withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (int r = 0; r < rows; r++) {
                Group g = groups.newGroup();
                row.accept(g, r);
                writer.write(g);
            }
        }
    }
}
