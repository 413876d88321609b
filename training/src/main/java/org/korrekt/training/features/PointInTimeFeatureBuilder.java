package org.korrekt.training.features;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.AddressRegistration;
import org.korrekt.features.history.AssistantTimesheet;
import org.korrekt.features.history.ChildcareAttendance;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryFeatures;
import org.korrekt.features.history.MonthlyIncome;
import org.korrekt.features.history.Payment;
import org.korrekt.features.history.Person;
import org.korrekt.features.history.Provider;

/**
 * The batch side of the claim features: for any application and any day, the features computed
 * from the <em>whole</em> history tables, keeping only what was known before that day. This is
 * what training uses for every historical application; the scoring service computes the same
 * features from its {@link org.korrekt.features.history.PersonHistoryStore}, and a parity test
 * replays a history through the store and compares the two, feature by feature.
 *
 * <p>Written independently of the store on purpose (maps of lists and {@code java.time}, not rings
 * and day numbers), from the definitions in {@link HistoryFeatures#SCHEMA}, so that the parity
 * test compares two implementations rather than one with itself. When each event becomes known is
 * spelled out again here:
 * application on its submission day, payment on its pay day, employer declaration on the 12th of
 * the next month, attendance the day after, timesheet the 5th of the next month, registration on
 * its first day and its end the day after its last day, a permit renewal on the day it takes effect,
 * a provider's licence revocation on its day.
 */
public final class PointInTimeFeatureBuilder {

    private final Map<String, List<Claim>> claimsByPerson = new HashMap<>();
    private final Map<String, List<Claim>> claimsByChild = new HashMap<>();
    private final Map<String, List<Payment>> paymentsByPerson = new HashMap<>();
    private final Map<String, List<MonthlyIncome>> incomeByPerson = new HashMap<>();
    private final Map<String, TreeMap<LocalDate, Boolean>> presentByChild = new HashMap<>();
    private final Map<String, List<AssistantTimesheet>> timesheetsByAssistant = new HashMap<>();
    private final Map<String, List<AssistantTimesheet>> timesheetsByUser = new HashMap<>();
    private final Map<String, LocalDate> licenceRevokedOn = new HashMap<>();
    private final Map<String, List<AddressRegistration>> registrationsByPerson = new HashMap<>();
    private final Map<String, List<AddressRegistration>> registrationsByAddress = new HashMap<>();
    private final Map<String, Person> persons = new HashMap<>();

    public PointInTimeFeatureBuilder(HistoryEvents.Tables tables) {
        for (Claim c : tables.claims()) {
            claimsByPerson
                    .computeIfAbsent(c.application().personPseudonym(), k -> new ArrayList<>())
                    .add(c);
            if (c.childId() != null) {
                claimsByChild
                        .computeIfAbsent(c.childId(), k -> new ArrayList<>())
                        .add(c);
            }
        }
        for (Payment p : tables.payments()) {
            paymentsByPerson
                    .computeIfAbsent(p.personId(), k -> new ArrayList<>())
                    .add(p);
        }
        for (MonthlyIncome m : tables.income()) {
            incomeByPerson.computeIfAbsent(m.personId(), k -> new ArrayList<>()).add(m);
        }
        for (ChildcareAttendance a : tables.attendance()) {
            if (a.present()) {
                presentByChild
                        .computeIfAbsent(a.childId(), k -> new TreeMap<>())
                        .put(a.date(), Boolean.TRUE);
            }
        }
        for (AssistantTimesheet t : tables.timesheets()) {
            timesheetsByAssistant
                    .computeIfAbsent(t.assistantId(), k -> new ArrayList<>())
                    .add(t);
            timesheetsByUser.computeIfAbsent(t.userId(), k -> new ArrayList<>()).add(t);
        }
        for (Provider p : tables.providers()) {
            if (p.licenceRevokedOn() != null) {
                licenceRevokedOn.put(p.providerId(), p.licenceRevokedOn());
            }
        }
        for (AddressRegistration r : tables.registrations()) {
            registrationsByPerson
                    .computeIfAbsent(r.personId(), k -> new ArrayList<>())
                    .add(r);
            registrationsByAddress
                    .computeIfAbsent(r.addressId(), k -> new ArrayList<>())
                    .add(r);
        }
        for (Person p : tables.persons()) {
            persons.put(p.personId(), p);
        }
    }

    /** The claim features ({@link ClaimFeatures#SCHEMA}) of an application scored on {@code day}. */
    public double[] claimFeatures(Application application, String child, LocalDate day) {
        double[] out = new double[ClaimFeatures.SCHEMA.size()];
        ApplicationFeatures.v1().extract(application, out);
        double[] history = historyFeatures(application, child, day);
        System.arraycopy(history, 0, out, ApplicationFeatures.SCHEMA_V1.size(), history.length);
        return out;
    }

    /** The history features ({@link HistoryFeatures#SCHEMA}) of an application scored on {@code day}. */
    public double[] historyFeatures(Application a, String child, LocalDate day) {
        String person = a.personPseudonym();
        Benefit benefit = a.benefit();
        boolean vab = benefit == Benefit.TFP;
        boolean sgi = vab || benefit == Benefit.FP || benefit == Benefit.SP;
        LocalDate firstClaimed = a.periodStart();
        LocalDate lastClaimed = a.periodStart().plusDays(a.claimedDays() - 1L);
        YearMonth startMonth = YearMonth.from(a.periodStart());
        YearMonth scoringMonth = YearMonth.from(day);
        LocalDate yearAgo = day.minusDays(HistoryFeatures.LOOKBACK_DAYS);

        List<Claim> known = new ArrayList<>();
        for (Claim c : claimsByPerson.getOrDefault(person, List.of())) {
            if (c.application().submittedOn().isBefore(day)
                    && c.application().benefit() == benefit
                    && !c.application().applicationId().equals(a.applicationId())) {
                known.add(c);
            }
        }
        long priorClaims = known.stream()
                .filter(c -> !c.application().submittedOn().isBefore(yearAgo))
                .count();
        int claimedInMonth = a.claimedDays();
        for (Claim c : known) {
            if (YearMonth.from(c.application().periodStart()).equals(startMonth)) {
                claimedInMonth += c.application().claimedDays();
            }
        }
        claimedInMonth = Math.min(31, claimedInMonth);

        double paid = 0;
        for (Payment p : paymentsByPerson.getOrDefault(person, List.of())) {
            if (p.payDate().isBefore(day) && !p.payDate().isBefore(yearAgo)) {
                paid += p.amountSek();
            }
        }

        List<MonthlyIncome> declarations = new ArrayList<>();
        for (MonthlyIncome m : incomeByPerson.getOrDefault(person, List.of())) {
            LocalDate knownOn = YearMonth.from(m.month()).plusMonths(1).atDay(12);
            if (knownOn.isBefore(day)) {
                declarations.add(m);
            }
        }
        Integer fewestAbsent = null;
        double highestPay = 0;
        Map<YearMonth, Double> recentByMonth = new TreeMap<>();
        double periodPay = 0;
        for (MonthlyIncome m : declarations) {
            YearMonth month = YearMonth.from(m.month());
            if (sgi && month.equals(startMonth) && m.grossPaySek() > 0) {
                int absent = vab ? m.vabDays() : benefit == Benefit.FP ? m.parentalLeaveDays() : m.sickDays();
                fewestAbsent = fewestAbsent == null ? absent : Math.min(fewestAbsent, absent);
            }
            if (month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.INCOME_LOOKBACK_MONTHS))) {
                highestPay = Math.max(highestPay, m.grossPaySek());
            }
            if (month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.RECENT_PAY_MONTHS))) {
                recentByMonth.merge(month, m.grossPaySek(), Double::sum);
            }
            if (!month.isBefore(startMonth) && !month.isAfter(YearMonth.from(a.periodEnd()))) {
                periodPay = Math.max(periodPay, m.grossPaySek());
            }
        }
        double shortfall = fewestAbsent == null
                ? 0
                : Math.max(0, claimedInMonth - fewestAbsent) / (double) Math.max(1, a.claimedDays());
        double recentSum = 0;
        for (double v : recentByMonth.values()) {
            recentSum += v;
        }
        double recentMean = recentByMonth.isEmpty() ? 0 : recentSum / recentByMonth.size();

        double childPresent = 0;
        double overlap = 0;
        if (vab && child != null) {
            for (LocalDate d : presentByChild
                    .getOrDefault(child, new TreeMap<>())
                    .subMap(firstClaimed, true, lastClaimed, true)
                    .keySet()) {
                if (d.plusDays(1).isBefore(day)) {
                    childPresent++;
                }
            }
            for (Claim c : claimsByChild.getOrDefault(child, List.of())) {
                Application other = c.application();
                if (other.submittedOn().isBefore(day)
                        && !other.personPseudonym().equals(person)) {
                    LocalDate from = max(firstClaimed, other.periodStart());
                    LocalDate to = min(lastClaimed, other.periodStart().plusDays(other.claimedDays() - 1L));
                    overlap += Math.max(0, ChronoUnit.DAYS.between(from, to) + 1);
                }
            }
        }

        double assistantHours = 0;
        if (vab || benefit == Benefit.FP) {
            for (AssistantTimesheet t : timesheetsByAssistant.getOrDefault(person, List.of())) {
                LocalDate knownOn = YearMonth.from(t.date()).plusMonths(1).atDay(5);
                if (knownOn.isBefore(day)
                        && !t.date().isBefore(firstClaimed)
                        && !t.date().isAfter(lastClaimed)) {
                    assistantHours += t.hours();
                }
            }
        }

        double permitExpired = 0;
        Person p = persons.get(person);
        if (p != null && p.permitValidTo() != null && p.permitValidTo().isBefore(day)) {
            boolean renewed = p.permitRenewedOn() != null
                    && p.permitRenewedOn().isBefore(day)
                    && p.permitRenewedOn().isAfter(p.permitValidTo());
            if (!renewed) {
                permitExpired = ChronoUnit.DAYS.between(p.permitValidTo(), day);
            }
        }

        double coRegistered = 0;
        AddressRegistration home = null;
        for (AddressRegistration r : registrationsByPerson.getOrDefault(person, List.of())) {
            if (inForce(r, day) && (home == null || r.registeredFrom().isAfter(home.registeredFrom()))) {
                home = r;
            }
        }
        if (home != null) {
            for (AddressRegistration r : registrationsByAddress.getOrDefault(home.addressId(), List.of())) {
                if (inForce(r, day) && !r.personId().equals(person)) {
                    coRegistered++;
                }
            }
        }

        double revokedDays = 0;
        double hoursRatio = 0;
        if (benefit == Benefit.ASS) {
            LocalDate revoked = a.providerId() == null ? null : licenceRevokedOn.get(a.providerId());
            if (revoked != null && revoked.isBefore(day)) {
                revokedDays = ChronoUnit.DAYS.between(revoked, day);
            }
            hoursRatio = hoursToGranted(a, day, scoringMonth);
        }

        double declared = a.declaredMonthlyIncomeSek();
        return new double[] {
            priorClaims,
            Math.log1p(paid),
            childPresent,
            overlap,
            shortfall,
            assistantHours,
            declared / Math.max(highestPay, HistoryFeatures.INCOME_FLOOR_SEK),
            recentMean / Math.max(declared, HistoryFeatures.INCOME_FLOOR_SEK),
            periodPay,
            permitExpired,
            coRegistered,
            sgi ? 1 : 0,
            benefit == Benefit.UHS ? 1 : 0,
            benefit == Benefit.AS ? 1 : 0,
            revokedDays,
            hoursRatio
        };
    }

    /**
     * The hours the person's assistants reported for the latest month known on {@code day} among
     * the {@link HistoryFeatures#ASSISTED_LOOKBACK_MONTHS} before the month of scoring, over the
     * hours the application's decision grants; 0 when no such month or no grant.
     */
    private double hoursToGranted(Application a, LocalDate day, YearMonth scoringMonth) {
        double granted = a.grantedHoursPerMonth();
        if (!(granted > 0)) {
            return 0;
        }
        TreeMap<YearMonth, Double> byMonth = new TreeMap<>();
        for (AssistantTimesheet t : timesheetsByUser.getOrDefault(a.personPseudonym(), List.of())) {
            YearMonth month = YearMonth.from(t.date());
            LocalDate knownOn = month.plusMonths(1).atDay(5);
            if (knownOn.isBefore(day)
                    && month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.ASSISTED_LOOKBACK_MONTHS))) {
                byMonth.merge(month, t.hours(), Double::sum);
            }
        }
        if (byMonth.isEmpty()) {
            return 0;
        }
        return byMonth.lastEntry().getValue() / granted;
    }

    /** In force on the day before {@code day}, as known then (an end is known the day after it). */
    private static boolean inForce(AddressRegistration r, LocalDate day) {
        if (!r.registeredFrom().isBefore(day)) {
            return false;
        }
        return r.registeredTo() == null || !r.registeredTo().plusDays(1).isBefore(day);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
