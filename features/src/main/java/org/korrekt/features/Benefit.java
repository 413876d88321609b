package org.korrekt.features;

/**
 * The benefits korrekt scores, with the control unit whose queue receives their flagged cases.
 *
 * <p>The codes are stable: they appear in requests, Parquet files and queue names.
 */
public enum Benefit {
    /** Tillfällig föräldrapenning (VAB): temporary parental benefit for care of a sick child. */
    TFP("tfp", "Tillfällig föräldrapenning (VAB)", "Temporary parental benefit (VAB)"),
    /** Föräldrapenning: parental benefit. */
    FP("fp", "Föräldrapenning", "Parental benefit"),
    /** Sjukpenning: sickness benefit. */
    SP("sp", "Sjukpenning", "Sickness benefit"),
    /** Bostadsbidrag: housing allowance. */
    BOB("bob", "Bostadsbidrag", "Housing allowance"),
    /** Underhållsstöd: maintenance support for a child whose other parent does not pay. */
    UHS("uhs", "Underhållsstöd", "Maintenance support"),
    /** Aktivitetsstöd (with utvecklings- and etableringsersättning): activity support. */
    AS("as", "Aktivitetsstöd", "Activity support"),
    /** Assistansersättning: assistance allowance for personal assistance. */
    ASS("ass", "Assistansersättning", "Assistance allowance"),
    /** Barnbidrag (with flerbarnstillägg and förlängt barnbidrag): child allowance. */
    BB("bb", "Barnbidrag", "Child allowance"),
    /** Sjukersättning: sickness compensation. */
    SE("se", "Sjukersättning", "Sickness compensation"),
    /** Aktivitetsersättning: activity compensation. */
    AE("ae", "Aktivitetsersättning", "Activity compensation"),
    /** Omvårdnadsbidrag: care allowance for a child with a disability. */
    OB("ob", "Omvårdnadsbidrag", "Care allowance");

    private final String code;
    private final String swedishName;
    private final String englishName;

    Benefit(String code, String swedishName, String englishName) {
        this.code = code;
        this.swedishName = swedishName;
        this.englishName = englishName;
    }

    /** The stable lower-case code used in requests, files and queue names, e.g. {@code tfp}. */
    public String code() {
        return code;
    }

    /** The benefit's Swedish name. */
    public String swedishName() {
        return swedishName;
    }

    /** The benefit's English name. */
    public String englishName() {
        return englishName;
    }

    /** Every code, comma-separated, for messages. */
    public static String codes() {
        StringBuilder codes = new StringBuilder();
        for (Benefit benefit : values()) {
            codes.append(codes.length() == 0 ? "" : ", ").append(benefit.code);
        }
        return codes.toString();
    }

    /**
     * Looks a benefit up by its code, ignoring case.
     *
     * @return the benefit, or {@code null} when no benefit has that code
     */
    public static Benefit fromCode(String code) {
        for (Benefit benefit : values()) {
            if (Codes.equalsIgnoringAsciiCase(benefit.code, code)) {
                return benefit;
            }
        }
        return null;
    }
}
