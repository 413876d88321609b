package org.korrekt.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration from the environment and the working folder. */
class AuthConfigTest {

    @TempDir
    Path workDir;

    @Test
    void withoutEnvironmentAnOwnerOnlySecretIsGeneratedOnceInTheWorkDir() throws Exception {
        AuthConfig first = AuthConfig.fromEnvironment(Map.of(), workDir);
        AuthConfig second = AuthConfig.fromEnvironment(Map.of(), workDir);

        Path file = workDir.resolve(AuthConfig.SECRET_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(first.hmacSecret()).hasSize(32).isEqualTo(second.hmacSecret());
        assertThat(first).isEqualTo(second).hasSameHashCodeAs(second);
        assertThat(first.algorithms()).containsExactly(Algorithm.HS256);
        assertThat(first.issuer()).isEqualTo("korrekt");
        assertThat(first.audience()).isEqualTo("korrekt-scoring");
        assertThat(first.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first.toString()).doesNotContain(Files.readString(file).strip());
    }

    @Test
    void theEnvironmentSecretIsBase64urlAndWinsOverTheFile() throws Exception {
        byte[] secret = TestJwts.secret(11);
        AuthConfig config =
                AuthConfig.fromEnvironment(Map.of(AuthConfig.ENV_SECRET, " " + TestJwts.b64(secret) + "\n"), workDir);

        assertThat(config.hmacSecret()).isEqualTo(secret);
        assertThat(workDir.resolve(AuthConfig.SECRET_FILE)).doesNotExist();
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of(AuthConfig.ENV_SECRET, "c2hvcnQ"), workDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of(AuthConfig.ENV_SECRET, "not base64!"), workDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64url");
    }

    @Test
    void aJwksAloneTurnsHs256Off() throws Exception {
        AuthConfig config = AuthConfig.fromEnvironment(
                Map.of(
                        AuthConfig.ENV_JWKS_URL, "https://login.example.org/jwks",
                        AuthConfig.ENV_ISSUER, "https://login.example.org",
                        AuthConfig.ENV_AUDIENCE, "korrekt",
                        AuthConfig.ENV_CLOCK_SKEW, "5",
                        AuthConfig.ENV_JWKS_REFRESH, "60"),
                workDir);

        assertThat(config.hmacSecret()).isNull();
        assertThat(config.algorithms()).containsExactly(Algorithm.RS256, Algorithm.ES256);
        assertThat(config.jwksUrl()).isEqualTo(URI.create("https://login.example.org/jwks"));
        assertThat(config.issuer()).isEqualTo("https://login.example.org");
        assertThat(config.audience()).isEqualTo("korrekt");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.jwksRefresh()).isEqualTo(Duration.ofHours(1));
        assertThat(workDir.resolve(AuthConfig.SECRET_FILE)).doesNotExist();

        AuthConfig both = AuthConfig.fromEnvironment(
                Map.of(
                        AuthConfig.ENV_JWKS_FILE,
                        workDir.resolve("jwks.json").toString(),
                        AuthConfig.ENV_SECRET,
                        TestJwts.b64(TestJwts.secret(1))),
                workDir);
        assertThat(both.algorithms()).isEqualTo(EnumSet.allOf(Algorithm.class));
    }

    @Test
    void refusesUnsafeOrContradictoryConfigurations() {
        Duration skew = AuthConfig.DEFAULT_CLOCK_SKEW;
        Duration refresh = AuthConfig.DEFAULT_JWKS_REFRESH;
        assertThatThrownBy(() -> AuthConfig.hs256(new byte[31])).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new AuthConfig(null, null, null, "i", "a", skew, refresh, 8192))
                .hasMessageContaining("no keys");
        assertThatThrownBy(() -> new AuthConfig(
                        null, URI.create("https://a/jwks"), Path.of("jwks.json"), "i", "a", skew, refresh, 8192))
                .hasMessageContaining("not both");
        for (String url : Set.of("http://login.example.org/jwks", "ftp://127.0.0.1/jwks", "file:///etc/jwks", "jwks")) {
            assertThatThrownBy(() -> new AuthConfig(null, URI.create(url), null, "i", "a", skew, refresh, 8192))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        for (String url : Set.of("http://127.0.0.1:8081/jwks", "http://localhost/jwks", "http://[::1]:9/jwks")) {
            assertThat(new AuthConfig(null, URI.create(url), null, "i", "a", skew, refresh, 8192).jwksUrl())
                    .hasToString(url);
        }
        assertThatThrownBy(
                        () -> new AuthConfig(new byte[32], null, null, "i", "a", Duration.ofMinutes(6), refresh, 8192))
                .hasMessageContaining("clock skew");
        assertThatThrownBy(() -> new AuthConfig(new byte[32], null, null, "i", "a", skew, refresh, 100))
                .hasMessageContaining("longest token");
        assertThatThrownBy(() -> AuthConfig.fromEnvironment(Map.of(AuthConfig.ENV_CLOCK_SKEW, "soon"), workDir))
                .hasMessageContaining(AuthConfig.ENV_CLOCK_SKEW);
    }

    @Test
    void theSecretIsCopiedInAndOut() {
        byte[] secret = TestJwts.secret(3);
        AuthConfig config = AuthConfig.hs256(secret);
        secret[0]++;
        byte[] out = config.hmacSecret();
        out[1]++;

        assertThat(config.hmacSecret()).isEqualTo(TestJwts.secret(3));
    }
}
