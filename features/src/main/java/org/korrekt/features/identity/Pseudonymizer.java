package org.korrekt.features.identity;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a personal identity number with a keyed pseudonym: {@code p-} followed by the first
 * 128 bits of HMAC-SHA256(key, canonical number), in hex.
 *
 * <p>The same key gives the same pseudonym, so history joins across systems that share the key;
 * without the key the pseudonym cannot be reversed or recomputed from a guessed number.
 * Thread-safe.
 */
public final class Pseudonymizer {

    /** Shortest accepted key, in bytes (256 bits). */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "p-";

    /** What the key is turned into for {@link #inputDigest}: a key of its own, for its own purpose. */
    private static final byte[] INPUT_DIGEST_PURPOSE = "korrekt input digest v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<Mac> inputMacs;

    /** @param key the secret key, at least {@value #MIN_KEY_BYTES} bytes */
    public Pseudonymizer(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "pseudonymisation key must be at least " + MIN_KEY_BYTES + " bytes, was " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
        SecretKeySpec inputKey = new SecretKeySpec(newMac().doFinal(INPUT_DIGEST_PURPOSE), ALGORITHM);
        this.inputMacs = ThreadLocal.withInitial(() -> newMac(inputKey));
    }

    /**
     * The digest a decision record keeps of the request it was made on: HMAC-SHA256, in hex, under a
     * key derived from this one for the purpose. A plain SHA-256 would give back an identity number
     * the request carried: the record holds the request's other fields, so trying the few hundred
     * thousand numbers of a birth year finds it in under a second. Whoever holds the key can check a
     * kept request against its record.
     */
    public String inputDigest(byte[] request) {
        return HexFormat.of().formatHex(inputMacs.get().doFinal(request));
    }

    /**
     * The pseudonym of a personal identity number.
     *
     * @throws IllegalArgumentException if the number is not a valid 12-digit identity number
     */
    public String pseudonymize(String personalIdentityNumber) {
        String canonical = PersonalIdentityNumber.normalize(personalIdentityNumber);
        byte[] digest = macs.get().doFinal(canonical.getBytes(StandardCharsets.US_ASCII));
        return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
    }

    /** Whether {@code value} has the form of a pseudonym this class produces. */
    public static boolean isPseudonym(String value) {
        if (value == null || value.length() != PREFIX.length() + 32 || !value.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private Mac newMac() {
        return newMac(key);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK provides " + ALGORITHM, e);
        }
    }
}
