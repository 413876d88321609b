package org.korrekt.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureSchemaTest {

    /**
     * The fingerprint of schema v1 is part of every model artifact trained on it. If this test
     * fails, the feature code changed meaning: bump the schema version and retrain, never edit
     * the expected value alone.
     */
    @Test
    void fingerprintOfVersionOneIsStable() {
        assertThat(ApplicationFeatures.SCHEMA_V1.fingerprint()).isEqualTo(GoldenFingerprint.APPLICATION_V1);
    }

    @Test
    void anyChangeToAFeatureChangesTheFingerprint() {
        FeatureSchema v1 = ApplicationFeatures.SCHEMA_V1;
        List<FeatureDefinition> changed = new ArrayList<>(v1.features());
        FeatureDefinition first = changed.get(0);
        changed.set(
                0,
                new FeatureDefinition(
                        first.name(),
                        first.definition() + ".",
                        first.unit(),
                        first.reasonCode(),
                        first.reasonSv(),
                        first.reasonEn()));

        assertThat(new FeatureSchema(v1.name(), v1.version(), changed).fingerprint())
                .isNotEqualTo(v1.fingerprint());
        assertThat(new FeatureSchema(v1.name(), v1.version() + 1, v1.features()).fingerprint())
                .isNotEqualTo(v1.fingerprint());
        assertThat(new FeatureSchema(v1.name(), v1.version(), v1.features()).fingerprint())
                .isEqualTo(v1.fingerprint());
    }

    @Test
    void refusesDuplicateNames() {
        FeatureDefinition f = new FeatureDefinition("x", "x", "unit", null, null, null);
        assertThatThrownBy(() -> new FeatureSchema("s", 1, List.of(f, f)))
                .hasMessage("feature 'x' appears twice in schema s");
    }

    @Test
    void reasonCodesAreUniqueAndTranslated() {
        List<String> codes = new ArrayList<>();
        for (FeatureDefinition feature : ApplicationFeatures.SCHEMA_V1.features()) {
            if (feature.explainable()) {
                assertThat(feature.reasonSv()).isNotBlank();
                assertThat(feature.reasonEn()).isNotBlank();
                codes.add(feature.reasonCode());
            }
        }
        assertThat(codes).doesNotHaveDuplicates().isNotEmpty();
    }
}
