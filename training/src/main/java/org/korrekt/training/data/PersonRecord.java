package org.korrekt.training.data;

import java.util.Objects;

/**
 * A person in the synthetic history. Sex, birth year and born-abroad are protected attributes:
 * carried for fairness audits, never used as model features.
 *
 * @param personPseudonym the keyed pseudonym (no identity number exists in generated data)
 * @param sex {@code F} or {@code M}
 * @param birthYear year of birth
 * @param bornAbroad whether the person was born outside Sweden
 */
public record PersonRecord(String personPseudonym, String sex, int birthYear, boolean bornAbroad) {

    public PersonRecord {
        Objects.requireNonNull(personPseudonym, "personPseudonym");
        if (!"F".equals(sex) && !"M".equals(sex)) {
            throw new IllegalArgumentException("sex must be F or M, was " + sex);
        }
        if (birthYear < 1900 || birthYear > 2100) {
            throw new IllegalArgumentException("birthYear must be in [1900, 2100], was " + birthYear);
        }
    }
}
