package org.korrekt.scoring.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Builds tokens and JWKS documents the way an identity provider would, with the JDK only. */
final class TestJwts {

    /** 2026-03-01T12:00:00Z, the tests' "now". */
    static final Instant NOW = Instant.ofEpochSecond(1_772_366_400L);

    private TestJwts() {}

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] secret(long seed) {
        byte[] secret = new byte[32];
        new java.util.Random(seed).nextBytes(secret);
        return secret;
    }

    /** A deterministic random source for key generation. */
    static SecureRandom seeded(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(long seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, seeded(seed));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(long seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), seeded(seed));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code header.payload.signature} with an HS256 MAC over the first two parts. */
    static String hs256(byte[] secret, String header, String payload) {
        String input = b64(header) + "." + b64(payload);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with a JCA signature algorithm, e.g. SHA256withRSA or SHA256withECDSAinP1363Format. */
    static String signed(String jcaAlgorithm, PrivateKey key, String header, String payload) {
        String input = b64(header) + "." + b64(payload);
        try {
            Signature signature = Signature.getInstance(jcaAlgorithm);
            signature.initSign(key);
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(PrivateKey key, String kid, String payload) {
        return signed("SHA256withRSA", key, header("RS256", kid), payload);
    }

    static String es256(PrivateKey key, String kid, String payload) {
        return signed("SHA256withECDSAinP1363Format", key, header("ES256", kid), payload);
    }

    static String header(String alg, String kid) {
        return kid == null
                ? "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}"
                : "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
    }

    /** Claims for the default issuer and audience, valid from NOW - 60 s to NOW + 1 h. */
    static String claims(String roles) {
        return claims(roles, NOW.getEpochSecond() + 3600);
    }

    static String claims(String roles, long exp) {
        return "{\"sub\":\"alice\",\"iss\":\"korrekt\",\"aud\":\"korrekt-scoring\",\"iat\":"
                + (NOW.getEpochSecond() - 60) + ",\"nbf\":" + (NOW.getEpochSecond() - 60) + ",\"exp\":" + exp
                + ",\"roles\":" + roles + ",\"units\":[\"tfp\"]}";
    }

    /** The unsigned big-endian bytes of a positive number, at least {@code length} long (left-padded). */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        if (bytes.length >= length) {
            return bytes;
        }
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }

    static String jwk(String kid, RSAPublicKey key) {
        return "{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid + "\",\"n\":\""
                + b64(unsigned(key.getModulus(), 0)) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent(), 0))
                + "\"}";
    }

    static String jwk(String kid, ECPublicKey key) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"" + kid + "\",\"x\":\""
                + b64(unsigned(key.getW().getAffineX(), 32)) + "\",\"y\":\""
                + b64(unsigned(key.getW().getAffineY(), 32)) + "\"}";
    }

    static String jwks(String... keys) {
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
