package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * The decision (beslut) on an application.
 *
 * @param decisionId the decision's id
 * @param applicationId the application decided
 * @param decidedOn the day of the decision
 * @param automated whether it was decided without a case handler
 * @param grantedAmountSek the amount granted, SEK
 */
public record BenefitDecision(
        String decisionId, String applicationId, LocalDate decidedOn, boolean automated, double grantedAmountSek) {}
