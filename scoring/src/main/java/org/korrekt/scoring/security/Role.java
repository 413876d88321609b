package org.korrekt.scoring.security;

/** What a caller may do; carried in the token's {@code roles} claim as lower-case strings. */
public enum Role {
    /** May score applications ({@code POST /v1/score}). */
    SELFSERVICE("selfservice"),
    /** Reads the queues and decisions of its own control unit(s), named in the {@code units} claim. */
    INVESTIGATOR("investigator"),
    /**
     * Leads the control unit(s) named in the {@code units} claim: everything an investigator may do
     * there, and reassigns cases, sets the unit's daily capacity and reads its figures.
     */
    LEAD("lead"),
    /** Manages models. */
    DATASCIENTIST("datascientist"),
    /**
     * Reports the registers' facts to the person history ({@code POST /v1/history/events}):
     * payments, employer declarations, attendance, timesheets, registrations, permits, licences.
     */
    FEED("feed"),
    /**
     * Reads and never changes: every decision record, every control unit's queues, cases (with
     * their audit trails) and figures, and the models, in every unit; the {@code units} claim is not
     * needed.
     */
    AUDITOR("auditor"),
    /** May do everything. */
    ADMIN("admin");

    private static final Role[] values = values();

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    /** The role's value in the {@code roles} claim, e.g. {@code investigator}. */
    public String claim() {
        return claim;
    }

    /** The role whose claim value is {@code text[offset, offset + length)}, or null; allocates nothing. */
    static Role fromClaim(char[] text, int offset, int length) {
        for (Role role : values) {
            String claim = role.claim;
            if (claim.length() == length) {
                int i = 0;
                while (i < length && claim.charAt(i) == text[offset + i]) {
                    i++;
                }
                if (i == length) {
                    return role;
                }
            }
        }
        return null;
    }

    /** The role with this claim value (exact, lower case), or null for a role korrekt does not know. */
    public static Role fromClaim(String value) {
        for (Role role : values()) {
            if (role.claim.equals(value)) {
                return role;
            }
        }
        return null;
    }
}
