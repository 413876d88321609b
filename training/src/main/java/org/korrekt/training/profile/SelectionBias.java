package org.korrekt.training.profile;

/**
 * How much inverse-propensity weighting changes what the labelled rows say. Labels exist only for
 * investigated rows; these figures compare the unweighted and weighted estimates with each other
 * and, where the data has it (the synthetic history labels every row), with the truth.
 *
 * @param labelledShare the share of training rows that are labelled
 * @param naiveRate the incorrect rate among labelled training rows, unweighted
 * @param weightedRate the same, weighted by inverse propensity
 * @param allRowsRate the incorrect rate over all training rows by their label column (the truth on
 *     synthetic data); NaN when some rows have no label (a real table labels investigated rows only)
 * @param weightedLogistic the weighted logistic regression on the test rows at capacity
 * @param unweightedLogistic the unweighted one, or {@code null} when weighting is off
 */
public record SelectionBias(
        double labelledShare,
        double naiveRate,
        double weightedRate,
        double allRowsRate,
        CapacityResult weightedLogistic,
        CapacityResult unweightedLogistic) {

    static SelectionBias of(
            ProfileData data,
            int[] labelled,
            double[] weights,
            TribuoLogistic weighted,
            TribuoLogistic unweighted,
            int[] test,
            double capacity) {
        int train = ProfileTrainer.rows(data, ProfileData.DataSplit.TRAIN, false).length;
        double positives = 0;
        double weightedPositives = 0;
        double weightSum = 0;
        for (int i = 0; i < labelled.length; i++) {
            int r = labelled[i];
            weightSum += weights[i];
            if (data.label()[r]) {
                positives++;
                weightedPositives += weights[i];
            }
        }
        int allPositives = 0;
        boolean allKnown = true;
        for (int r : ProfileTrainer.rows(data, ProfileData.DataSplit.TRAIN, false)) {
            allKnown &= data.labelKnown()[r];
            if (data.label()[r]) {
                allPositives++;
            }
        }
        return new SelectionBias(
                (double) labelled.length / train,
                positives / labelled.length,
                weightedPositives / weightSum,
                allKnown ? (double) allPositives / train : Double.NaN,
                CapacityResult.of("logistic (weighted)", scores(data, weighted), test, data, capacity),
                unweighted == null
                        ? null
                        : CapacityResult.of("logistic (unweighted)", scores(data, unweighted), test, data, capacity));
    }

    private static double[] scores(ProfileData data, TribuoLogistic model) {
        double[] scores = new double[data.size()];
        for (int r = 0; r < scores.length; r++) {
            scores[r] = model.compiled().score(data.x()[r]);
        }
        return scores;
    }
}
