package org.korrekt.training.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.korrekt.training.data.ClaimRecord;

class ClaimsGeneratorTest {

    private static SyntheticHistory generate(long seed) {
        return new ClaimsGenerator(GeneratorConfig.defaults(800, seed)).generate(done -> {});
    }

    @Test
    void sameSeedSameHistory() {
        assertThat(generate(3)).isEqualTo(generate(3));
        assertThat(generate(3).claims()).isNotEqualTo(generate(4).claims());
    }

    @Test
    void groundTruthIsConsistent() {
        SyntheticHistory history = generate(11);
        assertThat(history.claims()).hasSizeGreaterThan(2_000);
        for (ClaimRecord claim : history.claims()) {
            if (claim.incorrect()) {
                assertThat(claim.mechanism()).startsWith("G");
                assertThat(claim.incorrectAmountSek())
                        .isPositive()
                        .isLessThanOrEqualTo(claim.application().amountSek());
            } else {
                assertThat(claim.incorrectAmountSek()).isZero();
            }
        }
        double incorrectShare =
                history.claims().stream().filter(ClaimRecord::incorrect).count()
                        / (double) history.claims().size();
        // The base rates (3.5-10 % by benefit) lifted by a high-propensity minority.
        assertThat(incorrectShare).isBetween(0.04, 0.15);
        assertThat(history.claims().stream()
                        .map(ClaimRecord::mechanism)
                        .filter(m -> m != null)
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(
                        "G2_DAYS_NOT_ABSENT", "G3_LATE_CLAIM", "G11_INCOME_MISSTATED", "G7_UNDECLARED_HOUSEHOLD");
    }

    @Test
    void randomControlsAreAboutTheConfiguredShareAndAlwaysInvestigated() {
        SyntheticHistory history = generate(5);
        long random =
                history.claims().stream().filter(ClaimRecord::randomControl).count();
        double share = random / (double) history.claims().size();
        assertThat(share).isBetween(0.01, 0.03);
        assertThat(history.claims().stream().filter(ClaimRecord::randomControl).allMatch(ClaimRecord::investigated))
                .isTrue();
    }

    @Test
    void incomingApplicationsFollowTheHistory() {
        SyntheticHistory history = generate(9);
        assertThat(history.incoming()).hasSize(GeneratorConfig.DEFAULT_INCOMING);
        assertThat(history.incoming()).allMatch(a -> !a.submittedOn()
                .isBefore(GeneratorConfig.defaults(1, 1).historyEnd()));
    }
}
