package org.korrekt.scoring.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.SignatureException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies compact JWS tokens (RFC 7515, 7519) into a {@link Principal}. The algorithms are those
 * the {@link AuthConfig} allows (HS256 with a shared secret; RS256 and ES256 with a JWKS), whatever
 * a token's header says. The signature is checked before any claim is read; then {@code exp}
 * (required), {@code nbf} and {@code iat} with the configured clock skew, {@code iss} and
 * {@code aud} when configured, and the roles. Thread-safe.
 *
 * <p>With a JWKS URL, {@link #verify} may wait (at most about 10 s) for a fetch: for the first
 * keys, and for a {@code kid} it has not seen, at most once per 10 s. Call {@link #refreshKeys()}
 * at start-up so that normal operation does not wait. HS256 and a JWKS file never wait.
 */
public final class JwtVerifier {

    /**
     * The longest a token may still be valid for when it is presented: as long as {@code korrekt
     * token} issues one for at most. An identity provider's token that is valid for longer is refused.
     */
    public static final java.time.Duration MAX_LIFETIME = JwtIssuer.MAX_TTL;

    /** The longest subject ({@code sub}) accepted, in characters. */
    public static final int MAX_SUBJECT_LENGTH = 256;

    private static final String HMAC = "HmacSHA256";
    private static final int MAX_CACHED_HEADER = 512;

    /** A header part as it appeared in a token, and what it says. */
    private record ParsedHeader(byte[] encoded, JoseHeader header) {}

    /** The last header parsed (a benign race: any thread's last header will do). */
    private volatile ParsedHeader lastHeader;

    private final Set<Algorithm> algorithms;
    private final ThreadLocal<HmacState> hmac;
    private final KeyLookup keys;
    private final RemoteJwkSet remote;
    private final String issuer;
    private final String audience;
    private final long skewSeconds;
    private final int maxTokenLength;
    private final Clock clock;

    /** Per thread: a MAC keyed with the secret and a buffer for its result (Mac is not thread-safe). */
    private static final class HmacState {
        final Mac mac;
        final byte[] out;

        HmacState(SecretKeySpec key) {
            try {
                mac = Mac.getInstance(HMAC);
                mac.init(key);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK has no " + HMAC, e);
            }
            out = new byte[mac.getMacLength()];
        }
    }

    private JwtVerifier(AuthConfig config, KeyLookup keys, RemoteJwkSet remote, Clock clock) {
        this.algorithms = EnumSet.copyOf(config.algorithms());
        byte[] secret = config.hmacSecret();
        if (secret == null) {
            this.hmac = null;
        } else {
            SecretKeySpec key = new SecretKeySpec(secret, HMAC);
            this.hmac = ThreadLocal.withInitial(() -> new HmacState(key));
        }
        this.keys = keys;
        this.remote = remote;
        this.issuer = config.issuer();
        this.audience = config.audience();
        this.skewSeconds = config.clockSkew().toSeconds();
        this.maxTokenLength = config.maxTokenLength();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A verifier on the system clock. Reads a JWKS file now; a JWKS URL is fetched on first use. */
    public static JwtVerifier create(AuthConfig config) throws IOException {
        return create(config, Clock.systemUTC());
    }

    /** A verifier on the given clock (for tests). Reads a JWKS file now; a JWKS URL is fetched on first use. */
    public static JwtVerifier create(AuthConfig config, Clock clock) throws IOException {
        if (config.jwksFile() != null) {
            return new JwtVerifier(config, JwkSet.read(config.jwksFile()), null, clock);
        }
        if (config.jwksUrl() != null) {
            RemoteJwkSet remote = new RemoteJwkSet(config.jwksUrl(), config.jwksRefresh(), clock);
            return new JwtVerifier(config, remote, remote, clock);
        }
        return new JwtVerifier(config, null, null, clock);
    }

    /** The verifier for the service: {@link AuthConfig#fromEnvironment} and the system clock. */
    public static JwtVerifier fromEnvironment(Map<String, String> env, Path workDir) throws IOException {
        return create(AuthConfig.fromEnvironment(env, workDir));
    }

    /** With a JWKS URL, fetches the keys now (and waits); otherwise does nothing. */
    public void refreshKeys() throws IOException {
        if (remote != null) {
            remote.refreshNow();
        }
    }

    /**
     * Verifies the value of an {@code Authorization} header: {@code Bearer <token>} (the scheme in
     * any case, one or more spaces). A null, blank or non-Bearer header is {@code missing_token}.
     */
    public Principal verifyAuthorization(String header) throws JwtException {
        String scheme = "Bearer ";
        if (header == null || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            throw new JwtException(JwtException.Reason.MISSING_TOKEN, "no 'Authorization: Bearer' header");
        }
        int start = scheme.length();
        int end = header.length();
        while (start < end && header.charAt(start) == ' ') {
            start++;
        }
        while (end > start && header.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end) {
            throw new JwtException(JwtException.Reason.MISSING_TOKEN, "empty bearer token");
        }
        return verify(header.substring(start, end));
    }

    /** Verifies a compact JWS token. */
    public Principal verify(String token) throws JwtException {
        if (token == null || token.isEmpty()) {
            throw new JwtException(JwtException.Reason.MISSING_TOKEN, "empty token");
        }
        int length = token.length();
        if (length > maxTokenLength) {
            throw new JwtException(JwtException.Reason.MALFORMED, "token longer than " + maxTokenLength);
        }
        byte[] ascii = new byte[length];
        int firstDot = -1;
        int secondDot = -1;
        for (int i = 0; i < length; i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (firstDot < 0) {
                    firstDot = i;
                } else if (secondDot < 0) {
                    secondDot = i;
                } else {
                    throw new JwtException(JwtException.Reason.MALFORMED, "more than three parts");
                }
            } else if (!Base64Url.isAlphabet(c)) {
                throw new JwtException(JwtException.Reason.MALFORMED, "character outside base64url");
            }
            ascii[i] = (byte) c;
        }
        if (secondDot < 0) {
            throw new JwtException(JwtException.Reason.MALFORMED, "not three parts");
        }
        JoseHeader header = header(ascii, firstDot);
        Algorithm algorithm = Algorithm.fromHeader(header.alg());
        if (algorithm == null || !algorithms.contains(algorithm)) {
            throw new JwtException(JwtException.Reason.UNSUPPORTED_ALGORITHM, "alg not allowed by the configuration");
        }
        byte[] signature = Base64Url.decode(ascii, secondDot + 1, length);
        if (algorithm == Algorithm.HS256) {
            checkHmac(ascii, secondDot, signature);
        } else {
            checkSignature(keys.key(header.kid(), algorithm), ascii, secondDot, signature);
        }
        return principal(Claims.parse(Base64Url.decode(ascii, firstDot + 1, secondDot)));
    }

    /**
     * The header, parsed; the last one parsed is kept, since the tokens of one issuer all carry the
     * same header part (it is still covered by the signature check that follows).
     */
    private JoseHeader header(byte[] ascii, int length) throws JwtException {
        ParsedHeader last = lastHeader;
        if (last != null && Arrays.equals(last.encoded, 0, last.encoded.length, ascii, 0, length)) {
            return last.header;
        }
        JoseHeader header = JoseHeader.parse(Base64Url.decode(ascii, 0, length));
        if (length <= MAX_CACHED_HEADER) {
            lastHeader = new ParsedHeader(Arrays.copyOf(ascii, length), header);
        }
        return header;
    }

    private void checkHmac(byte[] ascii, int signedLength, byte[] signature) throws JwtException {
        HmacState state = hmac.get();
        try {
            state.mac.update(ascii, 0, signedLength);
            state.mac.doFinal(state.out, 0);
        } catch (GeneralSecurityException e) {
            state.mac.reset();
            throw new IllegalStateException("HMAC buffer", e);
        }
        if (!MessageDigest.isEqual(state.out, signature)) {
            throw new JwtException(JwtException.Reason.BAD_SIGNATURE, "HS256 signature does not verify");
        }
    }

    private static void checkSignature(PublicJwk key, byte[] ascii, int signedLength, byte[] signature)
            throws JwtException {
        boolean valid;
        try {
            Signature verifier;
            if (key.algorithm() == Algorithm.RS256) {
                verifier = Signature.getInstance("SHA256withRSA");
            } else {
                if (signature.length != 64) {
                    throw new JwtException(JwtException.Reason.BAD_SIGNATURE, "ES256 signature is not 64 bytes");
                }
                verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            }
            verifier.initVerify(key.key());
            verifier.update(ascii, 0, signedLength);
            valid = verifier.verify(signature);
        } catch (SignatureException e) {
            valid = false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify " + key.algorithm(), e);
        }
        if (!valid) {
            throw new JwtException(JwtException.Reason.BAD_SIGNATURE, key.algorithm() + " signature does not verify");
        }
    }

    /**
     * What is wrong with a token's subject, or null. The subject is kept for good as the author of
     * notes and outcomes, in the audit trail and the read log, and shown on case pages: so an
     * employee id of at most {@value #MAX_SUBJECT_LENGTH} characters with no control character,
     * never a person's number (an e-ID's subject often is one). {@code korrekt token} checks the same.
     */
    public static String subjectProblem(String subject) {
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            return "is " + subject.length() + " characters long; at most " + MAX_SUBJECT_LENGTH;
        }
        if (subject.codePoints().anyMatch(Character::isISOControl)) {
            return "holds a control character";
        }
        if (org.korrekt.features.identity.PersonalIdentityNumber.occursIn(subject)) {
            return "holds a personal identity number; korrekt keeps it in its audit trail for good, so the identity"
                    + " provider must name an employee id instead";
        }
        return null;
    }

    private Principal principal(Claims claims) throws JwtException {
        if (claims.subject() == null || claims.subject().isEmpty()) {
            throw new JwtException(JwtException.Reason.MISSING_CLAIM, "no sub");
        }
        String problem = subjectProblem(claims.subject());
        if (problem != null) {
            throw new JwtException(JwtException.Reason.MALFORMED, "sub " + problem);
        }
        if (claims.expiresAt() == Claims.ABSENT) {
            throw new JwtException(JwtException.Reason.MISSING_CLAIM, "no exp");
        }
        if (issuer != null && !issuer.equals(claims.issuer())) {
            throw new JwtException(JwtException.Reason.WRONG_ISSUER, "iss is not the configured issuer");
        }
        if (audience != null && (claims.audience() == null || !claims.audience().contains(audience))) {
            throw new JwtException(JwtException.Reason.WRONG_AUDIENCE, "aud does not name the configured audience");
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        if (now >= claims.expiresAt() + skewSeconds) {
            throw new JwtException(JwtException.Reason.EXPIRED, "past exp");
        }
        if (claims.expiresAt() - now > MAX_LIFETIME.toSeconds() + skewSeconds) {
            // a token that never expires, leaked once, reads decisions and cases for good
            throw new JwtException(
                    JwtException.Reason.LIFETIME_TOO_LONG,
                    "exp is more than " + MAX_LIFETIME.toDays() + " days ahead; korrekt accepts no longer-lived token");
        }
        if (claims.notBefore() != Claims.ABSENT && now + skewSeconds < claims.notBefore()) {
            throw new JwtException(JwtException.Reason.NOT_YET_VALID, "before nbf");
        }
        if (claims.issuedAt() != Claims.ABSENT && now + skewSeconds < claims.issuedAt()) {
            throw new JwtException(JwtException.Reason.NOT_YET_VALID, "iat in the future");
        }
        if (claims.roles().isEmpty()) {
            throw new JwtException(JwtException.Reason.NO_ROLE, "no known role");
        }
        return new Principal(
                claims.subject(),
                claims.roles(),
                Set.copyOf(claims.units()),
                Instant.ofEpochSecond(claims.expiresAt()));
    }

    /** The longest token accepted, in characters. */
    public int maxTokenLength() {
        return maxTokenLength;
    }
}
