package org.korrekt.features;

/**
 * Turns a domain record into a feature vector laid out by {@link #schema()}.
 *
 * <p>Implementations write into a caller-owned array and allocate nothing, so the scoring hot
 * path can reuse one buffer per thread. They are stateless and thread-safe.
 *
 * @param <T> the record type
 */
public interface FeatureExtractor<T> {

    /** The schema the vectors follow. */
    FeatureSchema schema();

    /**
     * Writes the features of {@code input} into {@code out[0 .. schema().size())}.
     *
     * @throws IllegalArgumentException if {@code out} is shorter than the schema
     */
    void extract(T input, double[] out);
}
