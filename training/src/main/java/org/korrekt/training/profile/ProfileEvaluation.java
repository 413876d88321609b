package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.korrekt.features.CatalogueEntry;
import org.korrekt.features.FeatureCatalogue;
import org.korrekt.features.model.SelectionProfileModel;
import org.korrekt.training.evaluation.AuditReport;
import org.korrekt.training.evaluation.FairnessAudit;
import org.korrekt.training.evaluation.FairnessGate;
import org.korrekt.training.evaluation.ScorerEvaluation;
import org.korrekt.training.profile.ProfileData.DataSplit;

/**
 * Everything a profile's {@code evaluation.json} and {@code report.html} say about it on the test
 * period: each scorer's metrics, the combined profile's recall per breakdown (e.g. per error
 * mechanism and benefit), its global feature importance, the fairness audit of its selection at
 * capacity with the gate's verdict, the audit of the table's own past selection (label bias), and
 * a model card.
 *
 * @param scorers each scorer's metrics, the combined profile first
 * @param recallBy per breakdown column, per value: positives, found at capacity, incorrect SEK
 * @param importance mean absolute contribution (log-odds) of each feature to the combined profile, largest first
 * @param fairness the audit of the combined profile's selection at capacity, judged by the profile's gate
 * @param historical the audit of the table's own targeted selection (investigated, not by the random
 *     sample) over all rows, judged for label bias; null without an investigated column
 * @param capacityRows test rows checked at capacity
 * @param randomControlRows test rows the random control sample drew
 * @param testRows rows of the test period
 * @param labelledTestRows of them, those whose label is known, which the scorers are evaluated on:
 *     all of them on generated data (the ground truth), the investigated ones on a real table
 * @param investigatedColumn whether the table says which rows were investigated
 * @param recordedFeatures whether the table is a labels export (investigated cases only)
 */
public record ProfileEvaluation(
        List<ScorerEvaluation> scorers,
        Map<String, List<Breakdown>> recallBy,
        List<Importance> importance,
        AuditReport fairness,
        AuditReport historical,
        int capacityRows,
        int randomControlRows,
        int testRows,
        int labelledTestRows,
        boolean investigatedColumn,
        boolean recordedFeatures) {

    /**
     * The gate that judges the table's own past selection for label bias: of the incorrect rows,
     * each group's share detected by targeted controls must not differ from the reference group's
     * by more than a factor 1.25, significantly (the whole 95 % interval outside the bounds).
     */
    public static final FairnessGate LABEL_BIAS_GATE = new FairnessGate(
            Map.of("truePositiveRateRatio", new FairnessGate.Bounds(0.8, 1.25)), 30, FairnessGate.Decision.INTERVAL);

    /** At most this many test rows are explained for the global importance. */
    static final int IMPORTANCE_ROWS = 5_000;

    /**
     * One value of a breakdown column.
     *
     * @param value the column's value
     * @param positives incorrect test rows with it
     * @param found of them, selected at capacity
     * @param incorrectSek incorrect SEK of those rows
     * @param incorrectSekFound incorrect SEK of the selected ones
     */
    public record Breakdown(String value, int positives, int found, double incorrectSek, double incorrectSekFound) {
        /** found / positives. */
        public double recall() {
            return positives == 0 ? Double.NaN : (double) found / positives;
        }
    }

    /**
     * A feature's global importance.
     *
     * @param feature the feature's name
     * @param meanAbsContribution mean |contribution| in log-odds over the explained test rows
     */
    public record Importance(String feature, double meanAbsContribution) {}

    /** Scores named as in {@code metrics.json}; the first must be the combined profile's probability. */
    record Scorer(String name, double[] score, boolean probability) {}

    /**
     * Evaluates the profile on the test rows: the scorers on those whose label is known, the
     * fairness of the combined profile's selection on all of them (an unknown label is an unknown
     * outcome, which the audit estimates with the random control sample).
     *
     * @param allTest every row of the test period
     * @param test the test rows whose label is known ({@link ProfileData#labelKnown(int[])})
     * @param scorers every scorer's score per row of {@code data} (only test rows are read)
     */
    static ProfileEvaluation of(
            ProfileDefinition profile,
            ProfileData data,
            int[] allTest,
            int[] test,
            List<Scorer> scorers,
            SelectionProfileModel compiled,
            long seed) {
        int n = test.length;
        boolean[] label = new boolean[n];
        double[] amount = new double[n];
        double[] incorrect = new double[n];
        boolean[] random = new boolean[n];
        for (int i = 0; i < n; i++) {
            int r = test[i];
            label[i] = data.label()[r];
            amount[i] = data.amount()[r];
            incorrect[i] = data.incorrectAmount()[r];
            random[i] = data.randomControl()[r];
        }
        double capacity = profile.combiner().capacity();
        List<ScorerEvaluation> evaluations = new ArrayList<>();
        for (Scorer s : scorers) {
            double[] own = new double[n];
            for (int i = 0; i < n; i++) {
                own[i] = s.score()[test[i]];
            }
            evaluations.add(
                    ScorerEvaluation.of(s.name(), own, s.probability(), label, amount, incorrect, random, capacity));
        }
        // the combined profile's selection at capacity
        double[] combined = new double[n];
        for (int i = 0; i < n; i++) {
            combined[i] = scorers.get(0).score()[test[i]];
        }
        int[] order = ScorerEvaluation.byPriority(combined, amount);
        int checked = evaluations.get(0).atCapacity().checked();
        boolean[] selected = new boolean[n];
        for (int k = 0; k < checked; k++) {
            selected[order[k]] = true;
        }

        Map<String, List<Breakdown>> recallBy = new TreeMap<>();
        for (Map.Entry<String, String[]> column : data.breakdowns().entrySet()) {
            recallBy.put(column.getKey(), breakdown(column.getValue(), test, label, incorrect, selected));
        }

        // the fairness of the selection the service would make: among every test row, whose label is known or not
        int all = allTest.length;
        boolean[] auditSelected = selected;
        boolean[] auditRandom = random;
        byte[] outcome = new byte[all];
        if (all == n) {
            for (int i = 0; i < n; i++) {
                outcome[i] = label[i] ? FairnessAudit.POSITIVE : FairnessAudit.NEGATIVE;
            }
        } else {
            double[] allScore = new double[all];
            double[] allAmount = new double[all];
            auditRandom = new boolean[all];
            for (int i = 0; i < all; i++) {
                int r = allTest[i];
                allScore[i] = scorers.get(0).score()[r];
                allAmount[i] = data.amount()[r];
                auditRandom[i] = data.randomControl()[r];
                outcome[i] = !data.labelKnown()[r]
                        ? FairnessAudit.UNKNOWN
                        : data.label()[r] ? FairnessAudit.POSITIVE : FairnessAudit.NEGATIVE;
            }
            int[] allOrder = ScorerEvaluation.byPriority(allScore, allAmount);
            auditSelected = new boolean[all];
            int allChecked = ScorerEvaluation.capacityRows(all, capacity);
            for (int k = 0; k < allChecked; k++) {
                auditSelected[allOrder[k]] = true;
            }
        }
        int auditChecked = 0;
        for (boolean s : auditSelected) {
            auditChecked += s ? 1 : 0;
        }
        List<FairnessAudit.AttributeAudit> audits = new ArrayList<>();
        for (Map.Entry<String, String[]> attribute : data.groups().entrySet()) {
            String[] group = new String[all];
            for (int i = 0; i < all; i++) {
                group[i] = attribute.getValue()[allTest[i]];
            }
            audits.add(FairnessAudit.audit(attribute.getKey(), group, auditSelected, auditRandom, outcome, null));
        }
        String rule = profile.columns().label() + " = " + profile.columns().positive();
        AuditReport fairness = AuditReport.of(
                "the combined profile's top " + percent(capacity) + " of test rows (" + auditChecked + " of " + all
                        + ") by score x amount at stake",
                profile.recordedFeatures()
                        ? "the investigators' outcome of every test row (" + rule
                                + "): investigated cases only, not every application"
                        : all == n
                                ? "the label of every test row (" + rule + ")"
                                        + (profile.columns().investigated() == null
                                                ? ""
                                                : ", investigated or not: the ground truth on generated data")
                                : "the label of the " + n + " test rows whose label is known (" + rule
                                        + "), investigated ones; the other " + (all - n)
                                        + " have none, so true- and false-positive rates are estimated with the"
                                        + " random control sample",
                profile.audit().gate(),
                audits);

        AuditReport historical = null;
        if (profile.columns().investigated() != null && !data.groups().isEmpty()) {
            historical = historical(profile, data);
        }
        int randomTestRows = 0;
        for (int r : allTest) {
            randomTestRows += data.randomControl()[r] ? 1 : 0;
        }
        return new ProfileEvaluation(
                List.copyOf(evaluations),
                recallBy,
                importance(data, allTest, compiled, seed),
                fairness,
                historical,
                checked,
                randomTestRows,
                all,
                n,
                profile.columns().investigated() != null,
                profile.recordedFeatures());
    }

    static AuditReport historical(ProfileDefinition profile, ProfileData data) {
        int n = data.size();
        boolean[] targeted = new boolean[n];
        byte[] outcome = new byte[n];
        boolean complete = true;
        for (int r = 0; r < n; r++) {
            targeted[r] = data.observed()[r] && !data.randomControl()[r];
            outcome[r] = !data.labelKnown()[r]
                    ? FairnessAudit.UNKNOWN
                    : data.label()[r] ? FairnessAudit.POSITIVE : FairnessAudit.NEGATIVE;
            complete &= data.labelKnown()[r];
        }
        List<FairnessAudit.AttributeAudit> audits = new ArrayList<>();
        for (Map.Entry<String, String[]> attribute : data.groups().entrySet()) {
            audits.add(FairnessAudit.audit(
                    attribute.getKey(), attribute.getValue(), targeted, data.randomControl(), outcome, null));
        }
        return AuditReport.of(
                "the table's own targeted controls: rows with "
                        + profile.columns().investigated() + " set and not drawn by the random control sample, all " + n
                        + " rows",
                profile.recordedFeatures()
                        ? "the investigators' outcome of every row"
                        : complete
                                ? "the label of every row: the ground truth on generated data"
                                : "the label of every investigated row; the others have none, so the share of"
                                        + " incorrect rows found is estimated with the random control sample",
                LABEL_BIAS_GATE,
                audits);
    }

    private static List<Breakdown> breakdown(
            String[] values, int[] test, boolean[] label, double[] incorrect, boolean[] selected) {
        Map<String, double[]> sums = new TreeMap<>();
        for (int i = 0; i < test.length; i++) {
            if (!label[i]) {
                continue;
            }
            String v = values[test[i]] == null ? "(none)" : values[test[i]];
            double[] s = sums.computeIfAbsent(v, k -> new double[4]);
            s[0]++;
            s[2] += incorrect[i];
            if (selected[i]) {
                s[1]++;
                s[3] += incorrect[i];
            }
        }
        List<Breakdown> out = new ArrayList<>();
        sums.forEach((v, s) -> out.add(new Breakdown(v, (int) s[0], (int) s[1], s[2], s[3])));
        return List.copyOf(out);
    }

    private static List<Importance> importance(
            ProfileData data, int[] test, SelectionProfileModel compiled, long seed) {
        int[] rows = ProfileTrainer.sample(test, IMPORTANCE_ROWS, seed);
        int m = data.schema().size();
        double[] sum = new double[m];
        double[] out = new double[m];
        for (int r : rows) {
            compiled.contributions(data.x()[r], out);
            for (int j = 0; j < m; j++) {
                sum[j] += Math.abs(out[j]);
            }
        }
        List<Importance> importance = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            importance.add(new Importance(data.schema().names().get(j), rows.length == 0 ? 0 : sum[j] / rows.length));
        }
        importance.sort(
                Comparator.comparingDouble(Importance::meanAbsContribution).reversed());
        return List.copyOf(importance);
    }

    /** The gate's verdict of the profile's own selection. */
    public FairnessGate.Outcome verdict() {
        return fairness.verdict().outcome();
    }

    /** Writes {@code evaluation.json}'s fields. */
    void write(JsonGenerator g, TrainedSelectionProfile trained, String version, String createdAt) throws IOException {
        ProfileDefinition profile = trained.profile();
        DataSplit split = trained.split();
        g.writeNumberField("formatVersion", 1);
        g.writeStringField("profile", profile.name());
        g.writeStringField("version", version);
        g.writeStringField("createdAt", createdAt);
        g.writeStringField("description", profile.description());
        String testPeriod = period(split, DataSplit.TEST);
        g.writeStringField("evaluatedOn", "test period: " + trained.counts().test() + " rows, " + testPeriod);
        g.writeStringField("labelNote", labelNote());
        g.writeNumberField("capacity", profile.combiner().capacity());
        g.writeNumberField("capacityRows", capacityRows);
        g.writeNumberField("randomControlRows", randomControlRows);
        g.writeArrayFieldStart("scorers");
        for (ScorerEvaluation s : scorers) {
            s.write(g);
        }
        g.writeEndArray();
        g.writeFieldName("combinedVersusEach");
        CapacityComparison.write(g, trained.comparisons());
        g.writeObjectFieldStart("recallBy");
        for (Map.Entry<String, List<Breakdown>> e : recallBy.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (Breakdown b : e.getValue()) {
                g.writeStartObject();
                g.writeStringField("value", b.value());
                g.writeNumberField("positives", b.positives());
                g.writeNumberField("found", b.found());
                AuditReport.number(g, "recall", b.recall());
                g.writeNumberField("incorrectSek", Math.round(b.incorrectSek()));
                g.writeNumberField("incorrectSekFound", Math.round(b.incorrectSekFound()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("importance");
        for (Importance i : importance) {
            g.writeStartObject();
            g.writeStringField("feature", i.feature());
            g.writeNumberField("meanAbsContribution", i.meanAbsContribution());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("fairness");
        fairness.writeFields(g);
        g.writeEndObject();
        if (historical != null) {
            g.writeObjectFieldStart("historicalSelection");
            historical.writeFields(g);
            g.writeEndObject();
        }
        modelCard(g, trained, testPeriod);
    }

    /** A profile's description within a sentence: without its final full stop. */
    private static String withoutFinalStop(String description) {
        String d = description.strip();
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    private void modelCard(JsonGenerator g, TrainedSelectionProfile trained, String testPeriod) throws IOException {
        ProfileDefinition profile = trained.profile();
        ScorerEvaluation c = scorers.get(0);
        g.writeObjectFieldStart("modelCard");
        g.writeStringField(
                "intendedUse",
                "Ranks the rows of profile " + profile.name()
                        + (profile.description().isEmpty() ? "" : " (" + withoutFinalStop(profile.description()) + ")")
                        + " by the expected incorrect SEK (probability x amount) so that a control unit checks the"
                        + " riskiest first, before payment. It selects cases for a human check; it never decides a"
                        + " benefit, and a selection is not a finding of error.");
        g.writeStringField(
                "data",
                (ProfileDefinition.FEATURES_CLAIM.equals(profile.features())
                                ? "The generated history (synthetic; no personal data): the '" + profile.table()
                                        + "' table, with point-in-time claim features from the history tables."
                                : profile.recordedFeatures()
                                        ? "A labels export: investigated cases with the investigators' outcomes and"
                                                + " the claim features the scoring service recorded when it scored"
                                                + " them."
                                        : "The table given to korrekt train, its columns encoded as in"
                                                + " provenance.json.")
                        + " " + trained.counts().kept() + " rows kept of "
                        + trained.counts().read() + " read; "
                        + trained.counts().trainLabelled() + " labelled training rows.");
        g.writeObjectFieldStart("periods");
        g.writeStringField("training", period(trained.split(), DataSplit.TRAIN));
        g.writeStringField("validation", period(trained.split(), DataSplit.VALIDATION));
        g.writeStringField("test", testPeriod);
        g.writeEndObject();
        g.writeStringField(
                "metrics",
                String.format(
                        Locale.ROOT,
                        "On the test period the combined profile has ROC AUC %.3f and PR AUC %.3f; checking the top %s"
                                + " (%d rows) finds %d incorrect (precision %.3f) and %,d SEK of %,d incorrect SEK.",
                        c.rocAuc(),
                        c.prAuc(),
                        percent(profile.combiner().capacity()),
                        c.atCapacity().checked(),
                        c.atCapacity().found(),
                        c.atCapacity().precision(),
                        Math.round(c.atCapacity().incorrectSekFound()),
                        Math.round(c.atCapacity().incorrectSekTotal())));
        g.writeArrayFieldStart("limits");
        g.writeString("Labels exist only for investigated rows ("
                + trained.counts().trainLabelled() + " in training); "
                + switch (profile.weighting().method()) {
                    case "recorded-propensity" ->
                        "each weighs 1 / its recorded chance of selection ('"
                                + profile.weighting().recordedColumn() + "', capped at "
                                + java.math.BigDecimal.valueOf(
                                                profile.weighting().maxWeight())
                                        .stripTrailingZeros()
                                        .toPlainString()
                                + " after normalising), which corrects the selection"
                                + " as far as those chances are right.";
                    case "inverse-propensity" ->
                        "inverse-propensity weights from the random control sample correct"
                                + " the selection only partly.";
                    default -> "they are not weighted, so the profile learns the selection's mix of cases.";
                });
        g.writeString("Evaluated on one test period, newer than training; the error mix drifts, so retrain"
                + " when outcomes of new controls arrive.");
        g.writeString("On generated data the test labels are the ground truth of every row; on real data only"
                + " investigated rows have an outcome, and the random control sample is the unbiased check.");
        if (profile.recordedFeatures()) {
            g.writeString("Trained on investigated cases only (a labels export): the test metrics describe how the"
                    + " profile ranks investigated cases rather than all applications, and the bundle's thresholds"
                    + " and score quantiles come from those cases.");
            if (fairness.audits().isEmpty()) {
                g.writeString("Not audited for fairness: the labels carry no protected attributes; join them into"
                        + " the table and list them under audit.groups.");
            }
        }
        g.writeString("Protected attributes (sex, age, country of birth, income band) are never inputs; they are"
                + " read only for this audit. Proxies among the inputs can still carry them: the audit is the check.");
        g.writeEndArray();
        g.writeArrayFieldStart("legalBasis");
        for (String name : trained.schema().names()) {
            CatalogueEntry entry = FeatureCatalogue.entry(name);
            g.writeStartObject();
            g.writeStringField("feature", name);
            g.writeStringField(
                    "basis",
                    entry == null
                            ? "a column of the profile's own table: its legal basis is the data owner's to record"
                            : entry.legalBasis());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("gateVerdict", verdict().name());
        g.writeEndObject();
    }

    /** What the test labels are, in one sentence. */
    String labelNote() {
        if (recordedFeatures) {
            return "the investigators' outcome of every test row: investigated cases only, not every application";
        }
        if (labelledTestRows == testRows) {
            return investigatedColumn
                    ? "the label of every test row, investigated or not (the ground truth on generated data)"
                    : "the label of every test row";
        }
        return "the label of the " + labelledTestRows + " test rows whose label is known (investigated) of "
                + testRows + "; the others have none and are left out: figures on cases that earlier controls"
                + " chose, not on every application (the fairness audit covers every test row)";
    }

    private static String period(DataSplit split, byte part) {
        if (!split.byTime()) {
            return "a seeded random "
                    + (part == DataSplit.TEST ? "test" : part == DataSplit.TRAIN ? "training" : "validation")
                    + " share of all rows, " + split.first() + " to " + split.last();
        }
        LocalDate from = part == DataSplit.TRAIN
                ? split.first()
                : part == DataSplit.VALIDATION ? split.validationFrom() : split.testFrom();
        LocalDate to = part == DataSplit.TRAIN
                ? split.validationFrom().minusDays(1)
                : part == DataSplit.VALIDATION ? split.testFrom().minusDays(1) : split.last();
        return from + " to " + to;
    }

    private static String percent(double share) {
        return String.format(
                Locale.ROOT,
                "%s %%",
                new java.math.BigDecimal(Double.toString(share * 100))
                        .stripTrailingZeros()
                        .toPlainString());
    }
}
