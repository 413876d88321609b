package org.korrekt.training.data;

import java.util.Objects;
import org.korrekt.features.Application;

/**
 * One historical application with both label layers of the synthetic history.
 *
 * <p>The ground-truth layer ({@code incorrect}, {@code mechanism}, {@code incorrectAmountSek})
 * exists only in generated data. The observed layer ({@code investigated}, {@code randomControl})
 * is what an agency would really know: which cases were controlled, and whether the control was
 * drawn at random.
 *
 * @param application the application as declared
 * @param incorrect whether the payment is incorrect (ground truth)
 * @param mechanism the error mechanism (e.g. {@code G3_LATE_CLAIM}), or {@code null} when correct
 * @param incorrectAmountSek the incorrectly paid amount in SEK, 0 when correct
 * @param investigated whether a control investigated the case (observed layer)
 * @param randomControl whether the case was selected by the random control sample
 */
public record ClaimRecord(
        Application application,
        boolean incorrect,
        String mechanism,
        double incorrectAmountSek,
        boolean investigated,
        boolean randomControl) {

    public ClaimRecord {
        Objects.requireNonNull(application, "application");
        if (incorrect != (mechanism != null)) {
            throw new IllegalArgumentException("an incorrect claim needs a mechanism and a correct one none");
        }
        if (!(incorrectAmountSek >= 0)) {
            throw new IllegalArgumentException("incorrectAmountSek must be >= 0, was " + incorrectAmountSek);
        }
        if (randomControl && !investigated) {
            throw new IllegalArgumentException("a random-control case is always investigated");
        }
    }
}
