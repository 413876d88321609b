package org.korrekt.features.history;

import java.util.List;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;

/**
 * The features of an application that come from the person's history, read from a {@link
 * PersonHistoryStore} as of the day of scoring {@code t}: only events known before {@code t} count
 * (see {@link Known}). The training side computes the same definitions from the full history tables
 * (the point-in-time batch builder in {@code training}); a parity test keeps the two equal.
 *
 * <p>"Claimed days" of an application are the first {@code claimed_days} days of its period.
 */
public final class HistoryFeatures {

    /** Incomes below this count as this, so that a ratio never divides by zero. */
    public static final double INCOME_FLOOR_SEK = 1_000;

    /** The months of employer declarations the income ratios look back on. */
    public static final int INCOME_LOOKBACK_MONTHS = 12;

    /** The months the recent-pay ratio averages. */
    public static final int RECENT_PAY_MONTHS = 3;

    /** The days the claim and payment counts look back on. */
    public static final int LOOKBACK_DAYS = 365;

    /** The months before the month of scoring whose assistance hours the hours ratio may read. */
    public static final int ASSISTED_LOOKBACK_MONTHS = 3;

    /**
     * Version 3 counts in {@code other_parent_overlap_days} only the other person's VAB claims for
     * the child, not a child allowance, maintenance support or parental benefit application naming
     * the child. Version 2 added the two assistance features (the provider's licence, the reported
     * hours against the grant); version 1 had the first 14.
     */
    public static final FeatureSchema SCHEMA = new FeatureSchema(
            "history",
            3,
            List.of(
                    new FeatureDefinition(
                            "prior_claims_365d",
                            "other applications by the person for the same benefit submitted in the 365 days"
                                    + " before the day of scoring",
                            "count",
                            "FREQUENT_CLAIMS",
                            "Många tidigare ansökningar om samma förmån det senaste året",
                            "Many earlier applications for the same benefit in the last year"),
                    new FeatureDefinition(
                            "paid_sek_365d_log",
                            "natural logarithm of 1 + the SEK paid to the person (all benefits) in the 365 days"
                                    + " before the day of scoring",
                            "ln(1+SEK)",
                            "HIGH_PAYMENTS_LAST_YEAR",
                            "Höga utbetalningar det senaste året",
                            "High payments in the last year"),
                    new FeatureDefinition(
                            "child_present_on_claimed_days",
                            "for VAB: claimed days on which the child named in the application attended childcare",
                            "days",
                            "CHILD_AT_CHILDCARE",
                            "Barnet var i förskola eller skola på begärda dagar",
                            "The child attended childcare on claimed days"),
                    new FeatureDefinition(
                            "other_parent_overlap_days",
                            "for VAB: claimed days that another person has also claimed VAB for, for the same child"
                                    + " (summed over that person's VAB applications)",
                            "days",
                            "SAME_CHILD_OTHER_PARENT",
                            "Samma barn och dag har begärts av en annan förälder",
                            "The same child and day were claimed by another parent"),
                    new FeatureDefinition(
                            "employer_absence_shortfall_share",
                            "for VAB, parental and sickness benefit: the days claimed of the benefit for periods"
                                    + " starting in the month of period_start (this application and the others known, at most 31)"
                                    + " minus the fewest absence days of the benefit's kind (VAB, parental leave, sick"
                                    + " pay) declared by an employer that paid the person that month, divided by this"
                                    + " application's claimed days (at least 1); 0 when no such declaration is known",
                            "ratio",
                            "EMPLOYER_REPORTS_NO_ABSENCE",
                            // the code is stable; the text says what a share above 0 means, also at 0.2
                            "Arbetsgivaren har rapporterat frånvaro för färre dagar än de begärda",
                            "The employer reported absence for fewer days than were claimed"),
                    new FeatureDefinition(
                            "assistant_hours_on_claimed_days",
                            "for VAB and parental benefit: hours the person reported as a personal assistant on"
                                    + " the claimed days",
                            "hours",
                            "ASSISTANT_HOURS_ON_CLAIMED_DAYS",
                            "Personen rapporterade arbete som personlig assistent på begärda dagar",
                            "The person reported work as a personal assistant on claimed days"),
                    new FeatureDefinition(
                            "declared_to_employer_income_ratio",
                            "declared monthly income divided by the highest gross pay in one employer declaration"
                                    + " for the 12 months before the month of scoring (at least 1,000 SEK)",
                            "ratio",
                            "DECLARED_INCOME_ABOVE_EMPLOYER",
                            "Uppgiven inkomst är högre än arbetsgivarnas uppgifter",
                            "Declared income is above what employers reported"),
                    new FeatureDefinition(
                            "employer_pay_to_declared_ratio",
                            "mean total gross pay per month over the months with a known employer declaration among"
                                    + " the 3 before the month of scoring, divided by the declared monthly income (at"
                                    + " least 1,000 SEK); 0 when none is known",
                            "ratio",
                            "EMPLOYER_PAY_ABOVE_DECLARED",
                            "Arbetsgivarna rapporterar högre lön än uppgiven inkomst",
                            "Employers report higher pay than the declared income"),
                    new FeatureDefinition(
                            "employer_income_in_period_sek",
                            "the highest gross pay in one employer declaration for a month of the application's"
                                    + " period",
                            "SEK",
                            "EMPLOYER_INCOME_IN_PERIOD",
                            "Lön från arbetsgivare under perioden",
                            "Pay from an employer during the period"),
                    new FeatureDefinition(
                            "permit_expired_days",
                            "days since the last day of the person's temporary residence permit, when it ended before"
                                    + " the day of scoring and no renewal is known; else 0",
                            "days",
                            "PERMIT_EXPIRED",
                            "Uppehållstillståndet har gått ut",
                            "The residence permit has expired"),
                    new FeatureDefinition(
                            "co_registered_adults",
                            "other people registered at the person's address on the day before scoring",
                            "count",
                            "OTHER_ADULT_AT_ADDRESS",
                            "Ytterligare vuxen är folkbokförd på adressen",
                            "Another adult is registered at the address"),
                    new FeatureDefinition(
                            "sgi_benefit",
                            "1 when the benefit is paid on the sickness-benefit-qualifying income (VAB, parental or"
                                    + " sickness benefit), else 0",
                            "indicator",
                            null,
                            null,
                            null),
                    new FeatureDefinition(
                            "benefit_uhs",
                            "1 when the benefit is maintenance support, else 0",
                            "indicator",
                            null,
                            null,
                            null),
                    new FeatureDefinition(
                            "benefit_as",
                            "1 when the benefit is activity support, else 0",
                            "indicator",
                            null,
                            null,
                            null),
                    new FeatureDefinition(
                            "provider_licence_revoked_days",
                            "for assistance allowance: days since IVO revoked the licence of the assistance provider"
                                    + " the application names, when it was revoked before the day of scoring; else 0",
                            "days",
                            "PROVIDER_LICENCE_REVOKED",
                            "Assistansanordnarens tillstånd har återkallats",
                            "The assistance provider's licence has been revoked"),
                    new FeatureDefinition(
                            "assisted_hours_to_granted_ratio",
                            "for assistance allowance: the hours the person's assistants reported for the latest"
                                    + " month known of the 3 before the month of scoring, divided by the hours per month"
                                    + " granted in the application; 0 when no such month is known or no grant is given",
                            "ratio",
                            "HOURS_REPORTED_AT_GRANT",
                            "Rapporterade assistanstimmar når upp till beviljade timmar",
                            "Reported assistance hours reach the hours granted")));

    private HistoryFeatures() {}

    /**
     * Writes the history features of {@code application}, scored on day {@code t}, into {@code
     * out[offset ..]}. {@code child} is the pseudonym of the child a VAB application names, or
     * null. Allocates nothing.
     */
    public static void compute(
            PersonHistoryStore store, Application application, String child, int t, double[] out, int offset) {
        if (out.length < offset + SCHEMA.size()) {
            throw new IllegalArgumentException(
                    "feature buffer needs " + (offset + SCHEMA.size()) + " slots, had " + out.length);
        }
        Benefit benefit = application.benefit();
        int benefitCode = benefit.ordinal();
        int start = (int) application.periodStart().toEpochDay();
        int claimed = application.claimedDays();
        int lastClaimed = start + claimed - 1;
        int startMonth = Days.monthOf(start);
        int endMonth = Days.monthOf((int) application.periodEnd().toEpochDay());
        int scoringMonth = Days.monthOf(t);
        double declared = application.declaredMonthlyIncomeSek();
        boolean vab = benefit == Benefit.TFP;
        boolean sgi = vab || benefit == Benefit.FP || benefit == Benefit.SP;

        double priorClaims = 0;
        double paid = 0;
        double childPresent = 0;
        double overlap = 0;
        double shortfallShare = 0;
        double assistantHours = 0;
        double highestPay = 0;
        double recentPay = 0;
        double periodPay = 0;
        double permitExpired = 0;
        double coRegistered = 0;
        double revokedDays = 0;
        double hoursRatio = 0;
        boolean registered = false;

        int p = store.persons.find(application.personPseudonym());
        if (p >= 0) {
            EventRing own = store.ownRegistrations;
            for (int i = 0, n = own.size(p); i < n && !registered; i++) {
                registered = store.ownFrom[own.at(p, i)] < t;
            }
            int claimedInMonth = claimed;
            EventRing claims = store.claims;
            String id = application.applicationId();
            int idHash = id.hashCode();
            for (int i = 0, n = claims.size(p); i < n; i++) {
                int e = claims.at(p, i);
                int submitted = store.claimSubmitted[e];
                if (submitted >= t || store.claimBenefit[e] != benefitCode) {
                    continue;
                }
                // the string's cached hash first: most claims differ there, without reading their characters
                String other = store.claimId[e];
                if (other.hashCode() == idHash && other.equals(id)) {
                    continue;
                }
                if (submitted >= t - LOOKBACK_DAYS) {
                    priorClaims++;
                }
                if (Days.monthOf(store.claimStart[e]) == startMonth) {
                    claimedInMonth += store.claimDays[e];
                }
            }
            EventRing payments = store.payments;
            for (int i = 0, n = payments.size(p); i < n; i++) {
                int e = payments.at(p, i);
                int day = store.paymentDay[e];
                if (day < t && day >= t - LOOKBACK_DAYS) {
                    paid += store.paymentSek[e];
                }
            }
            claimedInMonth = Math.min(claimedInMonth, 31);
            int fewestAbsent = Integer.MAX_VALUE;
            int recentMonths = 0;
            int recentMask = 0;
            EventRing income = store.income;
            for (int i = 0, n = income.size(p); i < n; i++) {
                int e = income.at(p, i);
                int month = store.incomeMonth[e];
                if (Known.income(month) >= t) {
                    continue;
                }
                double gross = store.incomeGross[e];
                if (month == startMonth && gross > 0 && sgi) {
                    int absent = vab
                            ? store.incomeVabDays[e]
                            : benefit == Benefit.FP ? store.incomeParentalDays[e] : store.incomeSickDays[e];
                    fewestAbsent = Math.min(fewestAbsent, absent);
                }
                if (month >= scoringMonth - INCOME_LOOKBACK_MONTHS && month < scoringMonth) {
                    highestPay = Math.max(highestPay, gross);
                }
                if (month >= scoringMonth - RECENT_PAY_MONTHS && month < scoringMonth) {
                    recentPay += gross;
                    int bit = 1 << (scoringMonth - month - 1);
                    if ((recentMask & bit) == 0) {
                        recentMask |= bit;
                        recentMonths++;
                    }
                }
                if (month >= startMonth && month <= endMonth) {
                    periodPay = Math.max(periodPay, gross);
                }
            }
            if (fewestAbsent != Integer.MAX_VALUE) {
                shortfallShare = Math.max(0, claimedInMonth - fewestAbsent) / (double) Math.max(1, claimed);
            }
            if (recentMonths > 0) {
                recentPay = recentPay / recentMonths;
            }
            int validTo = store.permitValidTo[p];
            int renewed = store.permitRenewedOn[p];
            if (validTo != Days.NONE && validTo < t && !(renewed != Days.NONE && renewed < t && renewed > validTo)) {
                permitExpired = t - validTo;
            }
            coRegistered = coRegistered(store, p, application.personPseudonym(), t);
            if (benefit == Benefit.ASS) {
                hoursRatio = hoursToGranted(store, p, application.grantedHoursPerMonth(), t, scoringMonth);
            }
        }
        if (benefit == Benefit.ASS && application.providerId() != null) {
            int q = store.providers.find(application.providerId());
            if (q >= 0) {
                int revoked = store.providerRevokedOn[q];
                if (revoked != Days.NONE && revoked < t) {
                    revokedDays = t - revoked;
                }
            }
        }
        if (vab && child != null) {
            int c = store.children.find(child);
            if (c >= 0) {
                EventRing attendance = store.attendance;
                // each day once: a feed may send a day twice, as the batch builder counts it once
                long seen = 0; // the first 64 claimed days, one bit each
                for (int i = 0, n = attendance.size(c); i < n; i++) {
                    int day = store.attendanceDay[attendance.at(c, i)];
                    if (day >= start && day <= lastClaimed && Known.attendance(day) < t) {
                        int bit = day - start;
                        if (bit < Long.SIZE) {
                            if ((seen & (1L << bit)) == 0) {
                                seen |= 1L << bit;
                                childPresent++;
                            }
                        } else if (!heldBefore(store, attendance, c, i, day)) {
                            childPresent++;
                        }
                    }
                }
                EventRing childClaims = store.childClaims;
                for (int i = 0, n = childClaims.size(c); i < n; i++) {
                    int e = childClaims.at(c, i);
                    if (store.childClaimSubmitted[e] < t
                            && !store.childClaimPerson[e].equals(application.personPseudonym())) {
                        int from = Math.max(start, store.childClaimStart[e]);
                        int to = Math.min(lastClaimed, store.childClaimStart[e] + store.childClaimDays[e] - 1);
                        overlap += Math.max(0, to - from + 1);
                    }
                }
            }
        }
        if (vab || benefit == Benefit.FP) {
            int a = store.assistants.find(application.personPseudonym());
            if (a >= 0) {
                EventRing timesheets = store.timesheets;
                for (int i = 0, n = timesheets.size(a); i < n; i++) {
                    int e = timesheets.at(a, i);
                    int day = store.timesheetDay[e];
                    if (day >= start && day <= lastClaimed && Known.timesheet(day) < t) {
                        assistantHours += store.timesheetHours[e];
                    }
                }
            }
        }
        double declaredFloor = Math.max(declared, INCOME_FLOOR_SEK);
        out[offset] = priorClaims;
        out[offset + 1] = Math.log1p(paid);
        out[offset + 2] = childPresent;
        out[offset + 3] = overlap;
        out[offset + 4] = shortfallShare;
        out[offset + 5] = assistantHours;
        // no pay known is evidence against a declared income only for a person the population
        // register holds: of one the history has never registered (new to it, evicted, or under
        // another pseudonymisation key) and no employer reported, nothing is known, and the
        // comparison is missing (pay an employer reported still counts, registered or not)
        out[offset + 6] = registered || highestPay > 0 ? declared / Math.max(highestPay, INCOME_FLOOR_SEK) : Double.NaN;
        out[offset + 7] = recentPay / declaredFloor;
        out[offset + 8] = periodPay;
        out[offset + 9] = permitExpired;
        out[offset + 10] = coRegistered;
        out[offset + 11] = sgi ? 1.0 : 0.0;
        out[offset + 12] = benefit == Benefit.UHS ? 1.0 : 0.0;
        out[offset + 13] = benefit == Benefit.AS ? 1.0 : 0.0;
        out[offset + 14] = revokedDays;
        out[offset + 15] = hoursRatio;
    }

    /** The latest known month's reported assistance hours of person {@code p} over {@code granted}. */
    private static double hoursToGranted(PersonHistoryStore store, int p, double granted, int t, int scoringMonth) {
        if (!(granted > 0)) {
            return 0;
        }
        int latest = Integer.MIN_VALUE;
        double hours = 0;
        EventRing assisted = store.assisted;
        for (int i = 0, n = assisted.size(p); i < n; i++) {
            int e = assisted.at(p, i);
            int month = store.assistedMonth[e];
            if (month > latest
                    && month < scoringMonth
                    && month >= scoringMonth - ASSISTED_LOOKBACK_MONTHS
                    && Known.timesheet(Days.firstDayOfMonth(month)) < t) {
                latest = month;
                hours = store.assistedHours[e];
            }
        }
        return latest == Integer.MIN_VALUE ? 0 : hours / granted;
    }

    private static int coRegistered(PersonHistoryStore store, int p, String person, int t) {
        String address = null;
        int latest = Integer.MIN_VALUE;
        EventRing own = store.ownRegistrations;
        for (int i = 0, n = own.size(p); i < n; i++) {
            int e = own.at(p, i);
            if (Known.registered(store.ownFrom[e], store.ownTo[e], t) && store.ownFrom[e] > latest) {
                latest = store.ownFrom[e];
                address = store.ownAddress[e];
            }
        }
        if (address == null) {
            return 0;
        }
        int a = store.addresses.find(address);
        if (a < 0) {
            return 0;
        }
        int count = 0;
        EventRing residents = store.residents;
        for (int i = 0, n = residents.size(a); i < n; i++) {
            int e = residents.at(a, i);
            if (Known.registered(store.residentFrom[e], store.residentTo[e], t)
                    && !store.residentPerson[e].equals(person)) {
                count++;
            }
        }
        return count;
    }

    /** Whether the child's attendance before entry {@code i} holds {@code day} already. */
    private static boolean heldBefore(PersonHistoryStore store, EventRing attendance, int c, int i, int day) {
        for (int j = 0; j < i; j++) {
            if (store.attendanceDay[attendance.at(c, j)] == day) {
                return true;
            }
        }
        return false;
    }
}
