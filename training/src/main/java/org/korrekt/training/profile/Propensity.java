package org.korrekt.training.profile;

import org.korrekt.training.profile.ProfileData.DataSplit;

/**
 * Inverse-propensity weights against selection bias. Labels exist only for investigated rows, and
 * controls pick risky-looking rows, so the labelled rows over-represent what earlier selection
 * looked for. The random control sample investigates a known share {@code r} of rows whatever they
 * look like; every other investigation is targeted. So the chance that a row is investigated is
 * {@code p(x) = r + (1 - r) q(x)}, where {@code q} is fitted on the rows the random sample did not
 * draw. Weighting each labelled row by {@code 1 / p(x)} makes the labelled rows stand for all rows;
 * {@code r > 0} bounds every weight by {@code 1 / r}. Weights are normalised to mean 1 over the
 * labelled training rows and capped at the profile's {@code maxWeight}.
 *
 * @param randomShare the share of training rows the random control sample drew ({@code r})
 * @param targeted the fitted targeting model {@code q}, or {@code null} when weighting is off
 * @param normaliser the factor that makes the training weights average 1
 * @param maxWeight the cap
 */
record Propensity(double randomShare, WeightedLogistic targeted, double normaliser, double maxWeight) {

    /** No weighting: every row weighs 1. */
    static Propensity none() {
        return new Propensity(0, null, 1, 1);
    }

    /** Fits the propensity on the training rows of {@code data}. */
    static Propensity fit(ProfileData data, ProfileDefinition.Weighting config) {
        if (!config.inversePropensity()) {
            return none();
        }
        byte[] part = data.split().part();
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
        Propensity raw = new Propensity((double) drawn / train, q, 1, Double.POSITIVE_INFINITY);
        double sum = 0;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] == DataSplit.TRAIN && data.observed()[r]) {
                sum += raw.weight(data.x()[r]);
            }
        }
        return new Propensity(raw.randomShare, q, observed / sum, config.maxWeight());
    }

    /** The chance that a row like {@code x} is investigated. */
    double probability(double[] x) {
        if (targeted == null) {
            return 1;
        }
        return randomShare + (1 - randomShare) * targeted.probability(x);
    }

    /** The weight of a labelled row like {@code x}. */
    double weight(double[] x) {
        if (targeted == null) {
            return 1;
        }
        return Math.min(maxWeight, normaliser / Math.max(probability(x), 1e-6));
    }
}
