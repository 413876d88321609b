package org.korrekt.scoring.queue;

import java.util.List;
import java.util.Set;

/**
 * What a control investigation found; recording it closes the case.
 *
 * @param incorrect whether the payment was incorrect
 * @param incorrectAmountSek the amount found incorrect, in SEK (0 when correct)
 * @param preventedFutureSek the future payments the action prevented, in SEK (0 when correct)
 * @param cause {@code CLAIMANT}, {@code AGENCY} or {@code OTHER} when incorrect, else null
 * @param intentionalSuspected whether intent is suspected
 * @param actions what was done: {@code REFUSAL}, {@code REDUCTION}, {@code STOP}, {@code RECOVERY_CLAIM}
 * @param policeReport whether a police report was filed (needs suspected intent)
 */
public record Outcome(
        boolean incorrect,
        double incorrectAmountSek,
        double preventedFutureSek,
        String cause,
        boolean intentionalSuspected,
        List<String> actions,
        boolean policeReport) {

    /** The causes an incorrect payment can have. */
    public static final Set<String> CAUSES = Set.of("CLAIMANT", "AGENCY", "OTHER");
    /** The actions a control can lead to. */
    public static final List<String> ACTIONS = List.of("REFUSAL", "REDUCTION", "STOP", "RECOVERY_CLAIM");
    /** The largest amount an outcome may state, in SEK. */
    public static final double MAX_SEK = 10_000_000;

    public Outcome {
        actions = List.copyOf(actions);
    }

    /**
     * Checks the outcome's consistency (the database's CHECK constraints say the same).
     *
     * @return null when consistent, else the offending field and why, as {@code {field, message}}
     */
    public String[] problem() {
        if (!(incorrectAmountSek >= 0 && incorrectAmountSek <= MAX_SEK)) {
            return new String[] {
                "incorrectAmountSek", "incorrectAmountSek must be in [0, 10000000] SEK, was " + incorrectAmountSek
            };
        }
        if (!(preventedFutureSek >= 0 && preventedFutureSek <= MAX_SEK)) {
            return new String[] {
                "preventedFutureSek", "preventedFutureSek must be in [0, 10000000] SEK, was " + preventedFutureSek
            };
        }
        if (cause != null && !CAUSES.contains(cause)) {
            return new String[] {"cause", "cause must be CLAIMANT, AGENCY or OTHER, was '" + cause + "'"};
        }
        for (String action : actions) {
            if (!ACTIONS.contains(action)) {
                return new String[] {"actions", "an action is one of " + ACTIONS + ", was '" + action + "'"};
            }
        }
        if (Set.copyOf(actions).size() != actions.size()) {
            return new String[] {"actions", "an action is listed twice"};
        }
        if (!incorrect) {
            if (incorrectAmountSek != 0 || preventedFutureSek != 0) {
                return new String[] {"incorrectAmountSek", "a correct payment has no incorrect or prevented amount"};
            }
            if (cause != null) {
                return new String[] {"cause", "a correct payment has no cause"};
            }
            if (intentionalSuspected || policeReport) {
                return new String[] {"intentionalSuspected", "a correct payment raises no suspicion of intent"};
            }
            if (!actions.isEmpty()) {
                return new String[] {"actions", "a correct payment leads to no action"};
            }
        } else if (cause == null) {
            return new String[] {"cause", "an incorrect payment needs a cause: CLAIMANT, AGENCY or OTHER"};
        }
        if (policeReport && !intentionalSuspected) {
            return new String[] {"policeReport", "a police report needs suspected intent"};
        }
        if (incorrect && incorrectAmountSek == 0 && preventedFutureSek == 0) {
            // the labels count an incorrect case's SEK found; one of 0 SEK would count as a hit worth nothing
            return new String[] {
                "incorrectAmountSek",
                "an incorrect payment has an incorrect amount above 0 SEK (what was, or would have been, paid"
                        + " wrongly) or a prevented amount above 0 SEK"
            };
        }
        return null;
    }
}
