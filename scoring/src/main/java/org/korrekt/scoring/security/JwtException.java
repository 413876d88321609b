package org.korrekt.scoring.security;

/**
 * A token was refused. {@link #reason()} is stable and short (for logs, metrics and the error
 * response); the message never contains any part of the token. Carries no stack trace: a refused
 * token is not a bug, and refusing must stay cheap under a flood of bad tokens.
 */
public final class JwtException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token was refused. */
    public enum Reason {
        /** No {@code Authorization: Bearer} header, or an empty token. */
        MISSING_TOKEN("missing_token"),
        /** Not a compact JWS with a JSON header and claims, too long, or a claim of the wrong type. */
        MALFORMED("malformed"),
        /** The header's {@code alg} is not one the configuration allows (including {@code none}). */
        UNSUPPORTED_ALGORITHM("unsupported_algorithm"),
        /** No configured key matches the header's {@code kid} and {@code alg}. */
        UNKNOWN_KEY("unknown_key"),
        /** The JWKS could not be fetched and no keys are cached. */
        KEYS_UNAVAILABLE("keys_unavailable"),
        /** The signature does not verify. */
        BAD_SIGNATURE("bad_signature"),
        /** A required claim ({@code sub}, {@code exp}) is absent. */
        MISSING_CLAIM("missing_claim"),
        /** Past {@code exp} (beyond the clock skew). */
        EXPIRED("expired"),
        /** {@code exp} further ahead than {@link JwtVerifier#MAX_LIFETIME} (beyond the clock skew). */
        LIFETIME_TOO_LONG("lifetime_too_long"),
        /** Before {@code nbf}, or {@code iat} in the future (beyond the clock skew). */
        NOT_YET_VALID("not_yet_valid"),
        /** {@code iss} is not the configured issuer. */
        WRONG_ISSUER("wrong_issuer"),
        /** {@code aud} does not name the configured audience. */
        WRONG_AUDIENCE("wrong_audience"),
        /** The {@code roles} claim holds no role korrekt knows. */
        NO_ROLE("no_role");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** The short, stable code, e.g. {@code bad_signature}. */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    /** A refusal with a fixed detail (a constant of korrekt's, never text from the token). */
    public JwtException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    /** A refusal caused by another exception (which must not carry token text either). */
    public JwtException(Reason reason, String detail, Throwable cause) {
        super(reason.code() + ": " + detail, cause, true, false);
        this.reason = reason;
    }

    /** Why the token was refused. */
    public Reason reason() {
        return reason;
    }

    /** The short code of {@link #reason()}, e.g. {@code expired}. */
    public String code() {
        return reason.code();
    }
}
