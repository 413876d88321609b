package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * An employer (arbetsgivare).
 *
 * @param employerId the employer's pseudonymised organisation number
 * @param registeredOn when the company was registered
 * @param employees number of employees
 * @param sector the industry sector
 * @param shell whether it is a shell company used for income misstatement; ground truth
 */
public record Employer(String employerId, LocalDate registeredOn, int employees, String sector, boolean shell) {}
