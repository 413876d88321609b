package org.korrekt.scoring.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTest {

    @Test
    void anOutcomeMustBeConsistent() {
        assertThat(new Outcome(false, 0, 0, null, false, List.of(), false).problem())
                .isNull();
        assertThat(new Outcome(true, 500, 3000, "AGENCY", false, List.of("STOP", "RECOVERY_CLAIM"), false).problem())
                .isNull();
        assertThat(new Outcome(true, 500, 0, "CLAIMANT", true, List.of("REFUSAL"), true).problem())
                .isNull();
        assertThat(new Outcome(false, 1, 0, null, false, List.of(), false).problem()[0])
                .isEqualTo("incorrectAmountSek");
        assertThat(new Outcome(false, 0, 0, null, false, List.of("STOP"), false).problem()[0])
                .isEqualTo("actions");
        assertThat(new Outcome(true, 1, 0, null, false, List.of(), false).problem()[0])
                .isEqualTo("cause");
        assertThat(new Outcome(true, 1, 0, "OTHER", false, List.of("STOP", "STOP"), false).problem()[0])
                .isEqualTo("actions");
        assertThat(new Outcome(true, 1, 0, "OTHER", false, List.of(), true).problem()[0])
                .isEqualTo("policeReport");
        assertThat(new Outcome(true, Double.NaN, 0, "OTHER", false, List.of(), false).problem()[0])
                .isEqualTo("incorrectAmountSek");
        assertThat(new Outcome(true, 1, 0, "SOMEONE", false, List.of(), false).problem()[0])
                .isEqualTo("cause");
        // an incorrect payment of 0 SEK, found and prevented, would count as a hit worth nothing
        assertThat(new Outcome(true, 0, 0, "OTHER", false, List.of(), false).problem())
                .containsExactly(
                        "incorrectAmountSek",
                        "an incorrect payment has an incorrect amount above 0 SEK (what was, or would have been,"
                                + " paid wrongly) or a prevented amount above 0 SEK");
        assertThat(new Outcome(true, 0, 2000, "OTHER", false, List.of("STOP"), false).problem())
                .isNull();
    }
}
