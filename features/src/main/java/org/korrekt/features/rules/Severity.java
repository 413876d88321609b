package org.korrekt.features.rules;

/** How much a rule hit weighs in a decision, from least to most. */
public enum Severity {
    /** Worth noting; never decides alone. */
    LOW,
    /** Worth extra control questions. */
    MEDIUM,
    /** Worth a manual check. */
    HIGH
}
