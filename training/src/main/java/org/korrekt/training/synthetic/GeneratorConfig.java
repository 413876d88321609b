package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the claims generator produces.
 *
 * @param persons number of persons, at least 1
 * @param historyStart first day of the history
 * @param historyMonths length of the history in months, 1 to 120
 * @param incomingApplications applications generated after the history, for scoring, at least 0
 * @param randomControlShare share of applications selected for control at random, in [0, 1]
 * @param seed the random seed; the same config always gives the same data
 */
public record GeneratorConfig(
        int persons,
        LocalDate historyStart,
        int historyMonths,
        int incomingApplications,
        double randomControlShare,
        long seed) {

    /** Default number of persons. */
    public static final int DEFAULT_PERSONS = 10_000;
    /** Default first day of the history. */
    public static final LocalDate DEFAULT_HISTORY_START = LocalDate.of(2023, 1, 1);
    /** Default history length in months. */
    public static final int DEFAULT_HISTORY_MONTHS = 24;
    /** Default number of incoming applications. */
    public static final int DEFAULT_INCOMING = 2_000;
    /** Default random control share: 2 % of applications. */
    public static final double DEFAULT_RANDOM_CONTROL_SHARE = 0.02;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;

    public GeneratorConfig {
        Objects.requireNonNull(historyStart, "historyStart");
        if (persons < 1) {
            throw new IllegalArgumentException("persons must be >= 1, was " + persons);
        }
        if (historyMonths < 1 || historyMonths > 120) {
            throw new IllegalArgumentException("historyMonths must be in [1, 120], was " + historyMonths);
        }
        if (incomingApplications < 0) {
            throw new IllegalArgumentException("incomingApplications must be >= 0, was " + incomingApplications);
        }
        if (!(randomControlShare >= 0 && randomControlShare <= 1)) {
            throw new IllegalArgumentException("randomControlShare must be in [0, 1], was " + randomControlShare);
        }
    }

    /** The defaults, with the given seed and number of persons. */
    public static GeneratorConfig defaults(int persons, long seed) {
        return new GeneratorConfig(
                persons,
                DEFAULT_HISTORY_START,
                DEFAULT_HISTORY_MONTHS,
                DEFAULT_INCOMING,
                DEFAULT_RANDOM_CONTROL_SHARE,
                seed);
    }

    /** The first day after the history. */
    public LocalDate historyEnd() {
        return historyStart.plusMonths(historyMonths);
    }
}
