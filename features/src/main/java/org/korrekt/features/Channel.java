package org.korrekt.features;

/** How an application reached the agency. */
public enum Channel {
    /** Submitted in the self-service e-service (Mina sidor, the app). */
    E_SERVICE("e-service"),
    /** Submitted on paper and keyed in by the agency. */
    PAPER("paper"),
    /** No application: decided by the agency from registers (e.g. child allowance), or continued from an earlier decision. */
    AUTOMATIC("automatic");

    private final String code;

    Channel(String code) {
        this.code = code;
    }

    /** The stable code used in requests and files. */
    public String code() {
        return code;
    }

    /**
     * Looks a channel up by its code, ignoring case.
     *
     * @return the channel, or {@code null} when no channel has that code
     */
    public static Channel fromCode(String code) {
        for (Channel channel : values()) {
            if (Codes.equalsIgnoringAsciiCase(channel.code, code)) {
                return channel;
            }
        }
        return null;
    }
}
