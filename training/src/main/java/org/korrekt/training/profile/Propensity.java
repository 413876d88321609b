package org.korrekt.training.profile;

import org.korrekt.training.profile.ProfileData.DataSplit;

/**
 * Inverse-propensity weights against selection bias. Labels exist only for investigated rows, and
 * controls pick risky-looking rows, so the labelled rows over-represent what earlier selection
 * looked for. Weighting each labelled row by {@code 1 / p}, its chance of having been
 * investigated, makes the labelled rows stand for all rows (Horvitz and Thompson 1952). Weights are
 * normalised to mean 1 over the labelled training rows and capped at the profile's {@code
 * maxWeight}. The chance comes from one of two places:
 *
 * <ul>
 *   <li><b>Estimated</b> ({@code "method": "inverse-propensity"}). The random control sample
 *       investigates a known share {@code r} of rows whatever they look like; every other
 *       investigation is targeted. So {@code p(x) = r + (1 - r) q(x)}, where {@code q} is fitted on
 *       the rows the random sample did not draw; {@code r > 0} bounds every weight by {@code 1 / r}.
 *   <li><b>Recorded</b> ({@code "method": "recorded-propensity"}). The table holds each investigated
 *       row's chance as recorded when it was selected: a labels export's {@code
 *       selection_propensity}, the random control sample's share for a case it drew and 1 for a
 *       case its score selected. Nothing is fitted.
 * </ul>
 *
 * @param randomShare the share of training rows the random control sample drew ({@code r}; estimated only)
 * @param targeted the fitted targeting model {@code q}, or {@code null} unless estimated
 * @param recorded each row's recorded chance of selection, or {@code null} unless recorded
 * @param normaliser the factor that makes the training weights average 1
 * @param maxWeight the cap
 */
record Propensity(
        double randomShare, WeightedLogistic targeted, double[] recorded, double normaliser, double maxWeight) {

    /** No weighting: every row weighs 1. */
    static Propensity none() {
        return new Propensity(0, null, null, 1, 1);
    }

    /** Fits the propensity on the training rows of {@code data}. */
    static Propensity fit(ProfileData data, ProfileDefinition.Weighting config) {
        byte[] part = data.split().part();
        if (config.recorded()) {
            double[] p = data.recordedPropensity();
            int observed = 0;
            double sum = 0;
            for (int r = 0; r < data.size(); r++) {
                if (part[r] == DataSplit.TRAIN && data.observed()[r]) {
                    observed++;
                    sum += 1 / p[r];
                }
            }
            return new Propensity(0, null, p, observed == 0 ? 1 : observed / sum, config.maxWeight());
        }
        if (!config.inversePropensity()) {
            return none();
        }
        int train = 0;
        int drawn = 0;
        int observed = 0;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] == DataSplit.TRAIN) {
                train++;
                if (data.randomControl()[r]) {
                    drawn++;
                }
                if (data.observed()[r]) {
                    observed++;
                }
            }
        }
        if (observed == train) {
            return none(); // every label observed: nothing to correct
        }
        int rest = train - drawn;
        double[][] x = new double[rest][];
        boolean[] y = new boolean[rest];
        int k = 0;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] == DataSplit.TRAIN && !data.randomControl()[r]) {
                x[k] = data.x()[r];
                y[k] = data.observed()[r];
                k++;
            }
        }
        WeightedLogistic q = WeightedLogistic.fit(x, y, null, 1.0);
        Propensity raw = new Propensity((double) drawn / train, q, null, 1, Double.POSITIVE_INFINITY);
        double sum = 0;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] == DataSplit.TRAIN && data.observed()[r]) {
                sum += raw.weight(r, data.x()[r]);
            }
        }
        return new Propensity(raw.randomShare, q, null, observed / sum, config.maxWeight());
    }

    /** Whether the rows weigh anything but 1. */
    boolean weighs() {
        return targeted != null || recorded != null;
    }

    /** The chance that row {@code row}, whose features are {@code x}, is investigated. */
    double probability(int row, double[] x) {
        if (recorded != null) {
            return recorded[row];
        }
        if (targeted == null) {
            return 1;
        }
        return randomShare + (1 - randomShare) * targeted.probability(x);
    }

    /** The weight of labelled row {@code row}, whose features are {@code x}. */
    double weight(int row, double[] x) {
        if (!weighs()) {
            return 1;
        }
        return Math.min(maxWeight, normaliser / Math.max(probability(row, x), 1e-6));
    }
}
