package org.korrekt.training.profile;

import org.korrekt.features.model.Calibration;
import org.korrekt.training.profile.ProfileData.DataSplit;

/**
 * Moves the combiner's calibration to the incorrect rate of all applications. The calibration is
 * fitted on investigated rows, and investigations pick likely cases, so its probabilities describe
 * the investigated rows (on the 1:100 demo history about 0.7 of them incorrect) rather than every
 * application (about 0.2). Inverse-propensity weights correct this only as far as the selection
 * depends on the features. The random control sample is the one unbiased estimate of the rate:
 * {@code (k + 0.5) / (n + 1)} over its {@code n} labelled rows in the training and validation
 * periods, {@code k} of them incorrect. A shift {@code delta} of the calibrated log-odds makes the
 * mean calibrated probability over every training and validation row equal that rate: the prior
 * correction for choice-based samples (King and Zeng 2001), with the rate estimated rather than
 * known. When every row of the table was investigated and each carries its recorded chance of
 * selection (a labels export), the rows are not all applications but a sample of them, so the
 * mean is taken with the rows' inverse-propensity weights, which make them stand for all
 * applications. The order of the probabilities does not change; the expected incorrect SEK (probability
 * times amount) does, and with it the order in which cases are worth checking: a near-certain
 * case is no longer outranked by a merely likely one of a larger amount.
 *
 * @param randomRows random-control rows with a label, training and validation periods
 * @param randomIncorrect of which incorrect
 * @param rate the estimated incorrect rate of all applications
 * @param meanBefore the mean calibrated probability over those periods' rows before the shift
 *     (weighted, for a sample of investigated rows with recorded propensities)
 * @param shift the shift of the calibrated log-odds
 */
public record PriorShift(int randomRows, int randomIncorrect, double rate, double meanBefore, double shift) {

    /** Fewest labelled random-control rows to estimate the rate from. */
    public static final int MIN_RANDOM_ROWS = 10;

    /**
     * The shift for {@code calibration} of the combiner's log-odds ({@code stacker} over {@code
     * stack}), or null when the random control sample has fewer than {@link #MIN_RANDOM_ROWS}
     * labelled rows before the test period.
     */
    static PriorShift of(
            ProfileData data,
            double[][] stack,
            WeightedLogistic stacker,
            Calibration calibration,
            Propensity propensity) {
        byte[] part = data.split().part();
        int n = 0;
        int k = 0;
        int rows = 0;
        boolean sample = propensity.recorded() != null;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] == DataSplit.TEST) {
                continue;
            }
            rows++;
            sample &= data.observed()[r];
            if (data.randomControl()[r] && data.observed()[r]) {
                n++;
                if (data.label()[r]) {
                    k++;
                }
            }
        }
        if (n < MIN_RANDOM_ROWS) {
            return null;
        }
        double rate = (k + 0.5) / (n + 1.0);
        double[] logit = new double[rows];
        double[] weight = new double[rows];
        int i = 0;
        for (int r = 0; r < data.size(); r++) {
            if (part[r] != DataSplit.TEST) {
                weight[i] = sample ? propensity.weight(r, data.x()[r]) : 1;
                logit[i++] = logit(calibration.probability(stacker.logit(stack[r])));
            }
        }
        double lo = -40;
        double hi = 40;
        for (int step = 0; step < 100; step++) {
            double mid = (lo + hi) / 2;
            if (meanProbability(logit, weight, mid) > rate) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return new PriorShift(n, k, rate, meanProbability(logit, weight, 0), (lo + hi) / 2);
    }

    /** The calibration with its log-odds shifted: Platt's intercept, or each isotonic level. */
    Calibration apply(Calibration calibration) {
        if (calibration.isPlatt()) {
            return Calibration.platt(calibration.slope(), calibration.intercept() + shift);
        }
        double[] xs = calibration.isotonicXs();
        double[] ys = calibration.isotonicYs();
        for (int i = 0; i < ys.length; i++) {
            ys[i] = ys[i] <= 0 || ys[i] >= 1 ? ys[i] : sigmoid(logit(ys[i]) + shift);
        }
        return Calibration.isotonic(xs, ys);
    }

    private static double meanProbability(double[] logit, double[] weight, double shift) {
        double sum = 0;
        double total = 0;
        for (int i = 0; i < logit.length; i++) {
            sum += weight[i] * sigmoid(logit[i] + shift);
            total += weight[i];
        }
        return total == 0 ? 0 : sum / total;
    }

    private static double logit(double p) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return Math.log(q / (1 - q));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
