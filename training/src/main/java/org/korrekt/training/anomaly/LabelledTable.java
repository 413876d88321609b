package org.korrekt.training.anomaly;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.korrekt.training.data.CsvTable;
import org.korrekt.training.data.CsvTable.ColumnType;

/**
 * A small table held in memory as text cells, split into feature columns and a binary label
 * (positive = outlier, or incorrect payment). Immutable.
 *
 * @param featureColumns the names of the feature columns, in file order, without the label
 * @param types the type of each feature column
 * @param cells per row, the feature cells ({@code null} when missing)
 * @param labels per row, the label
 */
public record LabelledTable(List<String> featureColumns, List<ColumnType> types, String[][] cells, boolean[] labels) {

    /** Checks the shapes. */
    public LabelledTable {
        featureColumns = List.copyOf(featureColumns);
        types = List.copyOf(types);
        if (types.size() != featureColumns.size()) {
            throw new IllegalArgumentException(
                    "types must have one entry per column (" + featureColumns.size() + "), had " + types.size());
        }
        if (cells.length != labels.length) {
            throw new IllegalArgumentException(
                    "cells and labels differ in rows: " + cells.length + " vs " + labels.length);
        }
    }

    /**
     * Reads a CSV file in two passes (column types, then cells), every column but the label a
     * feature column.
     *
     * @see #read(CsvTable, String, List)
     */
    public static LabelledTable read(CsvTable table, String labelColumn) throws IOException {
        return read(table, labelColumn, List.of());
    }

    /**
     * Reads a CSV file in two passes (column types, then cells). The label column accepts yes/no,
     * ja/nej, true/false and 1/0 in any case (and {@code 1.0}/{@code 0.0}). The columns {@code
     * ignored} (an id, a date, a column that gives the label away) are left out. The label and the
     * ignored columns are found by name: exactly, else a header with blanks around the name.
     *
     * @throws IllegalArgumentException when the label column or an ignored one does not exist, the
     *     label is among the ignored, the label holds a missing or unrecognised value (the message
     *     lists the distinct values seen), or a numeric feature column holds a number too large for a
     *     double ({@code 1e400}; the message names the data row, 1-based, and the column)
     */
    public static LabelledTable read(CsvTable table, String labelColumn, List<String> ignored) throws IOException {
        return read(table, labelColumn, ignored, new ArrayList<>());
    }

    /**
     * As {@link #read(CsvTable, String, List)}, adding to {@code warnings} each feature column read
     * as categorical because of a few stray values among its numbers ({@link CsvTable#inferTypes(java.util.Map)}).
     */
    public static LabelledTable read(CsvTable table, String labelColumn, List<String> ignored, List<String> warnings)
            throws IOException {
        List<String> columns = table.columns();
        int label = indexOf(columns, labelColumn);
        if (label < 0) {
            throw new IllegalArgumentException(
                    "no column '" + labelColumn + "' in " + table.file() + "; columns are " + columns);
        }
        Set<Integer> left = new HashSet<>();
        for (String column : ignored) {
            int at = indexOf(columns, column);
            if (at < 0) {
                throw new IllegalArgumentException(
                        "no column '" + column + "' to ignore in " + table.file() + "; columns are " + columns);
            }
            if (at == label) {
                throw new IllegalArgumentException("the label column '" + labelColumn + "' cannot be ignored");
            }
            left.add(at);
        }
        java.util.Map<Integer, String> strays = new java.util.HashMap<>();
        java.util.Map<Integer, String> invalid = new java.util.TreeMap<>();
        List<ColumnType> allTypes = table.inferTypes(strays, invalid);
        List<String> names = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (i != label && !left.contains(i)) {
                names.add(columns.get(i));
                types.add(allTypes.get(i));
                kept.add(i);
                if (invalid.containsKey(i)) {
                    throw new IllegalArgumentException(invalid.get(i));
                }
                if (strays.containsKey(i)) {
                    warnings.add(strays.get(i));
                }
            }
        }
        if (names.isEmpty() && !left.isEmpty()) {
            throw new IllegalArgumentException(
                    "--ignore leaves no feature column besides the label; columns are " + columns);
        }
        List<String[]> cells = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        boolean[] bad = {false};
        long[] row = {0};
        table.forEachRow(record -> {
            row[0]++;
            for (int k = 0; k < kept.size(); k++) {
                String cell = record[kept.get(k)];
                if (types.get(k) != ColumnType.NUMERIC || CsvTable.isMissing(cell)) {
                    continue;
                }
                double number = CsvTable.parseDecimal(cell);
                if (Double.isInfinite(number)) {
                    throw new IllegalArgumentException(table.file() + " row " + row[0] + " has " + cell.strip() + " ("
                            + number + ") in numeric column '" + names.get(k)
                            + "'; a number must be finite, or missing (empty, or " + CsvTable.MISSING_WORDS + ")");
                }
            }
            String value = record[label];
            Boolean parsed = parseLabel(value);
            if (seen.size() < 50) {
                seen.add(value == null ? "(missing)" : value);
            }
            if (parsed == null) {
                bad[0] = true;
                return;
            }
            String[] features = new String[kept.size()];
            for (int k = 0; k < features.length; k++) {
                features[k] = record[kept.get(k)];
            }
            cells.add(features);
            labels.add(parsed);
        });
        if (bad[0]) {
            throw new IllegalArgumentException("label column '" + labelColumn + "' must hold yes/no, ja/nej,"
                    + " true/false or 1/0 (any case) in every row; values seen: " + String.join(", ", seen));
        }
        boolean[] flags = new boolean[labels.size()];
        for (int i = 0; i < flags.length; i++) {
            flags[i] = labels.get(i);
        }
        return new LabelledTable(names, types, cells.toArray(new String[0][]), flags);
    }

    /**
     * The index of the column named {@code name}: exactly, else the one whose name is the same
     * without blanks around it (a header written {@code "a, b"}); -1 when none is.
     */
    private static int indexOf(List<String> columns, String name) {
        int exact = columns.indexOf(name);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).trim().equals(name.trim())) {
                return i;
            }
        }
        return -1;
    }

    /** The label a cell means, or {@code null} when it means none. */
    static Boolean parseLabel(String value) {
        if (value == null) {
            return null;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "yes":
            case "ja":
            case "true":
            case "1":
            case "1.0":
                return Boolean.TRUE;
            case "no":
            case "nej":
            case "false":
            case "0":
            case "0.0":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** The number of rows. */
    public int rowCount() {
        return labels.length;
    }

    /** The number of positive labels. */
    public int positives() {
        int count = 0;
        for (boolean l : labels) {
            if (l) {
                count++;
            }
        }
        return count;
    }

    /**
     * The categorical columns with more distinct values than half the rows: each value becomes a
     * feature of its own that isolates its few rows, so such a column (an id, a free-text note) turns
     * the forest into a detector of rare values. With fewer than 20 rows, none.
     */
    public List<String> likelyIdentifiers() {
        List<String> found = new ArrayList<>();
        if (cells.length < 20) {
            return found;
        }
        for (int c = 0; c < types.size(); c++) {
            if (types.get(c) != ColumnType.CATEGORICAL) {
                continue;
            }
            Set<String> values = new HashSet<>();
            for (String[] row : cells) {
                if (row[c] != null) {
                    values.add(row[c]);
                }
            }
            if (values.size() > cells.length / 2) {
                found.add(featureColumns.get(c));
            }
        }
        return found;
    }

    /** The number of feature columns of {@code type}. */
    public int columnsOf(ColumnType type) {
        int count = 0;
        for (ColumnType t : types) {
            if (t == type) {
                count++;
            }
        }
        return count;
    }
}
