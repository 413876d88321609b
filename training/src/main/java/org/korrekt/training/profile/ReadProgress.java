package org.korrekt.training.profile;

import java.util.function.Consumer;

/**
 * What reading a profile's table tells its caller: what is being read ({@link #accept}), and how
 * many of the table's rows are read so far ({@link #rows}).
 */
@FunctionalInterface
public interface ReadProgress extends Consumer<String> {

    /** How often, in rows, {@link #rows} is told. */
    long EVERY = 10_000;

    /**
     * Told every {@value #EVERY} rows and at the end.
     *
     * @param read the rows read so far
     * @param expected the rows the table holds, or -1 when that is not known before reading it all
     *     (a CSV file)
     */
    default void rows(long read, long expected) {}
}
