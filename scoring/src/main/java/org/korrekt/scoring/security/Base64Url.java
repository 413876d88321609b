package org.korrekt.scoring.security;

import java.util.Arrays;
import java.util.Base64;

/**
 * Strict base64url without padding (RFC 7515 section 2): only the 64 alphabet characters, and the
 * unused bits of the last character must be zero, so that every byte string has exactly one
 * encoding and a changed character always changes the decoded bytes.
 */
final class Base64Url {

    private static final byte[] VALUES = new byte[128];

    static {
        Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private Base64Url() {}

    /** Whether {@code c} is one of the 64 characters of the base64url alphabet. */
    static boolean isAlphabet(int c) {
        return c >= 0 && c < 128 && VALUES[c] >= 0;
    }

    /** Encodes without padding. */
    static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes {@code text[from, to)}, ASCII bytes; a malformed segment is {@link JwtException.Reason#MALFORMED}. */
    static byte[] decode(byte[] text, int from, int to) throws JwtException {
        int length = to - from;
        int rest = length % 4;
        if (rest == 1) {
            throw malformed();
        }
        byte[] out = new byte[length / 4 * 3 + (rest == 0 ? 0 : rest - 1)];
        int o = 0;
        int i = from;
        for (int end = to - rest; i < end; i += 4) {
            int bits = value(text[i]) << 18 | value(text[i + 1]) << 12 | value(text[i + 2]) << 6 | value(text[i + 3]);
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        if (rest == 2) {
            int last = value(text[i + 1]);
            if ((last & 0x0f) != 0) {
                throw malformed();
            }
            out[o] = (byte) (value(text[i]) << 2 | last >> 4);
        } else if (rest == 3) {
            int last = value(text[i + 2]);
            if ((last & 0x03) != 0) {
                throw malformed();
            }
            int bits = value(text[i]) << 12 | value(text[i + 1]) << 6 | last;
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        }
        return out;
    }

    /** Decodes a whole string, e.g. a JWK member. */
    static byte[] decode(String text) throws JwtException {
        byte[] ascii = new byte[text.length()];
        for (int i = 0; i < ascii.length; i++) {
            char c = text.charAt(i);
            if (!isAlphabet(c)) {
                throw malformed();
            }
            ascii[i] = (byte) c;
        }
        return decode(ascii, 0, ascii.length);
    }

    private static int value(byte c) throws JwtException {
        int v = c < 0 ? -1 : VALUES[c];
        if (v < 0) {
            throw malformed();
        }
        return v;
    }

    private static JwtException malformed() {
        return new JwtException(JwtException.Reason.MALFORMED, "not base64url");
    }
}
