package org.korrekt.training.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryFeatures;
import org.korrekt.features.history.HistoryLimits;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.PersonHistoryStore;

/**
 * The service's store and the training's builder agree on hand-made histories with what the
 * generated ones lack ({@link PointInTimeParityTest} compares those): an applicant the population
 * register does not hold, with and without employer pay, a day of attendance reported twice, and
 * another parent's applications of other benefits for the child.
 */
class PointInTimeEdgeParityTest {

    private static final LocalDate DAY = LocalDate.of(2024, 5, 20);
    private static final int RATIO = HistoryFeatures.SCHEMA.indexOf("declared_to_employer_income_ratio");
    private static final int PRESENT = HistoryFeatures.SCHEMA.indexOf("child_present_on_claimed_days");
    private static final int OVERLAP = HistoryFeatures.SCHEMA.indexOf("other_parent_overlap_days");

    @Test
    void unregisteredApplicantsAndAttendanceReportedTwice() {
        Application registered = vab("A-1", "p-registered");
        Application unknown = vab("A-2", "p-unknown");
        Application unknownAtWork = vab("A-3", "p-unknown-at-work");
        List<AddressRegistration> registrations =
                List.of(new AddressRegistration("p-registered", "ADR-1", LocalDate.of(2015, 1, 1), null));
        List<MonthlyIncome> income =
                List.of(new MonthlyIncome("p-unknown-at-work", "E-1", LocalDate.of(2024, 3, 1), 14_000, 0, 0, 0));
        List<ChildcareAttendance> attendance = List.of(
                new ChildcareAttendance("C-1", LocalDate.of(2024, 5, 7), true),
                new ChildcareAttendance("C-1", LocalDate.of(2024, 5, 7), true),
                new ChildcareAttendance("C-1", LocalDate.of(2024, 5, 8), true));
        HistoryEvents.Tables tables = new HistoryEvents.Tables(
                List.of(),
                registrations,
                List.of(claim(registered), claim(unknown), claim(unknownAtWork)),
                List.of(),
                income,
                attendance,
                List.of(),
                List.of());
        PointInTimeFeatureBuilder batch = new PointInTimeFeatureBuilder(tables);
        PersonHistoryStore store = knownBefore(tables, DAY);
        for (Application a : List.of(registered, unknown, unknownAtWork)) {
            double[] fromStore = new double[HistoryFeatures.SCHEMA.size()];
            HistoryFeatures.compute(store, a, "C-1", Days.of(DAY), fromStore, 0);
            assertThat(fromStore).as(a.applicationId()).containsExactly(batch.historyFeatures(a, "C-1", DAY));
        }
        double[] features = batch.historyFeatures(unknown, "C-1", DAY);
        assertThat(features[RATIO]).as("nothing known of the person").isNaN();
        assertThat(batch.historyFeatures(registered, "C-1", DAY)[RATIO]).isEqualTo(21.0);
        assertThat(batch.historyFeatures(unknownAtWork, "C-1", DAY)[RATIO]).isEqualTo(1.5);
        assertThat(features[PRESENT]).as("two days, one of them reported twice").isEqualTo(2.0);
    }

    @Test
    void anotherParentsChildAllowanceAndParentalBenefitDoNotClaimTheChildsVabDays() {
        Application mine = vab("A-1", "p-mine");
        Application othersVab = vab("A-2", "p-other");
        Application othersFp = withBenefit(vab("A-3", "p-other"), Benefit.FP);
        Application othersBb = new Application(
                "A-4",
                "p-other",
                Benefit.BB,
                Channel.AUTOMATIC,
                LocalDate.of(2023, 12, 20),
                LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31),
                366,
                15_000,
                21_000);
        for (List<Application> others : List.of(List.of(othersFp, othersBb), List.of(othersFp, othersBb, othersVab))) {
            List<Claim> claims = new java.util.ArrayList<>();
            claims.add(claim(mine));
            others.forEach(o -> claims.add(claim(o)));
            HistoryEvents.Tables tables = new HistoryEvents.Tables(
                    List.of(), List.of(), claims, List.of(), List.of(), List.of(), List.of(), List.of());
            PointInTimeFeatureBuilder batch = new PointInTimeFeatureBuilder(tables);
            PersonHistoryStore store = knownBefore(tables, DAY);
            double[] fromStore = new double[HistoryFeatures.SCHEMA.size()];
            HistoryFeatures.compute(store, mine, "C-1", Days.of(DAY), fromStore, 0);
            double[] fromBatch = batch.historyFeatures(mine, "C-1", DAY);
            assertThat(fromStore).containsExactly(fromBatch);
            assertThat(fromBatch[OVERLAP])
                    .as("the other parent's VAB claim for the same five days, and nothing else")
                    .isEqualTo(others.contains(othersVab) ? 5.0 : 0.0);
        }
    }

    /** The service's store of what the tables make known before {@code day}. */
    private static PersonHistoryStore knownBefore(HistoryEvents.Tables tables, LocalDate day) {
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(64));
        for (HistoryEvent e : HistoryEvents.of(tables)) {
            if (e.knownOn() < Days.of(day)) {
                e.applyTo(store);
            }
        }
        return store;
    }

    private static Application withBenefit(Application a, Benefit benefit) {
        return new Application(
                a.applicationId(),
                a.personPseudonym(),
                benefit,
                a.channel(),
                a.submittedOn(),
                a.periodStart(),
                a.periodEnd(),
                a.claimedDays(),
                a.amountSek(),
                a.declaredMonthlyIncomeSek());
    }

    private static Application vab(String id, String person) {
        return new Application(
                id,
                person,
                Benefit.TFP,
                Channel.E_SERVICE,
                LocalDate.of(2024, 5, 15),
                LocalDate.of(2024, 5, 6),
                LocalDate.of(2024, 5, 10),
                5,
                4_000,
                21_000);
    }

    private static Claim claim(Application a) {
        return new Claim(a, "C-1", 1, false, null, 0, false, false);
    }
}
