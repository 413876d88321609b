package org.korrekt.features.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Maps a combiner's log-odds to a calibrated probability: Platt scaling ({@code p = 1 / (1 +
 * exp(-(a z + b)))}) or isotonic regression (a non-decreasing step function of {@code z},
 * interpolated linearly between the fitted points and flat beyond them). Immutable; {@link
 * #probability} allocates nothing.
 */
public final class Calibration {

    private static final int PLATT = 1;
    private static final int ISOTONIC = 2;

    private final int kind;
    private final double a;
    private final double b;
    private final double[] xs;
    private final double[] ys;

    private Calibration(int kind, double a, double b, double[] xs, double[] ys) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.xs = xs;
        this.ys = ys;
    }

    /** Platt scaling with slope {@code a} and intercept {@code b}. */
    public static Calibration platt(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            throw new IllegalArgumentException("Platt parameters must be finite, were " + a + " and " + b);
        }
        return new Calibration(PLATT, a, b, new double[0], new double[0]);
    }

    /**
     * Isotonic calibration through the points {@code (xs[i], ys[i])}.
     *
     * @param xs strictly increasing log-odds
     * @param ys non-decreasing probabilities in [0, 1]
     */
    public static Calibration isotonic(double[] xs, double[] ys) {
        if (xs.length == 0 || xs.length != ys.length) {
            throw new IllegalArgumentException("isotonic calibration needs as many ys as xs, at least one; had "
                    + xs.length + " and " + ys.length);
        }
        for (int i = 0; i < xs.length; i++) {
            if (!Double.isFinite(xs[i]) || !(ys[i] >= 0 && ys[i] <= 1)) {
                throw new IllegalArgumentException(
                        "isotonic point " + i + " is invalid: (" + xs[i] + ", " + ys[i] + ")");
            }
            if (i > 0 && (!(xs[i] > xs[i - 1]) || ys[i] < ys[i - 1])) {
                throw new IllegalArgumentException(
                        "isotonic points must increase in x and not decrease in y (at " + i + ")");
            }
        }
        return new Calibration(ISOTONIC, 0, 0, xs.clone(), ys.clone());
    }

    /** Whether this is Platt scaling (linear on the log-odds scale). */
    public boolean isPlatt() {
        return kind == PLATT;
    }

    /** Platt's slope (1 for isotonic). */
    public double slope() {
        return kind == PLATT ? a : 1;
    }

    /** Platt's intercept (0 for isotonic). */
    public double intercept() {
        return kind == PLATT ? b : 0;
    }

    /** The isotonic points' log-odds, a copy (empty for Platt). */
    public double[] isotonicXs() {
        return xs.clone();
    }

    /** The isotonic points' probabilities, a copy (empty for Platt). */
    public double[] isotonicYs() {
        return ys.clone();
    }

    /** The calibrated probability of log-odds {@code z}. */
    public double probability(double z) {
        if (kind == PLATT) {
            return LogisticRegressionModel.sigmoid(a * z + b);
        }
        double[] x = xs;
        int n = x.length;
        if (z <= x[0]) {
            return ys[0];
        }
        if (z >= x[n - 1]) {
            return ys[n - 1];
        }
        int hi = Arrays.binarySearch(x, z);
        if (hi >= 0) {
            return ys[hi];
        }
        hi = -hi - 1;
        int lo = hi - 1;
        double t = (z - x[lo]) / (x[hi] - x[lo]);
        return ys[lo] + t * (ys[hi] - ys[lo]);
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(kind);
        if (kind == PLATT) {
            out.writeDouble(a);
            out.writeDouble(b);
        } else {
            out.writeInt(xs.length);
            for (int i = 0; i < xs.length; i++) {
                out.writeDouble(xs[i]);
                out.writeDouble(ys[i]);
            }
        }
    }

    static Calibration read(DataInputStream in) throws IOException {
        int kind = in.readUnsignedByte();
        if (kind == PLATT) {
            return platt(in.readDouble(), in.readDouble());
        }
        if (kind != ISOTONIC) {
            throw new IOException("unknown calibration kind " + kind);
        }
        int n = in.readInt();
        if (n < 1 || n > 1_000_000) {
            throw new IOException("isotonic calibration has " + n + " points");
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = in.readDouble();
            ys[i] = in.readDouble();
        }
        return isotonic(xs, ys);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Calibration that
                && kind == that.kind
                && Double.compare(a, that.a) == 0
                && Double.compare(b, that.b) == 0
                && Arrays.equals(xs, that.xs)
                && Arrays.equals(ys, that.ys);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(xs) + Double.hashCode(a);
    }

    @Override
    public String toString() {
        return kind == PLATT ? "Platt[a=" + a + ", b=" + b + "]" : "Isotonic[" + xs.length + " points]";
    }
}
