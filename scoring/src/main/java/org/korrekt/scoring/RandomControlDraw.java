package org.korrekt.scoring;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.function.ToDoubleFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.korrekt.features.Application;

/**
 * The random control sample's draw for an application: a number in [0, 1) taken from the
 * application's id under a secret key (HMAC-SHA256), so that the same application is drawn, or
 * not, each time it is scored. A client that retries after a timeout gets the action of the first
 * scoring, not a new draw that could send the payment out while a random-control case was opened
 * for the first (helper-38: 300 scorings of one application gave 289 PASS and 11 MANUAL_CHECK). A
 * payment run's draw no longer depends on which rows came before. Without the key the draw cannot
 * be foreseen from the id, and over many applications it is uniform. Thread-safe.
 */
public final class RandomControlDraw implements ToDoubleFunction<Application> {

    private static final String ALGORITHM = "HmacSHA256";

    private final ThreadLocal<Mac> macs;
    private final ThreadLocal<byte[]> outputs = ThreadLocal.withInitial(() -> new byte[32]);

    private RandomControlDraw(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        this.macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(spec);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
            }
        });
    }

    /** The service's draw: under a key derived from the pseudonymisation key for this purpose. */
    public static RandomControlDraw keyedBy(byte[] pseudonymKey) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(pseudonymKey, ALGORITHM));
            return new RandomControlDraw(
                    mac.doFinal("korrekt random control draw v1".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }

    /** A payment run's draw: from its seed, so that the same seed and input give the same actions. */
    public static RandomControlDraw seeded(long seed) {
        try {
            return new RandomControlDraw(MessageDigest.getInstance("SHA-256")
                    .digest(("korrekt random control draw seed " + seed).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** The draw for {@code application}, in [0, 1): the first 53 bits of the MAC of its id's UTF-8 bytes. */
    @Override
    public double applyAsDouble(Application application) {
        Mac mac = macs.get();
        String id = application.applicationId();
        boolean ascii = true;
        for (int i = 0; i < id.length() && ascii; i++) {
            ascii = id.charAt(i) < 0x80;
        }
        if (ascii) {
            // an id's characters are its UTF-8 bytes: no array per scoring on the hot path
            for (int i = 0; i < id.length(); i++) {
                mac.update((byte) id.charAt(i));
            }
        } else {
            mac.update(id.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = outputs.get();
        try {
            mac.doFinal(out, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("an HmacSHA256 output is 32 bytes", e);
        }
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = bits << 8 | (out[i] & 0xff);
        }
        return (bits >>> 11) * 0x1.0p-53;
    }
}
