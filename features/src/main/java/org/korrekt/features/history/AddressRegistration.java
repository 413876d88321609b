package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A registration of a person at an address (folkbokföring).
 *
 * @param personId the person
 * @param addressId the address
 * @param registeredFrom first day of the registration
 * @param registeredTo last day, or {@code null} while it lasts
 */
public record AddressRegistration(
        String personId, String addressId, LocalDate registeredFrom, LocalDate registeredTo) {}
