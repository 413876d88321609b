package org.korrekt.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.korrekt.scoring.security.TestJwts.NOW;
import static org.korrekt.scoring.security.TestJwts.claims;
import static org.korrekt.scoring.security.TestJwts.es256;
import static org.korrekt.scoring.security.TestJwts.jwk;
import static org.korrekt.scoring.security.TestJwts.jwks;
import static org.korrekt.scoring.security.TestJwts.rs256;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RS256 and ES256 against a JWKS served by a real local HTTP server, and from a file. */
class JwksVerifierTest {

    private static final KeyPair RSA_1 = TestJwts.rsa(1);
    private static final KeyPair RSA_2 = TestJwts.rsa(2);
    private static final KeyPair EC_1 = TestJwts.ec(3);
    private static final String ADMIN = claims("[\"admin\"]");

    private final TestJwts.MutableClock clock = new TestJwts.MutableClock(NOW);
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String document;
    private volatile int status = 200;
    private HttpServer server;
    private URI url;

    @BeforeEach
    void startServer() throws IOException {
        document = jwks(jwk("rsa-1", (RSAPublicKey) RSA_1.getPublic()), jwk("ec-1", (ECPublicKey) EC_1.getPublic()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private AuthConfig jwksConfig(byte[] secret) {
        return new AuthConfig(
                secret,
                url,
                null,
                AuthConfig.DEFAULT_ISSUER,
                AuthConfig.DEFAULT_AUDIENCE,
                AuthConfig.DEFAULT_CLOCK_SKEW,
                AuthConfig.DEFAULT_JWKS_REFRESH,
                AuthConfig.DEFAULT_MAX_TOKEN_LENGTH);
    }

    private JwtVerifier verifier() throws IOException {
        return JwtVerifier.create(jwksConfig(null), clock);
    }

    private static void refused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(JwtException.class).satisfies(e -> assertThat(((JwtException) e).code())
                .isEqualTo(reason));
    }

    @Test
    void verifiesRs256AndEs256WithKeysFetchedOnce() throws Exception {
        JwtVerifier verifier = verifier();

        Principal rsa = verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));
        Principal ec = verifier.verify(es256(EC_1.getPrivate(), "ec-1", claims("[\"investigator\"]")));

        assertThat(rsa.roles()).containsExactly(Role.ADMIN);
        assertThat(ec.roles()).containsExactly(Role.INVESTIGATOR);
        assertThat(ec.units()).containsExactly("tfp");
        assertThat(ec.mayReadUnit("tfp")).isTrue();
        assertThat(ec.mayReadUnit("fp")).isFalse();
        assertThat(fetches).hasValue(1);
    }

    @Test
    void refreshKeysFetchesAtStartUp() throws Exception {
        JwtVerifier verifier = verifier();
        verifier.refreshKeys();
        assertThat(fetches).hasValue(1);
        verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));
        assertThat(fetches).hasValue(1);
    }

    @Test
    void aTamperedOrForeignSignatureIsABadSignature() throws Exception {
        JwtVerifier verifier = verifier();
        String token = rs256(RSA_1.getPrivate(), "rsa-1", ADMIN);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + TestJwts.b64(claims("[\"admin\",\"datascientist\"]")) + "." + parts[2];

        refused(() -> verifier.verify(forged), "bad_signature");
        refused(() -> verifier.verify(rs256(RSA_2.getPrivate(), "rsa-1", ADMIN)), "bad_signature");
        refused(() -> verifier.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40)), "bad_signature");
        String ec = es256(EC_1.getPrivate(), "ec-1", ADMIN);
        String[] ecParts = ec.split("\\.");
        refused(
                () -> verifier.verify(
                        ecParts[0] + "." + TestJwts.b64(claims("[\"datascientist\"]")) + "." + ecParts[2]),
                "bad_signature");
    }

    @Test
    void anEs256SignatureMustBeRawRAndSNotDer() throws Exception {
        JwtVerifier verifier = verifier();
        String der = TestJwts.signed("SHA256withECDSA", EC_1.getPrivate(), TestJwts.header("ES256", "ec-1"), ADMIN);

        refused(() -> verifier.verify(der), "bad_signature");
    }

    @Test
    void hs256IsRefusedWhenOnlyJwksKeysAreConfigured() throws Exception {
        JwtVerifier verifier = verifier();
        // The classic confusion: an HS256 MAC keyed with the RSA public key's published bytes.
        byte[] publicBytes = RSA_1.getPublic().getEncoded();
        String confused = TestJwts.hs256(publicBytes, TestJwts.header("HS256", "rsa-1"), ADMIN);

        refused(() -> verifier.verify(confused), "unsupported_algorithm");
        refused(
                () -> verifier.verify(TestJwts.hs256(TestJwts.secret(9), TestJwts.header("HS256", null), ADMIN)),
                "unsupported_algorithm");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void rs256IsRefusedWhenOnlyTheSecretIsConfigured() throws Exception {
        JwtVerifier verifier = JwtVerifier.create(AuthConfig.hs256(TestJwts.secret(9)), clock);

        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)), "unsupported_algorithm");
        refused(() -> verifier.verify(es256(EC_1.getPrivate(), "ec-1", ADMIN)), "unsupported_algorithm");
    }

    @Test
    void bothSecretAndJwksAllowAllThreeAlgorithms() throws Exception {
        byte[] secret = TestJwts.secret(9);
        JwtVerifier verifier = JwtVerifier.create(jwksConfig(secret), clock);

        assertThat(verifier.verify(TestJwts.hs256(secret, TestJwts.header("HS256", null), ADMIN))
                        .subject())
                .isEqualTo("alice");
        assertThat(verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)).subject())
                .isEqualTo("alice");
        assertThat(verifier.verify(es256(EC_1.getPrivate(), "ec-1", ADMIN)).subject())
                .isEqualTo("alice");
    }

    @Test
    void anUnknownKidIsFetchedOnceThenRefusedUntilTheCooldownEnds() throws Exception {
        JwtVerifier verifier = verifier();
        verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));
        assertThat(fetches).hasValue(1);

        clock.advance(Duration.ofSeconds(11));
        refused(() -> verifier.verify(rs256(RSA_2.getPrivate(), "rsa-2", ADMIN)), "unknown_key");
        assertThat(fetches).hasValue(2);
        for (int i = 0; i < 50; i++) {
            refused(() -> verifier.verify(rs256(RSA_2.getPrivate(), "made-up", ADMIN)), "unknown_key");
        }
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aRotatedKeyIsFetchedOnDemand() throws Exception {
        JwtVerifier verifier = verifier();
        verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));

        document = jwks(jwk("rsa-2", (RSAPublicKey) RSA_2.getPublic()));
        clock.advance(Duration.ofSeconds(11));
        Principal principal = verifier.verify(rs256(RSA_2.getPrivate(), "rsa-2", ADMIN));

        assertThat(principal.subject()).isEqualTo("alice");
        assertThat(fetches).hasValue(2);
        clock.advance(Duration.ofSeconds(11));
        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)), "unknown_key");
    }

    @Test
    void staleKeysServeWhileTheyAreFetchedAgainInTheBackground() throws Exception {
        JwtVerifier verifier = verifier();
        verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));

        clock.advance(AuthConfig.DEFAULT_JWKS_REFRESH.plusSeconds(1));
        String token = rs256(
                RSA_1.getPrivate(),
                "rsa-1",
                claims("[\"admin\"]", clock.instant().getEpochSecond() + 60));
        assertThat(verifier.verify(token).subject()).isEqualTo("alice");

        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (fetches.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(fetches).hasValue(2);
    }

    @Test
    void aKidForAKeyOfAnotherTypeIsUnknown() throws Exception {
        JwtVerifier verifier = verifier();
        String rsaTokenNamingTheEcKey = rs256(RSA_1.getPrivate(), "ec-1", ADMIN);

        refused(() -> verifier.verify(rsaTokenNamingTheEcKey), "unknown_key");
    }

    @Test
    void withoutKidTheOnlyKeyOfTheAlgorithmIsUsed() throws Exception {
        JwtVerifier verifier = verifier();

        assertThat(verifier.verify(rs256(RSA_1.getPrivate(), null, ADMIN)).subject())
                .isEqualTo("alice");
        document = jwks(jwk("rsa-1", (RSAPublicKey) RSA_1.getPublic()), jwk("rsa-2", (RSAPublicKey) RSA_2.getPublic()));
        clock.advance(Duration.ofSeconds(11));
        verifier.refreshKeys();
        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), null, ADMIN)), "unknown_key");
    }

    @Test
    void anUnreachableJwksIsKeysUnavailable() throws Exception {
        status = 500;
        JwtVerifier verifier = verifier();

        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)), "keys_unavailable");
        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)), "keys_unavailable");
        assertThat(fetches).hasValue(1);
        assertThatThrownBy(verifier::refreshKeys)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no keys");
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(verifier::refreshKeys)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("HTTP 500");

        status = 200;
        clock.advance(Duration.ofSeconds(11));
        assertThat(verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)).subject())
                .isEqualTo("alice");
    }

    @Test
    void aFailedFetchKeepsTheCachedKeys() throws Exception {
        JwtVerifier verifier = verifier();
        verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN));

        document = "not json";
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(verifier::refreshKeys).isInstanceOf(IOException.class);
        assertThat(verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)).subject())
                .isEqualTo("alice");
    }

    @Test
    void aJwksFileServesTheSameWay(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, jwks(jwk("ec-1", (ECPublicKey) EC_1.getPublic())));
        AuthConfig config = new AuthConfig(
                null,
                null,
                file,
                AuthConfig.DEFAULT_ISSUER,
                AuthConfig.DEFAULT_AUDIENCE,
                AuthConfig.DEFAULT_CLOCK_SKEW,
                AuthConfig.DEFAULT_JWKS_REFRESH,
                AuthConfig.DEFAULT_MAX_TOKEN_LENGTH);
        JwtVerifier verifier = JwtVerifier.create(config, clock);

        assertThat(verifier.verify(es256(EC_1.getPrivate(), "ec-1", ADMIN)).subject())
                .isEqualTo("alice");
        refused(() -> verifier.verify(rs256(RSA_1.getPrivate(), "rsa-1", ADMIN)), "unknown_key");
        refused(
                () -> verifier.verify(TestJwts.hs256(TestJwts.secret(1), TestJwts.header("HS256", null), ADMIN)),
                "unsupported_algorithm");
    }

    @Test
    void randomMutationsOfAnEs256TokenAreAlwaysJwtExceptions() throws Exception {
        JwtVerifier verifier = verifier();
        String valid = es256(EC_1.getPrivate(), "ec-1", ADMIN);
        verifier.verify(valid);
        java.util.Random random = new java.util.Random(99L);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        for (int i = 0; i < 2000; i++) {
            StringBuilder mutant = new StringBuilder(valid);
            int at = random.nextInt(mutant.length());
            char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
            if (replacement == mutant.charAt(at)) {
                continue;
            }
            mutant.setCharAt(at, replacement);
            try {
                verifier.verify(mutant.toString());
                throw new AssertionError("mutation " + i + " verified");
            } catch (JwtException e) {
                assertThat(e.code()).isIn("malformed", "bad_signature", "unknown_key", "unsupported_algorithm");
            }
        }
    }
}
