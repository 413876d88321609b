package org.korrekt.scoring.security;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues HS256 tokens under the shared secret, for local development and tests: {@code sub},
 * {@code roles}, {@code units}, {@code iss}, {@code aud}, {@code iat}, {@code nbf} (both now) and
 * {@code exp}. In production an identity provider issues RS256 or ES256 tokens instead.
 */
public final class JwtIssuer {

    /** The longest lifetime a token may be issued for. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private static final String HEADER =
            Base64Url.encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.US_ASCII));

    private final SecretKeySpec key;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    /**
     * An issuer with this secret (at least 32 bytes); {@code issuer} and {@code audience} go into
     * {@code iss} and {@code aud}, left out when null.
     */
    public JwtIssuer(byte[] secret, String issuer, String audience, Clock clock) {
        if (secret.length < AuthConfig.MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    "the JWT secret must have at least " + AuthConfig.MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.issuer = issuer;
        this.audience = audience;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An issuer for the tokens a verifier with this configuration accepts; it must have an HS256 secret. */
    public static JwtIssuer of(AuthConfig config, Clock clock) {
        byte[] secret = config.hmacSecret();
        if (secret == null) {
            throw new IllegalArgumentException("the configuration has no JWT secret (HS256 is off)");
        }
        return new JwtIssuer(secret, config.issuer(), config.audience(), clock);
    }

    /** A signed token for {@code subject} with these roles and control units, valid from now for {@code ttl}. */
    public String issue(String subject, Set<Role> roles, Set<String> units, Duration ttl) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("the subject must not be empty");
        }
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a token needs at least one role");
        }
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException(
                    "the lifetime must be more than 0 and at most " + MAX_TTL.toDays() + " days");
        }
        long now = Math.floorDiv(clock.millis(), 1000L);
        String signingInput =
                HEADER + "." + Base64Url.encode(claims(subject, roles, units, now, now + ttl.toSeconds()));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64Url.encode(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private byte[] claims(String subject, Set<Role> roles, Set<String> units, long now, long expiresAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("sub", subject);
            if (issuer != null) {
                json.writeStringField("iss", issuer);
            }
            if (audience != null) {
                json.writeStringField("aud", audience);
            }
            json.writeNumberField("iat", now);
            json.writeNumberField("nbf", now);
            json.writeNumberField("exp", expiresAt);
            json.writeArrayFieldStart("roles");
            for (Role role : roles.stream().sorted().toList()) {
                json.writeString(role.claim());
            }
            json.writeEndArray();
            json.writeArrayFieldStart("units");
            for (String unit : new TreeSet<>(units)) {
                json.writeString(unit);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
