package org.korrekt.training.profile;

/**
 * Weighted, L2-penalised logistic regression fitted exactly by Newton-Raphson, for the small
 * models of the pipeline: the selection propensity, the combiner and Platt calibration. Inputs are
 * standardised internally (a missing value, NaN, counts as the mean); the returned coefficients
 * apply to raw inputs. Deterministic: no randomness, no iteration order effects.
 *
 * <p>Damped Newton (Boyd and Vandenberghe, <i>Convex Optimization</i>, 2004, algorithm 9.5): a
 * step is halved until the penalised loss falls by at least {@value #ARMIJO} of what the quadratic
 * model expects (backtracking line search), and the fit stops when half the squared Newton
 * decrement, the expected remaining decrease, is below {@code 1e-10} of the loss. Undamped Newton
 * overshoots into the flat tails of the sigmoid on small, nearly separable or heavily weighted
 * data, where the unpenalised intercept's curvature vanishes and the next step runs away: on the
 * generated 1:100 history the fp propensity model's intercept reached -4e13, housing's did not
 * converge in 50 iterations, and on four weeks of labels the combiner's intercept reached -4e11.
 *
 * @param weights one coefficient per input, on the raw scale (a NaN input contributes 0 after
 *     centring, see {@link #logit})
 * @param means the inputs' weighted means (what a missing input is taken to be)
 * @param intercept the intercept on the raw scale
 */
record WeightedLogistic(double[] weights, double[] means, double intercept) {

    /** Iterations at most; Newton converges in well under 25 on these problems. */
    static final int MAX_ITERATIONS = 50;
    /** A Newton step is halved at most this many times. */
    static final int MAX_HALVINGS = 40;
    /** The share of the decrease the quadratic model expects that a step must achieve (Armijo's condition). */
    static final double ARMIJO = 1e-4;

    /** The log-odds of {@code x}; a NaN input is taken at its mean. */
    double logit(double[] x) {
        double z = intercept;
        for (int i = 0; i < weights.length; i++) {
            double v = x[i];
            z += weights[i] * (v != v ? means[i] : v);
        }
        return z;
    }

    /** The probability of {@code x}. */
    double probability(double[] x) {
        return sigmoid(logit(x));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /**
     * Fits the model.
     *
     * @param x rows of inputs
     * @param y outcomes
     * @param w row weights (> 0); null weighs every row 1
     * @param l2 the penalty on the standardised coefficients (not on the intercept)
     * @throws IllegalArgumentException if there are no rows, or only one outcome
     */
    static WeightedLogistic fit(double[][] x, boolean[] y, double[] w, double l2) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to fit");
        }
        int d = x[0].length;
        double total = 0;
        double positive = 0;
        double[] mean = new double[d];
        double[] count = new double[d];
        for (int r = 0; r < n; r++) {
            double wr = w == null ? 1 : w[r];
            total += wr;
            if (y[r]) {
                positive += wr;
            }
            for (int i = 0; i < d; i++) {
                if (!Double.isNaN(x[r][i])) {
                    mean[i] += wr * x[r][i];
                    count[i] += wr;
                }
            }
        }
        if (positive == 0 || positive == total) {
            throw new IllegalArgumentException("the rows hold one outcome only; a logistic regression needs both");
        }
        double[] scale = new double[d];
        for (int i = 0; i < d; i++) {
            mean[i] = count[i] > 0 ? mean[i] / count[i] : 0;
        }
        for (int r = 0; r < n; r++) {
            double wr = w == null ? 1 : w[r];
            for (int i = 0; i < d; i++) {
                if (!Double.isNaN(x[r][i])) {
                    double dv = x[r][i] - mean[i];
                    scale[i] += wr * dv * dv;
                }
            }
        }
        for (int i = 0; i < d; i++) {
            double sd = count[i] > 0 ? Math.sqrt(scale[i] / count[i]) : 0;
            scale[i] = sd > 1e-12 ? sd : 1;
        }
        // beta[0] is the intercept, beta[1..d] the standardised coefficients
        double[] beta = new double[d + 1];
        beta[0] = Math.log(positive / (total - positive));
        double[] z = new double[d + 1];
        double[] gradient = new double[d + 1];
        double[][] hessian = new double[d + 1][d + 1];
        double[] next = new double[d + 1];
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            for (double[] row : hessian) {
                java.util.Arrays.fill(row, 0);
            }
            java.util.Arrays.fill(gradient, 0);
            double loss = 0;
            for (int r = 0; r < n; r++) {
                double wr = w == null ? 1 : w[r];
                z[0] = 1;
                double eta = beta[0];
                for (int i = 0; i < d; i++) {
                    double v = x[r][i];
                    z[i + 1] = v != v ? 0 : (v - mean[i]) / scale[i];
                    eta += beta[i + 1] * z[i + 1];
                }
                double p = sigmoid(eta);
                loss -= wr * (y[r] ? logOf(p) : logOf(1 - p));
                double residual = (y[r] ? 1 : 0) - p;
                double curvature = wr * p * (1 - p);
                for (int a = 0; a <= d; a++) {
                    gradient[a] += wr * residual * z[a];
                    for (int b = 0; b <= a; b++) {
                        hessian[a][b] += curvature * z[a] * z[b];
                    }
                }
            }
            for (int a = 1; a <= d; a++) {
                loss += 0.5 * l2 * beta[a] * beta[a];
                gradient[a] -= l2 * beta[a];
                hessian[a][a] += l2;
            }
            hessian[0][0] += 1e-9;
            for (int a = 0; a <= d; a++) {
                for (int b = a + 1; b <= d; b++) {
                    hessian[a][b] = hessian[b][a];
                }
            }
            double[] step = solve(hessian, gradient);
            // the Newton decrement squared: twice the decrease the quadratic model expects
            double decrement = 0;
            for (int a = 0; a <= d; a++) {
                decrement += gradient[a] * step[a];
            }
            double t = 1;
            for (int halvings = 0; ; halvings++) {
                for (int a = 0; a <= d; a++) {
                    next[a] = beta[a] + t * step[a];
                }
                if (halvings == MAX_HALVINGS
                        || loss(x, y, w, l2, mean, scale, next, z) <= loss - ARMIJO * t * decrement) {
                    break;
                }
                t /= 2;
            }
            System.arraycopy(next, 0, beta, 0, d + 1);
            if (decrement / 2 <= 1e-10 * (1 + Math.abs(loss))) {
                break;
            }
        }
        double[] weights = new double[d];
        double intercept = beta[0];
        for (int i = 0; i < d; i++) {
            weights[i] = beta[i + 1] / scale[i];
            intercept -= weights[i] * mean[i];
        }
        return new WeightedLogistic(weights, mean, intercept);
    }

    /** Inputs at most for {@link #fitNonNegative}, which fits once per subset of them. */
    static final int MAX_NON_NEGATIVE_INPUTS = 10;

    /**
     * Fits the model with every input's coefficient at least 0, so that the log-odds never fall
     * when an input rises: the exact optimum of the same penalised loss under those constraints.
     * For the combiner, whose inputs all rise with risk (component log-odds, the forest's path
     * shortfall, rule hits), this keeps a rule hit or a component's alarm from ever lowering a
     * score, and so from showing up as a reason that lowered it (non-negative stacking: Breiman,
     * "Stacked regressions", <i>Machine Learning</i> 24, 1996).
     *
     * <p>The loss is strictly convex, so the constrained optimum is the unconstrained optimum over
     * the inputs it leaves free, and that optimum has no negative coefficient; every other subset's
     * fit without a negative coefficient is merely feasible. So the fit with no negative
     * coefficient and the least loss over all subsets of inputs is the optimum. The unconstrained
     * fit is tried first; only if it has a negative coefficient are the subsets searched.
     *
     * @throws IllegalArgumentException as {@link #fit}, or with more than {@value
     *     #MAX_NON_NEGATIVE_INPUTS} inputs
     */
    static WeightedLogistic fitNonNegative(double[][] x, boolean[] y, double[] w, double l2) {
        WeightedLogistic free = fit(x, y, w, l2);
        if (nonNegative(free.weights)) {
            return free;
        }
        int d = free.weights.length;
        if (d > MAX_NON_NEGATIVE_INPUTS) {
            throw new IllegalArgumentException("a non-negative fit searches every subset of inputs; " + d
                    + " inputs is more than " + MAX_NON_NEGATIVE_INPUTS);
        }
        WeightedLogistic best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        // every proper subset of the inputs (the full set is the unconstrained fit, already refused)
        for (int subset = 0; subset < (1 << d) - 1; subset++) {
            int[] kept = new int[Integer.bitCount(subset)];
            for (int i = 0, k = 0; i < d; i++) {
                if ((subset & (1 << i)) != 0) {
                    kept[k++] = i;
                }
            }
            double[][] columns = new double[x.length][kept.length];
            for (int r = 0; r < x.length; r++) {
                for (int k = 0; k < kept.length; k++) {
                    columns[r][k] = x[r][kept[k]];
                }
            }
            WeightedLogistic part = fit(columns, y, w, l2);
            if (!nonNegative(part.weights)) {
                continue;
            }
            double[] weights = new double[d];
            for (int k = 0; k < kept.length; k++) {
                weights[kept[k]] = part.weights[k];
            }
            // an input left out has weight 0, so its mean (what a missing value is taken as) does not matter
            WeightedLogistic candidate = new WeightedLogistic(weights, free.means, part.intercept);
            double loss = penalisedLoss(x, y, w, l2, candidate);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = candidate;
            }
        }
        return best; // the empty subset, the intercept alone, is always feasible
    }

    private static boolean nonNegative(double[] weights) {
        for (double v : weights) {
            if (!(v >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The penalised loss of {@code model} on the rows, with the penalty on its coefficients
     * standardised as {@link #fit} standardises them (each input's weighted standard deviation over
     * the rows where it is not missing).
     */
    static double penalisedLoss(double[][] x, boolean[] y, double[] w, double l2, WeightedLogistic model) {
        int d = model.weights.length;
        double[] squares = new double[d];
        double[] count = new double[d];
        double loss = 0;
        for (int r = 0; r < x.length; r++) {
            double wr = w == null ? 1 : w[r];
            for (int i = 0; i < d; i++) {
                double v = x[r][i];
                if (v == v) {
                    squares[i] += wr * (v - model.means[i]) * (v - model.means[i]);
                    count[i] += wr;
                }
            }
            double p = model.probability(x[r]);
            loss -= wr * (y[r] ? logOf(p) : logOf(1 - p));
        }
        for (int i = 0; i < d; i++) {
            double sd = count[i] > 0 ? Math.sqrt(squares[i] / count[i]) : 0;
            double standardised = model.weights[i] * (sd > 1e-12 ? sd : 1);
            loss += 0.5 * l2 * standardised * standardised;
        }
        return loss;
    }

    /** The penalised loss at {@code beta}, computed as the fitting loop computes it; {@code z} is scratch. */
    private static double loss(
            double[][] x,
            boolean[] y,
            double[] w,
            double l2,
            double[] mean,
            double[] scale,
            double[] beta,
            double[] z) {
        int d = mean.length;
        double loss = 0;
        for (int r = 0; r < x.length; r++) {
            double wr = w == null ? 1 : w[r];
            double eta = beta[0];
            for (int i = 0; i < d; i++) {
                double v = x[r][i];
                z[i + 1] = v != v ? 0 : (v - mean[i]) / scale[i];
                eta += beta[i + 1] * z[i + 1];
            }
            double p = sigmoid(eta);
            loss -= wr * (y[r] ? logOf(p) : logOf(1 - p));
        }
        for (int a = 1; a <= d; a++) {
            loss += 0.5 * l2 * beta[a] * beta[a];
        }
        return loss;
    }

    private static double logOf(double p) {
        return Math.log(Math.max(p, 1e-300));
    }

    /** Solves {@code a x = b} for symmetric positive-definite {@code a} by Cholesky decomposition. */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    l[i][i] = Math.sqrt(Math.max(sum, 1e-12));
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }
}
