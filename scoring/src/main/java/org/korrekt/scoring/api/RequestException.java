package org.korrekt.scoring.api;

import java.util.Objects;

/**
 * An expected client error: cheap (no stack trace), carrying the stable code and, where one is to
 * blame, the offending field.
 */
public final class RequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String field;

    /**
     * @param code the stable error code
     * @param field the offending field or parameter, or {@code null}
     * @param message a human-readable message naming the value and the bound
     */
    public RequestException(ErrorCode code, String field, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    /** The stable error code. */
    public ErrorCode code() {
        return code;
    }

    /** The offending field, or {@code null}. */
    public String field() {
        return field;
    }
}
