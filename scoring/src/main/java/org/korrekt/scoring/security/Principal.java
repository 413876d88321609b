package org.korrekt.scoring.security;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An authenticated caller, from a verified token.
 *
 * @param subject the token's {@code sub}: who the caller is
 * @param roles the known roles from the {@code roles} claim; never empty
 * @param units the control unit codes from the {@code units} claim (e.g. {@code tfp}), in lower case
 *     as units are named ({@code TFP} is {@code tfp}); may be empty
 * @param expiresAt the token's {@code exp}
 */
public record Principal(String subject, Set<Role> roles, Set<String> units, Instant expiresAt) {

    /** Copies the sets, so that a principal cannot change after it is made. */
    public Principal {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(expiresAt, "expiresAt");
        roles = roles.isEmpty()
                ? Collections.unmodifiableSet(EnumSet.noneOf(Role.class))
                : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        // unit names are lower case (QueueSettings); an identity provider may write them otherwise
        units = units.stream().map(u -> u.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether the caller may act in this role: it holds the role, or it is {@link Role#ADMIN}, who
     * may do everything. For the roles as written in the token, use {@code roles().contains(role)}.
     */
    public boolean has(Role role) {
        return roles.contains(role) || roles.contains(Role.ADMIN);
    }

    /**
     * Whether the caller may read a control unit's queue, cases and decisions: an admin or an
     * auditor any, an investigator or lead its own.
     */
    public boolean mayReadUnit(String unit) {
        return readsEveryUnit() || mayWorkUnit(unit);
    }

    /**
     * Whether the caller may work a control unit's queue (claim, write notes, record outcomes): an
     * admin any, an investigator or lead its own. An auditor reads only.
     */
    public boolean mayWorkUnit(String unit) {
        return roles.contains(Role.ADMIN)
                || ((roles.contains(Role.INVESTIGATOR) || roles.contains(Role.LEAD)) && units.contains(unit));
    }

    /** Whether the caller reads every unit's cases and decisions: an admin or an auditor. */
    public boolean readsEveryUnit() {
        return roles.contains(Role.ADMIN) || roles.contains(Role.AUDITOR);
    }

    /** Whether the caller leads a control unit: an admin any, a lead its own. */
    public boolean leads(String unit) {
        return roles.contains(Role.ADMIN) || (roles.contains(Role.LEAD) && units.contains(unit));
    }
}
