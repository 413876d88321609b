package org.korrekt.training.train;

/**
 * Metrics of a trained profile on its test rows (the newest rows, never seen in training).
 *
 * @param rocAuc area under the ROC curve
 * @param brier Brier score
 * @param logLoss mean negative log-likelihood
 * @param positiveRate share of incorrect applications among the test rows
 * @param precisionTop1Percent share incorrect among the 1 % highest-scored
 * @param precisionTop5Percent share incorrect among the 5 % highest-scored
 * @param maxAbsDifferenceVsTribuo largest |compiled - Tribuo| probability over the test rows
 */
public record ProfileMetrics(
        double rocAuc,
        double brier,
        double logLoss,
        double positiveRate,
        double precisionTop1Percent,
        double precisionTop5Percent,
        double maxAbsDifferenceVsTribuo) {}
