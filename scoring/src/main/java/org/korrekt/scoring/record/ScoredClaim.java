package org.korrekt.scoring.record;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the person history keeps of a scored application beyond the decision record's other fields,
 * so that a restarted service can put it back into the history (docs/operations.md, "The person
 * history in memory").
 *
 * @param submittedOn the day it was submitted
 * @param periodStart the first day of its period
 * @param claimedDays the days claimed
 * @param childPseudonym the pseudonym of the child a VAB application names, or null
 */
public record ScoredClaim(LocalDate submittedOn, LocalDate periodStart, int claimedDays, String childPseudonym) {

    public ScoredClaim {
        Objects.requireNonNull(submittedOn, "submittedOn");
        Objects.requireNonNull(periodStart, "periodStart");
        if (claimedDays < 0) {
            throw new IllegalArgumentException("claimedDays must be >= 0, was " + claimedDays);
        }
    }
}
