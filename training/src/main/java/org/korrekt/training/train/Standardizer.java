package org.korrekt.training.train;

/**
 * Per-feature mean and standard deviation of a training set, computed in one pass with
 * Welford's algorithm. A feature with zero variance gets scale 1, so it standardises to 0.
 */
final class Standardizer {

    private final double[] means;
    private final double[] m2;
    private long count;

    Standardizer(int features) {
        this.means = new double[features];
        this.m2 = new double[features];
    }

    void add(double[] row) {
        count++;
        for (int i = 0; i < means.length; i++) {
            double delta = row[i] - means[i];
            means[i] += delta / count;
            m2[i] += delta * (row[i] - means[i]);
        }
    }

    double[] means() {
        return means.clone();
    }

    double[] scales() {
        double[] scales = new double[means.length];
        for (int i = 0; i < scales.length; i++) {
            double sd = count > 1 ? Math.sqrt(m2[i] / (count - 1)) : 0;
            scales[i] = sd > 0 ? sd : 1.0;
        }
        return scales;
    }
}
