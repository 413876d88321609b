package org.korrekt.training.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.korrekt.training.data.CsvTable;
import org.korrekt.training.data.IoProblems;
import org.korrekt.training.data.TableRows;

/**
 * A CSV file as {@link TableRows}: every cell a string (or null when empty), converted by the
 * profile; a cell that {@link CsvTable#isAmbiguousNumber} is a {@link Cells.AmbiguousNumber}, which
 * reads as text but not as a number.
 */
public final class CsvRows implements TableRows {

    private final CsvTable table;

    private CsvRows(CsvTable table) {
        this.table = table;
    }

    public static TableRows of(Path file) throws ProfileException {
        try {
            return new CsvRows(CsvTable.open(file));
        } catch (IOException e) {
            throw new ProfileException("cannot read " + file + ": " + IoProblems.describe(e), e);
        }
    }

    @Override
    public String source() {
        return table.file().toString();
    }

    @Override
    public List<String> columns() {
        return table.columns();
    }

    @Override
    public long forEach(List<String> wanted, Consumer<Object[]> sink) throws IOException {
        // a header split at the wrong separator shows as one long column name; say which one was used
        char separator = table.separator();
        String by = separator == ',' ? "commas" : separator == ';' ? "semicolons" : "tabs";
        int[] positions = TableRows.positions(
                source(), columns(), wanted, " (fields separated by " + by + ", as read from its header)");
        Object[] cells = new Object[wanted.size()];
        return table.forEachRow(record -> {
            for (int i = 0; i < positions.length; i++) {
                String value = record[positions[i]];
                cells[i] = table.isAmbiguousNumber(value) ? new Cells.AmbiguousNumber(value) : value;
            }
            sink.accept(cells);
        });
    }
}
