package org.korrekt.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each role may do. */
class PrincipalTest {

    private static Principal principal(Set<Role> roles, Set<String> units) {
        return new Principal("s", roles, units, Instant.EPOCH);
    }

    @Test
    void anInvestigatorReadsItsOwnUnitsOnly() {
        Principal investigator = principal(EnumSet.of(Role.INVESTIGATOR), Set.of("tfp", "fp"));

        assertThat(investigator.mayReadUnit("tfp")).isTrue();
        assertThat(investigator.mayReadUnit("fp")).isTrue();
        assertThat(investigator.mayReadUnit("sp")).isFalse();
        assertThat(investigator.has(Role.INVESTIGATOR)).isTrue();
        assertThat(investigator.has(Role.SELFSERVICE)).isFalse();
        assertThat(investigator.has(Role.ADMIN)).isFalse();
    }

    @Test
    void anAdminMayDoEverything() {
        Principal admin = principal(EnumSet.of(Role.ADMIN), Set.of());

        assertThat(admin.mayReadUnit("sp")).isTrue();
        for (Role role : Role.values()) {
            assertThat(admin.has(role)).as(role.name()).isTrue();
        }
        assertThat(admin.roles()).containsExactly(Role.ADMIN);
    }

    @Test
    void unitsWithoutTheInvestigatorRoleGrantNothing() {
        Principal scorer = principal(EnumSet.of(Role.SELFSERVICE, Role.DATASCIENTIST), Set.of("tfp"));

        assertThat(scorer.mayReadUnit("tfp")).isFalse();
        assertThat(scorer.has(Role.SELFSERVICE)).isTrue();
        assertThat(scorer.has(Role.DATASCIENTIST)).isTrue();
    }

    @Test
    void isImmutable() {
        Set<Role> roles = EnumSet.of(Role.SELFSERVICE);
        Set<String> units = new HashSet<>(Set.of("tfp"));
        Principal principal = principal(roles, units);
        roles.add(Role.ADMIN);
        units.add("sp");

        assertThat(principal.roles()).containsExactly(Role.SELFSERVICE);
        assertThat(principal.units()).containsExactly("tfp");
        assertThatThrownBy(() -> principal.roles().add(Role.ADMIN)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void roleClaimsAreLowerCase() {
        assertThat(Role.fromClaim("datascientist")).isEqualTo(Role.DATASCIENTIST);
        assertThat(Role.fromClaim("Admin")).isNull();
        assertThat(Role.fromClaim(null)).isNull();
        assertThat(Role.SELFSERVICE.claim()).isEqualTo("selfservice");
    }
}
