package org.korrekt.features;

/** A model was to be trained on a protected attribute, a proxy for one, or an undeclared feature. */
public final class ProtectedFeatureException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message names the feature and why it is refused */
    public ProtectedFeatureException(String message) {
        super(message);
    }
}
