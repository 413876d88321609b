package org.korrekt.scoring;

/** What the calling flow should do with a scored application, from least to most intrusive. */
public enum Action {
    /** Proceed as normal. */
    PASS,
    /** Ask the claimant the profile's extra control questions before proceeding. */
    EXTRA_QUESTIONS,
    /** Route the application to a manual check before decision; a queue case is opened. */
    MANUAL_CHECK,
    /** Hold the payment until a control unit has looked at it; a queue case is opened. */
    HOLD_PAYMENT;

    /** Whether this action opens a case in a control unit's work queue. */
    public boolean opensCase() {
        return this == MANUAL_CHECK || this == HOLD_PAYMENT;
    }
}
