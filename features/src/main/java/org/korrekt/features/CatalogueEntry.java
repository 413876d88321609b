package org.korrekt.features;

import java.util.Objects;

/**
 * A feature's governance: where its data comes from, what happens when the data is missing, on
 * what legal basis and for what purpose it may be processed, and whether it is a protected
 * attribute (or a known proxy for one).
 *
 * @param definition the feature
 * @param sourceTable the table of the claims history it is computed from (docs/data.md)
 * @param missingPolicy what the feature is when its data is missing
 * @param legalBasis the legal basis and purpose of processing it
 * @param protectedAttribute whether it is a protected attribute or a proxy for one: carried for
 *     fairness audits only, never a model input
 */
public record CatalogueEntry(
        FeatureDefinition definition,
        String sourceTable,
        String missingPolicy,
        String legalBasis,
        boolean protectedAttribute) {

    public CatalogueEntry {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(sourceTable, "sourceTable");
        Objects.requireNonNull(missingPolicy, "missingPolicy");
        Objects.requireNonNull(legalBasis, "legalBasis");
        if (protectedAttribute && definition.explainable()) {
            throw new IllegalArgumentException(
                    "protected attribute '" + definition.name() + "' can never be a reason, so it has no reason code");
        }
    }

    /** The feature's name. */
    public String name() {
        return definition.name();
    }
}
