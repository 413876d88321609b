package org.korrekt.training.profile;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.korrekt.features.model.Calibration;
import org.korrekt.features.model.SelectionProfileModel;

/** A trained profile in words and tables: the bundle's {@code report.md} and the console summary. */
public final class ProfileSummary {

    /** The combiner's inputs, in the order of its weights, as {@code metrics.json} names them. */
    public static final List<String> COMBINER_INPUTS =
            List.of("logisticLogOdds", "treesLogOdds", "forestPathShortfall", "highRuleHits", "mediumRuleHits");

    /** The first inputs are models, which are not evaluated at weight 0; the others are rule counts. */
    private static final int MODEL_INPUTS = 3;

    private static final List<String> COMBINER_INPUT_WORDS = List.of(
            "logistic regression, log-odds",
            "trees, log-odds",
            "forest, path shortfall",
            "HIGH rule hits",
            "MEDIUM rule hits");

    private ProfileSummary() {}

    /**
     * The combiner as fitted, as Markdown: its weights (a model component of weight 0 is off when
     * scoring), intercept and calibration.
     */
    public static String combiner(TrainedSelectionProfile t) {
        SelectionProfileModel compiled = t.compiled();
        double[] w = compiled.combinerWeights();
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "A logistic regression on %,d labelled rows, its weights held at 0 or above, on each input's own"
                        + " scale. A model of weight 0 adds nothing, and the served profile does not evaluate it"
                        + " (\"off\"); the rules are evaluated whatever their weights, for their reasons.%n%n",
                t.combinerRows()));
        s.append("| input | weight |\n|---|---:|\n");
        for (int i = 0; i < w.length; i++) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s |%n",
                    COMBINER_INPUT_WORDS.get(i),
                    w[i] != 0 ? String.format(Locale.ROOT, "%.3f", w[i]) : i < MODEL_INPUTS ? "0 (off)" : "0"));
        }
        Calibration calibration = compiled.calibration();
        s.append(String.format(Locale.ROOT, "%nIntercept %.3f. Calibration: ", compiled.combinerIntercept()));
        s.append(
                calibration.isPlatt()
                        ? String.format(
                                Locale.ROOT,
                                "Platt, slope %.3f and intercept %.3f",
                                calibration.slope(),
                                calibration.intercept())
                        : "isotonic");
        s.append(t.prior() != null ? " (the prior shift included)," : ",");
        s.append(String.format(Locale.ROOT, " fitted on %,d labelled rows.%n", t.calibrationRows()));
        return s.toString();
    }

    /** The results per scorer as a Markdown table (also readable on a console). */
    public static String table(TrainedSelectionProfile t) {
        StringBuilder s = new StringBuilder();
        s.append(
                "| scorer | ROC AUC | checked | incorrect found | precision | incorrect SEK found | share of incorrect SEK |\n");
        s.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (CapacityResult r : t.results()) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %,d | %s | %,.0f | %s |%n",
                    r.scorer(),
                    ratio(r.rocAuc()),
                    r.checked(),
                    r.found(),
                    ratio(r.precision()),
                    r.incorrectSekFound(),
                    ratio(r.shareOfSekFound())));
        }
        return s.toString();
    }

    /** Fewer rows checked at capacity than this, and the test figures say little; training says so. */
    public static final int FEW_CHECKED = 20;

    /**
     * The sentence that says the test period's figures at capacity rest on fewer than {@value
     * #FEW_CHECKED} checked rows, or null when they rest on more. With labels only where a row was
     * investigated, the capacity is a share of those rows: 1 % of a few hundred is two or three.
     */
    public static String fewChecked(TrainedSelectionProfile t) {
        int checked = t.results().get(0).checked();
        if (checked >= FEW_CHECKED) {
            return null;
        }
        ProfileEvaluation e = t.evaluation();
        double capacity = t.profile().combiner().capacity();
        return String.format(
                        Locale.ROOT,
                        "The test figures at capacity rest on %d checked row%s (%.1f %% of the %,d test rows whose label"
                                + " is known), so one row decides them, and the lead over each scorer says little.",
                        checked,
                        checked == 1 ? "" : "s",
                        100 * capacity,
                        e.labelledTestRows())
                + (e.labelledTestRows() < e.testRows()
                        ? " A table labelled only where it was investigated may need a larger combiner.capacity"
                                + " (the labels profile uses 0.10)."
                        : "");
    }

    /**
     * A ratio to three decimals, or {@code n/a} when it is undefined: a share of no incorrect SEK,
     * or a ROC AUC on test rows of one class.
     */
    private static String ratio(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    /**
     * The combined profile against each other scorer at capacity, with the paired bootstrap's 95 %
     * interval, as a Markdown table.
     */
    public static String comparison(TrainedSelectionProfile t) {
        StringBuilder s = new StringBuilder();
        s.append("| combined minus | incorrect SEK | 95 % interval | draws with the combined ahead | verdict |\n");
        s.append("|---|---:|---:|---:|---|\n");
        for (CapacityComparison c : t.comparisons()) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %,.0f to %,.0f | %.1f %% | %s |%n",
                    c.scorer(),
                    c.difference(),
                    c.low(),
                    c.high(),
                    100 * c.shareAhead(),
                    c.verdict()));
        }
        return s.toString();
    }

    /** The bundle's report. */
    public static String markdown(TrainedSelectionProfile t, String version) {
        ProfileDefinition p = t.profile();
        TrainedSelectionProfile.Counts c = t.counts();
        ProfileData.DataSplit split = t.split();
        StringBuilder s = new StringBuilder();
        s.append("# Selection profile ")
                .append(p.name())
                .append(", bundle ")
                .append(version)
                .append("\n\n");
        s.append(p.description()).append("\n\n");
        s.append("## Data and split\n\n");
        s.append(String.format(
                Locale.ROOT,
                "%,d rows read, %,d kept by the profile (%s to %s). Split %s: training %,d rows (%,d labelled, %,d"
                        + " incorrect), validation %,d (%,d labelled), test %,d.%n%n",
                c.read(),
                c.kept(),
                split.first(),
                split.last(),
                split.byTime()
                        ? "by time: validation from " + split.validationFrom() + ", test from " + split.testFrom()
                        : "at random with seed " + split.seed(),
                c.train(),
                c.trainLabelled(),
                c.trainPositive(),
                c.validation(),
                c.validationLabelled(),
                c.test()));
        if (!t.dataWarnings().isEmpty()) {
            s.append("Warnings about the data (training went on):\n\n");
            t.dataWarnings().forEach(w -> s.append("- ").append(w).append('\n'));
            s.append('\n');
        }
        ProfileEvaluation tested = t.evaluation();
        s.append("## Test period at a capacity of ")
                .append(String.format(Locale.ROOT, "%.1f %%", 100 * p.combiner().capacity()))
                .append(
                        tested.labelledTestRows() == tested.testRows()
                                ? " of applications"
                                : String.format(
                                        Locale.ROOT,
                                        " of the %,d test rows whose label is known (of %,d)",
                                        tested.labelledTestRows(),
                                        tested.testRows()))
                .append("\n\n");
        String few = fewChecked(t);
        if (few != null) {
            s.append("**").append(few).append("**\n\n");
        }
        s.append("Rows are ranked by score times the amount at stake; the top share is checked. Labels: ")
                .append(t.evaluation().labelNote())
                .append(".\n\n");
        s.append(table(t)).append('\n');
        if (!t.comparisons().isEmpty()) {
            s.append(String.format(
                    Locale.ROOT,
                    "How sure the test period is of the differences: the test rows were drawn with replacement %,d"
                            + " times, every scorer ranked each draw and checked as many rows; the interval holds the"
                            + " middle 95 %% of the combined profile's lead. It measures the test period's noise, not"
                            + " training's.%n%n",
                    t.comparisons().get(0).resamples()));
            s.append(comparison(t)).append('\n');
        }
        s.append("## The combiner\n\n").append(combiner(t)).append('\n');
        SelectionBias b = t.bias();
        s.append("## Selection bias\n\n");
        s.append(String.format(
                Locale.ROOT,
                "%.1f %% of training rows are labelled. Incorrect rate among them: %.3f unweighted, %.3f weighted"
                        + " (weighting: %s); %s.%n",
                100 * b.labelledShare(),
                b.naiveRate(),
                b.weightedRate(),
                p.weighting().method(),
                Double.isNaN(b.allRowsRate())
                        ? "the table has no label for the rows nobody investigated, so the rate over all training"
                                + " rows is not known"
                        : String.format(Locale.ROOT, "over all training rows it is %.3f", b.allRowsRate())));
        PriorShift prior = t.prior();
        if (prior != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "The random control sample (%d labelled rows before the test period, %d incorrect) puts the"
                            + " incorrect rate of all applications at %.3f; the combiner's calibrated probabilities,"
                            + " %.3f on average, were shifted by %.3f on the log-odds scale to match it.%n",
                    prior.randomRows(),
                    prior.randomIncorrect(),
                    prior.rate(),
                    prior.meanBefore(),
                    prior.shift()));
        } else if ("random-control".equals(t.profile().combiner().prior())) {
            s.append(
                    p.columns().randomControl() == null
                            ? "The table has no random control column, so the incorrect rate of all applications is not"
                                    + " estimated; the calibrated probabilities describe the labelled rows.\n"
                            : "The random control sample has too few labelled rows to estimate the incorrect rate of all"
                                    + " applications; the calibrated probabilities describe the investigated rows.\n");
        }
        if (b.unweightedLogistic() != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "Logistic regression on the test rows: weighted ROC AUC %.3f and %,.0f incorrect SEK at capacity;"
                            + " unweighted %.3f and %,.0f.%n",
                    b.weightedLogistic().rocAuc(),
                    b.weightedLogistic().incorrectSekFound(),
                    b.unweightedLogistic().rocAuc(),
                    b.unweightedLogistic().incorrectSekFound()));
        }
        s.append("\n## Equality of compiled and source models\n\n");
        s.append(String.format(
                Locale.ROOT,
                "Logistic regression vs Tribuo: max |difference| %.2e over %,d test rows. Trees vs Tribuo XGBoost: %.2e."
                        + " Compiled profile vs the training pipeline: %.2e.%n%n",
                t.logistic().maxDifference(),
                t.logistic().rowsChecked(),
                t.treesMaxDifference(),
                t.compiledMaxDifference()));
        SmileChallenger challenger = t.challenger();
        if (challenger != null) {
            s.append(String.format(
                    Locale.ROOT,
                    "Challenger (Smile %s, %d trees, learnt from %,d labelled training rows%s; evaluated"
                            + " above, not combined or served) vs Smile: max |difference| %.2e over %,d test rows.%n%n",
                    challenger.settings().kind(),
                    challenger.compiled().treeCount(),
                    challenger.trainingRows(),
                    challenger.resampled()
                            ? " drawn with replacement by their inverse-propensity weights"
                            : ", unweighted",
                    challenger.maxDifference(),
                    challenger.rowsChecked()));
        }
        s.append("## Time per stage (ms)\n\n");
        for (Map.Entry<String, Long> e : t.millis().entrySet()) {
            s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        return s.toString();
    }
}
