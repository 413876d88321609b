package org.korrekt.features.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PersonalIdentityNumberTest {

    @Test
    void normalisesTheTwelveDigitFormAndRefusesTheRestWithoutEchoingIt() {
        assertThat(PersonalIdentityNumber.normalize("19800101-0019")).isEqualTo("198001010019");
        assertThat(PersonalIdentityNumber.normalize("198001610016"))
                .as("a co-ordination number")
                .hasSize(12);
        assertThatThrownBy(() -> PersonalIdentityNumber.normalize("198001010018"))
                .hasMessage("identity number has a wrong check digit");
        assertThatThrownBy(() -> PersonalIdentityNumber.normalize("8001010019")).hasMessageNotContaining("8001010019");
    }

    @Test
    void findsANumberInsideAnIdentifier() {
        assertThat(PersonalIdentityNumber.occursIn("pay:198001010019:2025-05")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("19800101-0019")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("x19800101+0019")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("pay:198001010018"))
                .as("wrong check digit")
                .isFalse();
        assertThat(PersonalIdentityNumber.occursIn("A000311399")).isFalse();
        assertThat(PersonalIdentityNumber.occursIn("pay-000123456789")).isFalse();
        assertThat(PersonalIdentityNumber.occursIn("")).isFalse();
        // as the number is most often written: ten digits, with a separator or none, standing alone
        assertThat(PersonalIdentityNumber.occursIn("AUD-850412-4564")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("AUD-8504122220")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("AUD-19850412.1115")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("Ringde sökande 850412 1115 i dag"))
                .isTrue();
        assertThat(PersonalIdentityNumber.occursIn("8001010019")).isTrue();
        // ... but not inside a longer run of digits, nor inside a pseudonym's hex
        assertThat(PersonalIdentityNumber.occursIn("98001010019x")).isFalse();
        assertThat(PersonalIdentityNumber.occursIn("p-a8001010019b" + "c".repeat(20)))
                .isFalse();
        // next to a letter it stands alone, even a letter of hex (review: "case850412-4564" was missed)
        assertThat(PersonalIdentityNumber.occursIn("case800101-0019")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("Ärende8001010019")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("a8001010019b")).isTrue();
        assertThat(PersonalIdentityNumber.occursIn("8001010018"))
                .as("wrong check digit")
                .isFalse();
    }

    @Test
    void findsNumbersWrittenWithOtherDigitsSeparatorsAndInvisibleCharacters() {
        // helper-37: each of these was stored in a note, an assignee or an id
        for (String text : List.of(
                "\uff11\uff19\uff18\uff10\uff10\uff11\uff10\uff11\uff11\uff12\uff13\uff11", // fullwidth
                "\uff18\uff10\uff10\uff11\uff10\uff11\uff0d\uff11\uff12\uff13\uff11",
                "\u0661\u0669\u0668\u0660\u0660\u0661\u0660\u0661\u0661\u0662\u0663\u0661", // Arabic-Indic
                "19800101\u00a01231",
                "19800101\u20131231",
                "19800101\u22121231",
                "19800101\u200b1231",
                "1980\u200b01011231",
                "19800101\u00ad1231",
                "19800101 - 1231",
                "19800101/1231",
                "19800101_1231",
                "19800101:1231",
                "19800101\t1231",
                "19800101\n1231",
                "1980 01 01-1231",
                "80 01 01-1231",
                "1980-01-01-1231",
                "A_800101_1231",
                "A:800101:1231",
                "A.1980.01.01.1231",
                "A.80.01.01-1231",
                "ev_19800101_1231",
                "c:800101:1231")) {
            assertThat(PersonalIdentityNumber.occursIn(text)).as(text).isTrue();
        }
        // digits of 198001011231 (a valid number) written as what is not one
        for (String text : List.of(
                "Utbetalt 1980-01-01: 1231 kr", // a date and an amount
                "1980-01-01 1231 kr",
                "1980-01-01 - 1231-01-11", // a range of dates
                "1980-01-01/1231-01-11",
                "SE24 1980 0101 1231 5589", // an account number's groups
                "konto 5589 1980 0101 1231",
                "1980-01-01-1231-5", // a date in groups, running on past a separator
                "7-1980-01-01-1231",
                "\ud835\udfcf19800101-1231")) { // a digit outside the Basic Multilingual Plane before it
            assertThat(PersonalIdentityNumber.occursIn(text)).as(text).isFalse();
        }
        // an error quoting a checksum is not withheld for the digits inside it; an input still is refused
        String digest = "9f86d081884c7d659a2f" + "198001011231" + "a3bf4f1b2b0b822cd15d6c15b0f00a08";
        assertThat(PersonalIdentityNumber.occursInOrPercentDecoded("bundle.json fails its checksum: " + digest))
                .isFalse();
        assertThat(PersonalIdentityNumber.occursIn(digest)).isTrue();
        assertThat(PersonalIdentityNumber.occursInOrPercentDecoded(
                        "no such resource: /v1/x/%31%39%38%30%30%31%30%31%31%32%33%31"))
                .isTrue();
        // digits of other planes count as digits
        assertThat(PersonalIdentityNumber.occursIn("\ud835\udfcf\ud835\udfd7\ud835\udfd6\ud835\udfce0101-1231"))
                .isTrue();
        // a date and a number of four digits: not when the digits run on, or a group is split
        assertThat(PersonalIdentityNumber.occursIn("P-2023-01-25-000123")).isFalse();
        assertThat(PersonalIdentityNumber.occursIn("1980-01-01-12-31")).isFalse();
        assertThat(PersonalIdentityNumber.occursIn("19800101    1231"))
                .as("four blanks")
                .isFalse();
        assertThat(PersonalIdentityNumber.occursIn("19800101-1232"))
                .as("check digit")
                .isFalse();
    }

    @Test
    void findsExactlyTheNumbersNormalizeAccepts() {
        // 50,000 seeded strings of digits (of three scripts), separators, invisible characters and
        // letters, a third with a valid number planted, written with separators or none
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        String alphabet = "0123456789-+:ax. _/\u2013\u00a0\u200b\uff11\u0663\ud835\udfcf";
        String separators = "-+. _/:\u2013\u2212\u00a0\t";
        int found = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int k = 0; k < length; k++) {
                text.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 10 : alphabet.length())));
            }
            if (i % 3 == 0) {
                String number = validNumber(random);
                if (random.nextBoolean()) {
                    number = number.substring(2); // the 10-digit form
                }
                StringBuilder written = new StringBuilder();
                int[] groups = number.length() == 12 ? new int[] {4, 2, 2, 4} : new int[] {2, 2, 2, 4};
                int at = 0;
                for (int g = 0; g < groups.length; g++) {
                    if (g == groups.length - 1 && random.nextBoolean()) {
                        written.append("-+.".charAt(random.nextInt(3))); // as a number is written
                    } else if (g > 0 && random.nextInt(3) == 0) {
                        int run = 1 + random.nextInt(random.nextInt(4) == 0 ? 4 : 2);
                        for (int r = 0; r < run; r++) {
                            written.append(separators.charAt(random.nextInt(separators.length())));
                        }
                    }
                    written.append(number, at, at + groups[g]);
                    at += groups[g];
                }
                text.insert(random.nextInt(text.length() + 1), written);
            }
            String value = text.toString();
            boolean expected = byPatterns(value);
            assertThat(PersonalIdentityNumber.occursIn(value)).as(value).isEqualTo(expected);
            if (expected) {
                found++;
            }
        }
        assertThat(found).as("strings holding a number").isGreaterThan(2_000);
    }

    private static final String SEP = "[-+./_:\\s\\u00a0\\u2212\\p{Pd}]";

    /** For a date in groups: no digit next to it, nor past one to three separators next to it. */
    private static final String ALONE_BEFORE = "(?<![0-9])(?<![0-9]" + SEP + "{1,3})";

    private static final String ALONE_AFTER = "(?![0-9])(?!" + SEP + "{1,3}[0-9])";

    private static final List<java.util.regex.Pattern> TWELVE_WRITTEN = List.of(
            java.util.regex.Pattern.compile("(?<![0-9])([0-9]{8})" + SEP + "{1,3}([0-9]{4})(?![0-9])"),
            java.util.regex.Pattern.compile(ALONE_BEFORE + "([0-9]{4})" + SEP + "{0,3}([0-9]{2})" + SEP
                    + "{0,3}([0-9]{2})[-+.]([0-9]{4})" + ALONE_AFTER));

    private static final List<java.util.regex.Pattern> TEN_WRITTEN = List.of(
            java.util.regex.Pattern.compile("(?<![0-9])([0-9]{10})(?![0-9])"),
            java.util.regex.Pattern.compile("(?<![0-9])([0-9]{6})" + SEP + "{1,3}([0-9]{4})(?![0-9])"),
            java.util.regex.Pattern.compile(ALONE_BEFORE + "([0-9]{2})" + SEP + "{0,3}([0-9]{2})" + SEP
                    + "{0,3}([0-9]{2})[-+.]([0-9]{4})" + ALONE_AFTER));

    /**
     * What occursIn must agree with, by normalize, on the text with its invisible characters taken
     * out and every digit written as an ASCII one: every 12 digits in a row; a date and four digits
     * standing alone, the date in one piece and up to three separators before the four, or the date
     * in groups and a single {@code - + .} before the four; ten digits in a row standing alone (the
     * 10-digit forms with the century 19 or 20 put in front). (The strings hold no pseudonym: no
     * {@code p}.)
     */
    private static boolean byPatterns(String raw) {
        StringBuilder plain = new StringBuilder();
        raw.codePoints().forEach(c -> {
            if (Character.getType(c) != Character.FORMAT) {
                int d = Character.digit(c, 10);
                plain.appendCodePoint(d >= 0 ? '0' + d : c);
            }
        });
        String text = plain.toString();
        for (int start = 0; start + 12 <= text.length(); start++) {
            if (text.substring(start, start + 12).chars().allMatch(c -> c >= '0' && c <= '9')
                    && accepted(text.substring(start, start + 12))) {
                return true;
            }
        }
        for (int start = 0; start < text.length(); start++) {
            for (java.util.regex.Pattern pattern : TWELVE_WRITTEN) {
                java.util.regex.Matcher m = pattern.matcher(text).region(start, text.length());
                m.useTransparentBounds(true).useAnchoringBounds(false);
                if (m.lookingAt() && accepted(digitsOf(m))) {
                    return true;
                }
            }
            for (java.util.regex.Pattern pattern : TEN_WRITTEN) {
                java.util.regex.Matcher m = pattern.matcher(text).region(start, text.length());
                m.useTransparentBounds(true).useAnchoringBounds(false);
                if (m.lookingAt() && (accepted("19" + digitsOf(m)) || accepted("20" + digitsOf(m)))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String digitsOf(java.util.regex.Matcher m) {
        StringBuilder digits = new StringBuilder();
        for (int g = 1; g <= m.groupCount(); g++) {
            digits.append(m.group(g));
        }
        return digits.toString();
    }

    private static boolean accepted(String twelveDigits) {
        try {
            PersonalIdentityNumber.normalize(twelveDigits);
            return true;
        } catch (IllegalArgumentException notOne) {
            return false;
        }
    }

    /** A valid number with a date of birth from 1900 to 2029 (29 February in leap years included), or a co-ordination number. */
    private static String validNumber(java.util.SplittableRandom random) {
        java.time.LocalDate born = java.time.LocalDate.of(1900, 1, 1).plusDays(random.nextInt(47_000));
        int day = born.getDayOfMonth() + (random.nextInt(4) == 0 ? 60 : 0);
        String eleven = String.format(
                java.util.Locale.ROOT,
                "%04d%02d%02d%03d",
                born.getYear(),
                born.getMonthValue(),
                day,
                random.nextInt(1000));
        return eleven + PersonalIdentityNumber.luhnCheckDigit(eleven.substring(2));
    }
}
