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
     * AUD-850412-4564}, {@code 1980 01 01-1231}. Digits are any script's decimal digits ({@code
     * １９８０}, {@code ١٩٨٠}), and invisible format characters (a zero-width space, a soft hyphen) are
     * passed over as if absent. Found are:
     *
     * <ul>
     *   <li>twelve digits in a row, anywhere, as {@link #normalize} accepts them;
     *   <li>{@code YYYY MM DD NNNN} with separators between some of the groups, standing alone;
     *   <li>the 10-digit form, as the number is most often written, {@code YY MM DD NNNN} with
     *       separators between some of the groups or none, standing alone and not inside a pseudonym
     *       ({@code p-} and 32 lower-case hex digits), whose hex holds such runs now and then.
     * </ul>
     *
     * A separator is one to three of: white space (a blank, a tab, a line break, a non-breaking
     * space), a dash of any kind or a minus sign, {@code + . / _ :}. Standing alone means no digit
     * next to the first or the last digit, so that a run of digits inside a longer number is not read
     * as one. It allocates nothing, so the scoring hot path can ask it of every identifier.
     */
    public static boolean occursIn(CharSequence text) {
        int n = text.length();
        for (int start = 0; start < n; start++) {
            if (decimal(text.charAt(start)) >= 0 && numberFrom(text, start)) {
                return true;
            }
        }
        return false;
    }

    /** The digit groups' boundaries a separator may stand at: after YYYY, MM and DD; after YY, MM and DD. */
    private static final int BREAKS_12 = 1 << 4 | 1 << 6 | 1 << 8;

    private static final int BREAKS_10 = 1 << 2 | 1 << 4 | 1 << 6;

    /** Whether a number is read from the digit at {@code start}: its 10 or 12 digits and their separators. */
    private static boolean numberFrom(CharSequence text, int start) {
        int n = text.length();
        boolean aloneBefore = !digitBefore(text, start);
        long digits = 0;
        int count = 0;
        int breaks = 0; // bit k: a separator between digit k - 1 and digit k
        int separators = 0;
        int i = start;
        while (i < n && count < 12) {
            char c = text.charAt(i);
            int d = decimal(c);
            if (d >= 0) {
                if (separators > 0) {
                    breaks |= 1 << count;
                    separators = 0;
                }
                digits = digits * 10 + d;
                count++;
                i++;
                if (count == 10
                        && aloneBefore
                        && (breaks & ~BREAKS_10) == 0
                        && !digitFrom(text, i)
                        && !inPseudonym(text, start)
                        && validTen(digits)) {
                    return true;
                }
            } else if (Character.getType(c) == Character.FORMAT) {
                i++;
            } else if (isSeparator(c) && separators < 3) {
                separators++;
                i++;
            } else {
                break;
            }
        }
        if (count < 12 || (breaks & ~BREAKS_12) != 0) {
            return false;
        }
        // twelve in a row anywhere; with separators, standing alone
        return (breaks == 0 || (aloneBefore && !digitFrom(text, i))) && validTwelve(digits);
    }

    /** The value of {@code c} as a decimal digit of any script, or -1. */
    private static int decimal(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c < 128 ? -1 : Character.digit(c, 10);
    }

    /** Whether a digit comes before {@code at}, format characters passed over. */
    private static boolean digitBefore(CharSequence text, int at) {
        int i = at - 1;
        while (i >= 0 && Character.getType(text.charAt(i)) == Character.FORMAT) {
            i--;
        }
        return i >= 0 && decimal(text.charAt(i)) >= 0;
    }

    /** Whether a digit comes at {@code at} or after it, format characters passed over. */
    private static boolean digitFrom(CharSequence text, int at) {
        int i = at;
        while (i < text.length() && Character.getType(text.charAt(i)) == Character.FORMAT) {
            i++;
        }
        return i < text.length() && decimal(text.charAt(i)) >= 0;
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
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    private static boolean isSeparator(char c) {
        switch (c) {
            case '-', '+', '.', '/', '_', ':', '\u2212' -> {
                return true;
            }
            default -> {
                return Character.isWhitespace(c)
                        || Character.isSpaceChar(c)
                        || Character.getType(c) == Character.DASH_PUNCTUATION;
            }
        }
    }

    /**
     * Whether ten digits {@code YYMMDDNNNN} are a valid 10-digit number: a month, a day of it (29
     * February when 19YY or 20YY is a leap year; plus 60 for a co-ordination number), and the Luhn
     * check digit.
     */
    private static boolean validTen(long digits) {
        int yy = (int) (digits / 100_000_000L);
        int month = (int) (digits / 1_000_000L % 100);
        int day = (int) (digits / 10_000L % 100);
        int birthDay = day > 60 ? day - 60 : day;
        if (month < 1
                || month > 12
                || birthDay < 1
                || birthDay > (month == 2 && yy % 4 == 0 ? 29 : daysIn(2001, month))) {
            return false;
        }
        return luhnValid(digits);
    }

    /** Whether twelve digits {@code YYYYMMDDNNNN} are a valid number. */
    private static boolean validTwelve(long digits) {
        int year = (int) (digits / 100_000_000L);
        int month = (int) (digits / 1_000_000L % 100);
        int day = (int) (digits / 10_000L % 100);
        int birthDay = day > 60 ? day - 60 : day;
        if (month < 1 || month > 12 || birthDay < 1 || birthDay > daysIn(year, month)) {
            return false;
        }
        return luhnValid(digits % 10_000_000_000L);
    }

    /** Whether the last of ten digits is the Luhn check digit of the nine before it. */
    private static boolean luhnValid(long tenDigits) {
        int sum = 0;
        long rest = tenDigits / 10;
        for (int k = 8; k >= 0; k--) { // digit k from the left: the first, third, ... weigh 2
            int d = (int) (rest % 10) * (k % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
            rest /= 10;
        }
        return (10 - sum % 10) % 10 == tenDigits % 10;
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
