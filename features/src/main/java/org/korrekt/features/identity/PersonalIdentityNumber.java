package org.korrekt.features.identity;

/**
 * Validation of Swedish personal identity numbers (personnummer) and co-ordination numbers
 * (samordningsnummer, day of birth + 60).
 *
 * <p>Only the 12-digit form is accepted ({@code YYYYMMDDNNNN}, optionally with a {@code -} or
 * {@code +} before the last four digits), because the 10-digit form needs today's date to know
 * the century. The last digit is the Luhn check digit over the 10 digits from {@code YYMMDD}.
 */
public final class PersonalIdentityNumber {

    private PersonalIdentityNumber() {}

    /**
     * Returns the canonical 12-digit form of {@code value}.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the number itself)
     */
    public static String normalize(String value) {
        if (value == null) {
            throw new IllegalArgumentException("identity number is missing");
        }
        String digits;
        if (value.length() == 13 && (value.charAt(8) == '-' || value.charAt(8) == '+')) {
            digits = value.substring(0, 8) + value.substring(9);
        } else {
            digits = value;
        }
        if (digits.length() != 12) {
            throw new IllegalArgumentException("identity number must have 12 digits (YYYYMMDDNNNN)");
        }
        for (int i = 0; i < 12; i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new IllegalArgumentException("identity number must contain only digits");
            }
        }
        int year = Integer.parseInt(digits.substring(0, 4));
        int month = Integer.parseInt(digits.substring(4, 6));
        int day = Integer.parseInt(digits.substring(6, 8));
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("identity number has an invalid month");
        }
        int birthDay = day > 60 ? day - 60 : day; // co-ordination numbers add 60 to the day
        if (birthDay < 1 || birthDay > java.time.YearMonth.of(year, month).lengthOfMonth()) {
            throw new IllegalArgumentException("identity number has an invalid date of birth");
        }
        if (luhnCheckDigit(digits.substring(2, 11)) != digits.charAt(11) - '0') {
            throw new IllegalArgumentException("identity number has a wrong check digit");
        }
        return digits;
    }

    /**
     * Whether {@code text} holds a valid identity number anywhere in it, as an identifier that should
     * be a key, not a person, or a note, might: {@code pay:198112189876:2025-05}, {@code
     * AUD-850412-4564}. The 12-digit form is found anywhere (twelve digits in a row, or eight and four
     * with a {@code -}, {@code +}, {@code .} or blank between), as {@link #normalize} accepts it; the
     * 10-digit form, as the number is most often written ({@code YYMMDD-NNNN}, with any of those
     * separators or none), when the ten digits stand alone: no digit next to them, so that a run of
     * digits inside a longer number is not read as one, and not inside a pseudonym ({@code p-} and 32
     * lower-case hex digits), whose hex holds such runs now and then. It allocates nothing, so the
     * scoring hot path can ask it of every identifier.
     */
    public static boolean occursIn(CharSequence text) {
        int n = text.length();
        for (int start = 0; start + 10 <= n; start++) {
            if (!isDigit(text.charAt(start))) {
                continue;
            }
            if (start + 12 <= n && validAt(text, start, false)) {
                return true;
            }
            if (start + 13 <= n && validAt(text, start, true)) {
                return true;
            }
            if (standsAlone(text, start, 10) && validShortAt(text, start, false)) {
                return true;
            }
            if (start + 11 <= n && standsAlone(text, start, 11) && validShortAt(text, start, true)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the {@code length} characters from {@code start} have no digit next to them and lie in
     * no pseudonym.
     */
    private static boolean standsAlone(CharSequence text, int start, int length) {
        return (start == 0 || !isDigit(text.charAt(start - 1)))
                && (start + length == text.length() || !isDigit(text.charAt(start + length)))
                && !inPseudonym(text, start);
    }

    /** Whether position {@code at} lies in the 32 hex digits of a pseudonym ({@code p-} and 32 lower-case hex). */
    private static boolean inPseudonym(CharSequence text, int at) {
        int from = at;
        while (from > 0 && isDigitOrHexLetter(text.charAt(from - 1))) {
            from--;
        }
        int to = at;
        while (to < text.length() && isDigitOrHexLetter(text.charAt(to))) {
            to++;
        }
        return to - from == 32 && from >= 2 && text.charAt(from - 2) == 'p' && text.charAt(from - 1) == '-';
    }

    private static boolean isDigitOrHexLetter(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f');
    }

    private static boolean isSeparator(char c) {
        return c == '-' || c == '+' || c == '.' || c == ' ';
    }

    /**
     * Whether the ten digits from {@code start} (with a separator after the sixth) are a valid
     * 10-digit number: a month, a day of it (29 February when 19YY or 20YY is a leap year; plus 60
     * for a co-ordination number), and the Luhn check digit.
     */
    private static boolean validShortAt(CharSequence text, int start, boolean separated) {
        if (separated && !isSeparator(text.charAt(start + 6))) {
            return false;
        }
        for (int k = 0; k < 10; k++) {
            if (!isDigit(text.charAt(start + k + (separated && k >= 6 ? 1 : 0)))) {
                return false;
            }
        }
        int yy = shortDigit(text, start, 0, separated) * 10 + shortDigit(text, start, 1, separated);
        int month = shortDigit(text, start, 2, separated) * 10 + shortDigit(text, start, 3, separated);
        int day = shortDigit(text, start, 4, separated) * 10 + shortDigit(text, start, 5, separated);
        int birthDay = day > 60 ? day - 60 : day;
        if (month < 1
                || month > 12
                || birthDay < 1
                || birthDay > (month == 2 && yy % 4 == 0 ? 29 : daysIn(2001, month))) {
            return false;
        }
        int sum = 0;
        for (int k = 0; k < 9; k++) {
            int d = shortDigit(text, start, k, separated) * (k % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10 == shortDigit(text, start, 9, separated);
    }

    private static int shortDigit(CharSequence text, int start, int k, boolean separated) {
        return text.charAt(start + k + (separated && k >= 6 ? 1 : 0)) - '0';
    }

    /**
     * {@code text} as an error message may quote it: at most 40 characters (then {@code ...}),
     * printable ASCII only, and a placeholder when it holds an identity number ({@link #occursIn}),
     * since an error about a value typed into the wrong field must not repeat a person's number.
     */
    public static String quotable(String text) {
        if (occursIn(text)) {
            return "(a value holding a personal identity number)";
        }
        String shortened = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shortened.replaceAll("[^\\x20-\\x7E]", "?");
    }

    /**
     * A JSON field's name as an error names it: itself, or a placeholder when it holds an identity
     * number ({@link #occursIn}), since a client that put a person's number where a name belongs must
     * not get it back in an error, nor see it logged.
     */
    public static String fieldName(String name) {
        return occursIn(name) ? "(a field name holding a personal identity number)" : name;
    }

    /** Whether the twelve digits from {@code start} (with a separator after the eighth) are a valid number. */
    private static boolean validAt(CharSequence text, int start, boolean separated) {
        if (separated && !isSeparator(text.charAt(start + 8))) {
            return false;
        }
        for (int k = 0; k < 12; k++) {
            if (!isDigit(text.charAt(position(start, k, separated)))) {
                return false;
            }
        }
        int year = 0;
        for (int k = 0; k < 4; k++) {
            year = year * 10 + digit(text, start, k, separated);
        }
        int month = digit(text, start, 4, separated) * 10 + digit(text, start, 5, separated);
        int day = digit(text, start, 6, separated) * 10 + digit(text, start, 7, separated);
        int birthDay = day > 60 ? day - 60 : day;
        if (month < 1 || month > 12 || birthDay < 1 || birthDay > daysIn(year, month)) {
            return false;
        }
        int sum = 0;
        for (int k = 2; k < 11; k++) {
            int d = digit(text, start, k, separated) * (k % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10 == digit(text, start, 11, separated);
    }

    private static int position(int start, int k, boolean separated) {
        return start + k + (separated && k >= 8 ? 1 : 0);
    }

    private static int digit(CharSequence text, int start, int k, boolean separated) {
        return text.charAt(position(start, k, separated)) - '0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Days in the month of the proleptic Gregorian calendar, as {@link java.time.YearMonth} counts them. */
    private static int daysIn(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** The Luhn check digit of nine digits, as used by Skatteverket. */
    static int luhnCheckDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < nineDigits.length(); i++) {
            int d = (nineDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10;
    }
}
