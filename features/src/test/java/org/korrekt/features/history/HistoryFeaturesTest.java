package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;

class HistoryFeaturesTest {

    static final String PERSON = "p-parent";
    static final String OTHER = "p-other-parent";
    static final String CHILD = "c-child";
    static final LocalDate START = LocalDate.of(2024, 3, 4); // a Monday

    static Application application(Benefit benefit, LocalDate start, int days, LocalDate submitted, double declared) {
        return new Application(
                "A-1",
                PERSON,
                benefit,
                Channel.E_SERVICE,
                submitted,
                start,
                start.plusDays(days - 1),
                days,
                1_000.0 * days,
                declared);
    }

    static double feature(PersonHistoryStore store, Application a, String child, LocalDate scoredOn, String name) {
        double[] out = new double[HistoryFeatures.SCHEMA.size()];
        HistoryFeatures.compute(store, a, child, Days.of(scoredOn), out, 0);
        return out[HistoryFeatures.SCHEMA.indexOf(name)];
    }

    static PersonHistoryStore store() {
        return new PersonHistoryStore(HistoryLimits.forPopulation(100));
    }

    @Test
    void childAttendanceCountsOnlyClaimedDaysKnownBeforeScoring() {
        PersonHistoryStore store = store();
        Application a = application(Benefit.TFP, START, 3, START.plusDays(10), 30_000);
        store.recordAttendance(CHILD, Days.of(START)); // claimed day
        store.recordAttendance(CHILD, Days.of(START.plusDays(2))); // claimed day, last
        store.recordAttendance(CHILD, Days.of(START.plusDays(3))); // after the claimed days
        assertThat(feature(store, a, CHILD, START.plusDays(10), "child_present_on_claimed_days"))
                .isEqualTo(2);
        // scored the day after the first claimed day: only that day is known
        assertThat(feature(store, a, CHILD, START.plusDays(2), "child_present_on_claimed_days"))
                .isEqualTo(1);
        assertThat(feature(store, a, "c-another", START.plusDays(10), "child_present_on_claimed_days"))
                .isZero();
        assertThat(feature(store, a, null, START.plusDays(10), "child_present_on_claimed_days"))
                .isZero();
    }

    @Test
    void declaredIncomeIsComparedWithEmployersOnlyForAPersonTheRegisterHolds() {
        PersonHistoryStore store = store();
        Application a = application(Benefit.TFP, START, 3, START.plusDays(10), 21_000);
        // never registered: a person new to the history, evicted, or pseudonymised under another key
        assertThat(feature(store, a, CHILD, START.plusDays(10), "declared_to_employer_income_ratio"))
                .isNaN();
        // registered, and no employer reported pay in the year before: that is evidence
        store.recordMoveIn(PERSON, "ADR-1", Days.of(START.minusYears(3)));
        assertThat(feature(store, a, CHILD, START.plusDays(10), "declared_to_employer_income_ratio"))
                .isEqualTo(21_000 / HistoryFeatures.INCOME_FLOOR_SEK);
        // a registration known only from the day of scoring on does not count yet
        PersonHistoryStore later = store();
        later.recordMoveIn(PERSON, "ADR-1", Days.of(START.plusDays(10)));
        assertThat(feature(later, a, CHILD, START.plusDays(10), "declared_to_employer_income_ratio"))
                .isNaN();
        // pay an employer reported counts, registered or not (a co-ordination number's holder at work)
        later.recordIncome(PERSON, Days.monthOf(START) - 1, 14_000, 0, 0, 0);
        assertThat(feature(later, a, CHILD, START.plusDays(10), "declared_to_employer_income_ratio"))
                .isEqualTo(21_000 / 14_000.0);
    }

    @Test
    void aDayOfAttendanceSentTwiceCountsOnce() {
        PersonHistoryStore store = store();
        // a claim of 80 days: days past the 64th are counted without the bit set of the first ones
        Application a = application(Benefit.TFP, START, 80, START.plusDays(100), 30_000);
        for (int offset : new int[] {0, 5, 0, 70, 79, 70, 5, 79}) {
            store.recordAttendance(CHILD, Days.of(START.plusDays(offset)));
        }
        assertThat(feature(store, a, CHILD, START.plusDays(100), "child_present_on_claimed_days"))
                .as("days 0, 5, 70 and 79, each sent twice")
                .isEqualTo(4);
        // a withdrawal takes back one of the two: the day is still held once
        assertThat(store.removeAttendance(CHILD, Days.of(START.plusDays(70)))).isTrue();
        assertThat(feature(store, a, CHILD, START.plusDays(100), "child_present_on_claimed_days"))
                .isEqualTo(4);
        assertThat(store.removeAttendance(CHILD, Days.of(START.plusDays(70)))).isTrue();
        assertThat(feature(store, a, CHILD, START.plusDays(100), "child_present_on_claimed_days"))
                .isEqualTo(3);
    }

    @Test
    void theStoreSaysWhichApplicationsItHoldsUntilARingOverwritesThem() {
        PersonHistoryStore store =
                new PersonHistoryStore(new HistoryLimits(16, 16, 16, 16, 2, 4, 4, 4, 4, 4, 4, 4, 16, 4));
        int day = Days.of(START);
        assertThat(store.recordClaim("A-1", PERSON, Benefit.TFP, day, day, 1, CHILD))
                .isEqualTo(PersonHistoryStore.Recorded.NEW);
        assertThat(store.hasClaim(PERSON, "A-1")).isTrue();
        assertThat(store.recordClaim("A-1", PERSON, Benefit.TFP, day, day, 1, CHILD))
                .as("held already: not twice")
                .isEqualTo(PersonHistoryStore.Recorded.HELD);
        assertThat(store.recordClaim("A-1", OTHER, Benefit.TFP, day, day, 1, CHILD))
                .as("another person's application of that id")
                .isEqualTo(PersonHistoryStore.Recorded.NEW);
        assertThat(store.hasClaim(PERSON, "A-2")).isFalse();
        assertThat(store.hasClaim(OTHER, "A-1")).isTrue();
        store.recordClaim("A-2", PERSON, Benefit.FP, day + 1, day, 1, null);
        store.recordClaim("A-3", PERSON, Benefit.FP, day + 2, day, 1, null);
        assertThat(store.hasClaim(PERSON, "A-1"))
                .as("overwritten: two claims per person")
                .isFalse();
        assertThat(store.hasClaim(PERSON, "A-2")).isTrue();
        assertThat(store.hasClaim(PERSON, "A-3")).isTrue();
    }

    @Test
    void onlyAnotherParentsVabClaimsForTheChildOverlap() {
        PersonHistoryStore store = store();
        int before = Days.of(START.minusDays(40));
        // the other parent receives child allowance and maintenance support for the child all year,
        // and parental benefit for the claimed days: none of them claims the child's VAB days
        store.recordClaim("A-bb", OTHER, Benefit.BB, before, Days.of(START.withDayOfYear(1)), 366, CHILD);
        store.recordClaim("A-uhs", OTHER, Benefit.UHS, before, Days.of(START.withDayOfYear(1)), 366, CHILD);
        store.recordClaim("A-fp", OTHER, Benefit.FP, Days.of(START.plusDays(3)), Days.of(START), 3, CHILD);
        Application a = application(Benefit.TFP, START, 3, START.plusDays(5), 30_000);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isZero();
        store.recordClaim("A-tfp", OTHER, Benefit.TFP, Days.of(START.plusDays(3)), Days.of(START), 1, CHILD);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isEqualTo(1);
        // an application amended from VAB to parental benefit no longer claims the child's days
        store.recordClaim("A-tfp", OTHER, Benefit.FP, Days.of(START.plusDays(3)), Days.of(START), 1, CHILD);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isZero();
    }

    @Test
    void anApplicationSentAgainWithOtherContentCountsAsLastSent() {
        PersonHistoryStore store = store();
        int submitted = Days.of(START.plusDays(3));
        // the other parent claims days 1 to 4 for the child, then amends the claim to days 3 and 4
        assertThat(store.recordClaim("A-h3", OTHER, Benefit.TFP, submitted, Days.of(START.plusDays(1)), 4, CHILD))
                .isEqualTo(PersonHistoryStore.Recorded.NEW);
        Application a = application(Benefit.TFP, START, 3, START.plusDays(5), 30_000);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isEqualTo(2);
        assertThat(store.recordClaim("A-h3", OTHER, Benefit.TFP, submitted, Days.of(START.plusDays(3)), 2, CHILD))
                .isEqualTo(PersonHistoryStore.Recorded.AMENDED);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .as("the amended claim starts after the days claimed here")
                .isZero();
        // amended back, and then to another child: the first child's overlap goes with it
        store.recordClaim("A-h3", OTHER, Benefit.TFP, submitted, Days.of(START.plusDays(1)), 4, CHILD);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isEqualTo(2);
        assertThat(store.recordClaim("A-h3", OTHER, Benefit.TFP, submitted, Days.of(START.plusDays(1)), 4, "c-sibling"))
                .isEqualTo(PersonHistoryStore.Recorded.AMENDED);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isZero();
        assertThat(feature(store, a, "c-sibling", START.plusDays(5), "other_parent_overlap_days"))
                .isEqualTo(2);
        assertThat(store.recordClaim("A-h3", OTHER, Benefit.TFP, submitted, Days.of(START.plusDays(1)), 4, "c-sibling"))
                .isEqualTo(PersonHistoryStore.Recorded.HELD);

        // the person's own claims in the month: an amended FP claim counts its new days, once
        store.recordIncome(PERSON, Days.monthOf(START), 25_000, 0, 0, 0);
        store.recordClaim(
                "A-h5", PERSON, Benefit.FP, Days.of(START.minusDays(30)), Days.of(START.plusDays(10)), 4, null);
        Application fp = application(Benefit.FP, START, 6, START.minusDays(20), 30_000);
        LocalDate afterDeclaration = LocalDate.of(2024, 4, 13);
        assertThat(feature(store, fp, null, afterDeclaration, "employer_absence_shortfall_share"))
                .isCloseTo(10.0 / 6, within(1e-12));
        assertThat(store.recordClaim(
                        "A-h5", PERSON, Benefit.FP, Days.of(START.minusDays(30)), Days.of(START.plusDays(10)), 1, null))
                .isEqualTo(PersonHistoryStore.Recorded.AMENDED);
        assertThat(feature(store, fp, null, afterDeclaration, "employer_absence_shortfall_share"))
                .isCloseTo(7.0 / 6, within(1e-12));
    }

    @Test
    void anotherParentsClaimForTheSameChildAndDaysOverlaps() {
        PersonHistoryStore store = store();
        store.recordClaim("A-h3", OTHER, Benefit.TFP, Days.of(START.plusDays(3)), Days.of(START.plusDays(1)), 4, CHILD);
        store.recordClaim(
                "A-h4", PERSON, Benefit.TFP, Days.of(START.plusDays(3)), Days.of(START), 2, CHILD); // own: ignored
        Application a = application(Benefit.TFP, START, 3, START.plusDays(5), 30_000);
        assertThat(feature(store, a, CHILD, START.plusDays(5), "other_parent_overlap_days"))
                .isEqualTo(2);
        // the other parent's claim is not yet known the day it is submitted
        assertThat(feature(store, a, CHILD, START.plusDays(3), "other_parent_overlap_days"))
                .isZero();
    }

    @Test
    void employerAbsenceShortfallComparesTheMonthsClaimsWithDeclaredAbsence() {
        PersonHistoryStore store = store();
        int march = Days.monthOf(START);
        store.recordIncome(PERSON, march, 25_000, 0, 2, 0);
        store.recordClaim(
                "A-h5", PERSON, Benefit.FP, Days.of(START.minusDays(30)), Days.of(START.plusDays(10)), 4, null);
        Application a = application(Benefit.FP, START, 6, START.minusDays(20), 30_000);
        LocalDate afterDeclaration = LocalDate.of(2024, 4, 13);
        // claimed in March: 6 + 4 = 10 days, employer declared 2 days of parental leave: (10 - 2) / 6
        assertThat(feature(store, a, null, afterDeclaration, "employer_absence_shortfall_share"))
                .isCloseTo(8.0 / 6, within(1e-12));
        // before the 12th of April the March declaration is not known
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 12), "employer_absence_shortfall_share"))
                .isZero();
        // the kind of absence follows the benefit: VAB reads vab_days (none declared here either)
        store.recordIncome(PERSON, march, 5_000, 0, 0, 6);
        Application vab = application(Benefit.TFP, START, 6, START.plusDays(7), 30_000);
        assertThat(feature(store, vab, null, afterDeclaration, "employer_absence_shortfall_share"))
                .isEqualTo(1.0); // the first employer declared no VAB days: 6 - 0
    }

    @Test
    void assistantHoursOnClaimedDaysCountOnceTheMonthsTimesheetIsKnown() {
        PersonHistoryStore store = store();
        store.recordTimesheet(PERSON, "user-1", Days.of(START.plusDays(1)), 8);
        store.recordTimesheet(PERSON, "user-1", Days.of(START.plusDays(9)), 8);
        Application a = application(Benefit.TFP, START, 3, START.plusDays(4), 30_000);
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 6), "assistant_hours_on_claimed_days"))
                .isEqualTo(8);
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 5), "assistant_hours_on_claimed_days"))
                .isZero();
        Application sick = application(Benefit.SP, START, 3, START.plusDays(4), 30_000);
        assertThat(feature(store, sick, null, LocalDate.of(2024, 4, 6), "assistant_hours_on_claimed_days"))
                .isZero();
    }

    /** An assistance application for {@code month}, submitted five days before it, as assistance is paid in advance. */
    static Application assistance(LocalDate month, String provider, double grantedHours) {
        LocalDate end = month.withDayOfMonth(month.lengthOfMonth());
        return new Application(
                "A-ass",
                PERSON,
                Benefit.ASS,
                Channel.E_SERVICE,
                month.minusDays(5),
                month,
                end,
                month.lengthOfMonth(),
                200_000,
                0,
                provider,
                grantedHours);
    }

    @Test
    void aRevokedProviderLicenceCountsFromTheDayItIsRevoked() {
        PersonHistoryStore store = store();
        LocalDate june = LocalDate.of(2024, 6, 1);
        store.recordLicenceRevoked("provider-1", Days.of(LocalDate.of(2024, 5, 20)));
        Application a = assistance(june, "provider-1", 300);
        assertThat(feature(store, a, null, LocalDate.of(2024, 5, 27), "provider_licence_revoked_days"))
                .isEqualTo(7);
        // not known on the day of the revocation itself
        assertThat(feature(store, a, null, LocalDate.of(2024, 5, 20), "provider_licence_revoked_days"))
                .isZero();
        assertThat(feature(
                        store,
                        assistance(june, "provider-2", 300),
                        null,
                        LocalDate.of(2024, 5, 27),
                        "provider_licence_revoked_days"))
                .isZero();
        assertThat(feature(
                        store,
                        assistance(june, null, 300),
                        null,
                        LocalDate.of(2024, 5, 27),
                        "provider_licence_revoked_days"))
                .isZero();
    }

    @Test
    void assistedHoursRatioReadsTheLatestKnownMonthAgainstTheGrant() {
        PersonHistoryStore store = store();
        // hours reported for PERSON (the assistance user) by two assistants
        for (int d = 1; d <= 30; d++) {
            store.recordTimesheet("assistant-a", PERSON, Days.of(LocalDate.of(2024, 4, d)), 5);
            store.recordTimesheet("assistant-b", PERSON, Days.of(LocalDate.of(2024, 4, d)), 5);
        }
        store.recordTimesheet("assistant-a", PERSON, Days.of(LocalDate.of(2024, 3, 10)), 100);
        store.recordTimesheet("assistant-a", "someone-else", Days.of(LocalDate.of(2024, 4, 10)), 99);
        Application june = assistance(LocalDate.of(2024, 6, 1), "provider-1", 300);
        // scored on 27 May: April's hours (known on 5 May) are the latest: 300 of 300 granted
        assertThat(feature(store, june, null, LocalDate.of(2024, 5, 27), "assisted_hours_to_granted_ratio"))
                .isEqualTo(1.0);
        // on 5 May April is not yet known, so March's 100 hours are read
        assertThat(feature(store, june, null, LocalDate.of(2024, 5, 5), "assisted_hours_to_granted_ratio"))
                .isCloseTo(100 / 300.0, within(1e-12));
        // months more than three before the month of scoring are not read
        assertThat(feature(store, june, null, LocalDate.of(2024, 8, 27), "assisted_hours_to_granted_ratio"))
                .isZero();
        // no grant, or another benefit: 0
        assertThat(feature(
                        store,
                        assistance(LocalDate.of(2024, 6, 1), "provider-1", Double.NaN),
                        null,
                        LocalDate.of(2024, 5, 27),
                        "assisted_hours_to_granted_ratio"))
                .isZero();
        Application sick = application(Benefit.SP, START, 3, START.plusDays(4), 30_000);
        assertThat(feature(store, sick, null, LocalDate.of(2024, 5, 27), "assisted_hours_to_granted_ratio"))
                .isZero();
    }

    @Test
    void incomeRatiosUseTheKnownDeclarationsBeforeTheMonthOfScoring() {
        PersonHistoryStore store = store();
        int march = Days.monthOf(START);
        store.recordMoveIn(PERSON, "ADR-1", Days.of(START.minusYears(5)));
        store.recordIncome(PERSON, march - 2, 20_000, 0, 0, 0);
        store.recordIncome(PERSON, march - 1, 30_000, 0, 0, 0);
        store.recordIncome(PERSON, march - 1, 6_000, 0, 0, 0); // a second employer
        store.recordIncome(PERSON, march - 14, 90_000, 0, 0, 0); // too old
        Application a = application(Benefit.BOB, START, 30, LocalDate.of(2024, 3, 20), 10_000);
        LocalDate scored = LocalDate.of(2024, 3, 20);
        assertThat(feature(store, a, null, scored, "declared_to_employer_income_ratio"))
                .isCloseTo(10_000 / 30_000.0, within(1e-12));
        assertThat(feature(store, a, null, scored, "employer_pay_to_declared_ratio"))
                .isCloseTo((20_000 + 36_000) / 2.0 / 10_000, within(1e-12));
        // on 10 March the February declaration is not yet known
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 10), "employer_pay_to_declared_ratio"))
                .isCloseTo(2.0, within(1e-12));
        Application noIncome = application(Benefit.FP, START, 5, START, 20_000);
        PersonHistoryStore registeredOnly = store();
        registeredOnly.recordMoveIn(PERSON, "ADR-1", Days.of(START.minusYears(5)));
        assertThat(feature(registeredOnly, noIncome, null, scored, "declared_to_employer_income_ratio"))
                .isEqualTo(20.0);
        assertThat(feature(registeredOnly, noIncome, null, scored, "employer_pay_to_declared_ratio"))
                .isZero();
    }

    @Test
    void employerIncomeInThePeriodTakesTheHighestDeclaration() {
        PersonHistoryStore store = store();
        int march = Days.monthOf(START);
        store.recordIncome(PERSON, march, 14_000, 0, 0, 0);
        store.recordIncome(PERSON, march + 1, 30_000, 0, 0, 0);
        Application a = application(Benefit.AS, LocalDate.of(2024, 3, 1), 31, LocalDate.of(2024, 3, 31), 0);
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 13), "employer_income_in_period_sek"))
                .isEqualTo(14_000);
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 1), "employer_income_in_period_sek"))
                .isZero();
    }

    @Test
    void anExpiredPermitCountsUntilARenewalIsKnown() {
        PersonHistoryStore store = store();
        store.recordPermit(PERSON, Days.of(LocalDate.of(2024, 2, 29)));
        Application a = application(Benefit.FP, START, 5, START, 20_000);
        assertThat(feature(store, a, null, LocalDate.of(2024, 2, 29), "permit_expired_days"))
                .isZero();
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 10), "permit_expired_days"))
                .isEqualTo(10);
        store.recordPermitRenewal(PERSON, Days.of(LocalDate.of(2024, 3, 15)));
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 15), "permit_expired_days"))
                .isEqualTo(15);
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 16), "permit_expired_days"))
                .isZero();
    }

    @Test
    void coRegisteredAdultsAreTheOthersAtTheAddressAsKnown() {
        PersonHistoryStore store = store();
        store.recordMoveIn(PERSON, "addr-1", Days.of(LocalDate.of(2020, 1, 1)));
        store.recordMoveIn("p-lodger", "addr-1", Days.of(LocalDate.of(2024, 3, 1)));
        store.recordMoveIn("p-elsewhere", "addr-2", Days.of(LocalDate.of(2024, 1, 1)));
        Application a = application(Benefit.UHS, START, 31, START, 0);
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 1), "co_registered_adults"))
                .isZero();
        assertThat(feature(store, a, null, LocalDate.of(2024, 3, 2), "co_registered_adults"))
                .isEqualTo(1);
        store.recordMoveOut("p-lodger", "addr-1", Days.of(LocalDate.of(2024, 3, 31)));
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 1), "co_registered_adults"))
                .isEqualTo(1);
        assertThat(feature(store, a, null, LocalDate.of(2024, 4, 2), "co_registered_adults"))
                .isZero();
        // the person moves: the new address's residents count
        store.recordMoveOut(PERSON, "addr-1", Days.of(LocalDate.of(2024, 4, 30)));
        store.recordMoveIn(PERSON, "addr-2", Days.of(LocalDate.of(2024, 5, 1)));
        assertThat(feature(store, a, null, LocalDate.of(2024, 5, 2), "co_registered_adults"))
                .isEqualTo(1);
    }

    @Test
    void priorClaimsAndPaymentsLookBackAYear() {
        PersonHistoryStore store = store();
        LocalDate scored = LocalDate.of(2024, 6, 1);
        store.recordClaim(
                "A-h6", PERSON, Benefit.TFP, Days.of(scored.minusDays(365)), Days.of(scored.minusDays(370)), 2, null);
        store.recordClaim(
                "A-h7", PERSON, Benefit.TFP, Days.of(scored.minusDays(366)), Days.of(scored.minusDays(370)), 2, null);
        store.recordClaim(
                "A-h8", PERSON, Benefit.FP, Days.of(scored.minusDays(5)), Days.of(scored.minusDays(9)), 2, null);
        store.recordClaim(
                "A-h9", PERSON, Benefit.TFP, Days.of(scored), Days.of(scored.minusDays(3)), 2, null); // same day
        store.recordPayment(PERSON, Benefit.TFP, Days.of(scored.minusDays(10)), 1_500);
        store.recordPayment(PERSON, Benefit.FP, Days.of(scored.minusDays(400)), 9_000);
        Application a = application(Benefit.TFP, scored.minusDays(3), 2, scored, 30_000);
        assertThat(feature(store, a, null, scored, "prior_claims_365d")).isEqualTo(1);
        assertThat(feature(store, a, null, scored, "paid_sek_365d_log")).isCloseTo(Math.log1p(1_500), within(1e-12));
    }

    @Test
    void fullRingsOverwriteTheOldestAndSayHowMany() {
        HistoryLimits small = new HistoryLimits(2, 2, 2, 2, 3, 3, 3, 2, 3, 3, 3, 2, 2, 3);
        PersonHistoryStore store = new PersonHistoryStore(small);
        for (int i = 0; i < 5; i++) {
            store.recordPayment(PERSON, Benefit.TFP, 1_000 + i, 100 * (i + 1));
        }
        assertThat(store.stats().overwritten()).isEqualTo(2);
        Application a = application(Benefit.TFP, LocalDate.ofEpochDay(990), 2, LocalDate.ofEpochDay(1_010), 0);
        assertThat(feature(store, a, null, LocalDate.ofEpochDay(1_010), "paid_sek_365d_log"))
                .isCloseTo(Math.log1p(300 + 400 + 500), within(1e-12));
        store.recordPayment("p-b", Benefit.TFP, 1_000, 1);
        store.recordPayment("p-c", Benefit.TFP, 1_000, 1); // evicts a person, whose history goes with the slot
        assertThat(store.stats().persons()).isEqualTo(2);
        assertThat(store.stats().evictions()).isEqualTo(1);
    }
}
