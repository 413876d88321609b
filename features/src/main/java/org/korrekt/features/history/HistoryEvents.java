package org.korrekt.features.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.korrekt.features.Application;

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
        List<HistoryEvent> events = new ArrayList<>();
        for (Person p : tables.persons()) {
            if (p.permitValidTo() != null) {
                events.add(new HistoryEvent.PermitIssued(p.personId(), Days.of(p.permitValidTo())));
                if (p.permitRenewedOn() != null) {
                    events.add(new HistoryEvent.PermitRenewed(p.personId(), Days.of(p.permitRenewedOn())));
                }
            }
        }
        for (AddressRegistration r : tables.registrations()) {
            events.add(new HistoryEvent.MovedIn(r.personId(), r.addressId(), Days.of(r.registeredFrom())));
            if (r.registeredTo() != null) {
                events.add(new HistoryEvent.MovedOut(r.personId(), r.addressId(), Days.of(r.registeredTo())));
            }
        }
        for (Claim c : tables.claims()) {
            events.add(claim(c.application(), c.childId()));
        }
        for (Payment p : tables.payments()) {
            events.add(new HistoryEvent.PaymentMade(p.personId(), p.benefit(), Days.of(p.payDate()), p.amountSek()));
        }
        for (MonthlyIncome m : tables.income()) {
            events.add(new HistoryEvent.IncomeDeclared(
                    m.personId(),
                    Days.monthOf(m.month()),
                    m.grossPaySek(),
                    m.sickDays(),
                    m.parentalLeaveDays(),
                    m.vabDays()));
        }
        for (ChildcareAttendance a : tables.attendance()) {
            if (a.present()) {
                events.add(new HistoryEvent.ChildAttended(a.childId(), Days.of(a.date())));
            }
        }
        for (AssistantTimesheet t : tables.timesheets()) {
            events.add(new HistoryEvent.HoursReported(t.assistantId(), t.userId(), Days.of(t.date()), t.hours()));
        }
        for (Provider p : tables.providers()) {
            if (p.licenceRevokedOn() != null) {
                events.add(new HistoryEvent.LicenceRevoked(p.providerId(), Days.of(p.licenceRevokedOn())));
            }
        }
        events.sort(Comparator.comparingInt(HistoryEvent::knownOn));
        return events;
    }

    /** The event of an application, as recorded once it is submitted (or scored). */
    public static HistoryEvent.ClaimSubmitted claim(Application a, String child) {
        return new HistoryEvent.ClaimSubmitted(
                a.applicationId(),
                a.personPseudonym(),
                a.benefit(),
                Days.of(a.submittedOn()),
                Days.of(a.periodStart()),
                a.claimedDays(),
                child);
    }
}
