package org.korrekt.paymentrun;

import java.io.IOException;

/**
 * The rows of a payment run, read one at a time in file order; nothing is held beyond the current
 * row. Not thread-safe.
 */
public interface RowSource extends AutoCloseable {

    /**
     * The next row, or {@code null} at the end. After a {@link RowException} the source stands
     * after the bad row, so reading can go on.
     *
     * @throws RowException if the next row cannot be scored (it is consumed)
     * @throws BadInputException if the file cannot be read any further
     */
    PaymentRow next() throws RowException, BadInputException;

    /** The number of rows the file holds, or -1 when it is not known before reading (CSV). */
    long expectedRows();

    @Override
    void close() throws IOException;
}
