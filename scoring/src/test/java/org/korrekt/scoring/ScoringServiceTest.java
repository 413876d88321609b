package org.korrekt.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Channel;
import org.korrekt.scoring.model.ModelBundle;

class ScoringServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static ScoringService service(double uniform) {
        ModelBundle bundle =
                new ModelBundle("test", "v1", Path.of("unused"), TestModels.lateClaimModel(), TestModels.policy(0.02));
        return new ScoringService(ApplicationFeatures.v1(), bundle, () -> uniform, CLOCK);
    }

    @Test
    void aLatePaperClaimIsHeldWithTheRuleHitFirstThenItsReasonsStrongestFirst() {
        Decision d = service(0.5).score(TestModels.application("A-1", 120, Channel.PAPER));

        double logOdds = -3 + 0.04 * 120 + 1.5 + 0.5 * 1.0 - 0.01 * Math.log1p(30_000);
        assertThat(d.score()).isCloseTo(1 / (1 + Math.exp(-logOdds)), offset(1e-12));
        assertThat(d.action()).isEqualTo(Action.HOLD_PAYMENT);
        assertThat(d.expectedIncorrectSek()).isCloseTo(d.score() * 4_000, offset(1e-9));
        assertThat(d.reasons())
                .extracting(Reason::code)
                .containsExactly(
                        "RETROACTIVE_VAB", "LATE_APPLICATION", "PAPER_APPLICATION", "HIGH_SHARE_OF_PERIOD_CLAIMED");
        // a rule hit shows the value that decided it, and has no model contribution
        assertThat(d.reasons().get(0).feature()).isEqualTo("submission_lag_days");
        assertThat(d.reasons().get(0).value()).isEqualTo(120);
        assertThat(d.reasons().get(0).contribution()).isZero();
        assertThat(d.reasons().get(1).value()).isEqualTo(120);
        assertThat(d.reasons().get(1).contribution()).isCloseTo(4.8, offset(1e-12));
        assertThat(d.randomControl()).isFalse();
        assertThat(d.decidedAt()).isEqualTo(CLOCK.instant());
        assertThat(d.modelVersion()).isEqualTo("v1");
    }

    @Test
    void featuresThatLowerTheScoreAreNeverReasons() {
        // drawn for random control, so the decision acts and carries the model's reasons
        Decision d = service(0.001).score(TestModels.application("A-2", 0, Channel.E_SERVICE));

        assertThat(d.randomControl()).isTrue();
        assertThat(d.reasons()).extracting(Reason::code).containsExactly("HIGH_SHARE_OF_PERIOD_CLAIMED");
    }

    @Test
    void aContributionIsAReasonOnlyWhenTheReasonsTextIsTrueOfTheValue() {
        // a low amount raises this model's score (a negative weight): "High amount applied for"
        // would say the opposite of the value, as an anomaly score raised by an amount of 0 would
        org.korrekt.features.FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        int n = schema.size();
        double[] weights = new double[n];
        double[] means = new double[n];
        double[] scales = new double[n];
        java.util.Arrays.fill(scales, 1.0);
        int amount = schema.indexOf("amount_sek_log");
        int ratio = schema.indexOf("amount_to_income_ratio");
        weights[amount] = -1.0;
        means[amount] = Math.log1p(8_000); // the applications trained on asked for about 8,000 SEK
        weights[ratio] = -1.0;
        means[ratio] = 0.5;
        weights[schema.indexOf("paper_channel")] = 3.0;
        Decision d = serviceOf(weights, means, scales).score(paperVab("A-small", 100));
        assertThat(d.action()).isNotEqualTo(Action.PASS);
        // both low values raise the score, the amount by more than being on paper does
        assertThat(d.reasons()).extracting(Reason::code).containsExactly("PAPER_APPLICATION");

        // above the training mean, the same text is true: a reason, with its positive weight
        weights[amount] = 1.0;
        assertThat(serviceOf(weights, means, scales)
                        .score(paperVab("A-large", 60_000))
                        .reasons())
                .extracting(Reason::code)
                .containsExactly("PAPER_APPLICATION", "HIGH_AMOUNT");
    }

    /** A service on a logistic regression of the application schema with these weights and means. */
    private static ScoringService serviceOf(double[] weights, double[] means, double[] scales) {
        org.korrekt.features.FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        var model = new org.korrekt.features.model.LogisticRegressionModel(
                schema.fingerprint(), schema.names(), weights.clone(), means, scales, 0.0);
        return new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", Path.of("unused"), model, TestModels.policy(0)),
                () -> 0.5,
                CLOCK);
    }

    /** A five-day VAB application on paper for {@code amountSek}, declaring 30,000 SEK a month. */
    private static org.korrekt.features.Application paperVab(String id, double amountSek) {
        return new org.korrekt.features.Application(
                id,
                "p-0123456789abcdef0123456789abcdef",
                org.korrekt.features.Benefit.TFP,
                Channel.PAPER,
                java.time.LocalDate.of(2025, 2, 10),
                java.time.LocalDate.of(2025, 2, 3),
                java.time.LocalDate.of(2025, 2, 7),
                5,
                amountSek,
                30_000);
    }

    @Test
    void aPlainPassCarriesNoModelReasons() {
        Decision d = service(0.5).score(TestModels.application("A-2", 0, Channel.E_SERVICE));

        assertThat(d.action()).isEqualTo(Action.PASS);
        assertThat(d.randomControl()).isFalse();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void aRandomDrawSendsALowScoreToAManualCheckMarkedAsRandom() {
        Decision d = service(0.001).score(TestModels.application("A-3", 0, Channel.E_SERVICE));

        assertThat(d.randomControl()).isTrue();
        assertThat(d.action()).isEqualTo(Action.MANUAL_CHECK);
        assertThat(d.band()).isEqualTo(Band.LOW);
        assertThat(d.opensCase()).isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void scoresAreProbabilitiesAndReasonsAreSortedForAnyValidApplication(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ScoringService service = service(0.5);
        for (int i = 0; i < 500; i++) {
            int lag = random.nextInt(-30, 700);
            Decision d = service.score(
                    TestModels.application("A-" + i, lag, random.nextBoolean() ? Channel.PAPER : Channel.E_SERVICE));
            assertThat(d.score()).isBetween(0.0, 1.0);
            assertThat(d.reasons()).hasSizeLessThanOrEqualTo(Decision.MAX_REASONS);
            // the rule hit (a VAB claim over 90 days late) comes first, then the model's reasons
            boolean late = lag > 90;
            assertThat(!d.reasons().isEmpty() && d.reasons().get(0).code().equals("RETROACTIVE_VAB"))
                    .isEqualTo(late);
            if (late) {
                assertThat(d.action()).isIn(Action.MANUAL_CHECK, Action.HOLD_PAYMENT);
            }
            List<Reason> model = d.reasons().subList(late ? 1 : 0, d.reasons().size());
            for (int k = 1; k < model.size(); k++) {
                assertThat(model.get(k).contribution())
                        .isLessThanOrEqualTo(model.get(k - 1).contribution());
            }
            assertThat(model).allMatch(r -> r.contribution() > 0);
            assertThat(model).noneMatch(r -> r.code().equals("PAPER_APPLICATION") && r.value() == 0);
        }
    }
}
