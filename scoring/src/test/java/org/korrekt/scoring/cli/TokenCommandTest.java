package org.korrekt.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtVerifier;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;
import picocli.CommandLine;

/** {@code korrekt token}: the printed token verifies under the same working folder's configuration. */
class TokenCommandTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path workDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        TokenCommand command = new TokenCommand();
        command.env = env;
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        return new CommandLine(command)
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    private Principal verify(Map<String, String> env) throws Exception {
        return JwtVerifier.create(AuthConfig.fromEnvironment(env, workDir), Clock.fixed(NOW, ZoneOffset.UTC))
                .verifyAuthorization("Bearer " + out.toString().strip());
    }

    @Test
    void printsATokenTheWorkDirsConfigurationAccepts() throws Exception {
        int status = run(
                Map.of(),
                "--role",
                "investigator",
                "--role",
                "SELFSERVICE",
                "--unit",
                "tfp",
                "--unit",
                "fp",
                "--subject",
                "inv-17",
                "--ttl",
                "90m",
                "--work-dir",
                workDir.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\R");
        Principal principal = verify(Map.of());
        assertThat(principal.subject()).isEqualTo("inv-17");
        assertThat(principal.roles()).containsExactlyInAnyOrder(Role.INVESTIGATOR, Role.SELFSERVICE);
        assertThat(principal.units()).containsExactlyInAnyOrder("tfp", "fp");
        assertThat(principal.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(workDir.resolve(AuthConfig.SECRET_FILE))))
                .isEqualTo("rw-------");
    }

    /** Run outside the service's folder, the token would be signed with a secret no service knows: it says so. */
    @Test
    void makingANewSecretIsSaidOnStandardErrorAndReusingItIsNot() {
        assertThat(run(Map.of(), "--role", "admin", "--work-dir", workDir.toString()))
                .isZero();
        Path secret = workDir.resolve(AuthConfig.SECRET_FILE).toAbsolutePath();
        assertThat(err.toString()).contains("made a new secret, " + secret).contains("--work-dir");
        assertThat(out.toString().lines()).hasSize(1); // the token alone, for TOKEN=$(...)

        err.getBuffer().setLength(0);
        assertThat(run(Map.of(), "--role", "admin", "--work-dir", workDir.toString()))
                .isZero();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aSubjectTheServiceWouldRefuseIsExitCode2() {
        for (String subject :
                List.of("19800101-1231", "anna\nbertil", "x".repeat(JwtVerifier.MAX_SUBJECT_LENGTH + 1))) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int status = run(Map.of(), "--role", "admin", "--subject", subject, "--work-dir", workDir.toString());

            assertThat(status).as(subject).isEqualTo(2);
            assertThat(err.toString()).as(subject).contains("--subject").contains("would refuse the token");
            assertThat(out.toString()).as(subject).isEmpty();
        }
        assertThat(run(
                        Map.of(),
                        "--role",
                        "admin",
                        "--subject",
                        "x".repeat(JwtVerifier.MAX_SUBJECT_LENGTH),
                        "--work-dir",
                        workDir.toString()))
                .isZero();
    }

    @Test
    void defaultsToEightHoursForTheDeveloper() throws Exception {
        assertThat(run(Map.of(), "--role", "admin", "--work-dir", workDir.toString()))
                .isZero();

        Principal principal = verify(Map.of());
        assertThat(principal.subject()).isEqualTo("developer");
        assertThat(principal.units()).isEmpty();
        assertThat(principal.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
    }

    @Test
    void signsWithTheEnvironmentSecretWhenSet() throws Exception {
        byte[] secret = new byte[32];
        new java.util.Random(5).nextBytes(secret);
        Map<String, String> env = Map.of(
                AuthConfig.ENV_SECRET,
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                AuthConfig.ENV_ISSUER,
                "dev-issuer");

        assertThat(run(env, "--role", "datascientist", "--work-dir", workDir.toString()))
                .isZero();

        assertThat(verify(env).roles()).containsExactly(Role.DATASCIENTIST);
        assertThat(workDir.resolve(AuthConfig.SECRET_FILE)).doesNotExist();
    }

    @Test
    void anUnknownRoleIsExitCode2() {
        int status = run(Map.of(), "--role", "reviewer", "--work-dir", workDir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .contains("unknown role 'reviewer'")
                .contains("selfservice, investigator, lead, datascientist, feed, auditor, admin");
        assertThat(out.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8", "h", "8x", "0h", "31d", "-1h", "1.5h", "8 h", "99999999999999d"})
    void aBadTtlIsExitCode2(String ttl) {
        int status = run(Map.of(), "--role", "admin", "--ttl", ttl, "--work-dir", workDir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("bad --ttl");
        assertThat(out.toString()).isEmpty();
        assertThat(workDir.resolve(AuthConfig.SECRET_FILE)).doesNotExist();
    }

    @Test
    void withoutARoleIsExitCode2() {
        assertThat(run(Map.of(), "--work-dir", workDir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--role");
    }

    @Test
    void refusesWhenTheServiceOnlyTrustsAJwks() {
        int status = run(
                Map.of(AuthConfig.ENV_JWKS_URL, "https://login.example.org/jwks"),
                "--role",
                "admin",
                "--work-dir",
                workDir.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("JWKS only");
    }

    @Test
    void ttlSyntax() {
        assertThat(TokenCommand.parseTtl("45s")).isEqualTo(Duration.ofSeconds(45));
        assertThat(TokenCommand.parseTtl("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(TokenCommand.parseTtl("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(TokenCommand.parseTtl("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(TokenCommand.parseTtl("31d")).isNull();
    }
}
