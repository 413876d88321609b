package org.korrekt.features.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.features.rules.Severity;

/**
 * A selection profile compiled: a logistic regression, gradient-boosted trees and an isolation
 * forest over the same feature vector, the hits of a rule set, and a combiner that turns their
 * outputs into one calibrated probability.
 *
 * <p>The combiner is a logistic regression over five inputs:
 *
 * <ol>
 *   <li>the logistic regression's log-odds;
 *   <li>the trees' log-odds;
 *   <li>the forest's path shortfall {@code (c(psi) - E[h(x)]) / c(psi) = 1 + log2(anomalyScore)},
 *       0 for an average point, up to 1 for a point isolated at once;
 *   <li>the number of HIGH rule hits;
 *   <li>the number of MEDIUM rule hits.
 * </ol>
 *
 * Its log-odds {@code z} is calibrated into the score, by Platt scaling or isotonic regression.
 *
 * <p><b>Reasons.</b> Every input is a sum over features: the logistic regression's and the trees'
 * (TreeSHAP) contributions, the forest's path-based attributions (which sum to its shortfall), and
 * each rule hit credited to the rule's decisive feature. {@link #contributions} writes the
 * combiner-weighted sum of these per feature, times Platt's slope, so that with Platt calibration
 * the contributions plus {@link #baseLogOdds()} equal the logit of {@link #score} (up to the trees'
 * float32 rounding). With isotonic calibration they explain {@code z}, of which the score is a
 * non-decreasing function.
 *
 * <p>Immutable and thread-safe; {@link #score} and {@link #contributions} allocate nothing (they
 * use per-thread scratch buffers).
 */
public final class SelectionProfileModel implements CompiledModel {

    /** Number of combiner inputs. */
    public static final int COMBINER_INPUTS = 5;

    private final FeatureSchema schema;
    private final LogisticRegressionModel logistic;
    private final TreeEnsembleModel trees;
    private final IsolationForestModel forest;
    private final String ruleSet;
    private final CompiledRules rules;
    private final double combinerIntercept;
    private final double[] combinerWeights;
    private final Calibration calibration;
    private final List<EncodedInput> encoding;
    private final ThreadLocal<Scratch> scratch;

    /**
     * How one feature of the vector is computed from its table: korrekt's own feature code, or an
     * encoded column of a foreign table.
     *
     * @param kind {@code feature}, {@code numeric}, {@code one-hot} or {@code days-after-time}
     * @param column the source column, or the empty string for korrekt's own features
     * @param level the category of a one-hot feature, else the empty string
     */
    public record EncodedInput(String kind, String column, String level) {
        public EncodedInput {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(level, "level");
        }
    }

    /**
     * @param schema the feature schema every component was trained on
     * @param encoding how each feature is computed, one entry per feature
     * @param logistic the logistic regression
     * @param trees the gradient-boosted trees
     * @param forest the isolation forest
     * @param ruleSet the bundled rule set's file name whose hits feed the combiner, or the empty string
     * @param combinerIntercept the combiner's intercept
     * @param combinerWeights the combiner's {@value #COMBINER_INPUTS} weights
     * @param calibration the calibration of the combiner's log-odds
     */
    public SelectionProfileModel(
            FeatureSchema schema,
            List<EncodedInput> encoding,
            LogisticRegressionModel logistic,
            TreeEnsembleModel trees,
            IsolationForestModel forest,
            String ruleSet,
            double combinerIntercept,
            double[] combinerWeights,
            Calibration calibration) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.encoding = List.copyOf(encoding);
        this.logistic = Objects.requireNonNull(logistic, "logistic");
        this.trees = Objects.requireNonNull(trees, "trees");
        this.forest = Objects.requireNonNull(forest, "forest");
        this.ruleSet = Objects.requireNonNull(ruleSet, "ruleSet");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        String fingerprint = schema.fingerprint();
        if (!logistic.schemaFingerprint().equals(fingerprint)
                || !trees.schemaFingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException(
                    "every component must be trained on schema " + schema.name() + " v" + schema.version());
        }
        int n = schema.size();
        if (logistic.featureCount() != n
                || trees.featureCount() != n
                || forest.featureCount() != n
                || this.encoding.size() != n) {
            throw new IllegalArgumentException("every component and the encoding must have " + n + " features");
        }
        if (combinerWeights.length != COMBINER_INPUTS) {
            throw new IllegalArgumentException(
                    "the combiner needs " + COMBINER_INPUTS + " weights, had " + combinerWeights.length);
        }
        for (double w : combinerWeights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("combiner weights must be finite");
            }
        }
        if (!Double.isFinite(combinerIntercept)) {
            throw new IllegalArgumentException("combiner intercept must be finite, was " + combinerIntercept);
        }
        this.combinerIntercept = combinerIntercept;
        this.combinerWeights = combinerWeights.clone();
        this.rules = ruleSet.isEmpty() ? null : CompiledRules.bundled(ruleSet, schema);
        int ruleCount = rules == null ? 0 : rules.size();
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(n, ruleCount));
    }

    private static final class Scratch {
        final int[] hits;
        final double[] component;

        Scratch(int features, int rules) {
            this.hits = new int[Math.max(1, rules)];
            this.component = new double[features];
        }
    }

    @Override
    public String schemaFingerprint() {
        return schema.fingerprint();
    }

    @Override
    public int featureCount() {
        return schema.size();
    }

    /** The feature schema. */
    public FeatureSchema schema() {
        return schema;
    }

    /** How each feature is computed from its table. */
    public List<EncodedInput> encoding() {
        return encoding;
    }

    /** The logistic-regression component. */
    public LogisticRegressionModel logistic() {
        return logistic;
    }

    /** The gradient-boosted-trees component. */
    public TreeEnsembleModel trees() {
        return trees;
    }

    /** The isolation-forest component. */
    public IsolationForestModel forest() {
        return forest;
    }

    /** The rule set's file name, or the empty string. */
    public String ruleSet() {
        return ruleSet;
    }

    /** The combiner's intercept. */
    public double combinerIntercept() {
        return combinerIntercept;
    }

    /** A copy of the combiner's weights. */
    public double[] combinerWeights() {
        return combinerWeights.clone();
    }

    /** The calibration. */
    public Calibration calibration() {
        return calibration;
    }

    /** The forest's path shortfall, the combiner's third input. */
    public double forestShortfall(double[] features) {
        double c = forest.expectedPathLength();
        return c == 0 ? 0 : (c - forest.pathLength(features)) / c;
    }

    /**
     * The combiner's uncalibrated log-odds {@code z}. A model whose weight is 0 is not evaluated: its
     * term is 0 for any finite output (a logistic regression's log-odds overflowing to infinity on a
     * foreign table's extreme values would have made it NaN). The non-negative fit often gives one 0,
     * such as the forest in vab and all-benefits, whose 100 trees were about a fifth of a request.
     */
    public double combinerLogOdds(double[] features) {
        double[] w = combinerWeights;
        double z = combinerIntercept;
        if (w[0] != 0) {
            z += w[0] * logistic.logOdds(features);
        }
        if (w[1] != 0) {
            z += w[1] * trees.logOdds(features);
        }
        if (w[2] != 0) {
            z += w[2] * forestShortfall(features);
        }
        if (rules != null) {
            int[] hits = scratch.get().hits;
            int count = rules.evaluate(features, hits);
            for (int h = 0; h < count; h++) {
                Severity severity = rules.rule(hits[h]).severity();
                if (severity == Severity.HIGH) {
                    z += w[3];
                } else if (severity == Severity.MEDIUM) {
                    z += w[4];
                }
            }
        }
        return z;
    }

    @Override
    public double score(double[] features) {
        return calibration.probability(combinerLogOdds(features));
    }

    @Override
    public void contributions(double[] features, double[] out) {
        int n = schema.size();
        double[] w = combinerWeights;
        double slope = calibration.slope();
        Scratch s = scratch.get();
        double[] part = s.component;
        // as in combinerLogOdds, a component of weight 0 adds nothing and is not evaluated
        Arrays.fill(out, 0, n, 0.0);
        if (w[0] != 0) {
            logistic.contributions(features, part);
            for (int i = 0; i < n; i++) {
                out[i] = w[0] * part[i];
            }
        }
        if (w[1] != 0) {
            trees.contributions(features, part);
            for (int i = 0; i < n; i++) {
                out[i] += w[1] * part[i];
            }
        }
        double c = forest.expectedPathLength();
        if (c > 0 && w[2] != 0) {
            forest.attributions(features, part);
            for (int i = 0; i < n; i++) {
                out[i] += w[2] * part[i] / c;
            }
        }
        if (rules != null) {
            int count = rules.evaluate(features, s.hits);
            for (int h = 0; h < count; h++) {
                int rule = s.hits[h];
                Severity severity = rules.rule(rule).severity();
                double weight = severity == Severity.HIGH ? w[3] : severity == Severity.MEDIUM ? w[4] : 0;
                out[rules.decisiveFeature(rule)] += weight;
            }
        }
        for (int i = 0; i < n; i++) {
            out[i] *= slope;
        }
    }

    @Override
    public double baseLogOdds() {
        double[] w = combinerWeights;
        double z = combinerIntercept + w[0] * logistic.baseLogOdds() + w[1] * trees.baseLogOdds();
        return calibration.slope() * z + calibration.intercept();
    }

    @Override
    public String toString() {
        return "SelectionProfileModel[schema=" + schema.name() + " v" + schema.version() + ", trees="
                + trees.treeCount() + ", forest=" + forest.treeCount() + ", rules="
                + (ruleSet.isEmpty() ? "none" : ruleSet) + ", " + calibration + "]";
    }
}
