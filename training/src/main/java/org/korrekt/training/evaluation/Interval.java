package org.korrekt.training.evaluation;

/**
 * An estimate with its 95 % confidence interval. {@code value} is NaN when the estimate is
 * undefined (a zero denominator); {@code low} and {@code high} are NaN when the interval is.
 *
 * <p>Proportions use the Wilson score interval. Ratios of proportions, and proportions estimated
 * as a ratio of two independent proportions, use the delta method on the log scale: {@code
 * exp(log r +- z sqrt(v))}, where each proportion {@code x / n} adds {@code 1/x - 1/n} to {@code v}.
 *
 * @param value the estimate
 * @param low the lower bound
 * @param high the upper bound
 * @param logVariance the variance of {@code log value} (delta method), NaN when undefined; what a
 *     ratio of this estimate to another adds up
 */
public record Interval(double value, double low, double high, double logVariance) {

    /** The normal quantile of a two-sided 95 % interval. */
    public static final double Z = 1.959963984540054;

    /** An undefined estimate. */
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Exactly 1: a reference group's ratio to itself. */
    public static final Interval ONE = new Interval(1, 1, 1, 0);

    /** {@code x / n} with its Wilson score interval; undefined when {@code n == 0}. */
    public static Interval proportion(long x, long n) {
        if (x < 0 || x > n) {
            throw new IllegalArgumentException("a proportion needs 0 <= x <= n, had " + x + " / " + n);
        }
        if (n == 0) {
            return UNDEFINED;
        }
        double p = (double) x / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // at x = 0 and x = n the bound is exactly 0 or 1; rounding would leave e.g. 2e-19
        double low = x == 0 ? 0 : Math.max(0, centre - half);
        double high = x == n ? 1 : Math.min(1, centre + half);
        return new Interval(p, low, high, x == 0 ? Double.NaN : 1.0 / x - 1.0 / n);
    }

    /**
     * {@code (x / n) / (y / k)}, a rate estimated from two independent samples (for example the
     * share of a group selected while error-free, divided by the group's error-free share in the
     * random control sample), clamped to at most 1 when {@code clampToOne}.
     */
    public static Interval ratioOfProportions(long x, long n, long y, long k, boolean clampToOne) {
        if (n == 0 || k == 0 || y == 0) {
            return UNDEFINED;
        }
        double value = ((double) x / n) / ((double) y / k);
        if (x == 0) {
            // no delta method at a count of 0: from 0 to the top of x/n's interval over the bottom of y/k's
            double bottom = proportion(y, k).low();
            double top = bottom > 0 ? proportion(0, n).high() / bottom : Double.NaN;
            return new Interval(0, 0, clampToOne ? Math.min(1, top) : top, Double.NaN);
        }
        double v = (1.0 / x - 1.0 / n) + (1.0 / y - 1.0 / k);
        return logScale(value, v, clampToOne);
    }

    /** {@code this / reference}, with the delta-method interval of the two independent estimates. */
    public Interval over(Interval reference) {
        if (Double.isNaN(value) || Double.isNaN(reference.value) || reference.value == 0) {
            return UNDEFINED;
        }
        double ratio = value / reference.value;
        if (Double.isNaN(logVariance) || Double.isNaN(reference.logVariance)) {
            // no delta method at a count of 0 (or at n): the ratio of the two intervals' ends, which
            // covers the ratio at least as often as both intervals together cover their rates
            if (!Double.isNaN(low) && !Double.isNaN(reference.high) && reference.low > 0) {
                return new Interval(ratio, low / reference.high, high / reference.low, Double.NaN);
            }
            return new Interval(ratio, Double.NaN, Double.NaN, Double.NaN);
        }
        return logScale(ratio, logVariance + reference.logVariance, false);
    }

    /** Whether the estimate is defined. */
    public boolean defined() {
        return !Double.isNaN(value);
    }

    private static Interval logScale(double value, double v, boolean clampToOne) {
        double spread = Z * Math.sqrt(v);
        double low = value * Math.exp(-spread);
        double high = value * Math.exp(spread);
        if (clampToOne) {
            return new Interval(Math.min(1, value), Math.min(1, low), Math.min(1, high), v);
        }
        return new Interval(value, low, high, v);
    }
}
