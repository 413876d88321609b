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
}
