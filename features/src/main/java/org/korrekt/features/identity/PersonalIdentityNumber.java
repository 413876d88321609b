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
     * Whether {@code text} holds a valid 12-digit identity number anywhere in it (twelve digits in a
     * row, or eight and four with a {@code -} or {@code +} between), as an identifier that should be
     * a key, not a person, might: {@code pay:198112189876:2025-05}.
     */
    public static boolean occursIn(String text) {
        for (int start = 0; start + 12 <= text.length(); start++) {
            for (int end = start + 12; end <= Math.min(start + 13, text.length()); end++) {
                try {
                    normalize(text.substring(start, end));
                    return true;
                } catch (IllegalArgumentException notOne) {
                    // none from here to there
                }
            }
        }
        return false;
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
