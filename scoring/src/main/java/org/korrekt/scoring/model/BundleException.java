package org.korrekt.scoring.model;

/** A model bundle that is missing, corrupt, or does not fit the running feature code. */
public class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the bundle */
    public BundleException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the underlying failure */
    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
