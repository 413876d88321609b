package org.korrekt.training.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.korrekt.training.data.CsvTable;
import org.korrekt.training.data.CsvTable.ColumnType;

/**
 * Turns a {@link LabelledTable}'s cells into feature vectors, with everything learnt from the
 * training rows only: a numeric column becomes one feature (missing = {@code NaN}); a categorical
 * column becomes one 0/1 indicator per level seen in the training rows, in sorted order (a level
 * not seen in training sets every indicator to 0; a missing cell sets every indicator to {@code
 * NaN}). Optionally each feature is then z-scored with the mean and standard deviation of the
 * training rows (present values only; a constant feature keeps scale 1). Immutable.
 */
public final class FeatureEncoder {

    private final List<ColumnType> types;
    private final List<List<String>> levels;
    private final List<String> names;
    private final double[] means;
    private final double[] scales;

    private FeatureEncoder(
            List<ColumnType> types, List<List<String>> levels, List<String> names, double[] means, double[] scales) {
        this.types = types;
        this.levels = levels;
        this.names = names;
        this.means = means;
        this.scales = scales;
    }

    /**
     * Learns the levels (and, when {@code standardise}, the z-scores) from the rows {@code training}
     * of {@code table}.
     */
    public static FeatureEncoder fit(LabelledTable table, int[] training, boolean standardise) {
        List<ColumnType> types = table.types();
        List<List<String>> levels = new ArrayList<>();
        List<String> names = new ArrayList<>();
        String[][] cells = table.cells();
        for (int c = 0; c < types.size(); c++) {
            String column = table.featureColumns().get(c);
            if (types.get(c) == ColumnType.NUMERIC) {
                levels.add(List.of());
                names.add(column);
                continue;
            }
            TreeSet<String> seen = new TreeSet<>();
            for (int row : training) {
                if (cells[row][c] != null) {
                    seen.add(cells[row][c]);
                }
            }
            levels.add(List.copyOf(seen));
            for (String level : seen) {
                names.add(column + "=" + level);
            }
        }
        int width = names.size();
        double[] means = new double[width];
        double[] scales = new double[width];
        java.util.Arrays.fill(scales, 1.0);
        FeatureEncoder raw = new FeatureEncoder(types, levels, List.copyOf(names), means, scales);
        if (!standardise) {
            return raw;
        }
        double[][] encoded = raw.encode(table, training);
        for (int f = 0; f < width; f++) {
            double sum = 0;
            long count = 0;
            for (double[] row : encoded) {
                if (!Double.isNaN(row[f])) {
                    sum += row[f];
                    count++;
                }
            }
            double mean = count == 0 ? 0 : sum / count;
            double squares = 0;
            for (double[] row : encoded) {
                if (!Double.isNaN(row[f])) {
                    squares += (row[f] - mean) * (row[f] - mean);
                }
            }
            // The population standard deviation, as scikit-learn's StandardScaler (used by PyOD).
            double sd = count == 0 ? 0 : Math.sqrt(squares / count);
            means[f] = mean;
            scales[f] = sd > 0 ? sd : 1.0;
        }
        return new FeatureEncoder(types, levels, List.copyOf(names), means, scales);
    }

    /** The names of the encoded features: numeric columns by name, indicators as {@code column=level}. */
    public List<String> featureNames() {
        return names;
    }

    /** Encodes the rows {@code rows} of {@code table}, in that order. */
    public double[][] encode(LabelledTable table, int[] rows) {
        String[][] cells = table.cells();
        int width = names.size();
        double[][] out = new double[rows.length][width];
        for (int r = 0; r < rows.length; r++) {
            String[] row = cells[rows[r]];
            double[] x = out[r];
            int f = 0;
            for (int c = 0; c < types.size(); c++) {
                String cell = row[c];
                if (types.get(c) == ColumnType.NUMERIC) {
                    x[f++] = CsvTable.isMissing(cell) ? Double.NaN : CsvTable.parseDecimal(cell);
                    continue;
                }
                for (String level : levels.get(c)) {
                    x[f++] = cell == null ? Double.NaN : level.equals(cell) ? 1 : 0;
                }
            }
            for (int k = 0; k < width; k++) {
                x[k] = (x[k] - means[k]) / scales[k];
            }
        }
        return out;
    }
}
