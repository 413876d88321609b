package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectionProfileModelTest {

    /**
     * The combiner skips a component whose weight is 0 (the built-in profiles' forest has weight 0).
     * For each of the eight patterns of zero weights, the profile's log-odds, score and
     * contributions must be what the combiner's formula gives with every component evaluated.
     */
    @Test
    void aComponentOfWeightZeroChangesNothingWhetherOrNotItIsEvaluated() {
        SelectionProfileModel golden = GoldenArtifacts.selectionProfileV2();
        double[] weights = golden.combinerWeights();
        List<double[]> rows = GoldenArtifacts.rows();
        int n = golden.featureCount();
        double[] lr = new double[n];
        double[] tree = new double[n];
        double[] forest = new double[n];
        double[] out = new double[n];
        for (int zeros = 0; zeros < 8; zeros++) {
            double[] w = weights.clone();
            for (int c = 0; c < 3; c++) {
                if ((zeros & (1 << c)) != 0) {
                    w[c] = 0;
                }
            }
            SelectionProfileModel profile = new SelectionProfileModel(
                    golden.schema(),
                    golden.encoding(),
                    golden.logistic(),
                    golden.trees(),
                    golden.forest(),
                    golden.ruleSet(),
                    golden.combinerIntercept(),
                    w,
                    golden.calibration());
            double c = golden.forest().expectedPathLength();
            for (double[] x : rows) {
                double z = golden.combinerIntercept()
                        + w[0] * golden.logistic().logOdds(x)
                        + w[1] * golden.trees().logOdds(x)
                        + w[2] * golden.forestShortfall(x);
                String row = "zeros " + zeros + ", row " + java.util.Arrays.toString(x);
                assertThat(profile.combinerLogOdds(x)).as(row).isCloseTo(z, within(1e-15));
                assertThat(profile.score(x))
                        .as(row)
                        .isCloseTo(golden.calibration().probability(z), within(1e-15));

                golden.logistic().contributions(x, lr);
                golden.trees().contributions(x, tree);
                golden.forest().attributions(x, forest);
                profile.contributions(x, out);
                double sum = profile.baseLogOdds();
                for (int i = 0; i < n; i++) {
                    double expected =
                            golden.calibration().slope() * (w[0] * lr[i] + w[1] * tree[i] + w[2] * forest[i] / c);
                    assertThat(out[i]).as(row + ", feature " + i).isCloseTo(expected, within(1e-12));
                    sum += out[i];
                }
                // the calibrated logit (Platt), not log(p / (1 - p)), which rounds away where p is near 1
                assertThat(sum)
                        .as(row)
                        .isCloseTo(
                                golden.calibration().slope() * z
                                        + golden.calibration().intercept(),
                                within(1e-9));
            }
        }
    }
}
