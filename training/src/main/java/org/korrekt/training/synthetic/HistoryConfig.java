package org.korrekt.training.synthetic;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the calibrated history generator produces.
 *
 * @param scale the fraction of 2023 volumes, in (0, 1]: 0.01 is 1:100
 * @param years how many calendar years, 1 to 10, from {@code startYear}
 * @param startYear the first year
 * @param seed the random seed; the same configuration always gives the same history
 * @param mechanismRates a relative rate per mechanism: 1 as calibrated, 0 switches it off, 2 doubles its
 *     weight in its benefits' mix; a benefit's total incorrect share stays calibrated while any of its
 *     mechanisms is on
 * @param biasedDetection whether the optional biased notification channel (domain.md 7.9) is on: it
 *     detects errors of people born outside Europe more often, so audits can show label bias
 * @param incomingApplications applications after the history, without labels, for scoring demos
 */
public record HistoryConfig(
        double scale,
        int years,
        int startYear,
        long seed,
        Map<Mechanism, Double> mechanismRates,
        boolean biasedDetection,
        int incomingApplications) {

    /** Default scale: 1:100 of 2023 volumes. */
    public static final double DEFAULT_SCALE = 0.01;
    /** Default number of years. */
    public static final int DEFAULT_YEARS = 2;
    /** Default first year. */
    public static final int DEFAULT_START_YEAR = 2023;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default number of incoming applications. */
    public static final int DEFAULT_INCOMING = 2_000;
    /** The most calendar years a history may span. */
    public static final int MAX_YEARS = 10;
    /** The earliest first year. */
    public static final int MIN_START_YEAR = 2000;
    /** The latest first year. */
    public static final int MAX_START_YEAR = 2100;
    /** The highest relative rate of a mechanism. */
    public static final double MAX_RATE = 100;

    public HistoryConfig {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("scale must be in (0, 1], was " + scale);
        }
        if (years < 1 || years > MAX_YEARS) {
            throw new IllegalArgumentException("years must be in [1, " + MAX_YEARS + "], was " + years);
        }
        if (startYear < MIN_START_YEAR || startYear > MAX_START_YEAR) {
            throw new IllegalArgumentException(
                    "startYear must be in [" + MIN_START_YEAR + ", " + MAX_START_YEAR + "], was " + startYear);
        }
        Objects.requireNonNull(mechanismRates, "mechanismRates");
        EnumMap<Mechanism, Double> rates = new EnumMap<>(Mechanism.class);
        for (Mechanism m : Mechanism.values()) {
            double rate = mechanismRates.getOrDefault(m, 1.0);
            if (!validRate(rate)) {
                throw new IllegalArgumentException("rate of mechanism " + m + " must be in [0, 100], was " + rate);
            }
            rates.put(m, rate);
        }
        mechanismRates = java.util.Collections.unmodifiableMap(rates);

        if (incomingApplications < 0) {
            throw new IllegalArgumentException("incomingApplications must be >= 0, was " + incomingApplications);
        }
    }

    /** The defaults at {@code scale} with {@code seed}. */
    public static HistoryConfig defaults(double scale, long seed) {
        return new HistoryConfig(scale, DEFAULT_YEARS, DEFAULT_START_YEAR, seed, Map.of(), false, DEFAULT_INCOMING);
    }

    /** The rate of a mechanism. */
    public double rate(Mechanism mechanism) {
        return mechanismRates.get(mechanism);
    }

    /** The first day of the history. */
    public java.time.LocalDate start() {
        return java.time.LocalDate.of(startYear, 1, 1);
    }

    /** The first day after the history. */
    public java.time.LocalDate end() {
        return java.time.LocalDate.of(startYear + years, 1, 1);
    }

    /**
     * Parses mechanism rates written as {@code G2=0,G7=2}: each mechanism at most once, each rate a
     * number in [0, {@link #MAX_RATE}].
     *
     * @throws IllegalArgumentException naming the part that is wrong and what is wrong with it
     */
    public static Map<Mechanism, Double> parseRates(String text) {
        Map<Mechanism, Double> rates = new EnumMap<>(Mechanism.class);
        if (text == null || text.isBlank()) {
            return rates;
        }
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", -1);
            if (kv.length != 2) {
                throw new IllegalArgumentException("mechanism rate must be written Gn=rate, was '" + part.trim() + "'");
            }
            String name = kv[0].trim().toUpperCase(java.util.Locale.ROOT);
            Mechanism mechanism;
            try {
                mechanism = Mechanism.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("no mechanism '" + kv[0].trim() + "' in '" + part.trim()
                        + "'; mechanisms are G1 to G" + Mechanism.values().length);
            }
            String value = kv[1].trim();
            double rate;
            try {
                rate = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                rate = Double.NaN;
            }
            if (!validRate(rate)) {
                throw new IllegalArgumentException(
                        "rate of mechanism " + mechanism + " must be a number in [0, 100], was '" + value + "'");
            }
            if (rates.put(mechanism, rate) != null) {
                throw new IllegalArgumentException("mechanism " + mechanism + " is given a rate twice");
            }
        }
        return rates;
    }

    private static boolean validRate(double rate) {
        return rate >= 0 && rate <= MAX_RATE;
    }
}
