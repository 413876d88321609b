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
    void findsExactlyTheNumbersNormalizeAccepts() {
        // 50,000 seeded strings of digits, separators and letters, a third with a valid number planted
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        String alphabet = "0123456789-+:ax. ";
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
                    // the 10-digit form
                    number = number.substring(2);
                    if (random.nextBoolean()) {
                        number = number.substring(0, 6) + "-+. ".charAt(random.nextInt(4)) + number.substring(6);
                    }
                } else if (random.nextBoolean()) {
                    number = number.substring(0, 8) + "-+. ".charAt(random.nextInt(4)) + number.substring(8);
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
        assertThat(found).as("strings holding a number").isGreaterThan(12_000);
    }

    /**
     * What occursIn must agree with, by normalize: every substring of 12 characters, or 13 with a
     * separator ({@code - + .} or blank) after the eighth; and every substring of 10 characters, or
     * 11 with a separator after the sixth, that no digit touches, with the century 19 or 20 put in
     * front. (The strings hold no pseudonym: no {@code p}.)
     */
    private static boolean bySubstrings(String text) {
        for (int start = 0; start < text.length(); start++) {
            for (int length = 10; length <= 13 && start + length <= text.length(); length++) {
                String sub = text.substring(start, start + length);
                if (length == 13 && "-+. ".indexOf(sub.charAt(8)) >= 0) {
                    sub = sub.substring(0, 8) + "-" + sub.substring(9);
                } else if (length == 11 && "-+. ".indexOf(sub.charAt(6)) >= 0) {
                    sub = sub.substring(0, 6) + sub.substring(7);
                } else if (length == 11 || length == 13) {
                    continue;
                }
                if (length <= 11 && !alone(text, start, length)) {
                    continue;
                }
                List<String> candidates = length <= 11 ? List.of("19" + sub, "20" + sub) : List.of(sub);
                for (String candidate : candidates) {
                    try {
                        PersonalIdentityNumber.normalize(candidate);
                        return true;
                    } catch (IllegalArgumentException notOne) {
                        // none here
                    }
                }
            }
        }
        return false;
    }

    private static boolean alone(String text, int start, int length) {
        String digits = "0123456789";
        return (start == 0 || digits.indexOf(text.charAt(start - 1)) < 0)
                && (start + length == text.length() || digits.indexOf(text.charAt(start + length)) < 0);
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
