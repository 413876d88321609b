package org.korrekt.features.model;

/** A model artifact that cannot be read or does not fit the running feature schema. */
public final class ArtifactException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the value and the expectation */
    public ArtifactException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the underlying failure */
    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
