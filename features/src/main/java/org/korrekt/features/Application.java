package org.korrekt.features;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One application (ansökan) for a benefit payment, as declared by the claimant.
 *
 * <p>Amounts are in SEK, days are calendar days. The person is identified only by a pseudonym
 * (see {@link org.korrekt.features.identity.Pseudonymizer}); raw identity numbers never reach
 * this record. The compact constructor enforces the same bounds a request decoder checks, so an
 * {@code Application} that exists is always valid input for feature extraction.
 *
 * @param applicationId the caller's id of the application, 1 to {@value #MAX_ID_LENGTH} characters
 * @param personPseudonym the keyed pseudonym of the claimant
 * @param benefit the benefit applied for
 * @param channel how the application was submitted
 * @param submittedOn the day the application was submitted
 * @param periodStart first day of the period claimed for
 * @param periodEnd last day of the period claimed for, inclusive
 * @param claimedDays the number of benefit days claimed within the period
 * @param amountSek the amount applied for, in SEK
 * @param declaredMonthlyIncomeSek the claimant's declared monthly income before tax, in SEK
 * @param providerId for assistance allowance: the assistance provider (assistansanordnare) the
 *     application names, by its organisation number or the caller's id for it; else {@code null}
 * @param grantedHoursPerMonth for assistance allowance: the assistance hours per month the decision
 *     on the right to assistance grants; else NaN
 */
public record Application(
        String applicationId,
        String personPseudonym,
        Benefit benefit,
        Channel channel,
        LocalDate submittedOn,
        LocalDate periodStart,
        LocalDate periodEnd,
        int claimedDays,
        double amountSek,
        double declaredMonthlyIncomeSek,
        String providerId,
        double grantedHoursPerMonth) {

    /** Longest accepted application id. */
    public static final int MAX_ID_LENGTH = 64;
    /** Longest accepted claim period, in days. */
    public static final int MAX_PERIOD_DAYS = 366;
    /** Largest accepted amount for one application, in SEK. */
    public static final double MAX_AMOUNT_SEK = 10_000_000;
    /** Largest accepted declared monthly income, in SEK. */
    public static final double MAX_MONTHLY_INCOME_SEK = 2_000_000;
    /** How far before its period an application may be submitted, in days. */
    public static final int MAX_DAYS_IN_ADVANCE = 400;
    /** How long after its period an application may be submitted, in days (two years). */
    public static final int MAX_DAYS_LATE = 731;
    /** Most assistance hours a month can have: 31 days of 24 hours. */
    public static final double MAX_GRANTED_HOURS_PER_MONTH = 744;

    /**
     * {@code sek} to whole öre, half up on the double, as the decision record keeps an amount: the
     * scoring side rounds what a caller sends with it, so that a decision is made on the amount it
     * records (and that training reads, in öre) rather than on digits the record drops.
     *
     * @param sek a finite amount in SEK, at most {@link #MAX_AMOUNT_SEK} in size
     */
    public static double toOre(double sek) {
        return Math.round(sek * 100) / 100.0;
    }

    /** An application that names no assistance provider and no granted hours (every benefit but assistance). */
    public Application(
            String applicationId,
            String personPseudonym,
            Benefit benefit,
            Channel channel,
            LocalDate submittedOn,
            LocalDate periodStart,
            LocalDate periodEnd,
            int claimedDays,
            double amountSek,
            double declaredMonthlyIncomeSek) {
        this(
                applicationId,
                personPseudonym,
                benefit,
                channel,
                submittedOn,
                periodStart,
                periodEnd,
                claimedDays,
                amountSek,
                declaredMonthlyIncomeSek,
                null,
                Double.NaN);
    }

    public Application {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(personPseudonym, "personPseudonym");
        Objects.requireNonNull(benefit, "benefit");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(submittedOn, "submittedOn");
        Objects.requireNonNull(periodStart, "periodStart");
        Objects.requireNonNull(periodEnd, "periodEnd");
        if (applicationId.isEmpty() || applicationId.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "applicationId must have 1 to " + MAX_ID_LENGTH + " characters, had " + applicationId.length());
        }
        if (personPseudonym.isEmpty()) {
            throw new IllegalArgumentException("personPseudonym must not be empty");
        }
        long periodDays = periodDays(periodStart, periodEnd);
        if (periodDays < 1 || periodDays > MAX_PERIOD_DAYS) {
            throw new IllegalArgumentException("period must be 1 to " + MAX_PERIOD_DAYS + " days, was " + periodDays);
        }
        if (claimedDays < 0 || claimedDays > periodDays) {
            throw new IllegalArgumentException(
                    "claimedDays must be between 0 and the period's " + periodDays + " days, was " + claimedDays);
        }
        if (!(amountSek >= 0 && amountSek <= MAX_AMOUNT_SEK)) {
            throw new IllegalArgumentException("amountSek must be in [0, " + MAX_AMOUNT_SEK + "], was " + amountSek);
        }
        if (!(declaredMonthlyIncomeSek >= 0 && declaredMonthlyIncomeSek <= MAX_MONTHLY_INCOME_SEK)) {
            throw new IllegalArgumentException("declaredMonthlyIncomeSek must be in [0, " + MAX_MONTHLY_INCOME_SEK
                    + "], was " + declaredMonthlyIncomeSek);
        }
        if (providerId != null && (providerId.isEmpty() || providerId.length() > MAX_ID_LENGTH)) {
            throw new IllegalArgumentException(
                    "providerId must have 1 to " + MAX_ID_LENGTH + " characters, had " + providerId.length());
        }
        if (!Double.isNaN(grantedHoursPerMonth)
                && !(grantedHoursPerMonth > 0 && grantedHoursPerMonth <= MAX_GRANTED_HOURS_PER_MONTH)) {
            throw new IllegalArgumentException("grantedHoursPerMonth must be in (0, " + MAX_GRANTED_HOURS_PER_MONTH
                    + "] or absent, was " + grantedHoursPerMonth);
        }
        long lag = ChronoUnit.DAYS.between(periodEnd, submittedOn);
        long advance = ChronoUnit.DAYS.between(submittedOn, periodStart);
        if (advance > MAX_DAYS_IN_ADVANCE || lag > MAX_DAYS_LATE) {
            throw new IllegalArgumentException("submittedOn must be at most " + MAX_DAYS_IN_ADVANCE
                    + " days before the period and " + MAX_DAYS_LATE + " days after it, was " + lag
                    + " days after the period's end");
        }
    }

    /** The number of calendar days in the period, both ends included. */
    public int periodDays() {
        return (int) periodDays(periodStart, periodEnd);
    }

    /** Days from the end of the period to submission; negative when submitted in advance. */
    public int submissionLagDays() {
        return (int) ChronoUnit.DAYS.between(periodEnd, submittedOn);
    }

    private static long periodDays(LocalDate start, LocalDate end) {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }
}
