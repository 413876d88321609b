package org.korrekt.features.history;

import java.time.LocalDate;

/**
 * Whether a child was at preschool or school on a day, as the provider reports it
 * (närvaro). Kept for the days of the parents' VAB claims, as a control requests them.
 *
 * @param childId the child
 * @param date the day
 * @param present whether the child attended
 */
public record ChildcareAttendance(String childId, LocalDate date, boolean present) {}
