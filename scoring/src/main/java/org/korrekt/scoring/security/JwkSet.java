package org.korrekt.scoring.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The usable keys of a JWKS document (RFC 7517): RSA keys of at least 2048 bits for RS256, and
 * P-256 EC keys for ES256. A key for another type, curve, use or algorithm is skipped, not an error.
 */
final class JwkSet implements KeyLookup {

    /** Most keys read from one document. */
    static final int MAX_KEYS = 100;

    static final int MIN_RSA_BITS = 2048;

    private static final ECParameterSpec P256 = p256();

    private final List<PublicJwk> keys;

    private JwkSet(List<PublicJwk> keys) {
        this.keys = List.copyOf(keys);
    }

    /** The usable keys, in document order. */
    List<PublicJwk> keys() {
        return keys;
    }

    /** Reads a JWKS file. */
    static JwkSet read(Path file) throws IOException {
        try {
            return parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IOException("JWKS file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a JWKS document: {@code {"keys":[...]}}. */
    static JwkSet parse(byte[] json) throws IOException {
        List<PublicJwk> keys = new ArrayList<>();
        boolean sawKeys = false;
        try (JsonParser parser = Json.object(json)) {
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("keys")) {
                    parser.skipChildren();
                    continue;
                }
                sawKeys = true;
                if (value != JsonToken.START_ARRAY) {
                    throw new IOException("'keys' is not an array");
                }
                int count = 0;
                for (JsonToken element = parser.nextToken();
                        element != JsonToken.END_ARRAY;
                        element = parser.nextToken()) {
                    if (++count > MAX_KEYS) {
                        throw new IOException("more than " + MAX_KEYS + " keys");
                    }
                    if (element != JsonToken.START_OBJECT) {
                        throw new IOException("a key is not a JSON object");
                    }
                    PublicJwk key = key(members(parser));
                    if (key != null) {
                        keys.add(key);
                    }
                }
            }
            Json.end(parser);
        }
        if (!sawKeys) {
            throw new IOException("no 'keys' member");
        }
        return new JwkSet(keys);
    }

    @Override
    public PublicJwk key(String kid, Algorithm algorithm) throws JwtException {
        PublicJwk found = find(kid, algorithm);
        if (found == null) {
            throw new JwtException(JwtException.Reason.UNKNOWN_KEY, "no key for this kid and alg");
        }
        return found;
    }

    /** The key, or null: by {@code kid} and algorithm; without a kid, the only key for the algorithm. */
    PublicJwk find(String kid, Algorithm algorithm) {
        PublicJwk found = null;
        for (PublicJwk key : keys) {
            if (key.algorithm() != algorithm) {
                continue;
            }
            if (kid != null) {
                if (kid.equals(key.kid())) {
                    return key;
                }
            } else if (found == null) {
                found = key;
            } else {
                return null; // two candidates and no kid to choose: refuse rather than try both
            }
        }
        return kid == null ? found : null;
    }

    /** The string members of a key object (others, such as {@code key_ops}, are skipped). */
    private static Map<String, String> members(JsonParser parser) throws IOException {
        Map<String, String> members = new HashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                members.put(name, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
        return members;
    }

    /** The key a JWK describes, or null if korrekt cannot use it for verification. */
    private static PublicJwk key(Map<String, String> jwk) {
        String use = jwk.get("use");
        if (use != null && !use.equals("sig")) {
            return null;
        }
        String kty = String.valueOf(jwk.get("kty"));
        Algorithm algorithm = kty.equals("RSA") ? Algorithm.RS256 : kty.equals("EC") ? Algorithm.ES256 : null;
        String alg = jwk.get("alg");
        if (algorithm == null || (alg != null && !alg.equals(algorithm.name()))) {
            return null;
        }
        try {
            PublicKey key = algorithm == Algorithm.RS256 ? rsa(jwk) : ec(jwk);
            return key == null ? null : new PublicJwk(jwk.get("kid"), algorithm, key);
        } catch (JwtException | GeneralSecurityException e) {
            return null;
        }
    }

    private static PublicKey rsa(Map<String, String> jwk) throws JwtException, GeneralSecurityException {
        if (jwk.get("n") == null || jwk.get("e") == null) {
            return null;
        }
        BigInteger modulus = new BigInteger(1, Base64Url.decode(jwk.get("n")));
        BigInteger exponent = new BigInteger(1, Base64Url.decode(jwk.get("e")));
        if (modulus.bitLength() < MIN_RSA_BITS || exponent.signum() <= 0 || !exponent.testBit(0)) {
            return null;
        }
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    private static PublicKey ec(Map<String, String> jwk) throws JwtException, GeneralSecurityException {
        if (!"P-256".equals(jwk.get("crv")) || jwk.get("x") == null || jwk.get("y") == null) {
            return null;
        }
        byte[] x = Base64Url.decode(jwk.get("x"));
        byte[] y = Base64Url.decode(jwk.get("y"));
        if (x.length != 32 || y.length != 32) {
            return null;
        }
        ECPoint point = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
        if (!onCurve(point)) {
            return null;
        }
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256));
    }

    /** Whether the point lies on P-256: y^2 = x^3 + ax + b (mod p), both coordinates below p. */
    static boolean onCurve(ECPoint point) {
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger x = point.getAffineX();
        BigInteger y = point.getAffineY();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3)
                .add(P256.getCurve().getA().multiply(x))
                .add(P256.getCurve().getB())
                .mod(p);
        return left.equals(right);
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }
}
