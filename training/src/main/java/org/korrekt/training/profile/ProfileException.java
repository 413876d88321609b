package org.korrekt.training.profile;

/** A profile definition that cannot be read or does not fit its table; the message says where. */
public final class ProfileException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
