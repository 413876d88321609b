package org.korrekt.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReasonConditionsTest {

    @Test
    void everyReasonKorrektDefinesHasItsOwnCondition() {
        for (FeatureSchema schema : new FeatureSchema[] {ApplicationFeatures.SCHEMA_V1, ClaimFeatures.SCHEMA}) {
            for (FeatureDefinition feature : schema.features()) {
                if (feature.explainable()) {
                    assertThat(ReasonConditions.of(feature.reasonCode()))
                            .as(feature.reasonCode() + ": a new reason needs a condition of its text")
                            .isNotEqualTo(ReasonConditions.of("A_FOREIGN_TABLES_REASON"));
                }
            }
        }
    }

    @Test
    void aTextThatSaysHighNeedsAValueAboveTheTrainingMeanAndAFixedOneItsBound() {
        FeatureSchema schema = ClaimFeatures.SCHEMA;
        double[] means = new double[schema.size()];
        java.util.Arrays.fill(means, 7.5);
        double[] above = ReasonConditions.thresholds(schema, means);
        assertThat(above[schema.indexOf("amount_sek_log")]).isEqualTo(7.5);
        // "long after the period": a month at least, even where the applications trained on came sooner
        assertThat(above[schema.indexOf("submission_lag_days")]).isEqualTo(30.0);
        double[] late = means.clone();
        late[schema.indexOf("submission_lag_days")] = 45;
        assertThat(ReasonConditions.thresholds(schema, late)[schema.indexOf("submission_lag_days")])
                .isEqualTo(45.0);
        assertThat(above[schema.indexOf("declared_to_employer_income_ratio")]).isEqualTo(1.0);
        assertThat(above[schema.indexOf("child_present_on_claimed_days")]).isZero();
        assertThat(above[schema.indexOf("declared_income_sek_log")]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(above[schema.indexOf("benefit_tfp")]).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(1.0).isGreaterThan(above[schema.indexOf("assisted_hours_to_granted_ratio")]);
        assertThat(0.999_999).isLessThan(above[schema.indexOf("assisted_hours_to_granted_ratio")]);
        // without training means, a text that says high cannot be shown true: never given
        assertThat(ReasonConditions.thresholds(schema, null)[schema.indexOf("amount_sek_log")])
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(ReasonConditions.thresholds(schema, null)[schema.indexOf("child_present_on_claimed_days")])
                .isZero();
    }
}
