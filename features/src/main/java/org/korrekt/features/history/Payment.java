package org.korrekt.features.history;

import java.time.LocalDate;
import java.util.Objects;
import org.korrekt.features.Benefit;

/**
 * One payment (utbetalning), with the ground-truth and the observed layer.
 *
 * @param paymentId the payment's id
 * @param applicationId the application it pays
 * @param personId the recipient
 * @param benefit the benefit
 * @param payDate the day it was paid
 * @param amountSek the amount paid, SEK
 * @param accountId the bank account paid to
 * @param advance whether it was paid in advance of the period (e.g. assistance)
 * @param sampleWeight how many real payments this one stands for
 * @param incorrect whether any of it was paid incorrectly (ground truth)
 * @param episodeId the error episode it belongs to, else {@code null}
 * @param mechanism the mechanism (G1-G12), else {@code null}
 * @param causeActor {@code claimant}, {@code agency} or {@code other}, else {@code null}
 * @param intentional whether the error is intentional (ground truth)
 * @param timing {@code application}, {@code change} or {@code fth}, else {@code null}
 * @param incorrectAmountSek the incorrectly paid part, SEK, 0 when correct
 * @param detected whether a control found the error (observed layer)
 * @param detectedBy the channel that found it, else {@code null}
 * @param detectedOn when it was found, else {@code null}
 */
public record Payment(
        String paymentId,
        String applicationId,
        String personId,
        Benefit benefit,
        LocalDate payDate,
        double amountSek,
        String accountId,
        boolean advance,
        double sampleWeight,
        boolean incorrect,
        String episodeId,
        String mechanism,
        String causeActor,
        boolean intentional,
        String timing,
        double incorrectAmountSek,
        boolean detected,
        String detectedBy,
        LocalDate detectedOn) {

    public Payment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(benefit, "benefit");
        if (!(incorrectAmountSek >= 0 && incorrectAmountSek <= amountSek + 0.005)) {
            throw new IllegalArgumentException("incorrectAmountSek must be in [0, amountSek], was " + incorrectAmountSek
                    + " of " + amountSek + " for payment " + paymentId);
        }
        if (detected && !incorrect) {
            throw new IllegalArgumentException("payment " + paymentId + " is detected but not incorrect");
        }
    }
}
