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
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryFeatures;
import org.korrekt.features.history.HistoryRows;
import org.korrekt.features.history.Person;

/**
 * The batch side of the claim features: for any application and any day, the features computed
 * from the <em>whole</em> history tables, keeping only what was known before that day. This is
 * what training uses for every historical application; the scoring service computes the same
 * features from its {@link org.korrekt.features.history.PersonHistoryStore}, and a parity test
 * replays a history through the store and compares the two, feature by feature.
 *
 * <p>Written independently of the store on purpose (every row of the tables kept, grouped by
 * person or child, and {@code java.time} for months, not rings), from the definitions in {@link
 * HistoryFeatures#SCHEMA}, so that the parity test compares two implementations rather than one
 * with itself. When each event becomes known is
 * spelled out again here:
 * application on its submission day, payment on its pay day, employer declaration on the 12th of
 * the next month, attendance the day after, timesheet the 5th of the next month, registration on
 * its first day and its end the day after its last day, a permit renewal on the day it takes effect,
 * a provider's licence revocation on its day.
 *
 * <p>The large tables (payments, monthly income, attendance, timesheets) are held as primitive
 * columns grouped by person or child, about 16 to 32 bytes a row, not as records: a {@link Loader}
 * takes them row by row as they are read, so these tables never have to fit in memory as
 * objects. Applications, people, address registrations and providers are held as records.
 */
public final class PointInTimeFeatureBuilder {

    // payments: the pay day, then the amount
    private static final int DAY = 0;
    private static final int AMOUNT = 0;
    // monthly income: the month's first day, sick, parental-leave and VAB days, then the gross pay
    private static final int SICK = 1;
    private static final int PARENTAL = 2;
    private static final int VAB = 3;
    private static final int GROSS = 0;
    // timesheets: the day, then the hours
    private static final int HOURS = 0;

    private final Map<String, Integer> keys;
    private final Grouped paymentsByPerson;
    private final Grouped incomeByPerson;
    // the days each child was present, sorted
    private final Grouped presentByChild;
    private final Grouped timesheetsByAssistant;
    private final Grouped timesheetsByUser;
    private final Map<String, Claim> claims;
    private final Map<String, List<Claim>> claimsByPerson;
    private final Map<String, List<Claim>> claimsByChild;
    private final Map<String, LocalDate> licenceRevokedOn;
    private final Map<String, List<AddressRegistration>> registrationsByPerson;
    private final Map<String, List<AddressRegistration>> registrationsByAddress;
    private final Map<String, Person> persons;

    /** The builder over tables already in memory (a generated history, tests). */
    public PointInTimeFeatureBuilder(HistoryEvents.Tables tables) {
        this(load(tables));
    }

    private PointInTimeFeatureBuilder(Loader loader) {
        int keyCount = loader.keys.size();
        loader.payments.group(keyCount);
        loader.income.group(keyCount);
        loader.present.group(keyCount);
        loader.present.sortWithinKeys(DAY);
        loader.byAssistant.group(keyCount);
        loader.byUser.group(keyCount);
        keys = loader.keys;
        paymentsByPerson = loader.payments;
        incomeByPerson = loader.income;
        presentByChild = loader.present;
        timesheetsByAssistant = loader.byAssistant;
        timesheetsByUser = loader.byUser;
        claims = loader.claims;
        claimsByPerson = loader.claimsByPerson;
        claimsByChild = loader.claimsByChild;
        licenceRevokedOn = loader.licenceRevokedOn;
        registrationsByPerson = loader.registrationsByPerson;
        registrationsByAddress = loader.registrationsByAddress;
        persons = loader.persons;
    }

    private static Loader load(HistoryEvents.Tables tables) {
        Loader loader = loader();
        loader.feed(tables);
        return loader;
    }

    /** A loader that takes the history tables row by row, for a builder that holds them compactly. */
    public static Loader loader() {
        return new Loader();
    }

    /**
     * Takes the rows of the history tables one at a time, in any order of tables, and keeps of the
     * large ones (payments, monthly income, attendance, timesheets) only what the features read, in
     * primitive columns; applications, people, registrations and providers are kept as records.
     */
    public static final class Loader implements HistoryRows {
        private final Map<String, Integer> keys = new HashMap<>();
        private final Grouped payments = new Grouped(1, 1);
        private final Grouped income = new Grouped(4, 1);
        private final Grouped present = new Grouped(1, 0);
        private final Grouped byAssistant = new Grouped(1, 1);
        private final Grouped byUser = new Grouped(1, 1);
        private final Map<String, Claim> claims = new HashMap<>();
        private final Map<String, List<Claim>> claimsByPerson = new HashMap<>();
        private final Map<String, List<Claim>> claimsByChild = new HashMap<>();
        private final Map<String, LocalDate> licenceRevokedOn = new HashMap<>();
        private final Map<String, List<AddressRegistration>> registrationsByPerson = new HashMap<>();
        private final Map<String, List<AddressRegistration>> registrationsByAddress = new HashMap<>();
        private final Map<String, Person> persons = new HashMap<>();
        private boolean built;

        private Loader() {}

        private int key(String id) {
            Integer key = keys.get(id);
            if (key == null) {
                key = keys.size();
                keys.put(id, key);
            }
            return key;
        }

        /** An application, with the child it names; a second one with the same id is refused. */
        @Override
        public void claim(Claim c) {
            String id = c.application().applicationId();
            if (claims.putIfAbsent(id, c) != null) {
                throw new IllegalArgumentException("application " + id + " appears twice in the history");
            }
            claimsByPerson
                    .computeIfAbsent(c.application().personPseudonym(), k -> new ArrayList<>())
                    .add(c);
            if (c.childId() != null) {
                claimsByChild
                        .computeIfAbsent(c.childId(), k -> new ArrayList<>())
                        .add(c);
            }
        }

        @Override
        public void payment(String person, Benefit benefit, LocalDate payDate, double amountSek) {
            int row = payments.add(key(person));
            payments.set(row, DAY, (int) payDate.toEpochDay());
            payments.set(row, AMOUNT, amountSek);
        }

        @Override
        public void income(
                String person, LocalDate month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays) {
            int row = income.add(key(person));
            income.set(row, DAY, (int) month.toEpochDay());
            income.set(row, SICK, sickDays);
            income.set(row, PARENTAL, parentalLeaveDays);
            income.set(row, VAB, vabDays);
            income.set(row, GROSS, grossPaySek);
        }

        /** A day of childcare; only days the child was present are kept. */
        @Override
        public void attendance(String child, LocalDate date, boolean present) {
            if (present) {
                int row = this.present.add(key(child));
                this.present.set(row, DAY, (int) date.toEpochDay());
            }
        }

        @Override
        public void timesheet(String assistant, String user, LocalDate date, double hours) {
            int row = byAssistant.add(key(assistant));
            byAssistant.set(row, DAY, (int) date.toEpochDay());
            byAssistant.set(row, HOURS, hours);
            row = byUser.add(key(user));
            byUser.set(row, DAY, (int) date.toEpochDay());
            byUser.set(row, HOURS, hours);
        }

        @Override
        public void provider(String provider, LocalDate licenceRevokedOn) {
            if (licenceRevokedOn != null) {
                this.licenceRevokedOn.put(provider, licenceRevokedOn);
            }
        }

        @Override
        public void registration(AddressRegistration r) {
            registrationsByPerson
                    .computeIfAbsent(r.personId(), k -> new ArrayList<>())
                    .add(r);
            registrationsByAddress
                    .computeIfAbsent(r.addressId(), k -> new ArrayList<>())
                    .add(r);
        }

        @Override
        public void person(Person p) {
            persons.put(p.personId(), p);
        }

        /** The builder over every row taken; a loader builds once. */
        public PointInTimeFeatureBuilder build() {
            if (built) {
                throw new IllegalStateException("this loader has built its builder already");
            }
            built = true;
            return new PointInTimeFeatureBuilder(this);
        }
    }

    /** The history's application with this id, or null. */
    public Claim claim(String applicationId) {
        return claims.get(applicationId);
    }

    /** The person with this pseudonym, or null. */
    public Person person(String personId) {
        return persons.get(personId);
    }

    /** Applications in the history. */
    public int claims() {
        return claims.size();
    }

    private int keyOf(String id) {
        Integer key = id == null ? null : keys.get(id);
        return key == null ? -1 : key;
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

        int personKey = keyOf(person);
        int today = (int) day.toEpochDay();
        int yearAgoDay = (int) yearAgo.toEpochDay();
        double paid = 0;
        for (int r = paymentsByPerson.from(personKey), end = paymentsByPerson.to(personKey); r < end; r++) {
            int payDay = paymentsByPerson.intAt(DAY, r);
            if (payDay < today && payDay >= yearAgoDay) {
                paid += paymentsByPerson.doubleAt(AMOUNT, r);
            }
        }

        Integer fewestAbsent = null;
        double highestPay = 0;
        Map<YearMonth, Double> recentByMonth = new TreeMap<>();
        double periodPay = 0;
        for (int r = incomeByPerson.from(personKey), end = incomeByPerson.to(personKey); r < end; r++) {
            YearMonth month = YearMonth.from(LocalDate.ofEpochDay(incomeByPerson.intAt(DAY, r)));
            LocalDate knownOn = month.plusMonths(1).atDay(12);
            if (!knownOn.isBefore(day)) {
                continue;
            }
            double grossPay = incomeByPerson.doubleAt(GROSS, r);
            if (sgi && month.equals(startMonth) && grossPay > 0) {
                int absent = incomeByPerson.intAt(vab ? VAB : benefit == Benefit.FP ? PARENTAL : SICK, r);
                fewestAbsent = fewestAbsent == null ? absent : Math.min(fewestAbsent, absent);
            }
            if (month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.INCOME_LOOKBACK_MONTHS))) {
                highestPay = Math.max(highestPay, grossPay);
            }
            if (month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.RECENT_PAY_MONTHS))) {
                recentByMonth.merge(month, grossPay, Double::sum);
            }
            if (!month.isBefore(startMonth) && !month.isAfter(YearMonth.from(a.periodEnd()))) {
                periodPay = Math.max(periodPay, grossPay);
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
            // each present day from the first to the last claimed, known the day after it
            int childKey = keyOf(child);
            int first = (int) firstClaimed.toEpochDay();
            int last = (int) lastClaimed.toEpochDay();
            int previous = Integer.MIN_VALUE;
            for (int r = presentByChild.from(childKey), end = presentByChild.to(childKey); r < end; r++) {
                int d = presentByChild.intAt(DAY, r);
                if (d >= first && d <= last && d != previous && d + 1 < today) {
                    childPresent++;
                }
                previous = d;
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
            for (int r = timesheetsByAssistant.from(personKey), end = timesheetsByAssistant.to(personKey);
                    r < end;
                    r++) {
                LocalDate date = LocalDate.ofEpochDay(timesheetsByAssistant.intAt(DAY, r));
                LocalDate knownOn = YearMonth.from(date).plusMonths(1).atDay(5);
                if (knownOn.isBefore(day) && !date.isBefore(firstClaimed) && !date.isAfter(lastClaimed)) {
                    assistantHours += timesheetsByAssistant.doubleAt(HOURS, r);
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
        int user = keyOf(a.personPseudonym());
        for (int r = timesheetsByUser.from(user), end = timesheetsByUser.to(user); r < end; r++) {
            YearMonth month = YearMonth.from(LocalDate.ofEpochDay(timesheetsByUser.intAt(DAY, r)));
            LocalDate knownOn = month.plusMonths(1).atDay(5);
            if (knownOn.isBefore(day)
                    && month.isBefore(scoringMonth)
                    && !month.isBefore(scoringMonth.minusMonths(HistoryFeatures.ASSISTED_LOOKBACK_MONTHS))) {
                byMonth.merge(month, timesheetsByUser.doubleAt(HOURS, r), Double::sum);
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
