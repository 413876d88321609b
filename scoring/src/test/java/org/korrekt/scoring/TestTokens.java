package org.korrekt.scoring;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;

/** Bearer JWTs for tests, signed with one HS256 test secret. */
public final class TestTokens {

    /** The services under test verify with this. */
    public static final AuthConfig AUTH =
            AuthConfig.hs256("a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8));

    private static final JwtIssuer ISSUER = JwtIssuer.of(AUTH, Clock.systemUTC());

    /** An admin's token: every route. */
    public static final String ADMIN = token("test-admin", Set.of(Role.ADMIN), Set.of());

    private TestTokens() {}

    /** A token for {@code subject} with {@code roles} and control {@code units}, valid for an hour. */
    public static String token(String subject, Set<Role> roles, Set<String> units) {
        return ISSUER.issue(subject, roles, units, Duration.ofHours(1));
    }
}
