package org.korrekt.features.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PseudonymizerTest {

    // Built from a date and serial with a computed check digit: a well-formed number, not a real person's.
    private static final String NUMBER = withCheckDigit("19800101001");

    private final Pseudonymizer pseudonymizer =
            new Pseudonymizer("a key of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8));

    @Test
    void sameNumberAndKeyGiveTheSamePseudonymInEveryAcceptedForm() {
        String dashed = NUMBER.substring(0, 8) + "-" + NUMBER.substring(8);
        String pseudonym = pseudonymizer.pseudonymize(NUMBER);

        assertThat(pseudonymizer.pseudonymize(dashed)).isEqualTo(pseudonym);
        assertThat(Pseudonymizer.isPseudonym(pseudonym)).isTrue();
        assertThat(pseudonym).doesNotContain(NUMBER.substring(2));
    }

    @Test
    void anotherKeyGivesAnotherPseudonym() {
        Pseudonymizer other = new Pseudonymizer("another key of at least 32 bytes!!".getBytes(StandardCharsets.UTF_8));
        assertThat(other.pseudonymize(NUMBER)).isNotEqualTo(pseudonymizer.pseudonymize(NUMBER));
    }

    @Test
    void refusesAShortKey() {
        assertThatThrownBy(() -> new Pseudonymizer(new byte[16]))
                .hasMessage("pseudonymisation key must be at least 32 bytes, was 16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8001010010", "19801301001x", "198013010010", "1980010100109"})
    void refusesMalformedNumbersWithoutEchoingThem(String bad) {
        assertThatThrownBy(() -> pseudonymizer.pseudonymize(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> {
                    if (!bad.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(bad);
                    }
                });
    }

    @Test
    void refusesAWrongCheckDigit() {
        String wrong = NUMBER.substring(0, 11) + ((NUMBER.charAt(11) - '0' + 1) % 10);
        assertThatThrownBy(() -> pseudonymizer.pseudonymize(wrong))
                .hasMessage("identity number has a wrong check digit");
    }

    @Test
    void acceptsCoordinationNumbers() {
        String coordination = withCheckDigit("19800161001"); // day 01 + 60
        assertThat(Pseudonymizer.isPseudonym(pseudonymizer.pseudonymize(coordination)))
                .isTrue();
    }

    @Test
    void luhnMatchesAPublishedExample() {
        // Skatteverket's documented example: 811218-987 has check digit 6.
        assertThat(PersonalIdentityNumber.luhnCheckDigit("811218987")).isEqualTo(6);
    }

    private static String withCheckDigit(String elevenDigits) {
        return elevenDigits + PersonalIdentityNumber.luhnCheckDigit(elevenDigits.substring(2));
    }
}
