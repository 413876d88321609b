package org.korrekt.features.history;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;

/**
 * Turns the history tables into the events a {@link PersonHistoryStore} is fed with, ordered by the
 * day each becomes known (ties keep the order of the tables, then of their rows).
 */
public final class HistoryEvents {

    private HistoryEvents() {}

    /**
     * The tables a store needs.
     *
     * @param persons people, for their residence permits
     * @param registrations address registrations
     * @param claims applications, with the child a VAB application names
     * @param payments payments
     * @param income monthly employer declarations
     * @param attendance childcare attendance (absent days are skipped)
     * @param timesheets assistants' timesheets
     * @param providers assistance providers, for their licence revocations
     */
    public record Tables(
            List<Person> persons,
            List<AddressRegistration> registrations,
            List<Claim> claims,
            List<Payment> payments,
            List<MonthlyIncome> income,
            List<ChildcareAttendance> attendance,
            List<AssistantTimesheet> timesheets,
            List<Provider> providers) {}

    /** Every event of the tables, sorted by the day it becomes known. */
    public static List<HistoryEvent> of(Tables tables) {
        Collector events = collector();
        events.feed(tables);
        return events.sorted();
    }

    /** A collector of the events of history rows given one at a time, for a reader that streams the tables. */
    public static Collector collector() {
        return new Collector();
    }

    /**
     * Turns rows of the history tables into events as they are read, without keeping the rows. Given
     * the tables in the order of {@link Tables}' components, each in its row order, {@link #sorted()}
     * breaks ties of the day as {@link #of(Tables)} does. Ids repeated across rows
     * (people, children, addresses, providers) are kept as one string each.
     */
    public static final class Collector implements HistoryRows {
        private final List<HistoryEvent> events = new ArrayList<>();
        private final Map<String, String> ids = new HashMap<>();
        private int persons;
        private int claims;
        private int payments;
        private int declarations;

        private Collector() {}

        private String id(String id) {
            if (id == null) {
                return null;
            }
            String kept = ids.putIfAbsent(id, id);
            return kept == null ? id : kept;
        }

        @Override
        public void person(Person p) {
            persons++;
            if (p.permitValidTo() != null) {
                String person = id(p.personId());
                events.add(new HistoryEvent.PermitIssued(person, Days.of(p.permitValidTo())));
                if (p.permitRenewedOn() != null) {
                    events.add(new HistoryEvent.PermitRenewed(person, Days.of(p.permitRenewedOn())));
                }
            }
        }

        @Override
        public void registration(AddressRegistration r) {
            String person = id(r.personId());
            String address = id(r.addressId());
            events.add(new HistoryEvent.MovedIn(person, address, Days.of(r.registeredFrom())));
            if (r.registeredTo() != null) {
                events.add(new HistoryEvent.MovedOut(person, address, Days.of(r.registeredTo())));
            }
        }

        @Override
        public void claim(Claim c) {
            claims++;
            events.add(HistoryEvents.claim(c.application(), id(c.application().personPseudonym()), id(c.childId())));
        }

        @Override
        public void payment(String person, Benefit benefit, LocalDate payDate, double amountSek) {
            payments++;
            events.add(new HistoryEvent.PaymentMade(id(person), benefit, Days.of(payDate), amountSek));
        }

        @Override
        public void income(
                String person, LocalDate month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays) {
            declarations++;
            events.add(new HistoryEvent.IncomeDeclared(
                    id(person), Days.monthOf(month), grossPaySek, sickDays, parentalLeaveDays, vabDays));
        }

        /** Only a day the child was present is an event. */
        @Override
        public void attendance(String child, LocalDate date, boolean present) {
            if (present) {
                events.add(new HistoryEvent.ChildAttended(id(child), Days.of(date)));
            }
        }

        @Override
        public void timesheet(String assistant, String user, LocalDate date, double hours) {
            events.add(new HistoryEvent.HoursReported(id(assistant), id(user), Days.of(date), hours));
        }

        @Override
        public void provider(String provider, LocalDate licenceRevokedOn) {
            if (licenceRevokedOn != null) {
                events.add(new HistoryEvent.LicenceRevoked(id(provider), Days.of(licenceRevokedOn)));
            }
        }

        /** The events so far, sorted (in place) by the day each becomes known, ties in the order given. */
        public List<HistoryEvent> sorted() {
            events.sort(Comparator.comparingInt(HistoryEvent::knownOn));
            return events;
        }

        /** People given. */
        public int persons() {
            return persons;
        }

        /** Applications given. */
        public int claims() {
            return claims;
        }

        /** Payments given. */
        public int payments() {
            return payments;
        }

        /** Employer declarations given. */
        public int declarations() {
            return declarations;
        }
    }

    /** The event of an application, as recorded once it is submitted (or scored). */
    public static HistoryEvent.ClaimSubmitted claim(Application a, String child) {
        return claim(a, a.personPseudonym(), child);
    }

    private static HistoryEvent.ClaimSubmitted claim(Application a, String person, String child) {
        return new HistoryEvent.ClaimSubmitted(
                a.applicationId(),
                person,
                a.benefit(),
                Days.of(a.submittedOn()),
                Days.of(a.periodStart()),
                a.claimedDays(),
                child);
    }
}
