package org.korrekt.features.history;

import java.util.Objects;
import org.korrekt.features.Benefit;

/**
 * What the scoring service knows of each person's recent history, in memory: applications,
 * payments, monthly employer declarations (pay and absence days), address registrations and
 * residence permits per pseudonymised person, and the hours their assistants reported per month
 * when they receive assistance; childcare attendance and VAB claims per child; timesheets per
 * personal assistant; registrations per address; licence revocations per assistance provider.
 *
 * <p>Everything lives in primitive arrays sized once by {@link HistoryLimits}: per key a ring that
 * overwrites its oldest event when full, and per kind of key a {@link KeyIndex} that evicts the
 * least recently used key when full. Recording and reading are O(1) amortised (a ring is scanned,
 * and rings are short) and allocate nothing, so the store can sit on the scoring path.
 *
 * <p>The store holds what was <em>known</em>: callers record an event when it becomes known (see
 * {@link HistoryEvents} for when each kind does), and {@link HistoryFeatures} reads it as of a day.
 * Not thread-safe: one writer thread, or external locking.
 */
public final class PersonHistoryStore {

    private final HistoryLimits limits;

    final KeyIndex persons;
    final EventRing claims;
    final String[] claimId;
    /** The child the application names, or null; a VAB claim's entry in {@link #childClaims} is under it. */
    final String[] claimChild;

    final byte[] claimBenefit;
    final int[] claimSubmitted;
    final int[] claimStart;
    final int[] claimDays;

    final EventRing payments;
    final byte[] paymentBenefit;
    final int[] paymentDay;
    final double[] paymentSek;

    final EventRing income;
    final int[] incomeMonth;
    final double[] incomeGross;
    final int[] incomeSickDays;
    final int[] incomeParentalDays;
    final int[] incomeVabDays;

    final EventRing ownRegistrations;
    final String[] ownAddress;
    final int[] ownFrom;
    final int[] ownTo;

    final int[] permitValidTo;
    final int[] permitRenewedOn;

    final EventRing assisted;
    final int[] assistedMonth;
    final double[] assistedHours;
    /** Timesheets summed into each assisted month, so that withdrawing the last removes the month. */
    final int[] assistedReports;

    final KeyIndex children;
    final EventRing attendance;
    final int[] attendanceDay;
    final EventRing childClaims;
    final String[] childClaimId;
    final String[] childClaimPerson;
    final int[] childClaimSubmitted;
    final int[] childClaimStart;
    final int[] childClaimDays;

    final KeyIndex assistants;
    final EventRing timesheets;
    final int[] timesheetDay;
    final double[] timesheetHours;

    final KeyIndex providers;
    final int[] providerRevokedOn;

    final KeyIndex addresses;
    final EventRing residents;
    final String[] residentPerson;
    final int[] residentFrom;
    final int[] residentTo;

    public PersonHistoryStore(HistoryLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        persons = new KeyIndex(limits.persons());
        claims = new EventRing(limits.persons(), limits.claimsPerPerson());
        int n = limits.persons() * limits.claimsPerPerson();
        claimId = new String[n];
        claimChild = new String[n];
        claimBenefit = new byte[n];
        claimSubmitted = new int[n];
        claimStart = new int[n];
        claimDays = new int[n];
        payments = new EventRing(limits.persons(), limits.paymentsPerPerson());
        n = limits.persons() * limits.paymentsPerPerson();
        paymentBenefit = new byte[n];
        paymentDay = new int[n];
        paymentSek = new double[n];
        income = new EventRing(limits.persons(), limits.incomePerPerson());
        n = limits.persons() * limits.incomePerPerson();
        incomeMonth = new int[n];
        incomeGross = new double[n];
        incomeSickDays = new int[n];
        incomeParentalDays = new int[n];
        incomeVabDays = new int[n];
        ownRegistrations = new EventRing(limits.persons(), limits.registrationsPerPerson());
        n = limits.persons() * limits.registrationsPerPerson();
        ownAddress = new String[n];
        ownFrom = new int[n];
        ownTo = new int[n];
        permitValidTo = new int[limits.persons()];
        permitRenewedOn = new int[limits.persons()];
        java.util.Arrays.fill(permitValidTo, Days.NONE);
        java.util.Arrays.fill(permitRenewedOn, Days.NONE);
        assisted = new EventRing(limits.persons(), limits.assistedMonthsPerPerson());
        n = limits.persons() * limits.assistedMonthsPerPerson();
        assistedMonth = new int[n];
        assistedHours = new double[n];
        assistedReports = new int[n];

        children = new KeyIndex(limits.children());
        attendance = new EventRing(limits.children(), limits.attendancePerChild());
        attendanceDay = new int[limits.children() * limits.attendancePerChild()];
        childClaims = new EventRing(limits.children(), limits.claimsPerChild());
        n = limits.children() * limits.claimsPerChild();
        childClaimId = new String[n];
        childClaimPerson = new String[n];
        childClaimSubmitted = new int[n];
        childClaimStart = new int[n];
        childClaimDays = new int[n];

        assistants = new KeyIndex(limits.assistants());
        timesheets = new EventRing(limits.assistants(), limits.timesheetsPerAssistant());
        n = limits.assistants() * limits.timesheetsPerAssistant();
        timesheetDay = new int[n];
        timesheetHours = new double[n];

        providers = new KeyIndex(limits.providers());
        providerRevokedOn = new int[limits.providers()];
        java.util.Arrays.fill(providerRevokedOn, Days.NONE);

        addresses = new KeyIndex(limits.addresses());
        residents = new EventRing(limits.addresses(), limits.registrationsPerAddress());
        n = limits.addresses() * limits.registrationsPerAddress();
        residentPerson = new String[n];
        residentFrom = new int[n];
        residentTo = new int[n];
    }

    public HistoryLimits limits() {
        return limits;
    }

    /** What {@link #recordClaim} did with an application. */
    public enum Recorded {
        /** The history did not hold the application; now it does. */
        NEW,
        /**
         * The history held the application with other content (amended and sent again: another
         * period, days, benefit, submission day or child); it now holds the new content instead.
         */
        AMENDED,
        /** The history held the application as it is (scored again, or replayed after a restart). */
        HELD
    }

    /**
     * An application, known on the day it was submitted; a VAB claim also names the child, whose
     * claimed days another parent's VAB claims are compared with. The child another benefit's
     * application names (child allowance, maintenance support, parental benefit) is kept with the
     * application but not among the child's claims: a year of child allowance paid to one parent
     * does not claim the child's days, and counting it made every VAB day of the other parent look
     * claimed twice.
     *
     * <p>The history keeps one version of each application of a person: an application it holds
     * already is not recorded twice, and one it holds with other content is replaced by the content
     * given, so that a person's later applications (days claimed in the month, the same child claimed
     * by another parent) count the application as it was last sent. Allocates nothing, but when an
     * amended application named a child.
     */
    public Recorded recordClaim(
            String applicationId,
            String person,
            Benefit benefit,
            int submittedDay,
            int periodStartDay,
            int claimedDays,
            String child) {
        int slot = person(person);
        int p = claimPosition(slot, applicationId);
        Recorded recorded;
        if (p < 0) {
            p = claims.push(slot);
            claimId[p] = applicationId;
            recorded = Recorded.NEW;
        } else if (claimBenefit[p] == benefit.ordinal()
                && claimSubmitted[p] == submittedDay
                && claimStart[p] == periodStartDay
                && claimDays[p] == claimedDays
                && Objects.equals(claimChild[p], child)) {
            return Recorded.HELD;
        } else {
            if (claimChild[p] != null) {
                removeChildClaim(claimChild[p], person, applicationId);
            }
            recorded = Recorded.AMENDED;
        }
        claimChild[p] = child;
        claimBenefit[p] = (byte) benefit.ordinal();
        claimSubmitted[p] = submittedDay;
        claimStart[p] = periodStartDay;
        claimDays[p] = claimedDays;
        if (child != null && benefit == Benefit.TFP) {
            int c = child(child);
            int q = childClaims.push(c);
            childClaimId[q] = applicationId;
            childClaimPerson[q] = person;
            childClaimSubmitted[q] = submittedDay;
            childClaimStart[q] = periodStartDay;
            childClaimDays[q] = claimedDays;
        }
        return recorded;
    }

    /** The position of the person's application of that id, or -1 when the ring does not hold it. */
    private int claimPosition(int slot, String applicationId) {
        for (int i = 0, n = claims.size(slot); i < n; i++) {
            int e = claims.at(slot, i);
            if (claimId[e].equals(applicationId)) {
                return e;
            }
        }
        return -1;
    }

    /** Removes the child's entry for the person's application, if the child's ring still holds it. */
    private void removeChildClaim(String child, String person, String applicationId) {
        int c = children.find(child);
        for (int i = c < 0 ? -1 : childClaims.size(c) - 1; i >= 0; i--) {
            int e = childClaims.at(c, i);
            if (childClaimId[e].equals(applicationId) && childClaimPerson[e].equals(person)) {
                childClaims.remove(c, i, (from, to) -> {
                    childClaimId[to] = childClaimId[from];
                    childClaimPerson[to] = childClaimPerson[from];
                    childClaimSubmitted[to] = childClaimSubmitted[from];
                    childClaimStart[to] = childClaimStart[from];
                    childClaimDays[to] = childClaimDays[from];
                });
                return;
            }
        }
    }

    /**
     * Whether the person's applications held now include one of id {@code applicationId} (an
     * application overwritten by newer ones in a full ring is no longer held). Allocates nothing.
     */
    public boolean hasClaim(String person, String applicationId) {
        int p = persons.find(person);
        return p >= 0 && claimPosition(p, applicationId) >= 0;
    }

    /** A payment, known on its pay day. */
    public void recordPayment(String person, Benefit benefit, int payDay, double amountSek) {
        int slot = person(person);
        int p = payments.push(slot);
        paymentBenefit[p] = (byte) benefit.ordinal();
        paymentDay[p] = payDay;
        paymentSek[p] = amountSek;
    }

    /** One employer's declaration for one person and month ({@link Days#monthOf(int)} numbering). */
    public void recordIncome(
            String person, int month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays) {
        int slot = person(person);
        int p = income.push(slot);
        incomeMonth[p] = month;
        incomeGross[p] = grossPaySek;
        incomeSickDays[p] = sickDays;
        incomeParentalDays[p] = parentalLeaveDays;
        incomeVabDays[p] = vabDays;
    }

    /** A day a child attended childcare. Absent days are not kept. */
    public void recordAttendance(String child, int day) {
        int c = child(child);
        attendanceDay[attendance.push(c)] = day;
    }

    /**
     * Hours a personal assistant reported for a day of assistance to {@code user}: kept per
     * assistant by day, and per user summed by month.
     */
    public void recordTimesheet(String assistant, String user, int day, double hours) {
        int a = assistants.findOrAdd(assistant);
        if (assistants.isFresh(a)) {
            timesheets.clear(a);
        }
        int p = timesheets.push(a);
        timesheetDay[p] = day;
        timesheetHours[p] = hours;
        int u = person(user);
        int month = Days.monthOf(day);
        for (int i = assisted.size(u) - 1; i >= 0; i--) {
            int e = assisted.at(u, i);
            if (assistedMonth[e] == month) {
                assistedHours[e] += hours;
                assistedReports[e]++;
                return;
            }
        }
        int e = assisted.push(u);
        assistedMonth[e] = month;
        assistedHours[e] = hours;
        assistedReports[e] = 1;
    }

    /**
     * Removes a payment the feed withdrew: the newest one of the person's equal in benefit, day and
     * amount. Returns false when the history holds none (never recorded, overwritten or evicted).
     */
    public boolean removePayment(String person, Benefit benefit, int payDay, double amountSek) {
        int slot = persons.find(person);
        if (slot < 0) {
            return false;
        }
        for (int i = payments.size(slot) - 1; i >= 0; i--) {
            int p = payments.at(slot, i);
            if (paymentBenefit[p] == benefit.ordinal()
                    && paymentDay[p] == payDay
                    && Double.compare(paymentSek[p], amountSek) == 0) {
                payments.remove(slot, i, (from, to) -> {
                    paymentBenefit[to] = paymentBenefit[from];
                    paymentDay[to] = paymentDay[from];
                    paymentSek[to] = paymentSek[from];
                });
                return true;
            }
        }
        return false;
    }

    /**
     * Removes an employer declaration the feed withdrew (corrected, say): the newest one of the
     * person's equal in every field. Returns false when the history holds none.
     */
    public boolean removeIncome(
            String person, int month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays) {
        int slot = persons.find(person);
        if (slot < 0) {
            return false;
        }
        for (int i = income.size(slot) - 1; i >= 0; i--) {
            int p = income.at(slot, i);
            if (incomeMonth[p] == month
                    && Double.compare(incomeGross[p], grossPaySek) == 0
                    && incomeSickDays[p] == sickDays
                    && incomeParentalDays[p] == parentalLeaveDays
                    && incomeVabDays[p] == vabDays) {
                income.remove(slot, i, (from, to) -> {
                    incomeMonth[to] = incomeMonth[from];
                    incomeGross[to] = incomeGross[from];
                    incomeSickDays[to] = incomeSickDays[from];
                    incomeParentalDays[to] = incomeParentalDays[from];
                    incomeVabDays[to] = incomeVabDays[from];
                });
                return true;
            }
        }
        return false;
    }

    /** Removes a day of childcare attendance the feed withdrew. Returns false when the history holds none. */
    public boolean removeAttendance(String child, int day) {
        int slot = children.find(child);
        if (slot < 0) {
            return false;
        }
        for (int i = attendance.size(slot) - 1; i >= 0; i--) {
            if (attendanceDay[attendance.at(slot, i)] == day) {
                attendance.remove(slot, i, (from, to) -> attendanceDay[to] = attendanceDay[from]);
                return true;
            }
        }
        return false;
    }

    /**
     * Removes hours an assistant reported that the feed withdrew: the assistant's newest entry of
     * that day and those hours, and the hours from the user's month (a month left with no timesheet
     * is removed, as if it had never been reported). Each is removed if the history holds it, the
     * one without the other too (an assistant evicted, say, while the user is kept). The month keeps
     * a sum, not who reported what, so withdrawing one timesheet twice would take its hours twice:
     * the feed withdraws an event once. Returns whether either was removed.
     */
    public boolean removeTimesheet(String assistant, String user, int day, double hours) {
        boolean removed = false;
        int a = assistants.find(assistant);
        for (int i = a < 0 ? -1 : timesheets.size(a) - 1; i >= 0; i--) {
            int p = timesheets.at(a, i);
            if (timesheetDay[p] == day && Double.compare(timesheetHours[p], hours) == 0) {
                timesheets.remove(a, i, (from, to) -> {
                    timesheetDay[to] = timesheetDay[from];
                    timesheetHours[to] = timesheetHours[from];
                });
                removed = true;
                break;
            }
        }
        int u = persons.find(user);
        int month = Days.monthOf(day);
        for (int i = u < 0 ? -1 : assisted.size(u) - 1; i >= 0; i--) {
            int e = assisted.at(u, i);
            if (assistedMonth[e] == month) {
                if (--assistedReports[e] > 0) {
                    assistedHours[e] = Math.max(0, assistedHours[e] - hours);
                } else {
                    assisted.remove(u, i, (from, to) -> {
                        assistedMonth[to] = assistedMonth[from];
                        assistedHours[to] = assistedHours[from];
                        assistedReports[to] = assistedReports[from];
                    });
                }
                removed = true;
                break;
            }
        }
        return removed;
    }

    /** IVO revoked the licence of an assistance provider on {@code revokedOn}. */
    public void recordLicenceRevoked(String provider, int revokedOn) {
        providerRevokedOn[providers.findOrAdd(provider)] = revokedOn;
    }

    /** A registration at an address from a day, open-ended until {@link #recordMoveOut}. */
    public void recordMoveIn(String person, String address, int fromDay) {
        int slot = person(person);
        int p = ownRegistrations.push(slot);
        ownAddress[p] = address;
        ownFrom[p] = fromDay;
        ownTo[p] = Days.OPEN;
        int a = address(address);
        int q = residents.push(a);
        residentPerson[q] = person;
        residentFrom[q] = fromDay;
        residentTo[q] = Days.OPEN;
    }

    /** The last day of the person's open registration at the address. */
    public void recordMoveOut(String person, String address, int lastDay) {
        int slot = persons.find(person);
        if (slot >= 0) {
            for (int i = 0, n = ownRegistrations.size(slot); i < n; i++) {
                int p = ownRegistrations.at(slot, i);
                if (ownTo[p] == Days.OPEN && ownAddress[p].equals(address)) {
                    ownTo[p] = lastDay;
                }
            }
        }
        int a = addresses.find(address);
        if (a >= 0) {
            for (int i = 0, n = residents.size(a); i < n; i++) {
                int q = residents.at(a, i);
                if (residentTo[q] == Days.OPEN && residentPerson[q].equals(person)) {
                    residentTo[q] = lastDay;
                }
            }
        }
    }

    /** The last day of the person's temporary residence permit. */
    public void recordPermit(String person, int validToDay) {
        int slot = person(person);
        permitValidTo[slot] = validToDay;
        permitRenewedOn[slot] = Days.NONE;
    }

    /** The day a new permit took effect. */
    public void recordPermitRenewal(String person, int renewedOnDay) {
        permitRenewedOn[person(person)] = renewedOnDay;
    }

    /** Counts that tell operations whether the limits fit the population. */
    public Stats stats() {
        return new Stats(
                persons.size(),
                persons.capacity(),
                children.size(),
                assistants.size(),
                addresses.size(),
                persons.evictions()
                        + children.evictions()
                        + assistants.evictions()
                        + addresses.evictions()
                        + providers.evictions(),
                claims.overwritten()
                        + payments.overwritten()
                        + income.overwritten()
                        + ownRegistrations.overwritten()
                        + attendance.overwritten()
                        + childClaims.overwritten()
                        + timesheets.overwritten()
                        + assisted.overwritten()
                        + residents.overwritten());
    }

    /**
     * The store's occupancy.
     *
     * @param persons people kept
     * @param personCapacity most people kept; a new one beyond it evicts the least recently used
     * @param children children kept
     * @param assistants assistants kept
     * @param addresses addresses kept
     * @param evictions keys evicted because their index was full
     * @param overwritten events overwritten because a key's ring was full
     */
    public record Stats(
            int persons,
            int personCapacity,
            int children,
            int assistants,
            int addresses,
            long evictions,
            long overwritten) {}

    private int person(String person) {
        int slot = persons.findOrAdd(person);
        if (persons.isFresh(slot)) {
            claims.clear(slot);
            payments.clear(slot);
            income.clear(slot);
            ownRegistrations.clear(slot);
            assisted.clear(slot);
            permitValidTo[slot] = Days.NONE;
            permitRenewedOn[slot] = Days.NONE;
        }
        return slot;
    }

    private int child(String child) {
        int slot = children.findOrAdd(child);
        if (children.isFresh(slot)) {
            attendance.clear(slot);
            childClaims.clear(slot);
        }
        return slot;
    }

    private int address(String address) {
        int slot = addresses.findOrAdd(address);
        if (addresses.isFresh(slot)) {
            residents.clear(slot);
        }
        return slot;
    }
}
