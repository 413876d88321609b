package org.korrekt.features.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    }

    @Test
    void findsExactlyTheNumbersNormalizeAccepts() {
        // 50,000 seeded strings of digits, separators and letters, a third with a valid number planted
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        String alphabet = "0123456789-+:ax";
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
                    number = number.substring(0, 8) + (random.nextBoolean() ? "-" : "+") + number.substring(8);
                }
                text.insert(random.nextInt(text.length() + 1), number);
            }
            String value = text.toString();
            boolean expected = bySubstrings(value);
            assertThat(PersonalIdentityNumber.occursIn(value)).as(value).isEqualTo(expected);
            if (expected) {
                found++;
            }
        }
        assertThat(found).as("strings holding a number").isGreaterThan(15_000);
    }

    /** Every substring of 12 or 13 characters given to normalize: what occursIn must agree with. */
    private static boolean bySubstrings(String text) {
        for (int start = 0; start + 12 <= text.length(); start++) {
            for (int end = start + 12; end <= Math.min(start + 13, text.length()); end++) {
                try {
                    PersonalIdentityNumber.normalize(text.substring(start, end));
                    return true;
                } catch (IllegalArgumentException notOne) {
                    // none here
                }
            }
        }
        return false;
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
