package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * An assistance provider (assistansanordnare), licensed by IVO.
 *
 * @param providerId the provider's pseudonymised organisation number
 * @param licensedFrom first day of its IVO licence
 * @param licenceRevokedOn the day IVO revoked the licence, or {@code null}
 */
public record Provider(String providerId, LocalDate licensedFrom, LocalDate licenceRevokedOn) {}
