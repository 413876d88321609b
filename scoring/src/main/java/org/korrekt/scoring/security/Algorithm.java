package org.korrekt.scoring.security;

/** The JWS algorithms korrekt verifies (RFC 7518 section 3). Anything else, {@code none} included, is refused. */
public enum Algorithm {
    /** HMAC with SHA-256 under the shared secret. */
    HS256,
    /** RSASSA-PKCS1-v1_5 with SHA-256 under an RSA key (at least 2048 bits) from the JWKS. */
    RS256,
    /** ECDSA on P-256 with SHA-256 under an EC key from the JWKS; the signature is R || S, 64 bytes. */
    ES256;

    /** The algorithm named by a header's {@code alg}, or null for one korrekt does not verify. */
    static Algorithm fromHeader(String alg) {
        if (alg == null) {
            return null;
        }
        switch (alg) {
            case "HS256":
                return HS256;
            case "RS256":
                return RS256;
            case "ES256":
                return ES256;
            default:
                return null;
        }
    }
}
