package org.korrekt.paymentrun;

import java.io.IOException;

/** Where scored rows go, one at a time, in the columns of {@link OutputColumn}. Not thread-safe. */
public interface ScoredRowSink extends AutoCloseable {

    /** Writes one row. */
    void write(ScoredRow row) throws IOException;

    /** Finishes the file (a Parquet footer, a flush). */
    @Override
    void close() throws IOException;
}
