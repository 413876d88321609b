package org.korrekt.training.synthetic;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.BenefitDecision;
import org.korrekt.features.history.ChangeReport;
import org.korrekt.features.history.Child;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Provider;
import org.korrekt.training.synthetic.Drafts.ClaimDraft;
import org.korrekt.training.synthetic.Drafts.Episode;
import org.korrekt.training.synthetic.Drafts.PaymentDraft;
import org.korrekt.training.synthetic.Drafts.PersonState;
import org.korrekt.training.synthetic.Drafts.RecipientYear;

/**
 * The register data every payment leaves (decisions, childcare attendance, employer declarations,
 * timesheets), with each mechanism's trace where it occurred (domain.md 7.6): what a control would
 * check to find it, and what tests check to prove it is there.
 */
final class EvidenceWriter {

    private final HistoryGenerator g;
    private final List<Uninsured> uninsured = new ArrayList<>();
    private PersonState assistanceUser;

    /** A span in which a person was not insured (G10), found through one benefit. */
    private record Uninsured(
            PersonState person, Benefit benefit, LocalDate from, LocalDate until, boolean intentional) {}

    EvidenceWriter(HistoryGenerator g) {
        this.g = g;
    }

    /** Writes the register data every payment leaves, with each mechanism's trace where it occurred. */
    void writeEvidence(HistoryGenerator.Progress progress) {
        for (Episode e : new ArrayList<>(g.episodes)) {
            mechanismEvidence(e);
        }
        uninsuredElsewhere();
        long done = 0;
        long total = g.recipientYears.size();
        for (RecipientYear ry : g.recipientYears) {
            Benefit b = ry.targets.benefit();
            for (ClaimDraft c : ry.claims) {
                LocalDate decided = c.submitted.plusDays(g.random.nextInt(15));
                LocalDate firstPaid = c.payments.isEmpty() ? decided : c.payments.get(0).payDate;
                if (decided.isAfter(firstPaid)) {
                    decided = firstPaid; // decided at the latest on the day of the first payment
                }
                if (!decided.isBefore(g.end)) {
                    decided = g.end.minusDays(1);
                }
                g.decisions.add(new BenefitDecision(
                        g.ids.next("D"),
                        c.id,
                        decided,
                        c.channel != Channel.PAPER && g.random.nextDouble() < 0.7,
                        Math.round(c.amount)));
                switch (b) {
                    case TFP -> vabEvidence(c);
                    case FP, SP -> absenceEvidence(c, b);
                    case ASS -> assistanceEvidence(c);
                    default -> {}
                }
            }
            done++;
            if (done % 2_000 == 0 || done == total) {
                progress.report("Register evidence", done, total);
            }
        }
        employmentIncome();
    }

    private void vabEvidence(ClaimDraft c) {
        Child child = g.children.get(c.childIndex);
        Episode e = c.payments.get(0).episode;
        boolean g2 = e != null && e.mechanism == Mechanism.G2;
        int day = 0;
        for (LocalDate d = c.periodStart; !d.isAfter(c.periodEnd); d = d.plusDays(1), day++) {
            boolean claimedDay = day < c.claimed;
            boolean present =
                    claimedDay ? g2 && (day == 0 || g.random.nextDouble() < 0.5) : g.random.nextDouble() < 0.9;
            g.attendance.add(new ChildcareAttendance(child.childId(), d, present));
        }
    }

    private void absenceEvidence(ClaimDraft c, Benefit b) {
        Episode e = c.payments.get(0).episode;
        boolean worked = e != null && e.mechanism == Mechanism.G1;
        c.absenceDays = worked ? g.random.nextInt(Math.max(1, c.claimed / 3)) : c.claimed;
        c.absenceKind = b == Benefit.FP ? "parental" : "sick";
    }

    private void assistanceEvidence(ClaimDraft c) {
        Episode e = c.payments.get(0).episode;
        boolean exact = e != null && e.mechanism == Mechanism.G5 && e.g5Exact;
        double reported = exact ? c.grantedHours : Math.round(c.grantedHours * (0.80 + 0.18 * g.random.nextDouble()));
        PersonState user = c.ry.person;
        if (user.assistants.isEmpty()) {
            for (int i = 0; i < 2; i++) {
                user.assistants.add(g.newPerson(g.random.nextDouble() < 0.7 ? "F" : "M", Benefit.FP).id);
            }
        }
        int days = c.periodEnd.getDayOfMonth();
        double perDay = reported / days;
        double allocated = 0;
        for (int d = 0; d < days; d++) {
            double hours =
                    d == days - 1 ? Math.round((reported - allocated) * 100) / 100.0 : Math.round(perDay * 100) / 100.0;
            allocated += hours;
            g.timesheets.add(new AssistantTimesheet(
                    user.assistants.get(d % user.assistants.size()),
                    user.id,
                    c.providerId,
                    c.periodStart.plusDays(d),
                    hours));
        }
    }

    private void mechanismEvidence(Episode e) {
        PersonState person = e.ry.person;
        PaymentDraft first = e.payments.get(0);
        Benefit b = e.ry.targets.benefit();
        switch (e.mechanism) {
            case G3 -> {
                for (PaymentDraft p : e.payments) {
                    ClaimDraft c = p.claim;
                    int lag = 91 + g.random.nextInt(250);
                    long period = ChronoUnit.DAYS.between(c.periodStart, c.periodEnd);
                    c.periodEnd = c.submitted.minusDays(lag);
                    c.periodStart = c.periodEnd.minusDays(period);
                }
            }
            case G4 -> {
                // The VAB claimant works as a personal assistant on the days claimed.
                PersonState user = firstAssistanceUser();
                String provider =
                        g.providers.get(g.random.nextInt(g.providers.size())).providerId();
                for (PaymentDraft p : e.payments) {
                    ClaimDraft c = p.claim;
                    g.timesheets.add(new AssistantTimesheet(
                            person.id, user != null ? user.id : person.id, provider, c.periodStart, 8));
                }
            }
            case G5 -> {
                if (!e.g5Exact) {
                    // The user's provider lost its IVO licence before the payments; it serves only this user.
                    Provider revoked = new Provider(
                            g.ids.next("V"),
                            g.start.minusDays(365 + g.random.nextInt(2_000)),
                            first.payDate.minusDays(1 + g.random.nextInt(20)));
                    g.providers.add(revoked);
                    for (PaymentDraft p : e.payments) {
                        p.claim.providerId = revoked.providerId();
                    }
                }
            }
            case G1 -> {
                if (person.monthlyIncome <= 0) {
                    person.monthlyIncome = 20_000 + g.random.nextInt(20_000);
                    person.employerId = g.employers
                            .get(g.random.nextInt(g.employers.size()))
                            .employerId();
                }
            }
            case G6 -> {
                for (PaymentDraft p : e.payments) {
                    p.claim.declaredIncome =
                            Math.round(Math.max(0, person.monthlyIncome) * (0.2 + 0.25 * g.random.nextDouble()));
                }
                if (person.monthlyIncome <= 0) {
                    person.monthlyIncome = 18_000 + g.random.nextInt(15_000);
                    person.employerId = g.employers
                            .get(g.random.nextInt(g.employers.size()))
                            .employerId();
                    for (PaymentDraft p : e.payments) {
                        p.claim.declaredIncome =
                                Math.round(person.monthlyIncome * (0.2 + 0.25 * g.random.nextDouble()));
                    }
                }
            }
            case G7 -> {
                // Another adult lives at the address over the episode's payments, then moves out.
                LocalDate[] window = window(e);
                fill(e, window);
                PersonState partner = g.newPerson(g.random.nextDouble() < 0.5 ? "F" : "M", Benefit.SP);
                g.registrations.add(
                        new AddressRegistration(partner.id, person.addressId, window[0], window[1].minusDays(1)));
            }
            case G8, G9 -> {
                if (b == Benefit.BB && e.mechanism == Mechanism.G9) {
                    ClaimDraft c = first.claim;
                    Child child = g.children.get(c.childIndex);
                    LocalDate[] window = window(e);
                    fill(e, window);
                    g.children.set(
                            c.childIndex,
                            new Child(
                                    child.childId(),
                                    child.parentId(),
                                    child.otherParentId(),
                                    Math.min(child.birthYear(), g.config.startYear() - 16),
                                    child.alternatingResidence(),
                                    window[0].minusDays(1),
                                    window[1]));
                } else {
                    String employer = g.employers
                            .get(g.random.nextInt(g.employers.size()))
                            .employerId();
                    for (PaymentDraft p : e.payments) {
                        YearMonth m = YearMonth.from(
                                p.claim.periodStart.isAfter(p.payDate) ? p.payDate : p.claim.periodStart);
                        if (b == Benefit.SE || b == Benefit.AE || b == Benefit.AS) {
                            m = YearMonth.from(p.payDate);
                        }
                        person.extraIncome.put(
                                m, new String[] {employer, Integer.toString(12_000 + g.random.nextInt(15_000))});
                    }
                }
            }
            case G10 -> {
                // Not insured over the episode's payments: a permit lapsed and was renewed later, or the
                // person left without reporting it and came back.
                LocalDate[] window = window(e);
                if (person.permitType.equals("temporary")
                        || (!person.permitType.equals("citizen") && g.random.nextBoolean())) {
                    person.permitType = "temporary";
                    person.permitValidTo = window[0].minusDays(1);
                    person.permitRenewedOn = window[1];
                } else {
                    person.emigratedOn = window[0];
                    person.returnedOn = window[1];
                }
                uninsured.add(new Uninsured(person, b, window[0], window[1], e.intentional));
            }
            case G11 -> {
                for (PaymentDraft p : e.payments) {
                    double base = person.monthlyIncome > 0 ? person.monthlyIncome : 12_000;
                    p.claim.declaredIncome = Math.round(base * (1.4 + 0.8 * g.random.nextDouble()));
                }
            }
            case G12 -> {
                LocalDate effective = first.payDate.minusDays(10 + g.random.nextInt(40));
                LocalDate received = effective.plusDays(g.random.nextInt(8));
                LocalDate processed =
                        e.payments.get(e.payments.size() - 1).payDate.plusDays(1 + g.random.nextInt(20));
                g.changeReports.add(new ChangeReport(
                        g.ids.next("CR"),
                        person.id,
                        b,
                        new String[] {"income", "household", "address", "work"}[g.random.nextInt(4)],
                        effective,
                        received,
                        processed));
            }
            default -> {}
        }
    }

    /**
     * The same benefit's other payments inside a state's span (several children's child allowance
     * paid the same day, say) are incorrect too: they join a G10 episode of their own. Other
     * benefits of the person in the span stay as drawn; docs/data.md says so.
     */
    private void uninsuredElsewhere() {
        for (Uninsured u : uninsured) {
            for (RecipientYear ry : g.recipientYears) {
                if (ry.person != u.person() || ry.targets.benefit() != u.benefit()) {
                    continue;
                }
                List<PaymentDraft> inside = new ArrayList<>();
                double amount = 0;
                for (PaymentDraft p : ry.payments) {
                    if (p.episode == null && !p.payDate.isBefore(u.from()) && p.payDate.isBefore(u.until())) {
                        inside.add(p);
                        amount += p.amount;
                    }
                }
                if (inside.isEmpty()) {
                    continue;
                }
                Episode companion = new Episode(ry, false, amount, inside, false);
                companion.amount = amount;
                companion.cause = "claimant";
                companion.intentional = u.intentional();
                companion.timing = Mechanism.Timing.FTH;
                companion.mechanism = Mechanism.G10;
                companion.id = g.ids.next("EP");
                if (companion.allocate()) {
                    g.episodes.add(companion);
                }
            }
        }
    }

    /**
     * Adds to {@code e} the same benefit's payments inside {@code window} that no episode holds
     * (payments on the same day as its first or last), at the episode's incorrect share.
     */
    private static void fill(Episode e, LocalDate[] window) {
        double paid = 0;
        for (PaymentDraft p : e.payments) {
            paid += p.amount;
        }
        double share = paid > 0 ? Math.min(1, e.amount / paid) : 1;
        for (RecipientYear ry : e.ry.allYears) {
            for (PaymentDraft p : ry.payments) {
                if (p.episode == null && !p.payDate.isBefore(window[0]) && p.payDate.isBefore(window[1])) {
                    p.episode = e;
                    p.incorrect = Math.min(p.amount, Math.round(p.amount * share * 100) / 100.0);
                    e.payments.add(p);
                    e.amount += p.incorrect;
                    ry.hasError = true;
                }
            }
        }
    }

    /**
     * When a state behind an episode holds: {from, until}, from before the episode's first payment
     * (after the person's previous payment of the benefit) until after its last (before the next), so
     * that exactly the episode's payments of the benefit fall inside.
     */
    private LocalDate[] window(Episode e) {
        LocalDate first = e.payments.get(0).payDate;
        LocalDate last = e.payments.get(e.payments.size() - 1).payDate;
        LocalDate previous = null;
        LocalDate next = null;
        for (RecipientYear ry : e.ry.allYears) {
            for (PaymentDraft p : ry.payments) {
                if (p.payDate.isBefore(first) && (previous == null || p.payDate.isAfter(previous))) {
                    previous = p.payDate;
                }
                if (p.payDate.isAfter(last) && (next == null || p.payDate.isBefore(next))) {
                    next = p.payDate;
                }
            }
        }
        long before = previous == null ? 60 : Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(previous, first));
        long after = next == null ? 30 : Math.max(1, java.time.temporal.ChronoUnit.DAYS.between(last, next));
        LocalDate from = first.minusDays(before <= 1 ? 0 : 1 + g.random.nextLong(before - 1));
        LocalDate until = last.plusDays(after <= 1 ? 1 : 1 + g.random.nextLong(after - 1));
        return new LocalDate[] {from, until};
    }

    /** The first assistance user, looked up once: the user whose assistant the G4 claimants are. */
    private PersonState firstAssistanceUser() {
        if (assistanceUser == null) {
            for (RecipientYear ry : g.recipientYears) {
                if (ry.targets.benefit() == Benefit.ASS) {
                    assistanceUser = ry.person;
                    break;
                }
            }
        }
        return assistanceUser;
    }

    /**
     * Writes the absence of the incoming applications (drawn after the history, all correct) into
     * the employer declarations of the months they start in, as {@link #employmentIncome()} does
     * for the history's correct claims: the days claimed as absence of the benefit's kind, and the
     * pay lowered for them by the same rule. Without it a correct incoming fp or sickness
     * application looked to the claim features like one whose employer paid full wages (G1). It
     * draws no random number, so every other table of a seed stays as it was; only declarations of
     * the months incoming applications start in change. Months after the history have no
     * declaration and are left so.
     */
    void declareIncomingAbsence(List<Application> incoming) {
        Map<String, PersonState> byId = new HashMap<>();
        for (PersonState p : g.persons) {
            byId.put(p.id, p);
        }
        Map<String, Map<YearMonth, int[]>> absence = new HashMap<>();
        for (Application a : incoming) {
            int kind =
                    switch (a.benefit()) {
                        case SP -> 0;
                        case FP -> 1;
                        case TFP -> 2;
                        default -> -1;
                    };
            if (kind >= 0) {
                absence.computeIfAbsent(a.personPseudonym(), k -> new HashMap<>())
                                .computeIfAbsent(YearMonth.from(a.periodStart()), k -> new int[3])[kind] +=
                        a.claimedDays();
            }
        }
        for (int i = 0; i < g.income.size(); i++) {
            MonthlyIncome m = g.income.get(i);
            PersonState p = byId.get(m.personId());
            int[] extra = absence.getOrDefault(m.personId(), Map.of()).get(YearMonth.from(m.month()));
            if (extra == null || p == null || !m.employerId().equals(p.employerId)) {
                continue; // not an incoming application's month, or another payer's declaration
            }
            int sick = Math.min(31, m.sickDays() + extra[0]);
            int parental = Math.min(31, m.parentalLeaveDays() + extra[1]);
            int vab = Math.min(31, m.vabDays() + extra[2]);
            int before = Math.min(21, m.sickDays() + m.parentalLeaveDays() + m.vabDays());
            int after = Math.min(21, sick + parental + vab);
            double pay = Math.round(m.grossPaySek() * (1 - after / 21.0 * 0.9) / (1 - before / 21.0 * 0.9));
            g.income.set(i, new MonthlyIncome(m.personId(), m.employerId(), m.month(), pay, sick, parental, vab));
        }
    }

    /**
     * Writes the childcare attendance of the incoming VAB applications' children, as {@link
     * #vabEvidence} does for the history's correct claims: absent on the days claimed, present on
     * the period's other days. A day the register already holds keeps its row, except a claimed day
     * it has the child present on: an incoming application is correct, so the child was at home,
     * and that row becomes absent. It draws no random number, so every other table of a seed stays
     * as it was; only the attendance of the children and days these applications name changes.
     */
    void recordIncomingAttendance(List<IncomingApplication> incoming) {
        Set<String> named = new HashSet<>();
        for (IncomingApplication a : incoming) {
            if (a.childId() != null) {
                named.add(a.childId());
            }
        }
        Map<String, Map<LocalDate, Integer>> rowOf = new HashMap<>();
        for (int i = 0; i < g.attendance.size(); i++) {
            ChildcareAttendance row = g.attendance.get(i);
            if (named.contains(row.childId())) {
                rowOf.computeIfAbsent(row.childId(), k -> new HashMap<>()).put(row.date(), i);
            }
        }
        for (IncomingApplication incomingApplication : incoming) {
            Application a = incomingApplication.application();
            String child = incomingApplication.childId();
            if (child == null) {
                continue;
            }
            Map<LocalDate, Integer> rows = rowOf.computeIfAbsent(child, k -> new HashMap<>());
            int day = 0;
            for (LocalDate d = a.periodStart(); !d.isAfter(a.periodEnd()); d = d.plusDays(1), day++) {
                boolean claimedDay = day < a.claimedDays();
                Integer held = rows.get(d);
                if (held == null) {
                    rows.put(d, g.attendance.size());
                    g.attendance.add(new ChildcareAttendance(child, d, !claimedDay));
                } else if (claimedDay && g.attendance.get(held).present()) {
                    g.attendance.set(held, new ChildcareAttendance(child, d, false));
                }
            }
        }
    }

    /**
     * Monthly employer declarations of employed recipients: pay, and absence on the days of their
     * correct FP, sickness and VAB claims; G1 leaves pay without the absence, G8/G9 leave pay in a
     * month of activity support or compensation, G10 emigrants have no declarations while abroad.
     */
    private void employmentIncome() {
        Map<PersonState, Map<YearMonth, int[]>> absence = new HashMap<>();
        for (ClaimDraft c : g.claims) {
            Benefit b = c.ry.targets.benefit();
            if (b != Benefit.TFP && b != Benefit.FP && b != Benefit.SP) {
                continue;
            }
            // VAB days the employer reports: none when the parent worked instead (G2), else the days claimed.
            Episode e = c.payments.get(0).episode;
            int days = b == Benefit.TFP ? (e != null && e.mechanism == Mechanism.G2 ? 0 : c.claimed) : c.absenceDays;
            int kind = b == Benefit.TFP ? 2 : b == Benefit.FP ? 1 : 0;
            absence.computeIfAbsent(c.ry.person, k -> new HashMap<>())
                    .computeIfAbsent(YearMonth.from(c.periodStart), k -> new int[3])[kind] += days;
        }
        YearMonth first = YearMonth.from(g.start);
        YearMonth last = YearMonth.from(g.end.minusDays(1));
        for (PersonState p : g.persons) {
            boolean employed = p.monthlyIncome > 0 && p.employerId != null;
            if (!employed && p.extraIncome.isEmpty()) {
                continue;
            }
            Map<YearMonth, int[]> myAbsence = absence.getOrDefault(p, Map.of());
            for (YearMonth m = first.minusMonths(12); !m.isAfter(last); m = m.plusMonths(1)) {
                if (p.emigratedOn != null
                        && !m.atEndOfMonth().isBefore(p.emigratedOn)
                        && (p.returnedOn == null || m.atDay(1).isBefore(p.returnedOn))) {
                    continue; // abroad: no Swedish employer pays
                }
                String[] extra = p.extraIncome.get(m);
                if (extra != null) {
                    g.income.add(new MonthlyIncome(p.id, extra[0], m.atDay(1), Double.parseDouble(extra[1]), 0, 0, 0));
                }
                if (employed) {
                    int[] days = myAbsence.getOrDefault(m, new int[3]);
                    int absent = Math.min(21, days[0] + days[1] + days[2]);
                    double pay = Math.round(
                            p.monthlyIncome * (1 - absent / 21.0 * 0.9) * (0.97 + 0.06 * g.random.nextDouble()));
                    g.income.add(new MonthlyIncome(
                            p.id,
                            p.employerId,
                            m.atDay(1),
                            pay,
                            Math.min(31, days[0]),
                            Math.min(31, days[1]),
                            Math.min(31, days[2])));
                }
            }
        }
    }
}
