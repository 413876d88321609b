package org.korrekt.scoring.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens are verified. The allowed algorithms follow from the configured keys, never from a
 * token: HS256 when there is a shared secret, RS256 and ES256 when there is a JWKS (URL or file).
 *
 * @param hmacSecret the HS256 shared secret (at least 32 bytes), or null for no HS256
 * @param jwksUrl where to fetch the JWKS ({@code https}; {@code http} only for a loopback host), or null
 * @param jwksFile a local JWKS file, read once, or null; not together with {@code jwksUrl}
 * @param issuer the required {@code iss}, or null for no check
 * @param audience the {@code aud} a token must name, or null for no check
 * @param clockSkew tolerance for {@code exp}, {@code nbf} and {@code iat}, 0 to 5 minutes
 * @param jwksRefresh how long fetched JWKS keys are used before they are fetched again
 * @param maxTokenLength the longest token accepted, in characters (256 to 65536)
 */
public record AuthConfig(
        byte[] hmacSecret,
        URI jwksUrl,
        Path jwksFile,
        String issuer,
        String audience,
        Duration clockSkew,
        Duration jwksRefresh,
        int maxTokenLength) {

    /** Environment variable with the HS256 secret, base64url (padding optional), at least 32 bytes decoded. */
    public static final String ENV_SECRET = "KORREKT_JWT_SECRET";
    /** Environment variable with the JWKS URL of an identity provider. */
    public static final String ENV_JWKS_URL = "KORREKT_JWKS_URL";
    /** Environment variable with the path of a local JWKS file. */
    public static final String ENV_JWKS_FILE = "KORREKT_JWKS_FILE";
    /** Environment variable with the required issuer ({@code iss}). */
    public static final String ENV_ISSUER = "KORREKT_JWT_ISSUER";
    /** Environment variable with the required audience ({@code aud}). */
    public static final String ENV_AUDIENCE = "KORREKT_JWT_AUDIENCE";
    /** Environment variable with the clock skew in seconds. */
    public static final String ENV_CLOCK_SKEW = "KORREKT_JWT_CLOCK_SKEW_SECONDS";
    /** Environment variable with the JWKS refresh interval in minutes. */
    public static final String ENV_JWKS_REFRESH = "KORREKT_JWKS_REFRESH_MINUTES";
    /** File name of the generated development secret in the working folder. */
    public static final String SECRET_FILE = "jwt.secret";
    /** Issuer when {@value #ENV_ISSUER} is not set. */
    public static final String DEFAULT_ISSUER = "korrekt";
    /** Audience when {@value #ENV_AUDIENCE} is not set. */
    public static final String DEFAULT_AUDIENCE = "korrekt-scoring";
    /** Clock skew when {@value #ENV_CLOCK_SKEW} is not set. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    /** JWKS refresh interval when {@value #ENV_JWKS_REFRESH} is not set. */
    public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(10);
    /** Longest token accepted by default: 8 KiB. */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 8192;
    /** Shortest HS256 secret, in bytes (RFC 7518 section 3.2: at least the hash's size). */
    public static final int MIN_SECRET_BYTES = 32;

    /** Checks the configuration and copies the secret. */
    public AuthConfig {
        if (hmacSecret != null) {
            if (hmacSecret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(
                        "the JWT secret must have at least " + MIN_SECRET_BYTES + " bytes, not " + hmacSecret.length);
            }
            hmacSecret = hmacSecret.clone();
        }
        if (jwksUrl != null && jwksFile != null) {
            throw new IllegalArgumentException("configure a JWKS URL or a JWKS file, not both");
        }
        if (hmacSecret == null && jwksUrl == null && jwksFile == null) {
            throw new IllegalArgumentException("no keys: configure a JWT secret, a JWKS URL or a JWKS file");
        }
        if (jwksUrl != null) {
            checkJwksUrl(jwksUrl);
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(jwksRefresh, "jwksRefresh");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("the clock skew must be 0 to 300 seconds, not " + clockSkew);
        }
        if (jwksRefresh.compareTo(Duration.ofSeconds(10)) < 0) {
            throw new IllegalArgumentException("the JWKS refresh interval must be at least 10 seconds");
        }
        if (maxTokenLength < 256 || maxTokenLength > 65536) {
            throw new IllegalArgumentException("the longest token must be 256 to 65536 characters");
        }
    }

    /** HS256 with this secret, the default issuer, audience and limits: for development and tests. */
    public static AuthConfig hs256(byte[] secret) {
        return new AuthConfig(
                secret,
                null,
                null,
                DEFAULT_ISSUER,
                DEFAULT_AUDIENCE,
                DEFAULT_CLOCK_SKEW,
                DEFAULT_JWKS_REFRESH,
                DEFAULT_MAX_TOKEN_LENGTH);
    }

    /**
     * The configuration from the environment: the secret from {@value #ENV_SECRET}; a JWKS from
     * {@value #ENV_JWKS_URL} or {@value #ENV_JWKS_FILE}; with neither a secret nor a JWKS, the
     * development secret in {@code workDir/jwt.secret}, generated (readable by the owner only) on
     * first use. A JWKS without {@value #ENV_SECRET} turns HS256 off.
     */
    public static AuthConfig fromEnvironment(Map<String, String> env, Path workDir) throws IOException {
        URI jwksUrl = blankToNull(env.get(ENV_JWKS_URL)) == null
                ? null
                : URI.create(env.get(ENV_JWKS_URL).strip());
        Path jwksFile = blankToNull(env.get(ENV_JWKS_FILE)) == null
                ? null
                : Path.of(env.get(ENV_JWKS_FILE).strip());
        byte[] secret = blankToNull(env.get(ENV_SECRET)) != null || (jwksUrl == null && jwksFile == null)
                ? secret(env, workDir)
                : null;
        String issuer = blankToNull(env.get(ENV_ISSUER));
        String audience = blankToNull(env.get(ENV_AUDIENCE));
        return new AuthConfig(
                secret,
                jwksUrl,
                jwksFile,
                issuer == null ? DEFAULT_ISSUER : issuer,
                audience == null ? DEFAULT_AUDIENCE : audience,
                Duration.ofSeconds(number(env, ENV_CLOCK_SKEW, DEFAULT_CLOCK_SKEW.toSeconds())),
                Duration.ofMinutes(number(env, ENV_JWKS_REFRESH, DEFAULT_JWKS_REFRESH.toMinutes())),
                DEFAULT_MAX_TOKEN_LENGTH);
    }

    /**
     * The HS256 secret: {@value #ENV_SECRET} (base64url), else {@code workDir/jwt.secret}, which is
     * generated (32 random bytes, base64url, owner-only permissions) if it does not exist.
     */
    public static byte[] secret(Map<String, String> env, Path workDir) throws IOException {
        String value = blankToNull(env.get(ENV_SECRET));
        String source = ENV_SECRET;
        if (value == null) {
            Path file = workDir.resolve(SECRET_FILE);
            value = readOrCreate(file);
            source = file.toString();
        }
        byte[] secret;
        try {
            secret = Base64.getUrlDecoder().decode(value.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be base64url (A-Z a-z 0-9 - _)", e);
        }
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException(
                    source + " must hold at least " + MIN_SECRET_BYTES + " bytes, not " + secret.length);
        }
        return secret;
    }

    /** The algorithms tokens may use under this configuration. */
    public Set<Algorithm> algorithms() {
        Set<Algorithm> algorithms = EnumSet.noneOf(Algorithm.class);
        if (hmacSecret != null) {
            algorithms.add(Algorithm.HS256);
        }
        if (jwksUrl != null || jwksFile != null) {
            algorithms.add(Algorithm.RS256);
            algorithms.add(Algorithm.ES256);
        }
        return algorithms;
    }

    /** A copy of the HS256 secret, or null. */
    @Override
    public byte[] hmacSecret() {
        return hmacSecret == null ? null : hmacSecret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AuthConfig that
                && Arrays.equals(hmacSecret, that.hmacSecret)
                && Objects.equals(jwksUrl, that.jwksUrl)
                && Objects.equals(jwksFile, that.jwksFile)
                && Objects.equals(issuer, that.issuer)
                && Objects.equals(audience, that.audience)
                && clockSkew.equals(that.clockSkew)
                && jwksRefresh.equals(that.jwksRefresh)
                && maxTokenLength == that.maxTokenLength;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                Arrays.hashCode(hmacSecret),
                jwksUrl,
                jwksFile,
                issuer,
                audience,
                clockSkew,
                jwksRefresh,
                maxTokenLength);
    }

    /** Describes the configuration without the secret. */
    @Override
    public String toString() {
        return "AuthConfig[algorithms=" + algorithms() + ", jwksUrl=" + jwksUrl + ", jwksFile=" + jwksFile
                + ", issuer=" + issuer + ", audience=" + audience + ", clockSkew=" + clockSkew
                + ", jwksRefresh=" + jwksRefresh + ", maxTokenLength=" + maxTokenLength + "]";
    }

    private static void checkJwksUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        if (url.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("the JWKS URL must be an https URL: " + url);
        }
        if (scheme.equals("http") && !isLoopback(url.getHost())) {
            throw new IllegalArgumentException("the JWKS URL must use https (http only for localhost): " + url);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        // Only literal addresses (IPv4 digits and dots, IPv6 in brackets): a name is never resolved here.
        boolean ipv4 = host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        if (!ipv4 && !host.startsWith("[")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + value + "'", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] bytes = new byte[MIN_SECRET_BYTES];
            new SecureRandom().nextBytes(bytes);
            String value = Base64Url.encode(bytes);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
                return value;
            } catch (FileAlreadyExistsException e) {
                // Another process made it first: use theirs.
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
