package org.korrekt.features.history;

import java.time.LocalDate;
import org.korrekt.features.Benefit;

/**
 * Takes the rows of the history tables one at a time, as a reader streams them, keeping of each
 * what it needs: the events a {@link PersonHistoryStore} is fed with ({@link HistoryEvents#collector()}),
 * or the training side's point-in-time feature builder. Tables come in the order of {@link
 * HistoryEvents.Tables}' components, each in its row order.
 */
public interface HistoryRows {

    void person(Person p);

    void registration(AddressRegistration r);

    /** An application, with the child a VAB application names. */
    void claim(Claim c);

    void payment(String person, Benefit benefit, LocalDate payDate, double amountSek);

    void income(String person, LocalDate month, double grossPaySek, int sickDays, int parentalLeaveDays, int vabDays);

    /** A day of childcare, present or not. */
    void attendance(String child, LocalDate date, boolean present);

    void timesheet(String assistant, String user, LocalDate date, double hours);

    /** A provider, with the day its licence was revoked (null if it never was). */
    void provider(String provider, LocalDate licenceRevokedOn);

    /** Gives this every row of tables held in memory, table by table in their order. */
    default void feed(HistoryEvents.Tables tables) {
        tables.persons().forEach(this::person);
        tables.registrations().forEach(this::registration);
        tables.claims().forEach(this::claim);
        for (Payment p : tables.payments()) {
            payment(p.personId(), p.benefit(), p.payDate(), p.amountSek());
        }
        for (MonthlyIncome m : tables.income()) {
            income(m.personId(), m.month(), m.grossPaySek(), m.sickDays(), m.parentalLeaveDays(), m.vabDays());
        }
        for (ChildcareAttendance a : tables.attendance()) {
            attendance(a.childId(), a.date(), a.present());
        }
        for (AssistantTimesheet t : tables.timesheets()) {
            timesheet(t.assistantId(), t.userId(), t.date(), t.hours());
        }
        for (Provider p : tables.providers()) {
            provider(p.providerId(), p.licenceRevokedOn());
        }
    }
}
