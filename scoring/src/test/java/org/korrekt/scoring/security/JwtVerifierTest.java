package org.korrekt.scoring.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.korrekt.scoring.security.TestJwts.NOW;
import static org.korrekt.scoring.security.TestJwts.b64;
import static org.korrekt.scoring.security.TestJwts.claims;
import static org.korrekt.scoring.security.TestJwts.hs256;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HS256 verification: the round trip and every reason a token is refused. */
class JwtVerifierTest {

    private static final byte[] SECRET = TestJwts.secret(7);
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";

    private final TestJwts.MutableClock clock = new TestJwts.MutableClock(NOW);
    private final JwtVerifier verifier = verifier(AuthConfig.hs256(SECRET));
    private final JwtIssuer issuer = JwtIssuer.of(AuthConfig.hs256(SECRET), clock);

    private JwtVerifier verifier(AuthConfig config) {
        try {
            return JwtVerifier.create(config, clock);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void refused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call).isInstanceOf(JwtException.class).satisfies(e -> assertThat(((JwtException) e).code())
                .isEqualTo(reason));
    }

    private static String signed(String payload) {
        return hs256(SECRET, HEADER, payload);
    }

    @Test
    void issuedTokenVerifiesIntoThePrincipal() throws Exception {
        String token = issuer.issue(
                "inv-17", EnumSet.of(Role.INVESTIGATOR, Role.SELFSERVICE), Set.of("tfp", "vab"), Duration.ofHours(8));

        Principal principal = verifier.verify(token);

        assertThat(principal.subject()).isEqualTo("inv-17");
        assertThat(principal.roles()).containsExactlyInAnyOrder(Role.INVESTIGATOR, Role.SELFSERVICE);
        assertThat(principal.units()).containsExactlyInAnyOrder("tfp", "vab");
        assertThat(principal.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(8)));
        assertThat(verifier.verifyAuthorization("Bearer " + token)).isEqualTo(principal);
        assertThat(verifier.verifyAuthorization("bearer   " + token + "  ")).isEqualTo(principal);
    }

    @Test
    void theIssuerWritesTheRegisteredClaims() throws Exception {
        String token = issuer.issue("a", EnumSet.of(Role.ADMIN), Set.of(), Duration.ofMinutes(5));
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), "UTF-8");
        long now = NOW.getEpochSecond();

        assertThat(payload)
                .isEqualTo("{\"sub\":\"a\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"iat\":" + now + ",\"nbf\":"
                        + now + ",\"exp\":" + (now + 300) + ",\"roles\":[\"admin\"],\"units\":[]}");
        assertThat(new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[0]), "UTF-8"))
                .isEqualTo(HEADER);
    }

    @Test
    void aMissingOrForeignAuthorizationHeaderIsMissingToken() {
        refused(() -> verifier.verifyAuthorization(null), "missing_token");
        refused(() -> verifier.verifyAuthorization(""), "missing_token");
        refused(() -> verifier.verifyAuthorization("Bearer   "), "missing_token");
        refused(() -> verifier.verifyAuthorization("Basic YWxhZGRpbjpvcGVuc2VzYW1l"), "missing_token");
        refused(() -> verifier.verify(""), "missing_token");
        refused(() -> verifier.verify(null), "missing_token");
    }

    @Test
    void aTamperedPayloadIsABadSignature() throws Exception {
        String token = signed(claims("[\"selfservice\"]"));
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64(claims("[\"admin\"]")) + "." + parts[2];

        refused(() -> verifier.verify(forged), "bad_signature");
    }

    @Test
    void aTamperedSignatureIsABadSignature() {
        String token = signed(claims("[\"admin\"]"));
        int at = token.lastIndexOf('.') + 5;
        char replacement = token.charAt(at) == 'A' ? 'B' : 'A';
        String forged = token.substring(0, at) + replacement + token.substring(at + 1);

        refused(() -> verifier.verify(forged), "bad_signature");
        refused(() -> verifier.verify(token.substring(0, token.lastIndexOf('.') + 1)), "bad_signature");
        // 40 of the 43 characters: canonical base64url of 30 bytes, so the MAC is merely too short.
        refused(() -> verifier.verify(token.substring(0, token.length() - 3)), "bad_signature");
    }

    @Test
    void aTokenSignedWithAnotherSecretIsABadSignature() {
        refused(() -> verifier.verify(hs256(TestJwts.secret(8), HEADER, claims("[\"admin\"]"))), "bad_signature");
    }

    @Test
    void theSignatureMustBeCanonicalBase64url() {
        // 32 bytes encode to 43 characters; the last carries 2 unused bits, which must be zero.
        String token = signed(claims("[\"admin\"]"));
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        refused(() -> verifier.verify(token.substring(0, token.length() - 1) + sibling), "malformed");
        refused(() -> verifier.verify(token + "="), "malformed");
    }

    @Test
    void expiryHonoursTheClockSkew() throws Exception {
        long exp = NOW.getEpochSecond() + 100;
        String token = signed(claims("[\"admin\"]", exp));

        clock.set(Instant.ofEpochSecond(exp + 29));
        assertThat(verifier.verify(token).expiresAt()).isEqualTo(Instant.ofEpochSecond(exp));
        clock.set(Instant.ofEpochSecond(exp + 30));
        refused(() -> verifier.verify(token), "expired");

        JwtVerifier strict = verifier(new AuthConfig(
                SECRET, null, null, "korrekt", "korrekt-scoring", Duration.ZERO, Duration.ofMinutes(10), 8192));
        clock.set(Instant.ofEpochSecond(exp).minusMillis(1));
        assertThat(strict.verify(token).subject()).isEqualTo("alice");
        clock.set(Instant.ofEpochSecond(exp));
        refused(() -> strict.verify(token), "expired");
    }

    @Test
    void aTokenValidForLongerThanThirtyDaysIsRefused() throws Exception {
        long now = NOW.getEpochSecond();
        long month = JwtVerifier.MAX_LIFETIME.toSeconds();
        // as long as korrekt token issues, with the clock skew (30 s) on top
        assertThat(verifier.verify(signed(claims("[\"admin\"]", now + month + 30)))
                        .subject())
                .isEqualTo("alice");
        refused(() -> verifier.verify(signed(claims("[\"admin\"]", now + month + 31))), "lifetime_too_long");
        // an identity provider's token that never expires in practice
        refused(() -> verifier.verify(signed(claims("[\"admin\"]", 32_503_680_000L))), "lifetime_too_long");
    }

    @Test
    void notBeforeAndIssuedAtInTheFutureAreNotYetValid() throws Exception {
        long now = NOW.getEpochSecond();
        String base = "{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"exp\":" + (now + 3600)
                + ",\"roles\":[\"admin\"],";

        refused(() -> verifier.verify(signed(base + "\"nbf\":" + (now + 31) + "}")), "not_yet_valid");
        refused(() -> verifier.verify(signed(base + "\"iat\":" + (now + 31) + "}")), "not_yet_valid");
        assertThat(verifier.verify(signed(base + "\"nbf\":" + (now + 30) + "}")).subject())
                .isEqualTo("s");
        assertThat(verifier.verify(signed(base + "\"iat\":" + (now + 30) + ".9}"))
                        .subject())
                .isEqualTo("s");
        assertThat(verifier.verify(signed(base + "\"nbf\":" + now + "}")).subject())
                .isEqualTo("s");
    }

    @Test
    void theIssuerAndAudienceMustBeTheConfiguredOnes() throws Exception {
        long exp = NOW.getEpochSecond() + 60;
        String roles = ",\"roles\":[\"admin\"]}";

        refused(
                () -> verifier.verify(
                        signed("{\"sub\":\"s\",\"iss\":\"evil\",\"aud\":\"korrekt-scoring\",\"exp\":" + exp + roles)),
                "wrong_issuer");
        refused(
                () -> verifier.verify(signed("{\"sub\":\"s\",\"aud\":\"korrekt-scoring\",\"exp\":" + exp + roles)),
                "wrong_issuer");
        refused(
                () -> verifier.verify(
                        signed("{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":\"other\",\"exp\":" + exp + roles)),
                "wrong_audience");
        refused(
                () -> verifier.verify(signed("{\"sub\":\"s\",\"iss\":\"korrekt\",\"exp\":" + exp + roles)),
                "wrong_audience");
        refused(
                () -> verifier.verify(
                        signed("{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":[\"a\",\"b\"],\"exp\":" + exp + roles)),
                "wrong_audience");
        assertThat(verifier.verify(
                                signed("{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":[\"a\",\"korrekt-scoring\"],\"exp\":"
                                        + exp + roles))
                        .subject())
                .isEqualTo("s");

        JwtVerifier unchecked = verifier(
                new AuthConfig(SECRET, null, null, null, null, Duration.ofSeconds(30), Duration.ofMinutes(10), 8192));
        assertThat(unchecked
                        .verify(signed("{\"sub\":\"s\",\"exp\":" + exp + roles))
                        .subject())
                .isEqualTo("s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "HS384", "HS512", "RS256", "ES256", "PS256", "EdDSA", ""})
    void anAlgorithmTheConfigurationDoesNotAllowIsUnsupported(String alg) {
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}";
        String payload = b64(claims("[\"admin\"]"));

        refused(() -> verifier.verify(b64(header) + "." + payload + "."), "unsupported_algorithm");
        // Even with a valid HS256 MAC: the header's alg is not trusted to pick the algorithm.
        refused(() -> verifier.verify(hs256(SECRET, header, claims("[\"admin\"]"))), "unsupported_algorithm");
    }

    @Test
    void unknownRolesAreIgnoredButOneKnownRoleIsRequired() throws Exception {
        assertThat(verifier.verify(signed(claims("[\"reviewer\",\"investigator\",\"ADMIN\"]")))
                        .roles())
                .containsExactly(Role.INVESTIGATOR);
        refused(() -> verifier.verify(signed(claims("[\"reviewer\",\"ADMIN\"]"))), "no_role");
        refused(() -> verifier.verify(signed(claims("[]"))), "no_role");
        refused(
                () -> verifier.verify(signed("{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"exp\":"
                        + (NOW.getEpochSecond() + 60) + "}")),
                "no_role");
    }

    @Test
    void subjectAndExpiryAreRequired() {
        long exp = NOW.getEpochSecond() + 60;
        refused(
                () -> verifier.verify(signed(
                        "{\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"exp\":" + exp + ",\"roles\":[\"admin\"]}")),
                "missing_claim");
        refused(
                () -> verifier.verify(signed("{\"sub\":\"\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"exp\":"
                        + exp + ",\"roles\":[\"admin\"]}")),
                "missing_claim");
        refused(
                () -> verifier.verify(signed(
                        "{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"roles\":[\"admin\"]}")),
                "missing_claim");
        // a subject is kept for good as an author and a reader: never a person's identity number
        refused(
                () -> verifier.verify(
                        signed("{\"sub\":\"19800101-1231\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\","
                                + "\"exp\":" + exp + ",\"roles\":[\"admin\"]}")),
                "malformed");
        // shown on case pages and kept for good: no control character, at most 256 characters
        for (String sub : List.of("anna\\nbertil", "x".repeat(JwtVerifier.MAX_SUBJECT_LENGTH + 1))) {
            refused(
                    () -> verifier.verify(
                            signed("{\"sub\":\"" + sub + "\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\","
                                    + "\"exp\":" + exp + ",\"roles\":[\"admin\"]}")),
                    "malformed");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"sub\":\"s\",\"exp\":\"tomorrow\",\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":99999999999999999999999,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":1e300,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":-1,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":253402300800,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":null,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":1,\"roles\":\"admin\"}",
                "{\"sub\":\"s\",\"exp\":1,\"roles\":[\"admin\",7]}",
                "{\"sub\":\"s\",\"exp\":1,\"roles\":[\"admin\"],\"units\":\"tfp\"}",
                "{\"sub\":7,\"exp\":1,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"sub\":\"t\",\"exp\":1,\"roles\":[\"admin\"]}",
                "{\"sub\":\"s\",\"exp\":1,\"roles\":[\"admin\"]}{}",
                "{\"sub\":\"s\",\"exp\":1,\"roles\":[\"admin\"]",
                "[]",
                "\"claims\"",
                "",
                "null"
            })
    void claimsOfTheWrongShapeAreMalformed(String payload) {
        refused(() -> verifier.verify(signed(payload)), "malformed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}",
                "{\"alg\":\"HS256\",\"alg\":\"HS256\"}",
                "{\"alg\":7}",
                "{\"typ\":\"JWT\"}",
                "{\"alg\":\"HS256\",\"kid\":[1]}",
                "[\"HS256\"]",
                "not json"
            })
    void headersOfTheWrongShapeAreMalformed(String header) {
        refused(() -> verifier.verify(hs256(SECRET, header, claims("[\"admin\"]"))), "malformed");
    }

    @Test
    void theSameHeaderTwiceIsCheckedTheSameWay() throws Exception {
        String good = signed(claims("[\"admin\"]"));
        String[] parts = good.split("\\.");
        String noneHeader = b64("{\"alg\":\"none\"}");

        assertThat(verifier.verify(good).subject()).isEqualTo("alice");
        refused(
                () -> verifier.verify(parts[0] + "." + b64(claims("[\"admin\",\"x\"]")) + "." + parts[2]),
                "bad_signature");
        refused(() -> verifier.verify(noneHeader + "." + parts[1] + "."), "unsupported_algorithm");
        refused(() -> verifier.verify(noneHeader + "." + parts[1] + "."), "unsupported_algorithm");
        assertThat(verifier.verify(good).subject()).isEqualTo("alice");
        refused(() -> verifier.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40)), "bad_signature");
    }

    @Test
    void headerMembersThatNameKeysAreIgnored() throws Exception {
        String header = "{\"alg\":\"HS256\",\"jku\":\"https://evil.example/jwks\",\"x5u\":\"https://evil.example/c\","
                + "\"jwk\":{\"kty\":\"oct\",\"k\":\"AAAA\"},\"kid\":\"whatever\"}";
        assertThat(verifier.verify(hs256(SECRET, header, claims("[\"admin\"]"))).subject())
                .isEqualTo("alice");
    }

    @Test
    void garbageAndOversizedTokensAreMalformed() {
        String valid = signed(claims("[\"admin\"]"));
        List<String> garbage = List.of(
                ".",
                "..",
                "...",
                "a.b",
                "a.b.c",
                "a.b.c.d",
                valid + ".",
                " " + valid,
                valid + " ",
                valid.replace('.', ','),
                valid.substring(0, 10) + "\u00e9" + valid.substring(11),
                valid.substring(0, 10) + "\u0000" + valid.substring(11),
                valid.substring(0, 10) + "+" + valid.substring(11),
                "Bearer " + valid,
                "x".repeat(8193),
                valid + "A".repeat(8192 - valid.length() + 1));
        for (String token : garbage) {
            refused(() -> verifier.verify(token), "malformed");
        }
        refused(() -> verifier.verify("e30.e30.".repeat(2000)), "malformed");
    }

    @Test
    void randomMutationsOfAValidTokenAreAlwaysRefusedWithAJwtException() {
        String valid = signed(claims("[\"admin\"]"));
        java.util.Random random = new java.util.Random(20260301L);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \u00e9";
        int refusals = 0;
        for (int i = 0; i < 5000; i++) {
            String mutant = mutate(valid, random, alphabet);
            if (mutant.equals(valid)) {
                continue;
            }
            try {
                verifier.verify(mutant);
                throw new AssertionError("mutation " + i + " verified: " + mutant);
            } catch (JwtException e) {
                refusals++;
                // A fixed text: never the token (every header part starts with "eyJ", base64url of '{"').
                assertThat(e.getMessage()).doesNotContain("eyJ").hasSizeLessThan(80);
            } catch (RuntimeException e) {
                throw new AssertionError("mutation " + i + " threw " + e + " for " + mutant, e);
            }
        }
        assertThat(refusals).isGreaterThan(4900);
    }

    private static String mutate(String token, java.util.Random random, String alphabet) {
        StringBuilder out = new StringBuilder(token);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = out.length() == 0 ? 0 : random.nextInt(out.length());
            switch (random.nextInt(7)) {
                case 0 -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    }
                }
                case 1 -> out.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 2 -> {
                    if (out.length() > 0) {
                        out.deleteCharAt(at);
                    }
                }
                case 3 -> out.setLength(at);
                case 4 -> {
                    // Replace one part with the base64url of random bytes.
                    String[] parts = out.toString().split("\\.", -1);
                    byte[] bytes = new byte[random.nextInt(80)];
                    random.nextBytes(bytes);
                    parts[random.nextInt(parts.length)] = b64(bytes);
                    out.setLength(0);
                    out.append(String.join(".", parts));
                }
                case 5 -> out.append(out, 0, random.nextInt(out.length() + 1));
                default -> {
                    if (out.length() > 0) {
                        out.setCharAt(at, (char) (out.charAt(at) ^ (1 << random.nextInt(7))));
                    }
                }
            }
        }
        return out.toString();
    }

    @Test
    void signedRandomClaimsAndHeadersNeverThrowAnythingButJwtException() {
        java.util.Random random = new java.util.Random(42L);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            String header = random.nextInt(4) == 0 ? randomJson(random, 0) : HEADER;
            String payload = random.nextInt(3) == 0 ? randomJson(random, 0) : randomClaims(random);
            String token = hs256(SECRET, header, payload);
            try {
                Principal principal = verifier.verify(token);
                assertThat(principal.roles()).isNotEmpty();
                accepted++;
            } catch (JwtException e) {
                assertThat(e.code()).isNotBlank();
            } catch (RuntimeException e) {
                throw new AssertionError("case " + i + " threw " + e + " for " + header + " " + payload, e);
            }
        }
        assertThat(accepted).isPositive();
    }

    private static final String[] NAMES = {"sub", "iss", "aud", "exp", "nbf", "iat", "roles", "units", "alg", "x"};

    private static String randomClaims(java.util.Random random) {
        StringBuilder json = new StringBuilder("{\"sub\":\"s\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\"");
        json.append(",\"exp\":").append(NOW.getEpochSecond() + 60).append(",\"roles\":[\"admin\"]");
        // Overwrite some claims with random values: duplicates are malformed, the rest may or may not verify.
        int extra = random.nextInt(3);
        for (int i = 0; i < extra; i++) {
            json.append(",\"")
                    .append(NAMES[random.nextInt(NAMES.length)])
                    .append("\":")
                    .append(randomJson(random, 1));
        }
        return json.append('}').toString();
    }

    private static String randomJson(java.util.Random random, int depth) {
        switch (depth > 3 ? random.nextInt(6) : random.nextInt(9)) {
            case 0:
                return "null";
            case 1:
                return random.nextBoolean() ? "true" : "false";
            case 2:
                return Long.toString(random.nextLong() >> random.nextInt(64));
            case 3:
                return List.of("1e400", "-0.0", "1.5", "253402300799.99", "9223372036854775808", "NaN", "-")
                        .get(random.nextInt(7));
            case 4:
                return "\""
                        + List.of("admin", "korrekt", "", "\\u0000", "\\ud800", "\u00e9", "\\")
                                .get(random.nextInt(7)) + "\"";
            case 5: {
                byte[] bytes = new byte[random.nextInt(6)];
                random.nextBytes(bytes);
                return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            case 6: {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomJson(random, depth + 1));
                }
                return "[" + String.join(",", items) + "]";
            }
            default: {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    members.add("\"" + NAMES[random.nextInt(NAMES.length)] + "\":" + randomJson(random, depth + 1));
                }
                return "{" + String.join(",", members) + "}";
            }
        }
    }

    @Test
    void verifiesConcurrently() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            tokens.add(issuer.issue("user-" + i, EnumSet.of(Role.SELFSERVICE), Set.of(), Duration.ofHours(1)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                jobs.add(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2000; i++) {
                        int n = (i + offset) % tokens.size();
                        if (verifier.verify(tokens.get(n)).subject().equals("user-" + n)) {
                            ok++;
                        }
                    }
                    return ok;
                });
            }
            for (Future<Integer> result : pool.invokeAll(jobs)) {
                assertThat(result.get()).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
