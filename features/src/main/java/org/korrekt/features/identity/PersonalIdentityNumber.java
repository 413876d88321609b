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
     *   <li>the 10-digit form, as the number is most often written, ten digits in a row standing
     *       alone (no digit next to them) and not inside a pseudonym ({@code p-} and 32 lower-case
     *       hex digits), whose hex holds such runs now and then;
     *   <li>{@code YYYYMMDD} or {@code YYMMDD}, a separator, and {@code NNNN}: a separator is one to
     *       three of white space (a blank, a tab, a line break, a non-breaking space), a dash of any
     *       kind or a minus sign, {@code + . / _ :};
     *   <li>a date written in groups ({@code 1980 01 01}, {@code 80-01-01}) and {@code NNNN} after a
     *       single {@code -}, {@code +} or {@code .}, as a number is written, not a date and an
     *       amount ({@code 2025-01-03: 5444 kr}).
     * </ul>
     *
     * A number stands alone when no digit is next to its first or last digit; one whose date is in
     * groups, also when none is past a separator next to them: {@code 2025-01-07 - 2025-01-11} is a
     * range of dates, and {@code 1980 0101 1231 5589} groups of an account number. A date and four digits in an id ({@code
     * APP-2025-01-18-0042}) cannot be told from a number, and is refused when its digits make a valid
     * one. It allocates nothing, so the scoring hot path can ask it of every identifier.
     */
    public static boolean occursIn(CharSequence text) {
        return occursIn(text, false);
    }

    private static boolean occursIn(CharSequence text, boolean digestsExempt) {
        int n = text.length();
        for (int start = 0; start < n; start++) {
            if (decimal(text, start) >= 0
                    && numberFrom(text, start)
                    && !(digestsExempt && hexRunAround(text, start) >= DIGEST_HEX_DIGITS)) {
                return true;
            }
        }
        return false;
    }

    /** A run of this many hex digits is a digest or a key (SHA-256's 64, a pseudonym's 32), not a note. */
    private static final int DIGEST_HEX_DIGITS = 32;

    /** The length of the run of hex digits (0-9, a-f, A-F) that holds position {@code at}. */
    private static int hexRunAround(CharSequence text, int at) {
        int from = at;
        while (from > 0 && isHex(text.charAt(from - 1))) {
            from--;
        }
        int to = at;
        while (to < text.length() && isHex(text.charAt(to))) {
            to++;
        }
        return to - from;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Whether {@code text} holds a valid identity number as it is or once its percent-escapes are
     * decoded ({@code %31%39%38%30...}): for text that may be a request's raw path, as an error or
     * a log line may quote it. A number inside a run of 32 or more hex digits (a checksum, a key) is
     * not counted: those are what errors about bundles quote.
     */
    public static boolean occursInOrPercentDecoded(String text) {
        // a checksum an error quotes is 64 hex digits, whose digits make a valid number about once
        // in a hundred: runs of 32 hex digits or more are digests and keys here
        if (occursIn(text, true)) {
            return true;
        }
        if (text.indexOf('%') < 0) {
            return false;
        }
        try {
            return occursIn(
                    java.net.URLDecoder.decode(text.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8),
                    true);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /**
     * {@code text}, or a placeholder when it holds a personal identity number ({@link
     * #occursInOrPercentDecoded}): the last guard of what errors and log lines quote, so that a caller
     * who put a person's number where a name, a path or an id belongs does not get it back, nor see
     * it logged. Null stays null.
     */
    public static String withheld(String text) {
        return text != null && occursInOrPercentDecoded(text) ? "(withheld: it held a personal identity number)" : text;
    }

    /** The date's inner boundaries (after YYYY and MM; after YY and MM) and the one before NNNN. */
    private static final int DATE_BREAKS_12 = 1 << 4 | 1 << 6;

    private static final int DATE_BREAKS_10 = 1 << 2 | 1 << 4;

    /** Whether a number is read from the digit at {@code start}: its 10 or 12 digits and their separators. */
    private static boolean numberFrom(CharSequence text, int start) {
        int n = text.length();
        long digits = 0;
        int count = 0;
        int breaks = 0; // bit k: a separator between digit k - 1 and digit k
        int run = 0; // separators since the last digit
        char runChar = 0; // the one separator of a run of one
        char before6 = 0; // the single separator before digit 6, or 0 (none, or a longer run)
        char before8 = 0;
        int i = start;
        while (i < n && count < 12) {
            int d = decimal(text, i);
            int width = Character.charCount(Character.codePointAt(text, i));
            if (d >= 0) {
                if (run > 0) {
                    breaks |= 1 << count;
                    char single = run == 1 ? runChar : 0;
                    if (count == 6) {
                        before6 = single;
                    } else if (count == 8) {
                        before8 = single;
                    }
                    run = 0;
                }
                digits = digits * 10 + d;
                count++;
                i += width;
                if (count == 10 && tenAt(text, start, i, breaks, before6, digits)) {
                    return true;
                }
            } else if (isFormat(text, i)) {
                i += width;
            } else if (run < 3 && isSeparator(text.charAt(i))) {
                runChar = text.charAt(i);
                run++;
                i++;
            } else {
                break;
            }
        }
        if (count < 12 || !validTwelve(digits)) {
            return false;
        }
        if (breaks == 0) {
            return true; // twelve in a row, anywhere
        }
        if ((breaks & ~(DATE_BREAKS_12 | 1 << 8)) != 0) {
            return false;
        }
        return (breaks & DATE_BREAKS_12) == 0
                ? !digitBefore(text, start) && !digitFrom(text, i)
                : isNumberSeparator(before8) && alone(text, start, i);
    }

    /** Whether the ten digits from {@code start} to {@code end} are a 10-digit number standing as one. */
    private static boolean tenAt(CharSequence text, int start, int end, int breaks, char before6, long digits) {
        if (breaks == 0) {
            return !digitBefore(text, start) && !digitFrom(text, end) && !inPseudonym(text, start) && validTen(digits);
        }
        if ((breaks & ~(DATE_BREAKS_10 | 1 << 6)) != 0) {
            return false;
        }
        boolean standing = (breaks & DATE_BREAKS_10) == 0
                ? !digitBefore(text, start) && !digitFrom(text, end)
                : isNumberSeparator(before6) && alone(text, start, end);
        return standing && validTen(digits);
    }

    /** The separators a number written with a grouped date has before its last four digits. */
    private static boolean isNumberSeparator(char c) {
        return c == '-' || c == '+' || c == '.';
    }

    /**
     * Whether the digits from {@code start} to {@code end} stand alone: no digit next to them, nor
     * past one to three separators next to them.
     */
    private static boolean alone(CharSequence text, int start, int end) {
        if (digitBefore(text, start) || digitFrom(text, end)) {
            return false;
        }
        int i = start;
        for (int k = 0; k < 3 && i > 0; k++) {
            i = skipFormatBack(text, i);
            if (i == 0 || !isSeparator(text.charAt(i - 1))) {
                break;
            }
            i--;
            if (digitBefore(text, i)) {
                return false;
            }
        }
        i = end;
        for (int k = 0; k < 3 && i < text.length(); k++) {
            i = skipFormat(text, i);
            if (i >= text.length() || !isSeparator(text.charAt(i))) {
                break;
            }
            i++;
            if (digitFrom(text, i)) {
                return false;
            }
        }
        return true;
    }

    /** The value of the code point at {@code i} as a decimal digit of any script, or -1. */
    private static int decimal(CharSequence text, int i) {
        char c = text.charAt(i);
        if (c < 128) {
            return c >= '0' && c <= '9' ? c - '0' : -1;
        }
        return Character.digit(Character.codePointAt(text, i), 10);
    }

    private static boolean isFormat(CharSequence text, int i) {
        return Character.getType(Character.codePointAt(text, i)) == Character.FORMAT;
    }

    /** The index after the format characters from {@code at} on. */
    private static int skipFormat(CharSequence text, int at) {
        int i = at;
        while (i < text.length() && isFormat(text, i)) {
            i += Character.charCount(Character.codePointAt(text, i));
        }
        return i;
    }

    /** The index before the format characters that end just before {@code at}. */
    private static int skipFormatBack(CharSequence text, int at) {
        int i = at;
        while (i > 0 && Character.getType(Character.codePointBefore(text, i)) == Character.FORMAT) {
            i -= Character.charCount(Character.codePointBefore(text, i));
        }
        return i;
    }

    /** Whether a digit comes before {@code at}, format characters passed over. */
    private static boolean digitBefore(CharSequence text, int at) {
        int i = skipFormatBack(text, at);
        return i > 0 && Character.digit(Character.codePointBefore(text, i), 10) >= 0;
    }

    /** Whether a digit comes at {@code at} or after it, format characters passed over. */
    private static boolean digitFrom(CharSequence text, int at) {
        int i = skipFormat(text, at);
        return i < text.length() && decimal(text, i) >= 0;
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
