package org.korrekt.scoring.security;

/** What a caller may do; carried in the token's {@code roles} claim as lower-case strings. */
public enum Role {
    /** May score applications ({@code POST /v1/score}). */
    SELFSERVICE("selfservice"),
    /** Reads the queues and decisions of its own control unit(s), named in the {@code units} claim. */
    INVESTIGATOR("investigator"),
    /** Manages models. */
    DATASCIENTIST("datascientist"),
    /** May do everything. */
    ADMIN("admin");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    /** The role's value in the {@code roles} claim, e.g. {@code investigator}. */
    public String claim() {
        return claim;
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
