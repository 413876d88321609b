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
import org.korrekt.features.Channel;
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
 * <p>Applications, payments, monthly income, attendance and timesheets are held as primitive
 * columns grouped by person or child, about 16 to 32 bytes a row (an application about 70, and its
 * id as a string, to find it), not as records: a {@link Loader} takes them row by row as they are
 * read, so these tables never have to fit in memory as objects. People, address registrations and
 * providers, one or two rows a person, are held as records.
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
    // applications, in the order given: the person's key, the benefit and channel (ordinals), the
    // submission day, the period's first and last days, the claimed days, the provider's and the
    // child's keys (-1 for none); then the amount, the declared monthly income, the granted hours
    private static final int PERSON = 0;
    private static final int BENEFIT = 1;
    private static final int CHANNEL = 2;
    private static final int SUBMITTED = 3;
    private static final int PERIOD_START = 4;
    private static final int PERIOD_END = 5;
    private static final int CLAIMED_DAYS = 6;
    private static final int PROVIDER = 7;
    private static final int CHILD = 8;
    private static final int AMOUNT_SEK = 0;
    private static final int DECLARED_INCOME = 1;
    private static final int GRANTED_HOURS = 2;
    // claims by person and by child: the application's index
    private static final int APPLICATION = 0;

    private static final Benefit[] BENEFITS = Benefit.values();
    private static final Channel[] CHANNELS = Channel.values();

    private final Map<String, Integer> keys;
    private final Grouped paymentsByPerson;
    private final Grouped incomeByPerson;
    // the days each child was present, sorted
    private final Grouped presentByChild;
    private final Grouped timesheetsByAssistant;
    private final Grouped timesheetsByUser;
    // the id each key stands for
    private final List<String> names;
    // the index of each application by its id, and the applications' columns (one key: in the order given)
    private final Map<String, Integer> applicationIndex;
    private final Grouped applications;
    private final Grouped claimsByPerson;
    private final Grouped claimsByChild;
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
        loader.applications.group(1);
        loader.byPerson.group(keyCount);
        loader.byChild.group(keyCount);
        names = loader.names;
        applicationIndex = loader.applicationIndex;
        applications = loader.applications;
        claimsByPerson = loader.byPerson;
        claimsByChild = loader.byChild;
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
     * large ones (applications, payments, monthly income, attendance, timesheets) only what the
     * features read, in primitive columns; people, registrations and providers are kept as records.
     */
    public static final class Loader implements HistoryRows {
        private final Map<String, Integer> keys = new HashMap<>();
        private final Grouped payments = new Grouped(1, 1);
        private final Grouped income = new Grouped(4, 1);
        private final Grouped present = new Grouped(1, 0);
        private final Grouped byAssistant = new Grouped(1, 1);
        private final Grouped byUser = new Grouped(1, 1);
        private final List<String> names = new ArrayList<>();
        private final Map<String, Integer> applicationIndex = new HashMap<>();
        private final Grouped applications = new Grouped(9, 3);
        private final Grouped byPerson = new Grouped(1, 0);
        private final Grouped byChild = new Grouped(1, 0);
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
                names.add(id);
            }
            return key;
        }

        /** An application, with the child it names; a second one with the same id is refused. */
        @Override
        public void claim(Claim c) {
            Application a = c.application();
            String id = a.applicationId();
            int index = applicationIndex.size();
            if (applicationIndex.putIfAbsent(id, index) != null) {
                throw new IllegalArgumentException("application " + id + " appears twice in the history");
            }
            int person = key(a.personPseudonym());
            int row = applications.add(0);
            applications.set(row, PERSON, person);
            applications.set(row, BENEFIT, a.benefit().ordinal());
            applications.set(row, CHANNEL, a.channel().ordinal());
            applications.set(row, SUBMITTED, (int) a.submittedOn().toEpochDay());
            applications.set(row, PERIOD_START, (int) a.periodStart().toEpochDay());
            applications.set(row, PERIOD_END, (int) a.periodEnd().toEpochDay());
            applications.set(row, CLAIMED_DAYS, a.claimedDays());
            applications.set(row, PROVIDER, a.providerId() == null ? -1 : key(a.providerId()));
            applications.set(row, CHILD, c.childId() == null ? -1 : key(c.childId()));
            applications.set(row, AMOUNT_SEK, a.amountSek());
            applications.set(row, DECLARED_INCOME, a.declaredMonthlyIncomeSek());
            applications.set(row, GRANTED_HOURS, a.grantedHoursPerMonth());
            byPerson.set(byPerson.add(person), APPLICATION, index);
            if (c.childId() != null && a.benefit() == Benefit.TFP) { // as PersonHistoryStore.recordClaim
                byChild.set(byChild.add(key(c.childId())), APPLICATION, index);
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
    public Application application(String applicationId) {
        Integer i = applicationIndex.get(applicationId);
        if (i == null) {
            return null;
        }
        return new Application(
                applicationId,
                names.get(applications.intAt(PERSON, i)),
                BENEFITS[applications.intAt(BENEFIT, i)],
                CHANNELS[applications.intAt(CHANNEL, i)],
                LocalDate.ofEpochDay(applications.intAt(SUBMITTED, i)),
                LocalDate.ofEpochDay(applications.intAt(PERIOD_START, i)),
                LocalDate.ofEpochDay(applications.intAt(PERIOD_END, i)),
                applications.intAt(CLAIMED_DAYS, i),
                applications.doubleAt(AMOUNT_SEK, i),
                applications.doubleAt(DECLARED_INCOME, i),
                name(applications.intAt(PROVIDER, i)),
                applications.doubleAt(GRANTED_HOURS, i));
    }

    /** The child the history's application with this id names, or null (none, or no such application). */
    public String child(String applicationId) {
        Integer i = applicationIndex.get(applicationId);
        return i == null ? null : name(applications.intAt(CHILD, i));
    }

    private String name(int key) {
        return key < 0 ? null : names.get(key);
    }

    /** The person with this pseudonym, or null. */
    public Person person(String personId) {
        return persons.get(personId);
    }

    /** Applications in the history. */
    public int claims() {
        return applications.size();
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

        int personKey = keyOf(person);
        int today = (int) day.toEpochDay();
        int yearAgoDay = (int) yearAgo.toEpochDay();
        Integer self = applicationIndex.get(a.applicationId());

        // the person's other applications for the benefit known on the day
        long priorClaims = 0;
        int claimedInMonth = a.claimedDays();
        for (int r = claimsByPerson.from(personKey), end = claimsByPerson.to(personKey); r < end; r++) {
            int i = claimsByPerson.intAt(APPLICATION, r);
            int submitted = applications.intAt(SUBMITTED, i);
            if (submitted < today
                    && applications.intAt(BENEFIT, i) == benefit.ordinal()
                    && (self == null || i != self)) {
                if (submitted >= yearAgoDay) {
                    priorClaims++;
                }
                if (YearMonth.from(LocalDate.ofEpochDay(applications.intAt(PERIOD_START, i)))
                        .equals(startMonth)) {
                    claimedInMonth += applications.intAt(CLAIMED_DAYS, i);
                }
            }
        }
        claimedInMonth = Math.min(31, claimedInMonth);
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
            // the days another parent claimed for the child, known on the day, that this application claims too
            for (int r = claimsByChild.from(childKey), end = claimsByChild.to(childKey); r < end; r++) {
                int i = claimsByChild.intAt(APPLICATION, r);
                if (applications.intAt(SUBMITTED, i) < today && applications.intAt(PERSON, i) != personKey) {
                    int otherStart = applications.intAt(PERIOD_START, i);
                    long from = Math.max(first, otherStart);
                    long to = Math.min(last, otherStart + applications.intAt(CLAIMED_DAYS, i) - 1L);
                    overlap += Math.max(0, to - from + 1);
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
        boolean registered = false;
        for (AddressRegistration r : registrationsByPerson.getOrDefault(person, List.of())) {
            registered |= r.registeredFrom().isBefore(day);
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
            // as the service's store: missing for a person the register does not hold yet
            registered || highestPay > 0
                    ? declared / Math.max(highestPay, HistoryFeatures.INCOME_FLOOR_SEK)
                    : Double.NaN,
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
}
