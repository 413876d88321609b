package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A control of one payment or case (kontroll).
 *
 * @param controlId the control's id
 * @param type {@code random_ifk} (random internal-control sample), {@code pre_payment}, {@code notification},
 *     {@code targeted}, {@code reconciliation}, {@code handler} (investigations are in their own table)
 * @param benefit the benefit
 * @param personId the person
 * @param paymentId the payment controlled, else {@code null}
 * @param performedOn when
 * @param deviation whether it found an error
 * @param preventedSek future payments stopped by it, SEK
 */
public record Control(
        String controlId,
        String type,
        org.korrekt.features.Benefit benefit,
        String personId,
        String paymentId,
        LocalDate performedOn,
        boolean deviation,
        double preventedSek) {}
