package org.korrekt.scoring;

/**
 * Why a score is what it is: one feature's contribution.
 *
 * @param code the stable reason code, e.g. {@code LATE_APPLICATION}
 * @param textSv the reason in Swedish
 * @param textEn the reason in English
 * @param feature the feature's name
 * @param value the feature's value for this application
 * @param contribution the feature's additive contribution to the log-odds (positive raises risk)
 */
public record Reason(String code, String textSv, String textEn, String feature, double value, double contribution) {}
