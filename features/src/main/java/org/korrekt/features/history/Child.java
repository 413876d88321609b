package org.korrekt.features.history;

/**
 * A child.
 *
 * @param childId the child's pseudonym
 * @param parentId the parent the child is registered with
 * @param otherParentId the other parent, or {@code null}
 * @param birthYear year of birth
 * @param alternatingResidence whether the child lives alternately with both parents (växelvis boende)
 * @param enrolledUntil for a child over 16 in studies (förlängt barnbidrag), the last day of enrolment; else {@code null}
 * @param reEnrolledOn the day studies resumed after {@code enrolledUntil}, else {@code null}
 */
public record Child(
        String childId,
        String parentId,
        String otherParentId,
        int birthYear,
        boolean alternatingResidence,
        java.time.LocalDate enrolledUntil,
        java.time.LocalDate reEnrolledOn) {}
