package org.korrekt.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableRowsTest {

    @Test
    void readsATimestampColumnAsItsDayInUtc(@TempDir Path dir) throws IOException {
        // what pandas (microseconds) and Spark write for date-times, in each unit Parquet has
        MessageType schema = new MessageType(
                "t",
                timestamp("micros", true, TimeUnit.MICROS),
                timestamp("millis", false, TimeUnit.MILLIS),
                timestamp("nanos", true, TimeUnit.NANOS));
        long[] seconds = {
            LocalDate.of(2023, 4, 29).toEpochDay() * 86_400 + 23 * 3_600 + 59 * 60 + 59, // 23:59:59
            LocalDate.of(2023, 4, 30).toEpochDay() * 86_400, // midnight
            -1 // 1969-12-31 23:59:59, before the epoch
        };
        Path file = dir.resolve("t.parquet");
        Configuration conf = new Configuration();
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(
                        HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
                .withConf(conf)
                .withType(schema)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .build()) {
            for (long s : seconds) {
                Group g = groups.newGroup();
                g.add("micros", s * 1_000_000L);
                g.add("millis", s * 1_000L);
                g.add("nanos", s * 1_000_000_000L);
                writer.write(g);
            }
            // a row with no values
            writer.write(groups.newGroup());
        }

        List<Object[]> rows = new ArrayList<>();
        long read = TableRows.parquet(file.toUri(), conf)
                .forEach(List.of("nanos", "micros", "millis"), cells -> rows.add(cells.clone()));

        assertThat(read).isEqualTo(4);
        LocalDate[] days = {LocalDate.of(2023, 4, 29), LocalDate.of(2023, 4, 30), LocalDate.of(1969, 12, 31)};
        for (int r = 0; r < days.length; r++) {
            assertThat(rows.get(r)).as("row %d", r).containsExactly(days[r], days[r], days[r]);
        }
        assertThat(rows.get(3)).containsExactly(null, null, null);
    }

    private static Type timestamp(String name, boolean utc, TimeUnit unit) {
        return Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL)
                .as(LogicalTypeAnnotation.timestampType(utc, unit))
                .named(name);
    }
}
