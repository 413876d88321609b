package org.korrekt.paymentrun;

import java.time.LocalDate;
import java.util.Objects;
import org.korrekt.features.Application;

/**
 * One decoded row of a payment run: a valid application (its person pseudonymised), and what the
 * output copies through.
 *
 * @param row the 1-based data row in the input
 * @param application the application to score
 * @param childPseudonym the pseudonym of the child a VAB application names, or {@code null}
 * @param paymentId the payment's id, or {@code null} when the input has none
 * @param payDate the payment's due day, or {@code null}
 */
public record PaymentRow(
        long row, Application application, String childPseudonym, String paymentId, LocalDate payDate) {

    public PaymentRow {
        Objects.requireNonNull(application, "application");
        if (row < 1) {
            throw new IllegalArgumentException("row must be >= 1, was " + row);
        }
    }
}
