package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * A control investigation (kontrollutredning) by a control unit.
 *
 * @param investigationId the investigation's id
 * @param personId the person investigated
 * @param benefit the benefit
 * @param trigger what started it: {@code notification}, {@code handler}, {@code profile}, {@code tip}
 * @param startedOn first day
 * @param endedOn last day
 * @param action {@code none}, {@code refusal}, {@code reduction}, {@code stop} or {@code recovery}
 * @param policeReport whether it was reported to the police
 * @param detectedSek incorrect amount found, SEK
 * @param preventedSek future incorrect payments stopped, SEK
 */
public record ControlInvestigation(
        String investigationId,
        String personId,
        org.korrekt.features.Benefit benefit,
        String trigger,
        LocalDate startedOn,
        LocalDate endedOn,
        String action,
        boolean policeReport,
        double detectedSek,
        double preventedSek) {}
