package org.korrekt.paymentrun.io;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a scored payment run back, Parquet with parquet-java's generic reader (no korrekt code) and
 * CSV with the RFC 4180 reader, into one text form per value: what the CSV file holds, so that both
 * formats are checked by the same assertions. A null is absent from the row's map.
 */
public final class ScoredFiles {

    private ScoredFiles() {}

    /** Every row of {@code file}, column name to text, in column order. */
    public static List<Map<String, String>> read(Path file) throws IOException {
        return file.toString().endsWith(".csv") ? readCsv(file) : readParquet(file);
    }

    /** The Parquet schema of {@code file}. */
    public static MessageType schema(Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            return reader.getFooter().getFileMetaData().getSchema();
        }
    }

    private static List<Map<String, String>> readCsv(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CsvReader csv = new CsvReader(in)) {
            String[] header = csv.next();
            for (String[] fields = csv.next(); fields != null; fields = csv.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    if (fields[i] != null) {
                        row.put(header[i], fields[i]);
                    }
                }
                rows.add(row);
            }
        } catch (CsvReader.FormatProblem e) {
            throw new IOException(file + " is not valid CSV: " + e.getMessage(), e);
        }
        return rows;
    }

    private static List<Map<String, String>> readParquet(Path file) throws IOException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0; i < pages.getRowCount(); i++) {
                    Group g = records.read();
                    Map<String, String> row = new LinkedHashMap<>();
                    for (Type field : schema.getFields()) {
                        if (g.getFieldRepetitionCount(field.getName()) > 0) {
                            row.put(field.getName(), text(g, field.asPrimitiveType()));
                        }
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String text(Group g, PrimitiveType type) {
        String name = type.getName();
        LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
        return switch (type.getPrimitiveTypeName()) {
            case BINARY -> g.getString(name, 0);
            case INT32 ->
                logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        ? LocalDate.ofEpochDay(g.getInteger(name, 0)).toString()
                        : Integer.toString(g.getInteger(name, 0));
            case INT64 ->
                logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d
                        ? BigDecimal.valueOf(g.getLong(name, 0), d.getScale()).toPlainString()
                        : Long.toString(g.getLong(name, 0));
            case DOUBLE -> Double.toString(g.getDouble(name, 0));
            case BOOLEAN -> Boolean.toString(g.getBoolean(name, 0));
            default -> throw new IllegalArgumentException("unexpected column type " + type);
        };
    }
}
