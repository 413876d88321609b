package org.korrekt.training.anomaly;

/**
 * How an isolation forest is grown (Liu, Ting and Zhou 2008, section 4).
 *
 * @param trees the number of trees {@code t}, at least 1
 * @param sampleSize the sub-sample size {@code psi} each tree is grown on, at least 1; a data set
 *     with fewer rows is used whole
 * @param seed the seed of the {@link java.util.SplittableRandom} that draws the sub-samples,
 *     features and split values; the same seed and rows give the same forest
 */
public record IsolationForestConfig(int trees, int sampleSize, long seed) {

    /** The paper's default number of trees. */
    public static final int DEFAULT_TREES = 100;

    /** The paper's default sub-sample size. */
    public static final int DEFAULT_SAMPLE_SIZE = 256;

    /** Validates the bounds. */
    public IsolationForestConfig {
        if (trees < 1) {
            throw new IllegalArgumentException("trees must be >= 1, was " + trees);
        }
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be >= 1, was " + sampleSize);
        }
    }

    /** The paper's defaults ({@value #DEFAULT_TREES} trees of {@value #DEFAULT_SAMPLE_SIZE} points) with {@code seed}. */
    public static IsolationForestConfig defaults(long seed) {
        return new IsolationForestConfig(DEFAULT_TREES, DEFAULT_SAMPLE_SIZE, seed);
    }

    /** The sub-sample size used on {@code rows} rows: {@code min(sampleSize, rows)}. */
    public int effectiveSampleSize(int rows) {
        return Math.min(sampleSize, rows);
    }

    /** The height limit {@code ceil(log2 psi)} for a sub-sample of {@code psi} points (0 for 1 point). */
    public static int heightLimit(int psi) {
        return 32 - Integer.numberOfLeadingZeros(psi - 1);
    }
}
