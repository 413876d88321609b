package org.korrekt.training.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.ChangeReport;
import org.korrekt.features.history.Child;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;

/** The calibrated history at 1:1000: calibration, determinism, integrity, and each mechanism's evidence. */
class HistoryGeneratorTest {

    private static final long SEED = 7;
    private static GeneratedHistory history;
    private static Evidence evidence;

    @BeforeAll
    static void generate() {
        System.out.println("HistoryGeneratorTest seed " + SEED);
        history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        evidence = new Evidence(history);
    }

    @Test
    void everyJudgedFigureIsWithinToleranceOfItsTarget() {
        CalibrationReport report = CalibrationReport.of(history);
        System.out.println(report.markdown().lines().limit(6).collect(Collectors.joining("\n")));

        assertThat(report.failures()).as(report.markdown()).isEmpty();
        // The report judges most figures at this scale; the rest say why they cannot be judged.
        assertThat(report.checks().stream()
                        .filter(CalibrationReport.Check::within)
                        .count())
                .isGreaterThan(report.checks().size() * 3 / 4);
        assertThat(report.checks())
                .filteredOn(c -> c.status() == CalibrationReport.Status.CANNOT_HOLD
                        || c.status() == CalibrationReport.Status.TOO_FEW_EVENTS)
                .allSatisfy(c -> assertThat(c.note()).isNotBlank());
        // Volumes are calibrated by construction, at any scale.
        assertThat(report.checks())
                .filteredOn(c -> c.figure().endsWith("per year") && !c.scope().equals("global"))
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(CalibrationReport.Status.OK));
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndAnotherSeedAnother() {
        GeneratedHistory again = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        GeneratedHistory other =
                new HistoryGenerator(HistoryConfig.defaults(0.001, SEED + 1)).generate((s, d, t) -> {});

        assertThat(again.payments()).isEqualTo(history.payments());
        assertThat(again.applications()).isEqualTo(history.applications());
        assertThat(again.monthlyIncome()).isEqualTo(history.monthlyIncome());
        assertThat(again.recoveryClaims()).isEqualTo(history.recoveryClaims());
        assertThat(other.payments()).isNotEqualTo(history.payments());
    }

    @Test
    void everyReferenceResolves() {
        Set<String> persons = history.persons().stream().map(Person::personId).collect(Collectors.toSet());
        Set<String> applications = history.applications().stream()
                .map(c -> c.application().applicationId())
                .collect(Collectors.toSet());
        Set<String> children = history.children().stream().map(Child::childId).collect(Collectors.toSet());
        Set<String> providers =
                history.providers().stream().map(Provider::providerId).collect(Collectors.toSet());
        Set<String> employers =
                history.employers().stream().map(e -> e.employerId()).collect(Collectors.toSet());
        Set<String> payments =
                history.payments().stream().map(Payment::paymentId).collect(Collectors.toSet());
        Set<String> episodes = history.payments().stream()
                .map(Payment::episodeId)
                .filter(e -> e != null)
                .collect(Collectors.toSet());
        Set<String> accounts =
                history.bankAccounts().stream().map(a -> a.accountId()).collect(Collectors.toSet());

        assertThat(persons).hasSameSizeAs(history.persons());
        assertThat(payments).hasSameSizeAs(history.payments());
        assertThat(history.payments())
                .allMatch(p -> applications.contains(p.applicationId())
                        && persons.contains(p.personId())
                        && accounts.contains(p.accountId()));
        assertThat(history.applications())
                .allMatch(c -> persons.contains(c.application().personPseudonym())
                        && (c.childId() == null || children.contains(c.childId()))
                        && (c.providerId() == null || providers.contains(c.providerId())));
        assertThat(history.decisions()).allMatch(d -> applications.contains(d.applicationId()));
        assertThat(history.children()).allMatch(c -> persons.contains(c.parentId()));
        assertThat(history.childcareAttendance()).allMatch(a -> children.contains(a.childId()));
        assertThat(history.monthlyIncome())
                .allMatch(m -> persons.contains(m.personId()) && employers.contains(m.employerId()));
        assertThat(history.assistantTimesheets())
                .allMatch(t -> persons.contains(t.assistantId())
                        && persons.contains(t.userId())
                        && providers.contains(t.providerId()));
        assertThat(history.addressRegistrations()).allMatch(r -> persons.contains(r.personId()));
        assertThat(history.bankAccounts()).allMatch(a -> persons.contains(a.holderId()));
        assertThat(history.changeReports()).allMatch(r -> persons.contains(r.personId()));
        assertThat(history.notifications()).allMatch(n -> persons.contains(n.personId()));
        assertThat(history.controls())
                .allMatch(c ->
                        persons.contains(c.personId()) && (c.paymentId() == null || payments.contains(c.paymentId())));
        assertThat(history.investigations()).allMatch(i -> persons.contains(i.personId()));
        assertThat(history.recoveryClaims())
                .allMatch(r ->
                        persons.contains(r.personId()) && (r.episodeId() == null || episodes.contains(r.episodeId())));
        // Every incorrect payment belongs to an episode, whose payments agree on its ground truth.
        Map<String, List<Payment>> byEpisode = history.payments().stream()
                .filter(Payment::incorrect)
                .collect(Collectors.groupingBy(Payment::episodeId));
        // A payment counts as detected only up to the day its error was found.
        assertThat(history.payments()).filteredOn(Payment::detected).allMatch(p -> !p.payDate()
                .isAfter(p.detectedOn()));
        assertThat(byEpisode.values()).allSatisfy(list -> assertThat(list.stream()
                        .map(p -> p.mechanism() + p.causeActor() + p.intentional())
                        .distinct())
                .hasSize(1));
    }

    @Test
    void noPaymentInsideAStateThatMakesItIncorrectIsLabelledCorrect() {
        Map<String, Person> persons = history.persons().stream().collect(Collectors.toMap(Person::personId, p -> p));
        Map<String, Child> children = history.children().stream().collect(Collectors.toMap(Child::childId, c -> c));
        Map<String, Claim> claims = history.applications().stream()
                .collect(Collectors.toMap(c -> c.application().applicationId(), c -> c));
        long uninsured = 0;
        long unenrolled = 0;
        // The benefits through which each person's G10 state was generated.
        Set<String> g10 = history.payments().stream()
                .filter(p -> "G10".equals(p.mechanism()))
                .map(p -> p.personId() + p.benefit())
                .collect(Collectors.toSet());
        for (Payment p : history.payments()) {
            Person person = persons.get(p.personId());
            LocalDate pay = p.payDate();
            if (!g10.contains(p.personId() + p.benefit())) {
                person = new Person(
                        person.personId(),
                        person.sex(),
                        person.birthYear(),
                        person.countryOfBirthGroup(),
                        person.permitType(),
                        null,
                        null,
                        null,
                        null,
                        person.addressId());
            }
            boolean permitGap = person.permitValidTo() != null
                    && person.permitValidTo().isBefore(pay)
                    && (person.permitRenewedOn() == null || pay.isBefore(person.permitRenewedOn()));
            boolean abroad = person.emigratedOn() != null
                    && !pay.isBefore(person.emigratedOn())
                    && (person.returnedOn() == null || pay.isBefore(person.returnedOn()));
            if (permitGap || abroad) {
                uninsured++;
                assertThat(p.incorrect())
                        .as("payment %s while not insured", p.paymentId())
                        .isTrue();
            }
            String childId = claims.get(p.applicationId()).childId();
            Child child = childId == null ? null : children.get(childId);
            if (p.benefit() == Benefit.BB
                    && child != null
                    && child.enrolledUntil() != null
                    && child.enrolledUntil().isBefore(pay)
                    && (child.reEnrolledOn() == null || pay.isBefore(child.reEnrolledOn()))) {
                unenrolled++;
                assertThat(p.incorrect())
                        .as("child allowance %s after studies ended", p.paymentId())
                        .isTrue();
            }
        }
        assertThat(uninsured).isPositive();
        assertThat(unenrolled).isPositive();
    }

    @Test
    void everyMechanismOccurs() {
        Set<String> seen = history.payments().stream()
                .map(Payment::mechanism)
                .filter(m -> m != null)
                .collect(Collectors.toSet());
        for (Mechanism m : Mechanism.values()) {
            if (m != Mechanism.G4 || history.payments().stream().anyMatch(p -> p.benefit() == Benefit.TFP)) {
                assertThat(seen).as("mechanism %s", m).contains(m.name());
            }
        }
    }

    /** Section 7.6: the data a control would check shows each mechanism where it occurred, and rarely elsewhere. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mechanism.class)
    void eachMechanismLeavesItsEvidence(Mechanism mechanism) {
        Set<Benefit> benefits = benefitsOf(mechanism);
        List<Payment> incorrect = new ArrayList<>();
        List<Payment> correct = new ArrayList<>();
        for (Payment p : history.payments()) {
            if (mechanism.name().equals(p.mechanism())) {
                incorrect.add(p);
            } else if (!p.incorrect() && benefits.contains(p.benefit())) {
                correct.add(p);
            }
        }
        assertThat(incorrect).as("payments with %s", mechanism).isNotEmpty();
        Predicate<Payment> shows = evidence.of(mechanism);
        double hit = share(incorrect, shows);
        double falseAlarm = share(correct, shows);
        System.out.printf(
                "%s: evidence on %.1f %% of %d incorrect payments, %.1f %% of %d correct ones%n",
                mechanism, 100 * hit, incorrect.size(), 100 * falseAlarm, correct.size());
        assertThat(hit).as("%s evidence where it occurred", mechanism).isGreaterThanOrEqualTo(0.9);
        assertThat(falseAlarm).as("%s evidence where it did not", mechanism).isLessThanOrEqualTo(0.1);
    }

    /**
     * The incoming applications are correct, so their employers declare their absence as for the
     * history's correct claims; drawn after the register evidence, they used to find none (G1's trace).
     */
    @Test
    void theIncomingApplicationsAbsenceIsInTheirEmployersDeclarations() {
        Map<String, Integer> claimedInMonth = new HashMap<>();
        List<Application> incoming = incomingApplications();
        List<Application> all = new ArrayList<>(incoming);
        history.applications().forEach(c -> all.add(c.application()));
        for (Application a : all) {
            claimedInMonth.merge(
                    a.personPseudonym() + a.benefit() + YearMonth.from(a.periodStart()), a.claimedDays(), Integer::sum);
        }
        Map<String, List<MonthlyIncome>> declarations = new HashMap<>();
        for (MonthlyIncome m : history.monthlyIncome()) {
            declarations
                    .computeIfAbsent(m.personId() + YearMonth.from(m.month()), k -> new ArrayList<>())
                    .add(m);
        }
        int declared = 0;
        int short_ = 0;
        for (Application a : incoming) {
            YearMonth month = YearMonth.from(a.periodStart());
            List<MonthlyIncome> rows = declarations.getOrDefault(a.personPseudonym() + month, List.of());
            if (rows.isEmpty()) {
                continue; // not employed, or a month after the history
            }
            declared++;
            int claimed = Math.min(31, claimedInMonth.get(a.personPseudonym() + a.benefit() + month));
            boolean shortOfClaim =
                    rows.stream().anyMatch(m -> m.grossPaySek() > 0 && absentDays(m, a.benefit()) < claimed);
            if (shortOfClaim) {
                short_++;
            }
        }
        System.out.printf(
                "incoming applications with a declaration in their month: %d, declaring fewer absence days than"
                        + " claimed: %d%n",
                declared, short_);
        assertThat(declared).isGreaterThan(incoming.size() / 4);
        assertThat(short_).isLessThanOrEqualTo(declared / 10);
    }

    /**
     * An incoming VAB application names the child its recipient claimed for before, and the
     * childcare register has the child at home on the days it claims: it is correct, like the rest
     * of the stream, so neither VAB child rule has a reason to fire.
     */
    @Test
    void anIncomingVabApplicationNamesTheRecipientsChildWhomTheRegisterHasAtHomeOnTheClaimedDays() {
        Map<String, Child> children = new HashMap<>();
        history.children().forEach(c -> children.put(c.childId(), c));
        Map<String, Boolean> register = new HashMap<>();
        for (ChildcareAttendance a : history.childcareAttendance()) {
            // present wins over absent, as in the service's store (which keeps present days only)
            register.merge(a.childId() + a.date(), a.present(), Boolean::logicalOr);
        }
        int vab = 0;
        for (IncomingApplication incoming : history.incoming()) {
            Application a = incoming.application();
            if (a.benefit() != Benefit.TFP) {
                assertThat(incoming.childId()).as(a.applicationId()).isNull();
                continue;
            }
            vab++;
            Child child = children.get(incoming.childId());
            assertThat(child).as(a.applicationId()).isNotNull();
            assertThat(List.of(child.parentId(), String.valueOf(child.otherParentId())))
                    .contains(a.personPseudonym());
            LocalDate day = a.periodStart();
            for (int i = 0; !day.isAfter(a.periodEnd()); i++, day = day.plusDays(1)) {
                Boolean present = register.get(child.childId() + day);
                assertThat(present).as("%s %s", a.applicationId(), day).isNotNull();
                if (i < a.claimedDays()) {
                    assertThat(present)
                            .as("%s claims %s", a.applicationId(), day)
                            .isFalse();
                }
            }
        }
        System.out.printf(
                "incoming VAB applications: %d of %d%n", vab, history.incoming().size());
        assertThat(vab).isGreaterThan(history.incoming().size() / 10);
    }

    private static List<Application> incomingApplications() {
        return history.incoming().stream().map(IncomingApplication::application).toList();
    }

    private static int absentDays(MonthlyIncome m, Benefit benefit) {
        return switch (benefit) {
            case SP -> m.sickDays();
            case FP -> m.parentalLeaveDays();
            case TFP -> m.vabDays();
            default -> throw new IllegalArgumentException(benefit.name());
        };
    }

    @Test
    void switchingAMechanismOffRemovesIt() {
        GeneratedHistory without = new HistoryGenerator(
                        new HistoryConfig(0.001, 2, 2023, SEED, Map.of(Mechanism.G2, 0.0), false, 0))
                .generate((s, d, t) -> {});

        assertThat(without.payments()).noneMatch(p -> "G2".equals(p.mechanism()));
        // VAB's incorrect share stays calibrated: its other mechanisms take G2's place.
        double paid = 0;
        double incorrect = 0;
        for (Payment p : without.payments()) {
            if (p.benefit() == Benefit.TFP) {
                paid += p.amountSek();
                incorrect += p.incorrectAmountSek();
            }
        }
        assertThat(incorrect / paid).isBetween(0.14 * 0.85, 0.14 * 1.15);
    }

    @Test
    void theBiasedChannelDetectsPeopleBornOutsideEuropeMoreOften() {
        GeneratedHistory biased = new HistoryGenerator(new HistoryConfig(0.001, 2, 2023, SEED, Map.of(), true, 0))
                .generate((s, d, t) -> {});
        double[] fair = detectionRates(history);
        double[] skewed = detectionRates(biased);
        System.out.printf(
                "detected share of incorrect payments, born outside Europe vs others: fair %.3f vs %.3f,"
                        + " biased %.3f vs %.3f%n",
                fair[0], fair[1], skewed[0], skewed[1]);

        // The channel detects 30 % of the still undetected episodes of people born outside Europe.
        assertThat(skewed[0] - fair[0]).isGreaterThan(0.1);
        assertThat(skewed[1]).isCloseTo(fair[1], org.assertj.core.data.Offset.offset(0.02));
        assertThat(biased.payments()).anyMatch(p -> "notification_biased".equals(p.detectedBy()));
    }

    /** Detected share of incorrect payments: [born outside Europe, everyone else]. */
    private static double[] detectionRates(GeneratedHistory h) {
        Map<String, String> country =
                h.persons().stream().collect(Collectors.toMap(Person::personId, Person::countryOfBirthGroup));
        long[] incorrect = new long[2];
        long[] detected = new long[2];
        for (Payment p : h.payments()) {
            if (p.incorrect()) {
                int group = "outside_europe".equals(country.get(p.personId())) ? 0 : 1;
                incorrect[group]++;
                if (p.detected()) {
                    detected[group]++;
                }
            }
        }
        return new double[] {(double) detected[0] / incorrect[0], (double) detected[1] / incorrect[1]};
    }

    private static Set<Benefit> benefitsOf(Mechanism mechanism) {
        Set<Benefit> benefits = java.util.EnumSet.noneOf(Benefit.class);
        for (BenefitTargets t : BenefitTargets.ALL) {
            if (t.mechanisms().contains(mechanism)) {
                benefits.add(t.benefit());
            }
        }
        return benefits;
    }

    private static double share(List<Payment> payments, Predicate<Payment> shows) {
        if (payments.isEmpty()) {
            return 0;
        }
        return payments.stream().filter(shows).count() / (double) payments.size();
    }

    /** The checks a control unit would run, from the tables alone. */
    private static final class Evidence {
        private final Map<String, Claim> claims = new HashMap<>();
        private final Map<String, Person> persons = new HashMap<>();
        private final Map<String, Child> children = new HashMap<>();
        private final Map<String, Provider> providers = new HashMap<>();
        private final Map<String, Map<YearMonth, MonthlyIncome[]>> income = new HashMap<>();
        private final Map<String, List<MonthlyIncome>> incomeRows = new HashMap<>();
        private final Set<String> presentDays = new HashSet<>();
        private final Set<String> timesheetDays = new HashSet<>();
        private final Map<String, Double> hoursByUserMonth = new HashMap<>();
        private final Map<String, List<AddressRegistration>> registrationsByAddress = new HashMap<>();
        private final Map<String, List<ChangeReport>> changes = new HashMap<>();
        private final Map<String, Integer> claimedDays = new HashMap<>();

        Evidence(GeneratedHistory h) {
            h.applications().forEach(c -> claims.put(c.application().applicationId(), c));
            for (Claim c : h.applications()) {
                Application a = c.application();
                claimedDays.merge(
                        a.personPseudonym() + a.benefit() + YearMonth.from(a.periodStart()),
                        a.claimedDays(),
                        Integer::sum);
            }
            h.persons().forEach(p -> persons.put(p.personId(), p));
            h.children().forEach(c -> children.put(c.childId(), c));
            h.providers().forEach(p -> providers.put(p.providerId(), p));
            for (MonthlyIncome m : h.monthlyIncome()) {
                incomeRows.computeIfAbsent(m.personId(), k -> new ArrayList<>()).add(m);
            }
            for (ChildcareAttendance a : h.childcareAttendance()) {
                if (a.present()) {
                    presentDays.add(a.childId() + a.date());
                }
            }
            for (AssistantTimesheet t : h.assistantTimesheets()) {
                timesheetDays.add(t.assistantId() + t.date());
                hoursByUserMonth.merge(t.userId() + YearMonth.from(t.date()), t.hours(), Double::sum);
            }
            for (AddressRegistration r : h.addressRegistrations()) {
                registrationsByAddress
                        .computeIfAbsent(r.addressId(), k -> new ArrayList<>())
                        .add(r);
            }
            for (ChangeReport r : h.changeReports()) {
                changes.computeIfAbsent(r.personId() + r.benefit(), k -> new ArrayList<>())
                        .add(r);
            }
        }

        Predicate<Payment> of(Mechanism mechanism) {
            return switch (mechanism) {
                case G1 ->
                    p -> {
                        // The employer reports fewer absence days in the month than the person claimed.
                        Application a = claims.get(p.applicationId()).application();
                        YearMonth month = YearMonth.from(a.periodStart());
                        int claimedInMonth =
                                Math.min(31, claimedDays.getOrDefault(p.personId() + p.benefit() + month, 0));
                        for (MonthlyIncome m : incomeIn(p.personId(), month)) {
                            int absent = p.benefit() == Benefit.FP ? m.parentalLeaveDays() : m.sickDays();
                            if (m.grossPaySek() > 0 && absent < claimedInMonth - Math.min(a.claimedDays(), 31) / 2.0) {
                                return true;
                            }
                        }
                        return false;
                    };
                case G2 ->
                    p -> {
                        Claim c = claims.get(p.applicationId());
                        Application a = c.application();
                        for (int d = 0; d < a.claimedDays(); d++) {
                            if (presentDays.contains(
                                    c.childId() + a.periodStart().plusDays(d))) {
                                return true;
                            }
                        }
                        return false;
                    };
                case G3 -> p -> claims.get(p.applicationId()).application().submissionLagDays() > 90;
                case G4 ->
                    p -> timesheetDays.contains(p.personId()
                            + claims.get(p.applicationId()).application().periodStart());
                case G5 ->
                    p -> {
                        Claim c = claims.get(p.applicationId());
                        Provider provider = providers.get(c.providerId());
                        double reported = hoursByUserMonth.getOrDefault(
                                p.personId() + YearMonth.from(c.application().periodStart()), 0.0);
                        boolean exact = Math.abs(reported - c.grantedHours()) < 0.005;
                        boolean unlicensed = provider.licenceRevokedOn() != null
                                && !provider.licenceRevokedOn().isAfter(p.payDate());
                        return exact || unlicensed;
                    };
                case G6 ->
                    p -> {
                        // Employers paid more, in the months of the period, than the income declared.
                        Application a = claims.get(p.applicationId()).application();
                        double paid = 0;
                        int months = 0;
                        for (YearMonth m = YearMonth.from(a.periodStart());
                                !m.isAfter(YearMonth.from(a.periodEnd()));
                                m = m.plusMonths(1)) {
                            for (MonthlyIncome row : incomeIn(p.personId(), m)) {
                                paid += row.grossPaySek();
                                months++;
                            }
                        }
                        return months > 0 && a.declaredMonthlyIncomeSek() < 0.8 * paid / months;
                    };
                case G7 ->
                    p -> {
                        Person person = persons.get(p.personId());
                        for (AddressRegistration r :
                                registrationsByAddress.getOrDefault(person.addressId(), List.of())) {
                            if (!r.personId().equals(p.personId())
                                    && !r.registeredFrom().isAfter(p.payDate())
                                    && (r.registeredTo() == null
                                            || !r.registeredTo().isBefore(p.payDate()))) {
                                return true;
                            }
                        }
                        return false;
                    };
                case G8 -> p -> paidOver(p.personId(), YearMonth.from(p.payDate()), 10_000);
                case G9 ->
                    p -> {
                        if (p.benefit() == Benefit.BB) {
                            Child child =
                                    children.get(claims.get(p.applicationId()).childId());
                            return child.enrolledUntil() != null
                                    && child.enrolledUntil().isBefore(p.payDate())
                                    && (child.reEnrolledOn() == null
                                            || p.payDate().isBefore(child.reEnrolledOn()));
                        }
                        return paidOver(p.personId(), YearMonth.from(p.payDate()), 10_000);
                    };
                case G10 ->
                    p -> {
                        Person person = persons.get(p.personId());
                        LocalDate pay = p.payDate();
                        return (person.permitValidTo() != null
                                        && person.permitValidTo().isBefore(pay)
                                        && (person.permitRenewedOn() == null || pay.isBefore(person.permitRenewedOn())))
                                || (person.emigratedOn() != null
                                        && !pay.isBefore(person.emigratedOn())
                                        && (person.returnedOn() == null || pay.isBefore(person.returnedOn())));
                    };
                case G11 ->
                    p -> {
                        // Declared income above anything an employer paid in the year before.
                        Application a = claims.get(p.applicationId()).application();
                        double highest = maxPay(
                                p.personId(), YearMonth.from(a.submittedOn()).minusMonths(12), 12);
                        return a.declaredMonthlyIncomeSek() > 1.3 * highest;
                    };
                case G12 ->
                    p -> {
                        for (ChangeReport r : changes.getOrDefault(p.personId() + p.benefit(), List.of())) {
                            if (!r.effectiveDate().isAfter(p.payDate())
                                    && r.processedOn().isAfter(p.payDate())) {
                                return true;
                            }
                        }
                        return false;
                    };
            };
        }

        private List<MonthlyIncome> incomeIn(String person, YearMonth month) {
            List<MonthlyIncome> rows = new ArrayList<>();
            for (MonthlyIncome m : incomeRows.getOrDefault(person, List.of())) {
                if (YearMonth.from(m.month()).equals(month)) {
                    rows.add(m);
                }
            }
            return rows;
        }

        private boolean paidOver(String person, YearMonth month, double threshold) {
            for (MonthlyIncome m : incomeIn(person, month)) {
                if (m.grossPaySek() > threshold) {
                    return true;
                }
            }
            return false;
        }

        private double maxPay(String person, YearMonth from, int months) {
            double max = 0;
            for (MonthlyIncome m : incomeRows.getOrDefault(person, List.of())) {
                YearMonth month = YearMonth.from(m.month());
                if (!month.isBefore(from) && month.isBefore(from.plusMonths(months))) {
                    max = Math.max(max, m.grossPaySek());
                }
            }
            return max;
        }

        private double meanPay(String person, YearMonth from, int months) {
            double sum = 0;
            for (MonthlyIncome m : incomeRows.getOrDefault(person, List.of())) {
                YearMonth month = YearMonth.from(m.month());
                if (!month.isBefore(from) && month.isBefore(from.plusMonths(months))) {
                    sum += m.grossPaySek();
                }
            }
            return sum / months;
        }
    }
}
