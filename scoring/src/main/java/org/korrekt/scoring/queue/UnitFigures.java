package org.korrekt.scoring.queue;

import java.time.LocalDate;
import java.util.List;

/**
 * A control unit's figures, for its lead.
 *
 * @param unit the unit
 * @param casesPerDay cases the unit releases a day
 * @param today today, in the queue settings' time zone
 * @param releasedToday cases released today
 * @param claimedToday cases claimed (or assigned) today
 * @param closedToday cases closed today
 * @param backlog open cases not yet released
 * @param released open cases released and waiting to be claimed
 * @param claimed cases being worked on
 * @param weeks per ISO week, oldest first, the cases closed that week
 */
public record UnitFigures(
        String unit,
        int casesPerDay,
        LocalDate today,
        long releasedToday,
        long claimedToday,
        long closedToday,
        long backlog,
        long released,
        long claimed,
        List<Week> weeks) {

    public UnitFigures {
        weeks = List.copyOf(weeks);
    }

    /** The weeks' tallies summed, model-selected and random-control apart. */
    public Week total() {
        Tally model = Tally.EMPTY;
        Tally random = Tally.EMPTY;
        for (Week w : weeks) {
            model = model.plus(w.modelSelected());
            random = random.plus(w.randomControl());
        }
        return new Week(weeks.isEmpty() ? today : weeks.get(0).from(), model, random);
    }

    /**
     * One ISO week's closed cases.
     *
     * @param from the week's Monday
     * @param modelSelected cases the model selected
     * @param randomControl cases the random control sample drew
     */
    public record Week(LocalDate from, Tally modelSelected, Tally randomControl) {}

    /**
     * Investigations and what they found.
     *
     * @param investigations cases closed with an outcome
     * @param incorrect of those, the ones found incorrect
     * @param incorrectSek the incorrect amounts found, SEK
     * @param preventedSek the future payments prevented, SEK
     */
    public record Tally(long investigations, long incorrect, double incorrectSek, double preventedSek) {
        /** No investigations. */
        public static final Tally EMPTY = new Tally(0, 0, 0, 0);

        /** The share found incorrect, or NaN without investigations. */
        public double hitRate() {
            return investigations == 0 ? Double.NaN : (double) incorrect / investigations;
        }

        /** SEK found (incorrect and prevented) per investigation, or NaN without investigations. */
        public double sekPerInvestigation() {
            return investigations == 0 ? Double.NaN : (incorrectSek + preventedSek) / investigations;
        }

        Tally plus(Tally o) {
            return new Tally(
                    investigations + o.investigations,
                    incorrect + o.incorrect,
                    incorrectSek + o.incorrectSek,
                    preventedSek + o.preventedSek);
        }
    }
}
