package org.korrekt.training.train;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a logistic-regression selection profile is trained.
 *
 * @param profile the profile's name, used as the bundle folder and in queue routing, e.g. {@code all-benefits}
 * @param epochs passes of stochastic gradient descent over the training rows, 1 to 1000
 * @param learningRate AdaGrad's initial learning rate, in (0, 10]
 * @param testShare the newest share of rows (by submission date) held out for testing, in (0, 0.9]
 * @param seed the random seed of the SGD shuffling
 */
public record TrainingConfig(String profile, int epochs, double learningRate, double testShare, long seed) {

    /** Default profile name. */
    public static final String DEFAULT_PROFILE = "all-benefits";
    /** Default number of epochs. */
    public static final int DEFAULT_EPOCHS = 5;
    /** Default AdaGrad learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.5;
    /** Default share of newest rows held out for testing. */
    public static final double DEFAULT_TEST_SHARE = 0.2;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;

    private static final Pattern PROFILE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public TrainingConfig {
        Objects.requireNonNull(profile, "profile");
        if (!PROFILE.matcher(profile).matches()) {
            throw new IllegalArgumentException(
                    "profile must be 1 to 63 lower-case letters, digits and dashes, was '" + profile + "'");
        }
        if (epochs < 1 || epochs > 1000) {
            throw new IllegalArgumentException("epochs must be in [1, 1000], was " + epochs);
        }
        if (!(learningRate > 0 && learningRate <= 10)) {
            throw new IllegalArgumentException("learningRate must be in (0, 10], was " + learningRate);
        }
        if (!(testShare > 0 && testShare <= 0.9)) {
            throw new IllegalArgumentException("testShare must be in (0, 0.9], was " + testShare);
        }
    }

    /** The defaults. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(
                DEFAULT_PROFILE, DEFAULT_EPOCHS, DEFAULT_LEARNING_RATE, DEFAULT_TEST_SHARE, DEFAULT_SEED);
    }
}
