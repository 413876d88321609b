package org.korrekt.features;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One feature: what it means, its unit, and how it is explained when it drives a score.
 *
 * @param name stable snake_case name, used in model artifacts and provenance
 * @param definition how the value is computed, in one sentence
 * @param unit the unit of the value (e.g. {@code days}, {@code ratio}, {@code ln(1+SEK)})
 * @param reasonCode stable reason code reported when this feature raises a score, or {@code null}
 *     when the feature is context only and never given as a reason
 * @param reasonSv the reason in Swedish, or {@code null} when {@code reasonCode} is {@code null}
 * @param reasonEn the reason in English, or {@code null} when {@code reasonCode} is {@code null}
 */
public record FeatureDefinition(
        String name, String definition, String unit, String reasonCode, String reasonSv, String reasonEn) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public FeatureDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(unit, "unit");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feature name must be snake_case, was '" + name + "'");
        }
        if (reasonCode != null) {
            if (!CODE.matcher(reasonCode).matches()) {
                throw new IllegalArgumentException("reasonCode must be UPPER_SNAKE_CASE, was '" + reasonCode + "'");
            }
            Objects.requireNonNull(reasonSv, "reasonSv");
            Objects.requireNonNull(reasonEn, "reasonEn");
        }
    }

    /** Whether this feature is reported as a reason when it raises a score. */
    public boolean explainable() {
        return reasonCode != null;
    }
}
