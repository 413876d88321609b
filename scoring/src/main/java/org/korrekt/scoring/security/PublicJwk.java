package org.korrekt.scoring.security;

import java.security.PublicKey;

/** A verification key from a JWKS: its {@code kid} (or null), the one algorithm it verifies, the key. */
record PublicJwk(String kid, Algorithm algorithm, PublicKey key) {}
