package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A reported change of circumstances (ändringsanmälan).
 *
 * @param reportId the report's id
 * @param personId who reported
 * @param benefit the benefit concerned
 * @param type what changed: {@code income}, {@code household}, {@code address}, {@code work}, {@code other}
 * @param effectiveDate the day the change took effect
 * @param receivedOn the day the agency received the report
 * @param processedOn the day the agency processed it
 */
public record ChangeReport(
        String reportId,
        String personId,
        org.korrekt.features.Benefit benefit,
        String type,
        LocalDate effectiveDate,
        LocalDate receivedOn,
        LocalDate processedOn) {}
