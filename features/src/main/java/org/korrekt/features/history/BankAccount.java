package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A bank account payments are made to.
 *
 * @param accountId the account's pseudonym
 * @param holderId the account holder
 * @param registeredOn when it was registered with the agency
 */
public record BankAccount(String accountId, String holderId, LocalDate registeredOn) {}
