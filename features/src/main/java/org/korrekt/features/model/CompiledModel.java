package org.korrekt.features.model;

/**
 * A model compiled into flat primitive arrays, evaluated on the scoring hot path.
 *
 * <p>Implementations are immutable and thread-safe; {@link #score} and {@link #contributions}
 * allocate nothing.
 */
public interface CompiledModel {

    /** The fingerprint of the feature schema the model was trained on. */
    String schemaFingerprint();

    /** The length of the feature vectors the model takes. */
    int featureCount();

    /**
     * The model's probability that the input is positive (an incorrect payment).
     *
     * @param features a vector laid out by the model's schema, at least {@link #featureCount()} long
     * @return a probability in [0, 1]
     */
    double score(double[] features);

    /**
     * Writes each feature's additive contribution to the model's log-odds into {@code out}: the
     * contributions plus {@link #baseLogOdds()} sum to the logit of {@link #score}.
     */
    void contributions(double[] features, double[] out);

    /** The log-odds of a vector whose every feature contributes zero. */
    double baseLogOdds();
}
