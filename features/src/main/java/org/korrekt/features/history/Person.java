package org.korrekt.features.history;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A person (folkbokförd person). Sex, birth year and country of birth are protected attributes:
 * kept for fairness audits, never model inputs.
 *
 * @param personId the keyed pseudonym
 * @param sex {@code F} or {@code M}
 * @param birthYear year of birth
 * @param countryOfBirthGroup {@code sweden}, {@code nordic}, {@code europe} or {@code outside_europe}
 * @param permitType {@code citizen}, {@code permanent} or {@code temporary} (uppehållstillstånd)
 * @param permitValidTo last day of a temporary permit, else {@code null}
 * @param permitRenewedOn the day a new permit took effect after {@code permitValidTo}, else {@code null}
 * @param emigratedOn the day the person actually left Sweden without reporting it; ground truth, else {@code null}
 * @param returnedOn the day the person came back after {@code emigratedOn}; ground truth, else {@code null}
 * @param addressId the address the person is registered at
 */
public record Person(
        String personId,
        String sex,
        int birthYear,
        String countryOfBirthGroup,
        String permitType,
        LocalDate permitValidTo,
        LocalDate permitRenewedOn,
        LocalDate emigratedOn,
        LocalDate returnedOn,
        String addressId) {

    public Person {
        Objects.requireNonNull(personId, "personId");
        if (!"F".equals(sex) && !"M".equals(sex)) {
            throw new IllegalArgumentException("sex must be F or M, was " + sex);
        }
    }
}
