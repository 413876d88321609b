package org.korrekt.paymentrun;

import org.korrekt.features.Application;

/**
 * How a payment run is scored.
 *
 * @param maxErrors bad rows that may be skipped (and are counted and listed); one more stops the
 *     run. 0 stops at the first bad row
 * @param minAmountSek in SEK: a row below it whose decision is {@code MANUAL_CHECK} or {@code
 *     HOLD_PAYMENT} is passed instead and marked, unless it was drawn for random control (the random
 *     sample must stay uniform over all amounts). 0 changes nothing
 */
public record ScoreOptions(long maxErrors, double minAmountSek) {

    /** Default: stop at the first bad row. */
    public static final long DEFAULT_MAX_ERRORS = 0;

    /** Default: no amount limit. */
    public static final double DEFAULT_MIN_AMOUNT_SEK = 0;

    /** The defaults. */
    public static final ScoreOptions DEFAULTS = new ScoreOptions(DEFAULT_MAX_ERRORS, DEFAULT_MIN_AMOUNT_SEK);

    public ScoreOptions {
        if (maxErrors < 0) {
            throw new IllegalArgumentException("maxErrors must be >= 0, was " + maxErrors);
        }
        if (!(minAmountSek >= 0 && minAmountSek <= Application.MAX_AMOUNT_SEK)) {
            throw new IllegalArgumentException(
                    "minAmountSek must be in [0, " + (long) Application.MAX_AMOUNT_SEK + "], was " + minAmountSek);
        }
    }
}
