package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;

/**
 * A withdrawn event leaves the history as if it had never been recorded: a store given events and
 * then some of them withdrawn computes the same features as a store given only the others.
 */
class HistoryWithdrawalTest {

    private static final long SEED = 20261124;
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
    private static final String[] PERSONS = {"p-one", "p-two", "p-three"};
    private static final String[] CHILDREN = {"c-one", "c-two"};
    private static final String[] ASSISTANTS = {"a-one", "a-two"};
    private static final Benefit[] BENEFITS = {Benefit.TFP, Benefit.FP, Benefit.SP, Benefit.BOB, Benefit.ASS};

    @Test
    void withdrawnEventsLeaveTheFeaturesOfAHistoryThatNeverHadThem() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 50; round++) {
            List<HistoryEvent> events = events(random);
            PersonHistoryStore withdrawn = new PersonHistoryStore(HistoryLimits.forPopulation(100));
            PersonHistoryStore never = new PersonHistoryStore(HistoryLimits.forPopulation(100));
            List<HistoryEvent.Withdrawable> toWithdraw = new ArrayList<>();
            for (HistoryEvent e : events) {
                e.applyTo(withdrawn);
                if (e instanceof HistoryEvent.Withdrawable w && random.nextInt(3) == 0) {
                    toWithdraw.add(w);
                } else {
                    e.applyTo(never);
                }
                // sometimes at once, sometimes after more events have come
                if (!toWithdraw.isEmpty() && random.nextInt(4) == 0) {
                    assertThat(toWithdraw
                                    .remove(random.nextInt(toWithdraw.size()))
                                    .withdrawFrom(withdrawn))
                            .isTrue();
                }
            }
            for (HistoryEvent.Withdrawable e : toWithdraw) {
                assertThat(e.withdrawFrom(withdrawn)).isTrue();
            }
            for (int k = 0; k < 40; k++) {
                Application a = application(random);
                String child = a.benefit() == Benefit.TFP ? CHILDREN[random.nextInt(CHILDREN.length)] : null;
                int t = Days.of(FIRST) + random.nextInt(450);
                // a timesheet's hours are taken off the month's sum, which may differ in the last bits
                assertThat(features(withdrawn, a, child, t))
                        .as("round %d, %s scored on day %d", round, a, t)
                        .containsExactly(features(never, a, child, t), within(1e-9));
            }
        }
    }

    @Test
    void ofTwoEqualEventsAWithdrawalRemovesOne() {
        PersonHistoryStore store = new PersonHistoryStore(HistoryLimits.forPopulation(16));
        HistoryEvent.PaymentMade payment = new HistoryEvent.PaymentMade("p-one", Benefit.TFP, Days.of(FIRST), 1_500);
        payment.applyTo(store);
        payment.applyTo(store);
        HistoryEvent.IncomeDeclared income = new HistoryEvent.IncomeDeclared("p-one", 24_288, 30_000, 0, 0, 2);
        income.applyTo(store);

        assertThat(payment.withdrawFrom(store)).isTrue();
        assertThat(payment.withdrawFrom(store)).isTrue();
        assertThat(payment.withdrawFrom(store)).as("none left").isFalse();
        assertThat(new HistoryEvent.IncomeDeclared("p-one", 24_288, 30_000, 0, 0, 3).withdrawFrom(store))
                .as("another declaration")
                .isFalse();
        assertThat(new HistoryEvent.PaymentMade("p-unknown", Benefit.TFP, 1, 1).withdrawFrom(store))
                .isFalse();
        assertThat(store.stats().persons()).as("a withdrawal adds no one").isEqualTo(1);
        assertThat(income.withdrawFrom(store)).isTrue();
    }

    @Test
    void aWithdrawalFromARingThatHasWrappedKeepsTheOthersInOrder() {
        // four payments a person: the ring wraps after the fourth
        PersonHistoryStore store = new PersonHistoryStore(new HistoryLimits(4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4));
        int day = Days.of(FIRST);
        for (int i = 1; i <= 6; i++) {
            store.recordPayment("p-one", Benefit.TFP, day + i, 100 * i);
        }
        assertThat(payments(store, "p-one")).containsExactly(300, 400, 500, 600);
        assertThat(new HistoryEvent.PaymentMade("p-one", Benefit.TFP, day + 1, 100).withdrawFrom(store))
                .as("overwritten already")
                .isFalse();

        assertThat(new HistoryEvent.PaymentMade("p-one", Benefit.TFP, day + 4, 400).withdrawFrom(store))
                .isTrue();
        assertThat(payments(store, "p-one")).containsExactly(300, 500, 600);
        store.recordPayment("p-one", Benefit.TFP, day + 7, 700);
        assertThat(payments(store, "p-one")).containsExactly(300, 500, 600, 700);
        long overwritten = store.stats().overwritten();
        store.recordPayment("p-one", Benefit.TFP, day + 8, 800);
        assertThat(payments(store, "p-one")).containsExactly(500, 600, 700, 800);
        assertThat(store.stats().overwritten()).isEqualTo(overwritten + 1);
        assertThat(new HistoryEvent.PaymentMade("p-one", Benefit.TFP, day + 8, 800).withdrawFrom(store))
                .isTrue();
        assertThat(new HistoryEvent.PaymentMade("p-one", Benefit.TFP, day + 5, 500).withdrawFrom(store))
                .isTrue();
        assertThat(payments(store, "p-one")).containsExactly(600, 700);
    }

    @Test
    void aTimesheetWithdrawnAfterItsAssistantWasEvictedLeavesTheUsersMonth() {
        // one assistant kept: the second evicts the first
        PersonHistoryStore store = new PersonHistoryStore(new HistoryLimits(4, 4, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4));
        int day = Days.of(FIRST);
        HistoryEvent.HoursReported first = new HistoryEvent.HoursReported("a-one", "p-user", day, 7.5);
        first.applyTo(store);
        new HistoryEvent.HoursReported("a-two", "p-user", day + 1, 6).applyTo(store);
        assertThat(store.stats().evictions()).isEqualTo(1);

        assertThat(first.withdrawFrom(store)).isTrue();

        int u = store.persons.find("p-user");
        assertThat(store.assisted.size(u)).isEqualTo(1);
        assertThat(store.assistedHours[store.assisted.at(u, 0)]).isEqualTo(6);
    }

    /** The person's payments, oldest first, as the ring holds them. */
    private static double[] payments(PersonHistoryStore store, String person) {
        int slot = store.persons.find(person);
        double[] amounts = new double[store.payments.size(slot)];
        for (int i = 0; i < amounts.length; i++) {
            amounts[i] = store.paymentSek[store.payments.at(slot, i)];
        }
        return amounts;
    }

    @Test
    void registrationsPermitsAndRevocationsAreCorrectedByTheEventsThatFollowThem() {
        assertThat(new HistoryEvent.MovedIn("p-one", "addr-1", Days.of(FIRST)))
                .isNotInstanceOf(HistoryEvent.Withdrawable.class);
        assertThat(new HistoryEvent.PermitIssued("p-one", 1)).isNotInstanceOf(HistoryEvent.Withdrawable.class);
        assertThat(new HistoryEvent.LicenceRevoked("prov-1", 1)).isNotInstanceOf(HistoryEvent.Withdrawable.class);
        assertThat(new HistoryEvent.ChildAttended("c-one", 1)).isInstanceOf(HistoryEvent.Withdrawable.class);
    }

    /** Claims, payments, declarations, attendance and timesheets, all of a few people, in one year. */
    private static List<HistoryEvent> events(SplittableRandom random) {
        List<HistoryEvent> events = new ArrayList<>();
        int first = Days.of(FIRST);
        int n = 20 + random.nextInt(60);
        for (int i = 0; i < n; i++) {
            int day = first + random.nextInt(400);
            String person = PERSONS[random.nextInt(PERSONS.length)];
            HistoryEvent e =
                    switch (random.nextInt(5)) {
                        case 0 ->
                            new HistoryEvent.ClaimSubmitted(
                                    "A-" + i,
                                    person,
                                    BENEFITS[random.nextInt(BENEFITS.length)],
                                    day,
                                    day - random.nextInt(20),
                                    1 + random.nextInt(5),
                                    CHILDREN[random.nextInt(CHILDREN.length)]);
                        case 1 ->
                            new HistoryEvent.PaymentMade(
                                    person,
                                    BENEFITS[random.nextInt(BENEFITS.length)],
                                    day,
                                    500 * (1 + random.nextInt(8)));
                        case 2 ->
                            new HistoryEvent.IncomeDeclared(
                                    person,
                                    Days.monthOf(day),
                                    5_000 * (1 + random.nextInt(8)),
                                    random.nextInt(3),
                                    random.nextInt(3),
                                    random.nextInt(3));
                        case 3 -> new HistoryEvent.ChildAttended(CHILDREN[random.nextInt(CHILDREN.length)], day);
                        default ->
                            new HistoryEvent.HoursReported(
                                    ASSISTANTS[random.nextInt(ASSISTANTS.length)],
                                    person,
                                    day,
                                    0.1 * random.nextInt(241));
                    };
            events.add(e);
            // an equal event again now and then: a payment or a declaration sent twice
            if (random.nextInt(8) == 0 && !(e instanceof HistoryEvent.ClaimSubmitted)) {
                events.add(e);
            }
        }
        return events;
    }

    private static Application application(SplittableRandom random) {
        Benefit benefit = BENEFITS[random.nextInt(BENEFITS.length)];
        LocalDate start = FIRST.plusDays(random.nextInt(420));
        int days = 1 + random.nextInt(10);
        return new Application(
                "A-scored",
                PERSONS[random.nextInt(PERSONS.length)],
                benefit,
                Channel.E_SERVICE,
                start.plusDays(random.nextInt(30)),
                start,
                start.plusDays(days - 1),
                days,
                1_000.0 * days,
                10_000 * (1 + random.nextInt(5)),
                benefit == Benefit.ASS ? "prov-1" : null,
                benefit == Benefit.ASS ? 100 + random.nextInt(200) : Double.NaN);
    }

    private static double[] features(PersonHistoryStore store, Application a, String child, int t) {
        double[] out = new double[HistoryFeatures.SCHEMA.size()];
        HistoryFeatures.compute(store, a, child, t, out, 0);
        return out;
    }
}
