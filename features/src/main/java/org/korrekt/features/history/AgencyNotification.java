package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A notification from another agency or the public (underrättelse).
 *
 * @param notificationId the notification's id
 * @param source {@code municipality}, {@code migrationsverket}, {@code skatteverket}, {@code arbetsformedlingen}, {@code public}
 * @param personId the person it concerns
 * @param benefit the benefit it concerns
 * @param subject what it says: {@code household}, {@code emigration}, {@code permit}, {@code work}, {@code other}
 * @param receivedOn when it arrived
 */
public record AgencyNotification(
        String notificationId,
        String source,
        String personId,
        org.korrekt.features.Benefit benefit,
        String subject,
        LocalDate receivedOn) {}
