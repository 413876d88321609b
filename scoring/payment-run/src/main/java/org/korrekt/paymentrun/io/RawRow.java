package org.korrekt.paymentrun.io;

import java.time.LocalDate;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.RowException;

/**
 * One row of an input file before it is checked: typed access to its columns, with {@code null}
 * for a missing value (an absent column, a Parquet null, an empty CSV field). A value that cannot
 * be read as its column's {@link InputColumn.Kind} is a {@link RowException} naming the column.
 */
interface RawRow {

    /** The 1-based data row. */
    long row();

    /** Where the row is, for messages: {@code row 17}, or {@code row 17 (line 18)} in a CSV file. */
    String location();

    /** The text of {@code column}, or null. */
    String string(InputColumn column) throws RowException;

    /** The day in {@code column}, or null. */
    LocalDate date(InputColumn column) throws RowException;

    /** The whole number in {@code column}, or null. */
    Integer integer(InputColumn column) throws RowException;

    /** The number in {@code column}, or null. */
    Double number(InputColumn column) throws RowException;

    /** A row error at this row, blaming {@code column}. */
    default RowException error(InputColumn column, String problem) {
        return new RowException(row(), location(), column == null ? null : column.columnName(), problem);
    }
}
