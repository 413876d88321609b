package org.korrekt.features.history;

/**
 * The final settlement of a year's housing allowance against the household's taxed income
 * (slutligt bostadsbidrag).
 *
 * @param personId the recipient
 * @param year the year settled
 * @param decidedOn the day of the settlement decision
 * @param outcome {@code repay}, {@code top_up} or {@code none}
 * @param amountSek the repayment or top-up, SEK
 */
public record BobReconciliation(
        String personId, int year, java.time.LocalDate decidedOn, String outcome, double amountSek) {}
