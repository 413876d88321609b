package org.korrekt.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ApplicationFeaturesTest {

    static Application application(Benefit benefit, Channel channel, int claimedDays, double amount, double income) {
        return new Application(
                "A-1",
                "p-0123456789abcdef0123456789abcdef",
                benefit,
                channel,
                LocalDate.of(2025, 3, 20),
                LocalDate.of(2024, 11, 4),
                LocalDate.of(2024, 11, 8),
                claimedDays,
                amount,
                income);
    }

    @Test
    void extractsEveryFeatureAsDefined() {
        double[] out = new double[ApplicationFeatures.SCHEMA_V1.size()];
        ApplicationFeatures.v1().extract(application(Benefit.TFP, Channel.PAPER, 4, 6_200, 20_000), out);

        FeatureSchema schema = ApplicationFeatures.SCHEMA_V1;
        assertThat(out[schema.indexOf("amount_sek_log")]).isEqualTo(Math.log1p(6_200));
        assertThat(out[schema.indexOf("claimed_days")]).isEqualTo(4);
        assertThat(out[schema.indexOf("claimed_day_share")]).isEqualTo(4 / 5.0);
        assertThat(out[schema.indexOf("submission_lag_days")]).isEqualTo(132); // 8 Nov 2024 -> 20 Mar 2025
        assertThat(out[schema.indexOf("amount_to_income_ratio")]).isEqualTo(6_200 / 20_000.0);
        assertThat(out[schema.indexOf("declared_income_sek_log")]).isEqualTo(Math.log1p(20_000));
        assertThat(out[schema.indexOf("paper_channel")]).isEqualTo(1.0);
        assertThat(out[schema.indexOf("benefit_tfp")]).isEqualTo(1.0);
        assertThat(out[schema.indexOf("benefit_fp")]).isZero();
        assertThat(out[schema.indexOf("benefit_sp")]).isZero();
        assertThat(out[schema.indexOf("benefit_bob")]).isZero();
    }

    @Test
    void incomeBelowTheFloorUsesTheFloorSoTheRatioStaysFinite() {
        double[] out = new double[ApplicationFeatures.SCHEMA_V1.size()];
        ApplicationFeatures.v1().extract(application(Benefit.FP, Channel.E_SERVICE, 5, 3_000, 0), out);

        assertThat(out[ApplicationFeatures.SCHEMA_V1.indexOf("amount_to_income_ratio")])
                .isEqualTo(3_000 / ApplicationFeatures.INCOME_FLOOR_SEK);
        assertThat(out[ApplicationFeatures.SCHEMA_V1.indexOf("declared_income_sek_log")])
                .isZero();
    }

    @Test
    void refusesAShortBuffer() {
        assertThatThrownBy(() -> ApplicationFeatures.v1()
                        .extract(application(Benefit.SP, Channel.E_SERVICE, 1, 1, 1), new double[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 11 slots, had 3");
    }

    @Test
    void applicationRefusesClaimingMoreDaysThanThePeriodHas() {
        assertThatThrownBy(() -> application(Benefit.TFP, Channel.E_SERVICE, 6, 100, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("claimedDays must be between 0 and the period's 5 days, was 6");
    }

    static Application assistance(String provider, double grantedHours) {
        return new Application(
                "A-1",
                "p-0123456789abcdef0123456789abcdef",
                Benefit.ASS,
                Channel.E_SERVICE,
                LocalDate.of(2024, 10, 27),
                LocalDate.of(2024, 11, 1),
                LocalDate.of(2024, 11, 30),
                30,
                150_000,
                0,
                provider,
                grantedHours);
    }

    @Test
    void anAssistanceApplicationNamesItsProviderAndGrantWithinBounds() {
        Application a = assistance("V-1", 744);
        assertThat(a.providerId()).isEqualTo("V-1");
        assertThat(a.grantedHoursPerMonth()).isEqualTo(744);
        assertThat(application(Benefit.TFP, Channel.E_SERVICE, 4, 1, 1).grantedHoursPerMonth())
                .isNaN();
        assertThatThrownBy(() -> assistance("V-1", 744.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("grantedHoursPerMonth must be in (0, 744.0] or absent, was 744.5");
        assertThatThrownBy(() -> assistance("V-1", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 0.0");
        assertThatThrownBy(() -> assistance("", 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("providerId must have 1 to 64 characters, had 0");
    }

    @Test
    void noFeatureIsAProtectedAttribute() {
        for (String name : ApplicationFeatures.SCHEMA_V1.names()) {
            assertThat(name).doesNotContain("sex", "gender", "age", "birth", "country", "citizen", "language");
        }
    }
}
