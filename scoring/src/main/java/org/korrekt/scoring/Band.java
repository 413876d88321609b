package org.korrekt.scoring;

/** The risk band of a score, one per action threshold. */
public enum Band {
    /** Below the extra-questions threshold. */
    LOW,
    /** At or above the extra-questions threshold. */
    ELEVATED,
    /** At or above the manual-check threshold. */
    HIGH,
    /** At or above the hold-payment threshold. */
    VERY_HIGH
}
