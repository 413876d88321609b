package org.korrekt.paymentrun;

import java.util.Objects;

/**
 * One row of a payment run cannot be scored: a missing or unparseable value, or one out of the
 * bounds an application must keep (the same bounds {@code POST /v1/score} checks). The message
 * names the row and the column, never an identity number. Cheap: no stack trace.
 */
public final class RowException extends Exception {

    private static final long serialVersionUID = 1L;

    private final long row;
    private final String column;

    /**
     * @param row the 1-based data row (the header is not counted)
     * @param location where the row is, e.g. {@code row 17} or {@code row 17 (line 18)}
     * @param column the column to blame, or {@code null} when the row as a whole is malformed
     * @param problem what is wrong with it
     */
    public RowException(long row, String location, String column, String problem) {
        super(
                Objects.requireNonNull(location, "location") + (column == null ? "" : ", column " + column) + ": "
                        + problem,
                null,
                false,
                false);
        this.row = row;
        this.column = column;
    }

    /** The 1-based data row. */
    public long row() {
        return row;
    }

    /** The column to blame, or {@code null}. */
    public String column() {
        return column;
    }
}
