package org.korrekt.scoring.security;

/** Where the verifier finds public keys: a JWKS from a file or from a URL. */
interface KeyLookup {

    /**
     * The key for a token's {@code kid} (null when the header has none: then the one key for the
     * algorithm, if there is exactly one) that verifies {@code algorithm}.
     *
     * @throws JwtException {@code unknown_key}, or {@code keys_unavailable} when no keys could be had
     */
    PublicJwk key(String kid, Algorithm algorithm) throws JwtException;
}
