package org.korrekt.scoring.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.JwtVerifier;
import org.korrekt.scoring.security.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt token}: prints an HS256 development token signed with the working folder's JWT
 * secret ({@code jwt.secret}, or {@code KORREKT_JWT_SECRET}), for the issuer and audience the
 * service checks. Only the token goes to standard output, so {@code TOKEN=$(korrekt token ...)} works.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Print a development bearer token (HS256, signed with the working folder's jwt.secret"
                + " or KORREKT_JWT_SECRET).")
public final class TokenCommand implements Callable<Integer> {

    @Option(
            names = "--role",
            required = true,
            paramLabel = "ROLE",
            description = "A role: selfservice, investigator, lead, datascientist, feed, auditor or admin; repeatable.")
    List<String> roles = new ArrayList<>();

    @Option(
            names = "--unit",
            paramLabel = "UNIT",
            description = "A control unit the token may read (e.g. tfp), for investigators; repeatable.")
    List<String> units = new ArrayList<>();

    @Option(names = "--subject", description = "Who the token names (sub) (default: ${DEFAULT-VALUE}).")
    String subject = "developer";

    @Option(
            names = "--ttl",
            description = "Lifetime: a number and s, m, h or d, at most 30d (default: ${DEFAULT-VALUE}).")
    String ttl = "8h";

    @Option(
            names = "--work-dir",
            description = "Working folder holding jwt.secret, created if missing (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("korrekt-data");

    @Spec
    CommandSpec spec;

    /** The environment the configuration is read from; tests replace it. */
    Map<String, String> env = System.getenv();

    /** The clock tokens are issued on; tests replace it. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Set<Role> parsedRoles = EnumSet.noneOf(Role.class);
        for (String value : roles) {
            Role role = Role.fromClaim(value.strip().toLowerCase(java.util.Locale.ROOT));
            if (role == null) {
                err.println("korrekt token: unknown role '" + value + "'; the roles are "
                        + java.util.Arrays.stream(Role.values())
                                .map(Role::claim)
                                .collect(java.util.stream.Collectors.joining(", ")));
                return 2;
            }
            parsedRoles.add(role);
        }
        Set<String> parsedUnits = new LinkedHashSet<>();
        for (String unit : units) {
            if (unit.isBlank()) {
                err.println("korrekt token: --unit must not be empty");
                return 2;
            }
            parsedUnits.add(unit.strip());
        }
        if (subject.isBlank()) {
            err.println("korrekt token: --subject must not be empty");
            return 2;
        }
        String problem = JwtVerifier.subjectProblem(subject.strip());
        if (problem != null) {
            err.println("korrekt token: --subject " + problem
                    + " (the service keeps the subject in its audit trail for good and would refuse the token)");
            return 2;
        }
        Duration lifetime = parseTtl(ttl);
        if (lifetime == null) {
            err.println("korrekt token: bad --ttl '" + ttl + "'; use a number and s, m, h or d, e.g. 8h, at most 30d");
            return 2;
        }
        Path secretFile = workDir.resolve(AuthConfig.SECRET_FILE).toAbsolutePath();
        boolean madeSecret = (env.get(AuthConfig.ENV_SECRET) == null
                        || env.get(AuthConfig.ENV_SECRET).isBlank())
                && !java.nio.file.Files.exists(secretFile);
        AuthConfig config;
        try {
            config = AuthConfig.fromEnvironment(env, workDir);
        } catch (IllegalArgumentException e) {
            err.println("korrekt token: " + e.getMessage());
            return 2;
        }
        if (config.hmacSecret() == null) {
            err.println("korrekt token: the service verifies tokens from a JWKS only ("
                    + AuthConfig.ENV_JWKS_URL + " or " + AuthConfig.ENV_JWKS_FILE + " without "
                    + AuthConfig.ENV_SECRET + "), so it would refuse a development token");
            return 2;
        }
        String token = JwtIssuer.of(config, clock).issue(subject.strip(), parsedRoles, parsedUnits, lifetime);
        spec.commandLine().getOut().println(token);
        spec.commandLine().getOut().flush();
        if (madeSecret && java.nio.file.Files.exists(secretFile)) {
            // run outside the service's folder, the token is signed with a secret no service knows
            err.println("korrekt token: made a new secret, " + secretFile + ", to sign with: a service accepts"
                    + " the token only if it was started with this --work-dir (" + secretFile.getParent()
                    + "). Run korrekt token where the service runs, or give its --work-dir.");
            err.flush();
        }
        return 0;
    }

    /** {@code 90s}, {@code 15m}, {@code 8h}, {@code 7d}: more than zero, at most {@link JwtIssuer#MAX_TTL}; else null. */
    static Duration parseTtl(String text) {
        String value = text.strip();
        if (value.length() < 2 || value.length() > 12) {
            return null;
        }
        long amount = 0;
        for (int i = 0; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            amount = amount * 10 + (c - '0');
        }
        Duration duration;
        switch (value.charAt(value.length() - 1)) {
            case 's' -> duration = Duration.ofSeconds(amount);
            case 'm' -> duration = Duration.ofMinutes(amount);
            case 'h' -> duration = Duration.ofHours(amount);
            case 'd' -> duration = Duration.ofDays(amount);
            default -> {
                return null;
            }
        }
        return duration.isZero() || duration.compareTo(JwtIssuer.MAX_TTL) > 0 ? null : duration;
    }
}
