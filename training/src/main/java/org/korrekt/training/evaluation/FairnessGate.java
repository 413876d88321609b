package org.korrekt.training.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The fairness gate of a profile: bounds on group metrics (usually ratios to the reference group,
 * e.g. selection-rate ratio within [0.8, 1.25]). A group with fewer than {@code minGroupRows} rows
 * is reported but not judged. A metric is out of bounds when its estimate is ({@link
 * Decision#ESTIMATE}), or only when its whole confidence interval is ({@link Decision#INTERVAL}:
 * disparities must be significant). A metric whose estimate is undefined (a zero denominator)
 * cannot be judged and is listed as such, never silently passed.
 *
 * @param bounds per metric name (see {@link FairnessAudit#METRICS}), the closed interval allowed;
 *     unmodifiable, in the order of {@link FairnessAudit#METRICS} whatever the order given, so every
 *     report and file lists them the same way
 * @param minGroupRows groups smaller than this are not judged
 * @param decideOn what must lie outside the bounds for a failure
 * @param attributes the attributes judged; empty: every audited attribute (the others are reported only)
 */
public record FairnessGate(Map<String, Bounds> bounds, int minGroupRows, Decision decideOn, List<String> attributes) {

    /** The gate of a profile that configures none: both ratios within [0.8, 1.25], groups of 30 rows. */
    public static final FairnessGate DEFAULT = new FairnessGate(
            Map.of("selectionRateRatio", new Bounds(0.8, 1.25), "falsePositiveRateRatio", new Bounds(0.8, 1.25)),
            30,
            Decision.ESTIMATE,
            List.of());

    /** A gate that judges every audited attribute. */
    public FairnessGate(Map<String, Bounds> bounds, int minGroupRows, Decision decideOn) {
        this(bounds, minGroupRows, decideOn, List.of());
    }

    public FairnessGate {
        for (String metric : bounds.keySet()) {
            if (!FairnessAudit.METRICS.contains(metric)) {
                throw new IllegalArgumentException(
                        "the gate bounds unknown metric '" + metric + "'; known: " + FairnessAudit.METRICS);
            }
        }
        // DEFAULT's Map.of, for one, iterates in an order that changes from run to run
        Map<String, Bounds> ordered = new LinkedHashMap<>();
        for (String metric : FairnessAudit.METRICS) {
            Bounds b = bounds.get(metric);
            if (b != null) {
                ordered.put(metric, b);
            }
        }
        bounds = Collections.unmodifiableMap(ordered);
        if (minGroupRows < 1) {
            throw new IllegalArgumentException("minGroupRows must be at least 1, was " + minGroupRows);
        }
        Objects.requireNonNull(decideOn, "decideOn");
        attributes = List.copyOf(attributes);
    }

    /** Whether {@code attribute} is judged (not only reported). */
    public boolean judges(String attribute) {
        return attributes.isEmpty() || attributes.contains(attribute);
    }

    /** A closed interval of allowed values. */
    public record Bounds(double low, double high) {
        public Bounds {
            if (!(low <= high) || Double.isNaN(low)) {
                throw new IllegalArgumentException("bounds need low <= high, were [" + low + ", " + high + "]");
            }
        }

        boolean contains(double value) {
            return value >= low && value <= high;
        }

        @Override
        public String toString() {
            return "[" + fmt(low) + ", " + fmt(high) + "]";
        }
    }

    /** What must lie outside the bounds for a group to fail. */
    public enum Decision {
        /** the estimate */
        ESTIMATE,
        /** the whole 95 % confidence interval */
        INTERVAL;

        /** The name used in profile files. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A gate verdict. */
    public enum Outcome {
        /** every judged group is within bounds */
        PASS,
        /** some group is out of bounds */
        FAIL,
        /** no group could be judged (no attribute, every group too small, or every bounded metric undefined) */
        NOT_EVALUATED
    }

    /**
     * The verdict over audits.
     *
     * @param outcome the verdict
     * @param failures one line per metric out of bounds, e.g. {@code sex=M: selectionRateRatio 1.41 outside [0.8, 1.25]}
     * @param notJudged one line per metric that could not be judged (undefined estimate)
     * @param groupStatus per attribute and group: PASS, FAIL, TOO_FEW, NOT_JUDGED (every bounded metric
     *     undefined, or without an interval when the gate decides on it), REFERENCE (the group the
     *     others are judged against) or REPORTED (an attribute the gate does not judge)
     * @param failuresNotShown of {@code failures}, how many have a 95 % interval that reaches into the
     *     bounds: out of bounds on the estimate, but a disparity the test period cannot show (0 when
     *     the gate decides on the interval)
     */
    public record Verdict(
            Outcome outcome,
            List<String> failures,
            List<String> notJudged,
            Map<String, Map<String, String>> groupStatus,
            int failuresNotShown) {}

    /** Judges every group of {@code audits}. */
    public Verdict judge(List<FairnessAudit.AttributeAudit> audits) {
        List<String> failures = new ArrayList<>();
        List<String> notJudged = new ArrayList<>();
        Map<String, Map<String, String>> status = new LinkedHashMap<>();
        int judged = 0;
        int notShown = 0;
        for (FairnessAudit.AttributeAudit audit : audits) {
            Map<String, String> groups = new LinkedHashMap<>();
            long referenceRows = audit.groups().stream()
                    .filter(g -> g.group().equals(audit.reference()))
                    .mapToLong(FairnessAudit.GroupAudit::rows)
                    .findFirst()
                    .orElse(0);
            for (FairnessAudit.GroupAudit g : audit.groups()) {
                if (!judges(audit.attribute())) {
                    groups.put(g.group(), "REPORTED");
                    continue;
                }
                if (g.rows() < minGroupRows || referenceRows < minGroupRows) {
                    groups.put(g.group(), "TOO_FEW");
                    continue;
                }
                if (g.group().equals(audit.reference())) {
                    // its ratios are 1 by definition: it is what the others are judged against, not judged itself
                    groups.put(g.group(), "REFERENCE");
                    continue;
                }
                boolean failed = false;
                int defined = 0;
                for (Map.Entry<String, Bounds> e : bounds.entrySet()) {
                    Interval value = g.metric(e.getKey());
                    String where = audit.attribute() + "=" + g.group() + ": " + e.getKey();
                    if (!value.defined()) {
                        notJudged.add(where + " undefined (a zero denominator)");
                        continue;
                    }
                    if (decideOn == Decision.INTERVAL && (Double.isNaN(value.low()) || Double.isNaN(value.high()))) {
                        // a significance cannot be shown either way without an interval: not a pass
                        notJudged.add(where + " " + fmt(value.value()) + " has no interval");
                        continue;
                    }
                    defined++;
                    Bounds b = e.getValue();
                    boolean out = decideOn == Decision.ESTIMATE
                            ? !b.contains(value.value())
                            : value.low() > b.high() || value.high() < b.low();
                    if (out) {
                        failed = true;
                        boolean reachesIn = value.low() <= b.high() && value.high() >= b.low();
                        notShown += reachesIn ? 1 : 0;
                        failures.add(where + " " + fmt(value.value()) + " (" + fmt(value.low()) + "-"
                                + fmt(value.high()) + ") outside " + b);
                    }
                }
                if (defined == 0) {
                    // every bounded metric undefined: the group was not judged, so it cannot pass
                    groups.put(g.group(), "NOT_JUDGED");
                    continue;
                }
                judged++;
                groups.put(g.group(), failed ? "FAIL" : "PASS");
            }
            status.put(audit.attribute(), groups);
        }
        Outcome outcome = !failures.isEmpty() ? Outcome.FAIL : judged == 0 ? Outcome.NOT_EVALUATED : Outcome.PASS;
        return new Verdict(outcome, List.copyOf(failures), List.copyOf(notJudged), status, notShown);
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }
}
