package org.korrekt.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureCatalogueTest {

    @Test
    void everyModelFeatureIsDeclaredWithItsGovernance() {
        for (FeatureDefinition feature : ApplicationFeatures.SCHEMA_V1.features()) {
            CatalogueEntry entry = FeatureCatalogue.entry(feature.name());
            assertThat(entry).as(feature.name()).isNotNull();
            assertThat(entry.definition()).isEqualTo(feature);
            assertThat(entry.protectedAttribute()).isFalse();
            assertThat(entry.legalBasis()).isNotBlank();
            assertThat(entry.sourceTable()).isNotBlank();
        }
        FeatureCatalogue.requireModelInputs(ApplicationFeatures.SCHEMA_V1);
    }

    /**
     * The case page shows a feature kept as ln(1 + SEK) in SEK, and knows one by its name alone
     * (case.js, LOG_SEK: {@code _sek}, then any {@code _part}s, then {@code _log}): every such
     * feature is named so, and no other is.
     */
    @Test
    void aFeatureInLogSekIsNamedSoTheCasePageShowsItInSek() {
        java.util.regex.Pattern logSek = java.util.regex.Pattern.compile(".*_sek(_[a-z0-9]+)*_log");
        List<String> inLogSek = new ArrayList<>();
        for (FeatureDefinition feature : ClaimFeatures.SCHEMA.features()) {
            boolean named = logSek.matcher(feature.name()).matches();
            assertThat(named)
                    .as(feature.name() + " in " + feature.unit())
                    .isEqualTo(feature.unit().equals("ln(1+SEK)"));
            if (named) {
                inLogSek.add(feature.name());
            }
        }
        assertThat(inLogSek)
                .containsExactlyInAnyOrder("amount_sek_log", "declared_income_sek_log", "paid_sek_365d_log");
    }

    @Test
    void aSchemaWithAProtectedAttributeCannotTrainAndTheErrorNamesIt() {
        List<FeatureDefinition> features = new ArrayList<>(ApplicationFeatures.SCHEMA_V1.features());
        features.add(FeatureCatalogue.entry("sex").definition());
        FeatureSchema withSex = new FeatureSchema("application", 99, features);

        assertThatThrownBy(() -> FeatureCatalogue.requireModelInputs(withSex))
                .isInstanceOf(ProtectedFeatureException.class)
                .hasMessageContaining("feature 'sex' is a protected attribute")
                .hasMessageContaining("never used as a model input");
    }

    @Test
    void anUndeclaredFeatureIsRefusedToo() {
        FeatureSchema undeclared = new FeatureSchema(
                "experiment", 1, List.of(new FeatureDefinition("postcode", "the postcode", "code", null, null, null)));

        assertThatThrownBy(() -> FeatureCatalogue.requireModelInputs(undeclared))
                .isInstanceOf(ProtectedFeatureException.class)
                .hasMessageContaining("feature 'postcode' is not declared in the feature catalogue");
    }

    @Test
    void protectedAttributesCoverWhatTheAuditsNeed() {
        assertThat(FeatureCatalogue.entries().stream()
                        .filter(CatalogueEntry::protectedAttribute)
                        .map(CatalogueEntry::name))
                .contains(
                        "sex",
                        "age_years",
                        "born_abroad",
                        "country_of_birth_group",
                        "citizenship_or_permit",
                        "language");
    }

    @Test
    void docsFeaturesMdIsGeneratedFromTheCatalogue() throws Exception {
        Path doc = Path.of("..", "docs", "features.md");
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
                .as(
                        "docs/features.md is out of date; regenerate it with"
                                + " java -cp features/target/classes org.korrekt.features.FeatureCatalogueDocs docs/features.md")
                .isEqualTo(FeatureCatalogue.markdown());
    }
}
