package org.korrekt.training.profile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.korrekt.features.model.Calibration;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.IsolationForestModel;
import org.korrekt.features.model.ScoreDistribution;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.features.rules.Severity;
import org.korrekt.training.anomaly.IsolationForestConfig;
import org.korrekt.training.anomaly.IsolationForestTrainer;
import org.korrekt.training.profile.ProfileData.DataSplit;
import org.korrekt.training.trees.GradientBoostedTreesTrainer;
import org.korrekt.training.trees.TrainedTreeEnsemble;
import org.korrekt.training.trees.TreeHyperparameters;

/**
 * Trains a selection profile on its data: the selection propensity, the logistic regression, the
 * gradient-boosted trees and the isolation forest, then the combiner over their scores and the
 * rule hits, calibrated on the newest validation rows; finally every scorer is evaluated on the
 * test rows at the profile's capacity.
 *
 * <p>Which rows train what: supervised models learn from the <em>labelled</em> (investigated)
 * training rows, weighted by inverse propensity; the isolation forest needs no label and learns
 * from every training row; the combiner learns from the labelled training rows scored out of
 * fold and from the labelled rows of the older part of the validation period, the calibration from
 * those of the newer part, both without inverse-propensity weights; the test rows are never seen
 * before the evaluation. The calibration is then moved to the incorrect rate the random control
 * sample estimates ({@link PriorShift}).
 */
public final class ProfileTrainer {

    /** Names of the combiner's inputs, in order. */
    public static final List<String> COMBINER_INPUTS =
            List.of("logistic_log_odds", "trees_margin", "forest_score", "high_rule_hits", "medium_rule_hits");

    /** Folds of the out-of-fold scores the combiner learns from. */
    static final int OUT_OF_FOLD_FOLDS = 5;
    /**
     * The combiner weighs a row by its amount at stake, taken at most this many times the median
     * amount of its rows: one amount out of all proportion (a typo, öre for kronor) must not decide
     * the fit alone ({@link DataWarnings} names such rows).
     */
    static final double AMOUNT_CLIP_TIMES_MEDIAN = 1_000;
    /** And no row weighs more than this many times the mean, as no propensity weight does by default. */
    static final double COMBINER_MAX_WEIGHT = 50;
    /**
     * How far the compiled trees' probability may lie from Tribuo's (XGBoost's) on a test row: both
     * sum the same float32 leaf values, and glibc's {@code expf}, which XGBoost's softmax calls, is
     * one ulp off the correctly rounded float the compiled trees use for a few arguments, which
     * moves the probability by at most 2^-22 ({@code CompiledTreeEnsembleEqualityTest}).
     */
    static final double TREES_BOUND = 0x1p-22;

    private final ProfileDefinition profile;
    private final TrainingProgress progress;

    public ProfileTrainer(ProfileDefinition profile, TrainingProgress progress) {
        this.profile = profile;
        this.progress = progress;
    }

    /**
     * Trains and evaluates.
     *
     * @throws IllegalArgumentException if a part of the split has no labelled rows of both classes
     */
    public TrainedSelectionProfile train(ProfileData data) {
        Map<String, Long> millis = new LinkedHashMap<>();
        long started = System.nanoTime();
        long seed = profile.split().seed();
        int[] trainAll = rows(data, DataSplit.TRAIN, false);
        int[] trainLabelled = rows(data, DataSplit.TRAIN, true);
        int[] validationLabelled = rows(data, DataSplit.VALIDATION, true);
        int[] test = rows(data, DataSplit.TEST, false);
        requireBothClasses(data, trainLabelled, "labelled training");

        Propensity propensity;
        try (TrainingProgress.Stage stage = progress.start("Selection propensity", 1)) {
            propensity = Propensity.fit(data, profile.weighting());
            stage.stepTo(1);
        }
        double[] trainWeights = weights(data, trainLabelled, propensity);
        millis.put("propensity", lap(started, millis));

        TribuoLogistic logistic;
        TribuoLogistic unweighted = null;
        try (TrainingProgress.Stage stage = progress.start("Logistic regression (Tribuo)", 2)) {
            int[] check = sample(test, 5_000, seed);
            logistic = TribuoLogistic.train(data, trainLabelled, trainWeights, check, profile.logistic(), seed);
            stage.stepTo(1);
            if (propensity.weighs()) {
                double[] ones = new double[trainLabelled.length];
                java.util.Arrays.fill(ones, 1);
                unweighted = TribuoLogistic.train(data, trainLabelled, ones, new int[0], profile.logistic(), seed);
            }
            stage.stepTo(2);
        }
        millis.put("logistic", lap(started, millis));

        TrainedTreeEnsemble trees;
        double treesDifference;
        try (TrainingProgress.Stage stage = progress.start("Gradient-boosted trees (Tribuo XGBoost)", 2)) {
            trees = trainTrees(data, trainLabelled, trainWeights, seed);
            stage.stepTo(1);
            treesDifference = treesDifference(data, trees, sample(test, 500, seed));
            if (!(treesDifference <= TREES_BOUND)) {
                throw new IllegalStateException("the compiled gradient-boosted trees differ from Tribuo's XGBoost by "
                        + treesDifference + " on a test row, more than float32 rounding allows (2^-22)");
            }
            stage.stepTo(2);
        }
        millis.put("trees", lap(started, millis));

        SmileChallenger challenger = null;
        if (profile.challenger() != null) {
            try (TrainingProgress.Stage stage =
                    progress.start("Challenger (Smile " + profile.challenger().kind() + ")", 1)) {
                challenger = SmileChallenger.train(
                        data, trainLabelled, trainWeights, sample(test, 5_000, seed), profile.challenger(), seed);
                stage.stepTo(1);
            }
            millis.put("challenger", lap(started, millis));
        }

        IsolationForestModel forest;
        try (TrainingProgress.Stage stage = progress.start("Isolation forest", 1)) {
            double[][] unlabelled = new double[trainAll.length][];
            for (int i = 0; i < trainAll.length; i++) {
                unlabelled[i] = data.x()[trainAll[i]];
            }
            forest = new IsolationForestTrainer(new IsolationForestConfig(
                            profile.forest().trees(), profile.forest().sampleSize(), seed))
                    .fit(unlabelled);
            stage.stepTo(1);
        }
        millis.put("forest", lap(started, millis));

        CompiledRules rules =
                profile.rules() == null ? null : CompiledRules.bundled(profile.rules() + ".rules.json", data.schema());

        // the components' raw scores of every row
        int n = data.size();
        double[][] stack = new double[n][COMBINER_INPUTS.size()];
        double[] logisticScore = new double[n];
        double[] treesScore = new double[n];
        double[] forestScore = new double[n];
        double c = forest.expectedPathLength();
        double[] rulesScore = new double[n];
        int[] hits = new int[rules == null ? 0 : rules.size()];
        try (TrainingProgress.Stage stage = progress.start("Scoring every row with each component", n)) {
            for (int r = 0; r < n; r++) {
                double[] x = data.x()[r];
                logisticScore[r] = logistic.compiled().score(x);
                stack[r][0] = logistic.compiled().logOdds(x);
                treesScore[r] = trees.compiled().score(x);
                stack[r][1] = trees.compiled().logOdds(x);
                stack[r][2] = c == 0 ? 0 : (c - forest.pathLength(x)) / c;
                forestScore[r] = stack[r][2];
                if (rules != null) {
                    int count = rules.evaluate(x, hits);
                    for (int h = 0; h < count; h++) {
                        Severity severity = rules.rule(hits[h]).severity();
                        if (severity == Severity.HIGH) {
                            stack[r][3]++;
                        } else if (severity == Severity.MEDIUM) {
                            stack[r][4]++;
                        }
                    }
                    rulesScore[r] = (2 * stack[r][3] + stack[r][4]) / (2.0 * Math.max(1, rules.size()));
                }
                if ((r & 0xFFF) == 0) {
                    stage.stepTo(r);
                }
            }
            stage.stepTo(n);
        }
        millis.put("component scores", lap(started, millis));

        // combiner on the older validation rows, calibration on the newer
        Combined combined;
        try (TrainingProgress.Stage stage = progress.start("Combiner and calibration", 2)) {
            double[][] outOfFold = outOfFold(data, trainLabelled, trainWeights, seed);
            stage.stepTo(1);
            combined = combine(data, stack, trainLabelled, outOfFold, validationLabelled, propensity);
            stage.stepTo(2);
        }
        millis.put("combiner", lap(started, millis));

        double[] combinedScore = new double[n];
        for (int r = 0; r < n; r++) {
            combinedScore[r] =
                    combined.calibration().probability(combined.stacker().logit(stack[r]));
        }
        SelectionProfileModel compiled = new SelectionProfileModel(
                data.schema(),
                encodedInputs(data),
                logistic.compiled(),
                trees.compiled(),
                forest,
                profile.rules() == null ? "" : profile.rules() + ".rules.json",
                combined.stacker().intercept(),
                combined.stacker().weights(),
                combined.calibration());
        // the compiled profile must score what the pipeline scored, row by row
        double compiledDifference = 0;
        double[] testScores = new double[test.length];
        for (int i = 0; i < test.length; i++) {
            int r = test[i];
            testScores[i] = compiled.score(data.x()[r]);
            compiledDifference = Math.max(compiledDifference, Math.abs(testScores[i] - combinedScore[r]));
        }
        if (!(compiledDifference <= 1e-9)) {
            throw new IllegalStateException(
                    "the compiled profile differs from the pipeline's combined score by " + compiledDifference);
        }
        double capacity = profile.combiner().capacity();
        // the scorers are judged on the test rows whose label is known: every one on generated data
        // (its ground truth), the investigated ones on a real table, which has no label for the others
        int[] labelled = data.labelKnown(test);
        if (labelled != test) {
            requireBothClasses(data, labelled, "test-period rows with a known label (investigated)");
        }
        List<CapacityResult> results = new ArrayList<>();
        results.add(CapacityResult.of("combined", combinedScore, labelled, data, capacity));
        results.add(CapacityResult.of("logistic", logisticScore, labelled, data, capacity));
        results.add(CapacityResult.of("trees", treesScore, labelled, data, capacity));
        results.add(CapacityResult.of("forest", forestScore, labelled, data, capacity));
        if (rules != null) {
            results.add(CapacityResult.of("rules", rulesScore, labelled, data, capacity));
        }
        double[] challengerScore = null;
        if (challenger != null) {
            challengerScore = new double[n];
            for (int r : labelled) {
                challengerScore[r] = challenger.compiled().score(data.x()[r]);
            }
            results.add(CapacityResult.of(
                    SmileChallenger.scorerName(challenger.settings()), challengerScore, labelled, data, capacity));
        }
        SelectionBias bias =
                SelectionBias.of(data, trainLabelled, trainWeights, logistic, unweighted, labelled, capacity);
        List<ProfileEvaluation.Scorer> scorers = new ArrayList<>(List.of(
                new ProfileEvaluation.Scorer("combined", combinedScore, true),
                new ProfileEvaluation.Scorer("logistic", logisticScore, true),
                new ProfileEvaluation.Scorer("trees", treesScore, true),
                new ProfileEvaluation.Scorer("forest", forestScore, false)));
        if (rules != null) {
            scorers.add(new ProfileEvaluation.Scorer("rules", rulesScore, false));
        }
        if (challenger != null) {
            scorers.add(new ProfileEvaluation.Scorer(
                    SmileChallenger.scorerName(challenger.settings()), challengerScore, true));
        }
        // the combined profile against every other scorer, on the same bootstrap draws of the test rows
        List<CapacityComparison> comparisons = CapacityComparison.of(
                scorers.get(0),
                scorers.subList(1, scorers.size()),
                labelled,
                data.amount(),
                data.incorrectAmount(),
                capacity,
                CapacityComparison.RESAMPLES,
                seed);
        ProfileEvaluation evaluation = ProfileEvaluation.of(profile, data, test, labelled, scorers, compiled, seed);
        millis.put("evaluation", lap(started, millis));
        return new TrainedSelectionProfile(
                profile,
                data.schema(),
                data.encoding(),
                data.split(),
                counts(data),
                data.warnings(),
                logistic,
                trees,
                treesDifference,
                forest,
                rules,
                challenger,
                combined.stacker(),
                combined.calibration(),
                combined.stackerRows(),
                combined.calibrationRows(),
                combined.prior(),
                propensity,
                bias,
                results,
                comparisons,
                evaluation,
                compiled,
                compiledDifference,
                DecisionThresholds.fromScores(testScores),
                ScoreDistribution.of(testScores),
                millis);
    }

    record Combined(
            WeightedLogistic stacker,
            Calibration calibration,
            int stackerRows,
            int calibrationRows,
            PriorShift prior) {}

    /**
     * Fits the combiner and its calibration. The combiner learns from the labelled training rows,
     * scored out of fold (each fold by components trained on the other folds, so it sees
     * the components' honest errors), and from the older labelled validation rows, scored by the
     * final components; the newer labelled validation rows calibrate. The combiner's rows weigh
     * their amount at stake relative to the mean, since the profile is judged by the incorrect SEK it
     * finds (an amount taken at most {@link #AMOUNT_CLIP_TIMES_MEDIAN} times the median, a weight at
     * most {@link #COMBINER_MAX_WEIGHT}: one amount of 10^12 SEK among amounts of thousands made the
     * combiner constant); the calibration's rows weigh 1. Neither weighs by inverse propensity as the components
     * do: a selection that depends on the features does not bias a model of the label given the
     * features, and on a few hundred labelled rows one row of weight 30 can decide a fit of two to
     * six parameters (on one generated history it flattened Platt's slope to 0.03, and fp's combined
     * profile then found 60 % less incorrect SEK than its trees). The base rate that selection does
     * bias is set afterwards from the random control sample ({@link PriorShift}). No weight is
     * negative ({@link WeightedLogistic#fitNonNegative}): every input rises with risk, and none may
     * count against it.
     */
    private Combined combine(
            ProfileData data,
            double[][] stack,
            int[] train,
            double[][] outOfFold,
            int[] validation,
            Propensity propensity) {
        requireBothClasses(data, validation, "labelled validation");
        // the validation rows by time: the older ones join the stacker's rows, the newer ones calibrate
        Integer[] boxed = new Integer[validation.length];
        for (int i = 0; i < validation.length; i++) {
            boxed[i] = validation[i];
        }
        java.util.Arrays.sort(
                boxed,
                (a, b) -> data.days()[a] != data.days()[b]
                        ? Integer.compare(data.days()[a], data.days()[b])
                        : Integer.compare(a, b));
        int cut = (int) Math.round(boxed.length * (1 - profile.combiner().calibrationShare()));
        int m = train.length + cut;
        double[] stakes = new double[m];
        for (int i = 0; i < m; i++) {
            stakes[i] = Math.max(data.amount()[i < train.length ? train[i] : boxed[i - train.length]], 1.0);
        }
        double[] sorted = stakes.clone();
        java.util.Arrays.sort(sorted);
        double clip = AMOUNT_CLIP_TIMES_MEDIAN * sorted[m / 2];
        double meanAmount = 0;
        for (int i = 0; i < train.length; i++) {
            meanAmount += Math.min(stakes[i], clip) / train.length;
        }
        double[][] sx = new double[m][];
        boolean[] sy = new boolean[m];
        double[] sw = new double[m];
        for (int i = 0; i < m; i++) {
            int r = i < train.length ? train[i] : boxed[i - train.length];
            if (i < train.length) {
                sx[i] = stack[r].clone();
                sx[i][0] = outOfFold[i][0];
                sx[i][1] = outOfFold[i][1];
            } else {
                sx[i] = stack[r];
            }
            sy[i] = data.label()[r];
            sw[i] = Math.min(Math.min(stakes[i], clip) / meanAmount, COMBINER_MAX_WEIGHT);
        }
        // no input may lower the score as it rises: a rule hit or a component's alarm never counts against risk
        WeightedLogistic stacker = WeightedLogistic.fitNonNegative(sx, sy, sw, 1.0);
        int k = boxed.length - cut;
        double[] cz = new double[k];
        boolean[] cy = new boolean[k];
        double[] cw = new double[k];
        java.util.Arrays.fill(cw, 1.0);
        for (int i = 0; i < k; i++) {
            int r = boxed[cut + i];
            cz[i] = stacker.logit(stack[r]);
            cy[i] = data.label()[r];
        }
        requireBothClasses(cy, "calibration");
        Calibration calibration = CalibrationFit.fit(profile.combiner().calibration(), cz, cy, cw);
        PriorShift prior = null;
        if ("random-control".equals(profile.combiner().prior())) {
            prior = PriorShift.of(data, stack, stacker, calibration, propensity);
            if (prior != null) {
                calibration = prior.apply(calibration);
            }
        }
        return new Combined(stacker, calibration, m, k, prior);
    }

    /**
     * The logistic regression's and the trees' log-odds of each labelled training row, each from
     * components trained without the row's fold.
     */
    private double[][] outOfFold(ProfileData data, int[] rows, double[] weights, long seed) {
        int folds = OUT_OF_FOLD_FOLDS;
        int[] fold = new int[rows.length];
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int i = 0; i < rows.length; i++) {
            fold[i] = random.nextInt(folds);
        }
        double[][] out = new double[rows.length][2];
        for (int f = 0; f < folds; f++) {
            int inFold = 0;
            for (int v : fold) {
                if (v == f) {
                    inFold++;
                }
            }
            int[] fit = new int[rows.length - inFold];
            double[] fitWeights = new double[fit.length];
            int k = 0;
            for (int i = 0; i < rows.length; i++) {
                if (fold[i] != f) {
                    fit[k] = rows[i];
                    fitWeights[k++] = weights[i];
                }
            }
            // with a handful of incorrect (or correct) rows, four folds of five can miss a class
            requireBothClasses(
                    data,
                    fit,
                    "labelled training (all but fold " + (f + 1) + " of " + folds + ", for the"
                            + " combiner's out-of-fold scores)");
            TribuoLogistic logistic =
                    TribuoLogistic.train(data, fit, fitWeights, new int[0], profile.logistic(), seed + f);
            TrainedTreeEnsemble trees = trainTrees(data, fit, fitWeights, seed + f);
            for (int i = 0; i < rows.length; i++) {
                if (fold[i] == f) {
                    double[] x = data.x()[rows[i]];
                    out[i][0] = logistic.compiled().logOdds(x);
                    out[i][1] = trees.compiled().logOdds(x);
                }
            }
        }
        return out;
    }

    private static List<SelectionProfileModel.EncodedInput> encodedInputs(ProfileData data) {
        List<SelectionProfileModel.EncodedInput> inputs = new ArrayList<>();
        for (ProfileData.EncodedFeature f : data.encoding()) {
            inputs.add(new SelectionProfileModel.EncodedInput(
                    f.kind(), f.column() == null ? "" : f.column(), f.level() == null ? "" : f.level()));
        }
        return inputs;
    }

    private TrainedTreeEnsemble trainTrees(ProfileData data, int[] rows, double[] weights, long seed) {
        ProfileDefinition.Trees t = profile.trees();
        TreeHyperparameters hyperparameters = new TreeHyperparameters(
                t.trees(),
                t.maxDepth(),
                t.eta(),
                t.subsample(),
                t.colsample(),
                t.minChildWeight(),
                t.lambda(),
                seed,
                2);
        double[][] x = new double[rows.length][];
        boolean[] y = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            x[i] = data.x()[rows[i]];
            y[i] = data.label()[rows[i]];
        }
        return new GradientBoostedTreesTrainer(hyperparameters)
                .train(x, y, weights, data.schema().names(), data.schema().fingerprint());
    }

    /** The largest |compiled - Tribuo| probability of the trees over {@code rows}. */
    private static double treesDifference(ProfileData data, TrainedTreeEnsemble trees, int[] rows) {
        String[] names = data.schema().names().toArray(new String[0]);
        double max = 0;
        for (int r : rows) {
            double tribuo = GradientBoostedTreesTrainer.tribuoProbability(trees.tribuoModel(), data.x()[r], names);
            max = Math.max(max, Math.abs(tribuo - trees.compiled().score(data.x()[r])));
        }
        return max;
    }

    private static double[] weights(ProfileData data, int[] rows, Propensity propensity) {
        double[] w = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            w[i] = propensity.weight(rows[i], data.x()[rows[i]]);
        }
        return w;
    }

    static int[] rows(ProfileData data, byte which, boolean labelledOnly) {
        byte[] part = data.split().part();
        int count = 0;
        for (int r = 0; r < part.length; r++) {
            if (part[r] == which && (!labelledOnly || data.observed()[r])) {
                count++;
            }
        }
        int[] rows = new int[count];
        int k = 0;
        for (int r = 0; r < part.length; r++) {
            if (part[r] == which && (!labelledOnly || data.observed()[r])) {
                rows[k++] = r;
            }
        }
        return rows;
    }

    /** Up to {@code max} of {@code rows}, drawn with {@code seed} (all of them when there are fewer). */
    static int[] sample(int[] rows, int max, long seed) {
        if (rows.length <= max) {
            return rows.clone();
        }
        int[] copy = rows.clone();
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int i = 0; i < max; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        int[] out = java.util.Arrays.copyOf(copy, max);
        java.util.Arrays.sort(out);
        return out;
    }

    private static void requireBothClasses(boolean[] labels, String what) {
        int positives = 0;
        for (boolean label : labels) {
            if (label) {
                positives++;
            }
        }
        if (positives == 0 || positives == labels.length) {
            throw new IllegalArgumentException("the " + what + " rows hold " + positives + " positive of "
                    + labels.length + "; training needs both classes there (more data, or other split shares)");
        }
    }

    private static void requireBothClasses(ProfileData data, int[] rows, String what) {
        boolean[] labels = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = data.label()[rows[i]];
        }
        requireBothClasses(labels, what);
    }

    private static TrainedSelectionProfile.Counts counts(ProfileData data) {
        int[][] c = new int[3][3]; // part x {rows, labelled, positive labelled}
        for (int r = 0; r < data.size(); r++) {
            int p = data.split().part()[r];
            c[p][0]++;
            if (data.observed()[r]) {
                c[p][1]++;
                if (data.label()[r]) {
                    c[p][2]++;
                }
            }
        }
        return new TrainedSelectionProfile.Counts(
                data.rowsRead(),
                data.size(),
                c[0][0],
                c[0][1],
                c[0][2],
                c[1][0],
                c[1][1],
                c[1][2],
                c[2][0],
                c[2][1],
                c[2][2]);
    }

    private static long lap(long started, Map<String, Long> millis) {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        long before = 0;
        for (long v : millis.values()) {
            before += v;
        }
        return elapsed - before;
    }
}
