package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A recovery claim (återkrav) and where it stands at the end of the history.
 *
 * @param recoveryId the claim's id
 * @param personId the debtor
 * @param benefit the benefit
 * @param kind {@code incorrect_payment} or {@code bob_reconciliation} (final housing-allowance settlement)
 * @param episodeId the error episode it recovers, else {@code null}
 * @param decidedOn the day it was decided
 * @param amountSek the amount claimed, SEK
 * @param dueOn the day it falls due
 * @param repaidSek repaid by the end of the history, SEK
 * @param status {@code paid}, {@code instalments}, {@code unpaid} or {@code not_yet_decided} (decided after the history)
 */
public record RecoveryClaim(
        String recoveryId,
        String personId,
        org.korrekt.features.Benefit benefit,
        String kind,
        String episodeId,
        LocalDate decidedOn,
        double amountSek,
        LocalDate dueOn,
        double repaidSek,
        String status) {}
