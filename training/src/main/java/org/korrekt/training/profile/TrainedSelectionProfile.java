package org.korrekt.training.profile;

import java.util.List;
import java.util.Map;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.Calibration;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.IsolationForestModel;
import org.korrekt.features.model.ScoreDistribution;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.training.trees.TrainedTreeEnsemble;

/**
 * A trained selection profile with everything its bundle and report record.
 *
 * @param profile the definition it was trained from
 * @param schema the feature schema
 * @param encoding how each feature was computed from the table
 * @param split the split
 * @param counts rows per part
 * @param dataWarnings what in the table is legal but likely a mistake, or useless to every model
 * @param logistic the logistic-regression component
 * @param trees the gradient-boosted-trees component
 * @param treesMaxDifference the largest |compiled - Tribuo| probability of the trees on sampled test rows
 * @param forest the isolation-forest component
 * @param rules the rules whose hits feed the combiner, or {@code null}
 * @param challenger the Smile challenger, evaluated beside the components but not combined or served; or {@code null}
 * @param stacker the combiner over {@link ProfileTrainer#COMBINER_INPUTS}
 * @param calibration the combiner's calibration
 * @param combinerRows labelled rows the combiner learnt from (training rows out of fold, older validation rows)
 * @param calibrationRows labelled validation rows that calibrated it
 * @param prior the shift of the calibration to the random control sample's incorrect rate, or null when none was made
 * @param propensity the selection propensity
 * @param bias what weighting changed
 * @param results each scorer on the test rows at capacity, the combined profile first
 * @param comparisons the combined profile against each other scorer at capacity, with bootstrap intervals
 * @param evaluation the test-period evaluation, fairness audit and gate verdict ({@code evaluation.json})
 * @param compiled the whole profile compiled into korrekt's artifact form
 * @param compiledMaxDifference the largest |compiled - pipeline| combined score over the test rows
 * @param thresholds the decision thresholds, from the compiled scores of the test rows
 * @param scores the distribution of the compiled scores of the test rows
 * @param millis wall-clock milliseconds per stage
 */
public record TrainedSelectionProfile(
        ProfileDefinition profile,
        FeatureSchema schema,
        List<ProfileData.EncodedFeature> encoding,
        ProfileData.DataSplit split,
        Counts counts,
        List<String> dataWarnings,
        TribuoLogistic logistic,
        TrainedTreeEnsemble trees,
        double treesMaxDifference,
        IsolationForestModel forest,
        CompiledRules rules,
        SmileChallenger challenger,
        WeightedLogistic stacker,
        Calibration calibration,
        int combinerRows,
        int calibrationRows,
        PriorShift prior,
        Propensity propensity,
        SelectionBias bias,
        List<CapacityResult> results,
        List<CapacityComparison> comparisons,
        ProfileEvaluation evaluation,
        SelectionProfileModel compiled,
        double compiledMaxDifference,
        DecisionThresholds thresholds,
        ScoreDistribution scores,
        Map<String, Long> millis) {

    /**
     * The inverse-propensity weight the supervised components gave labelled training row {@code
     * row} of the data, whose features are {@code x} (1 when weighting is off): with {@code
     * ProfileData.x()}, {@code label()} and the labelled training rows of {@link #split()}, the
     * matrix the final trees were trained on.
     */
    public double trainingWeight(int row, double[] x) {
        return propensity.weight(row, x);
    }

    /**
     * Rows per part of the split.
     *
     * @param read rows read from the table
     * @param kept rows the profile kept (after its filter)
     * @param train training rows
     * @param trainLabelled labelled training rows
     * @param trainPositive positive labelled training rows
     * @param validation validation rows
     * @param validationLabelled labelled validation rows
     * @param validationPositive positive labelled validation rows
     * @param test test rows
     * @param testLabelled labelled test rows
     * @param testPositive positive labelled test rows
     */
    public record Counts(
            long read,
            int kept,
            int train,
            int trainLabelled,
            int trainPositive,
            int validation,
            int validationLabelled,
            int validationPositive,
            int test,
            int testLabelled,
            int testPositive) {}
}
