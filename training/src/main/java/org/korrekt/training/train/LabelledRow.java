package org.korrekt.training.train;

import java.time.LocalDate;
import java.util.Objects;
import org.korrekt.features.Application;
import org.korrekt.features.FeatureExtractor;
import org.korrekt.features.history.Claim;

/**
 * A feature vector with its label and the time it became known.
 *
 * @param applicationId the application's id
 * @param submittedOn when the application was submitted; splits are by this date
 * @param features the raw (unstandardised) feature vector
 * @param incorrect the label
 * @param amountSek the amount at stake
 */
public record LabelledRow(
        String applicationId, LocalDate submittedOn, double[] features, boolean incorrect, double amountSek) {

    public LabelledRow {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(submittedOn, "submittedOn");
        Objects.requireNonNull(features, "features");
    }

    /** Extracts the row of a historical claim, labelled with its ground truth. */
    public static LabelledRow of(Claim claim, FeatureExtractor<Application> extractor) {
        double[] features = new double[extractor.schema().size()];
        extractor.extract(claim.application(), features);
        Application application = claim.application();
        return new LabelledRow(
                application.applicationId(),
                application.submittedOn(),
                features,
                claim.incorrect(),
                application.amountSek());
    }
}
