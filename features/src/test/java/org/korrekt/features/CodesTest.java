package org.korrekt.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodesTest {

    @Test
    void aCodeMatchesInAnyCaseOfItsAsciiLettersOnly() {
        assertThat(Codes.equalsIgnoringAsciiCase("tfp", "tfp")).isTrue();
        assertThat(Codes.equalsIgnoringAsciiCase("tfp", "TfP")).isTrue();
        assertThat(Codes.equalsIgnoringAsciiCase("e-service", "E-SERVICE")).isTrue();
        // String.equalsIgnoreCase takes these for "sp" and "k": a long s and the Kelvin sign upper-case to S and K
        assertThat("\u017Fp".equalsIgnoreCase("sp")).isTrue();
        assertThat(Codes.equalsIgnoringAsciiCase("sp", "\u017Fp")).isFalse();
        assertThat(Codes.equalsIgnoringAsciiCase("k", "\u212A")).isFalse();
        assertThat(Codes.equalsIgnoringAsciiCase("tfp", "tf")).isFalse();
        assertThat(Codes.equalsIgnoringAsciiCase("tfp", null)).isFalse();
        // only letters fold: '[' is not '{', nor '@' '`'
        assertThat(Codes.equalsIgnoringAsciiCase("a[", "a{")).isFalse();
        assertThat(Codes.equalsIgnoringAsciiCase("@", "`")).isFalse();
    }

    @Test
    void benefitsAndChannelsAreLookedUpSo() {
        assertThat(Benefit.fromCode("SP")).isEqualTo(Benefit.SP);
        assertThat(Benefit.fromCode("\u017Fp")).isNull();
        assertThat(Channel.fromCode("Paper")).isEqualTo(Channel.PAPER);
    }
}
