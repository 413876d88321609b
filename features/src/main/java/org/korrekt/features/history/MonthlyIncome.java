package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * One employer's monthly declaration for one person (arbetsgivardeklaration på individnivå, AGI).
 *
 * @param personId the employee
 * @param employerId the employer
 * @param month the first day of the month declared
 * @param grossPaySek gross pay, SEK
 * @param sickDays days of sick pay (sjuklön)
 * @param parentalLeaveDays days of parental leave
 * @param vabDays days of absence to care for a sick child (VAB)
 */
public record MonthlyIncome(
        String personId,
        String employerId,
        LocalDate month,
        double grossPaySek,
        int sickDays,
        int parentalLeaveDays,
        int vabDays) {}
