package org.korrekt.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecisionPolicyTest {

    private final DecisionPolicy policy = new DecisionPolicy(0.2, 0.5, 0.9, 0.02);

    @ParameterizedTest(name = "score {0}, random {1} -> {2} {3}")
    @CsvSource({
        "0.0,   false, LOW,       PASS",
        "0.199, false, LOW,       PASS",
        "0.2,   false, ELEVATED,  EXTRA_QUESTIONS",
        "0.5,   false, HIGH,      MANUAL_CHECK",
        "0.9,   false, VERY_HIGH, HOLD_PAYMENT",
        "1.0,   false, VERY_HIGH, HOLD_PAYMENT",
        "0.01,  true,  LOW,       MANUAL_CHECK",
        "0.3,   true,  ELEVATED,  MANUAL_CHECK",
        "0.95,  true,  VERY_HIGH, HOLD_PAYMENT"
    })
    void bandsAndActionsAtTheThresholds(double score, boolean random, Band band, Action action) {
        assertThat(policy.band(score)).isEqualTo(band);
        assertThat(policy.action(score, random)).isEqualTo(action);
    }

    @Test
    void randomControlDrawsTheConfiguredShare() {
        assertThat(policy.randomControl(0.0199)).isTrue();
        assertThat(policy.randomControl(0.02)).isFalse();
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new DecisionPolicy(0.5, 0.2, 0.9, 0))
                .hasMessageContaining("0 <= extraQuestions <= manualCheck");
    }
}
