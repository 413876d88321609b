package org.korrekt.paymentrun;

/**
 * The payment run cannot be scored as given: a file that cannot be read, a missing required
 * column, a column of the wrong type, or more bad rows than allowed. {@code korrekt score} exits
 * with status 2. Cheap: no stack trace.
 */
public final class BadInputException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file, column or row */
    public BadInputException(String message) {
        super(message, null, false, false);
    }

    /**
     * @param message what is wrong, naming the file, column or row
     * @param cause the underlying error
     */
    public BadInputException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
