package org.korrekt.features.history;

/**
 * When each kind of history event becomes known to the agency, as a day number. The features of an
 * application scored on day {@code t} see exactly the events known <em>before</em> {@code t}
 * (known day {@code < t}); this is what makes the batch features of training equal to what the
 * real-time store returns (point-in-time correctness).
 *
 * <ul>
 *   <li>an application: the day it was submitted;
 *   <li>a payment: its pay day;
 *   <li>an employer's monthly declaration (AGI): the 12th of the following month, its deadline;
 *   <li>childcare attendance: the day after;
 *   <li>an assistant's timesheet: the 5th of the following month (time reports are monthly);
 *   <li>a registration at an address: its first day; its end: the day after its last day;
 *   <li>a temporary residence permit's last day: from the start (it is on the permit); a renewal:
 *       the day it takes effect.
 * </ul>
 */
public final class Known {

    private Known() {}

    /** The day an employer's declaration for {@code month} is known. */
    public static int income(int month) {
        return Days.firstDayOfMonth(month + 1) + 11;
    }

    /** The day a timesheet for {@code day} is known. */
    public static int timesheet(int day) {
        return Days.firstDayOfMonth(Days.monthOf(day) + 1) + 4;
    }

    /** The day attendance on {@code day} is known. */
    public static int attendance(int day) {
        return day + 1;
    }

    /** The day the end of a registration whose last day is {@code lastDay} is known. */
    public static int moveOut(int lastDay) {
        return lastDay + 1;
    }

    /** Whether a registration from {@code from} to {@code to} (or {@link Days#OPEN}) is, as known before day {@code t}, still in force. */
    public static boolean registered(int from, int to, int t) {
        return from < t && (to == Days.OPEN || to >= t - 1);
    }
}
