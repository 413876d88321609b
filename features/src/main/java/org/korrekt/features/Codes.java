package org.korrekt.features;

/** Comparing the codes of an API (benefits, channels, control units), which are ASCII. */
public final class Codes {

    private Codes() {}

    /**
     * Whether {@code code} is {@code known} in any case of its ASCII letters: {@code TFP} is {@code
     * tfp}. Unlike {@link String#equalsIgnoreCase}, no other letter folds into an ASCII one: {@code
     * ſp} (a long s, which upper-cases to S) and {@code \u212Aey} (the Kelvin sign) are not codes.
     *
     * @param known a code as written in korrekt
     * @param code what a caller sent, or null
     */
    public static boolean equalsIgnoringAsciiCase(String known, String code) {
        if (code == null || code.length() != known.length()) {
            return false;
        }
        for (int i = 0; i < code.length(); i++) {
            char a = known.charAt(i);
            char b = code.charAt(i);
            if (a != b && (b >= 0x80 || lower(a) != lower(b))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
