package org.korrekt.training.features;

import java.util.Arrays;

/**
 * The rows of one history table, in primitive columns, grouped by an integer key (a person, a
 * child): after {@link #group}, the rows of each key are contiguous and in the order they were
 * added. A payment costs 16 bytes here, where a record with its strings and dates costs several
 * hundred.
 */
final class Grouped {

    private final int[][] ints;
    private final double[][] doubles;
    private int[] keys = new int[1024];
    private int size;
    // after group(): the rows of key k are start[k] to start[k + 1] - 1
    private int[] start;

    Grouped(int intColumns, int doubleColumns) {
        ints = new int[intColumns][keys.length];
        doubles = new double[doubleColumns][keys.length];
    }

    /** Adds a row under {@code key} (0 or more) and returns its index, for {@link #set}. */
    int add(int key) {
        if (start != null) {
            throw new IllegalStateException("rows are grouped already");
        }
        if (size == keys.length) {
            int capacity = Math.max(1024, size + (size >> 1));
            keys = Arrays.copyOf(keys, capacity);
            for (int c = 0; c < ints.length; c++) {
                ints[c] = Arrays.copyOf(ints[c], capacity);
            }
            for (int c = 0; c < doubles.length; c++) {
                doubles[c] = Arrays.copyOf(doubles[c], capacity);
            }
        }
        keys[size] = key;
        return size++;
    }

    void set(int row, int column, int value) {
        ints[column][row] = value;
    }

    void set(int row, int column, double value) {
        doubles[column][row] = value;
    }

    /**
     * Orders the rows by key, keeping the order they were added in within a key (a counting sort),
     * and trims the columns to the rows. Keys run from 0 to {@code keyCount - 1}.
     */
    void group(int keyCount) {
        start = new int[keyCount + 1];
        for (int r = 0; r < size; r++) {
            start[keys[r] + 1]++;
        }
        for (int k = 0; k < keyCount; k++) {
            start[k + 1] += start[k];
        }
        int[] target = new int[size];
        int[] next = Arrays.copyOf(start, keyCount);
        for (int r = 0; r < size; r++) {
            target[r] = next[keys[r]]++;
        }
        for (int c = 0; c < ints.length; c++) {
            int[] sorted = new int[size];
            for (int r = 0; r < size; r++) {
                sorted[target[r]] = ints[c][r];
            }
            ints[c] = sorted;
        }
        for (int c = 0; c < doubles.length; c++) {
            double[] sorted = new double[size];
            for (int r = 0; r < size; r++) {
                sorted[target[r]] = doubles[c][r];
            }
            doubles[c] = sorted;
        }
        keys = null;
    }

    /** Sorts each key's rows by int column {@code column}; for a table of one int column and no other. */
    void sortWithinKeys(int column) {
        if (ints.length != 1 || doubles.length != 0) {
            throw new IllegalStateException("only a table of one int column is sorted within its keys");
        }
        for (int k = 0; k + 1 < start.length; k++) {
            Arrays.sort(ints[column], start[k], start[k + 1]);
        }
    }

    /** The first row of {@code key} (unknown keys, -1, have none). */
    int from(int key) {
        return key < 0 ? 0 : start[key];
    }

    /** One past the last row of {@code key}. */
    int to(int key) {
        return key < 0 ? 0 : start[key + 1];
    }

    int intAt(int column, int row) {
        return ints[column][row];
    }

    double doubleAt(int column, int row) {
        return doubles[column][row];
    }

    int size() {
        return size;
    }
}
