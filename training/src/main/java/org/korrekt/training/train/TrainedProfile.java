package org.korrekt.training.train;

import java.time.LocalDate;
import java.util.Objects;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ScoreDistribution;
import org.tribuo.Model;
import org.tribuo.classification.Label;

/**
 * The result of training one selection profile.
 *
 * @param config how it was trained
 * @param schema the feature schema it was trained on
 * @param tribuoModel the model as Tribuo trained it (kept for provenance and re-checking)
 * @param compiled the same model compiled into korrekt's artifact form
 * @param splitDate rows submitted before this day trained the model; the rest tested it
 * @param trainRows number of training rows
 * @param testRows number of test rows
 * @param metrics metrics on the test rows
 * @param policy the decision thresholds derived from the test scores
 * @param scores the distribution of the test scores
 */
public record TrainedProfile(
        TrainingConfig config,
        FeatureSchema schema,
        Model<Label> tribuoModel,
        LogisticRegressionModel compiled,
        LocalDate splitDate,
        int trainRows,
        int testRows,
        ProfileMetrics metrics,
        DecisionThresholds policy,
        ScoreDistribution scores) {

    public TrainedProfile {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(tribuoModel, "tribuoModel");
        Objects.requireNonNull(compiled, "compiled");
        Objects.requireNonNull(splitDate, "splitDate");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(policy, "policy");
    }
}
