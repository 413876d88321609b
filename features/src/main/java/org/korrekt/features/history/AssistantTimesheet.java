package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * Hours a personal assistant reports for one day with one assistance user (tidrapport).
 *
 * @param assistantId the assistant (a person)
 * @param userId the assistance user (a person)
 * @param providerId the provider employing the assistant
 * @param date the day
 * @param hours hours reported
 */
public record AssistantTimesheet(String assistantId, String userId, String providerId, LocalDate date, double hours) {}
