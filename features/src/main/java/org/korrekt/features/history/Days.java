package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * Calendar arithmetic on primitive day numbers (days since 1970-01-01, as {@link
 * LocalDate#toEpochDay()}) and month numbers ({@code year * 12 + month - 1}), so that the
 * scoring path never creates date objects.
 */
public final class Days {

    /** A day number standing for "never" or "not set". */
    public static final int NONE = Integer.MIN_VALUE;

    /** A day number standing for "open-ended" (a registration with no last day). */
    public static final int OPEN = Integer.MAX_VALUE;

    private Days() {}

    /** The day number of a date, or {@link #NONE} for null. */
    public static int of(LocalDate date) {
        return date == null ? NONE : Math.toIntExact(date.toEpochDay());
    }

    /** The month number of a date. */
    public static int monthOf(LocalDate date) {
        return date.getYear() * 12 + date.getMonthValue() - 1;
    }

    /**
     * The month number of a day number, by the civil-from-days method of H. Hinnant's "chrono-compatible
     * low-level date algorithms" (the proleptic Gregorian calendar), without allocating.
     */
    public static int monthOf(int epochDay) {
        long z = (long) epochDay + 719_468;
        long era = (z >= 0 ? z : z - 146_096) / 146_097;
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long shiftedMonth = (5 * dayOfYear + 2) / 153; // March = 0
        long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        return (int) (year * 12 + month - 1);
    }

    /** The day number of the first day of a month number, without allocating (Hinnant's days-from-civil). */
    public static int firstDayOfMonth(int month) {
        long year = Math.floorDiv(month, 12);
        long m = Math.floorMod(month, 12) + 1;
        year -= m <= 2 ? 1 : 0;
        long era = (year >= 0 ? year : year - 399) / 400;
        long yearOfEra = year - era * 400;
        long dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5;
        long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return (int) (era * 146_097 + dayOfEra - 719_468);
    }
}
