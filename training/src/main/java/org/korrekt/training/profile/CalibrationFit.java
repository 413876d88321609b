package org.korrekt.training.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.korrekt.features.model.Calibration;

/** Fits a {@link Calibration} of log-odds to outcomes on weighted rows. */
final class CalibrationFit {

    private CalibrationFit() {}

    /**
     * Fits {@code kind} ({@code "platt"} or {@code "isotonic"}) to the log-odds {@code z}.
     *
     * @throws IllegalArgumentException if Platt's slope is not positive: the calibrated score would
     *     fall as the log-odds rise
     */
    static Calibration fit(String kind, double[] z, boolean[] y, double[] w) {
        if ("platt".equals(kind)) {
            double[][] x = new double[z.length][1];
            for (int i = 0; i < z.length; i++) {
                x[i][0] = z[i];
            }
            WeightedLogistic platt = WeightedLogistic.fit(x, y, w, 1e-6);
            double slope = platt.weights()[0];
            if (!(slope > 0)) {
                // a falling calibration would turn the profile's order, and every reason, upside down
                throw new IllegalArgumentException("the combiner's log-odds do not rise with the incorrect rate on the "
                        + z.length + " labelled calibration rows (Platt slope " + slope
                        + "), so the profile would rank backwards; it needs more labelled validation rows");
            }
            return Calibration.platt(slope, platt.intercept());
        }
        return isotonic(z, y, w);
    }

    /** Weighted pool-adjacent-violators; each final block becomes a point at its weighted mean log-odds. */
    static Calibration isotonic(double[] z, boolean[] y, double[] w) {
        int n = z.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(z[a], z[b]));
        List<double[]> blocks = new ArrayList<>(); // {sum w*y, sum w, sum w*z}
        for (int k = 0; k < n; k++) {
            int i = order[k];
            blocks.add(new double[] {w[i] * (y[i] ? 1 : 0), w[i], w[i] * z[i]});
            while (blocks.size() > 1) {
                double[] last = blocks.get(blocks.size() - 1);
                double[] before = blocks.get(blocks.size() - 2);
                if (before[0] / before[1] < last[0] / last[1]) {
                    break;
                }
                before[0] += last[0];
                before[1] += last[1];
                before[2] += last[2];
                blocks.remove(blocks.size() - 1);
            }
        }
        List<double[]> points = new ArrayList<>();
        for (double[] block : blocks) {
            double x = block[2] / block[1];
            double p = block[0] / block[1];
            if (!points.isEmpty() && points.get(points.size() - 1)[0] >= x) {
                points.get(points.size() - 1)[1] = Math.max(points.get(points.size() - 1)[1], p);
            } else {
                points.add(new double[] {x, p});
            }
        }
        double[] xs = new double[points.size()];
        double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        return Calibration.isotonic(xs, ys);
    }
}
