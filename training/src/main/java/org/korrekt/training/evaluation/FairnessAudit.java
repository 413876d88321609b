package org.korrekt.training.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The fairness audit of one selection (a model's top capacity, or an agency's past controls) for
 * one attribute that splits the rows into groups: per group its selection rate, its share of the
 * selection against its share of the random control sample, precision, true- and false-positive
 * rates, and each of these as a ratio to a reference group, all with 95 % confidence intervals
 * (see {@link Interval}).
 *
 * <p>Outcomes are known for some rows only (the investigated ones) unless the table holds the
 * ground truth of every row. When every row's outcome is known the true- and false-positive rates
 * are counted directly; otherwise they are estimated with the random control sample, which is the
 * only unbiased picture of who is incorrect: {@code TPR = (selected and incorrect / rows) /
 * (incorrect / known in the group's random control rows)}, and likewise for the error-free.
 */
public final class FairnessAudit {

    /** A row's outcome: incorrect. */
    public static final byte POSITIVE = 1;
    /** A row's outcome: error-free. */
    public static final byte NEGATIVE = 0;
    /** A row's outcome: not known (never investigated). */
    public static final byte UNKNOWN = -1;

    /** The group of rows whose attribute is missing. */
    public static final String MISSING = "(missing)";

    private FairnessAudit() {}

    /**
     * The audit of one attribute.
     *
     * @param attribute the attribute's name
     * @param reference the group the ratios are taken against
     * @param outcomesComplete whether every row's outcome was known (rates counted, not estimated)
     * @param groups one entry per group, the reference first, then by size
     */
    public record AttributeAudit(
            String attribute, String reference, boolean outcomesComplete, List<GroupAudit> groups) {
        public AttributeAudit {
            Objects.requireNonNull(attribute, "attribute");
            groups = List.copyOf(groups);
        }
    }

    /**
     * The figures of one group.
     *
     * @param group the group's value of the attribute
     * @param rows rows in the group
     * @param selected rows selected
     * @param randomControl rows drawn by the random control sample
     * @param positives rows known to be incorrect
     * @param shareOfRows the group's share of all rows
     * @param shareOfSelected the group's share of the selected rows
     * @param shareOfRandomControl the group's share of the random control rows
     * @param selectionRate selected / rows
     * @param selectionRelativeToRandom share of the selected / share of the random control sample
     * @param precision incorrect / selected with a known outcome
     * @param truePositiveRate the share of the group's incorrect rows that were selected
     * @param falsePositiveRate the share of the group's error-free rows that were selected
     * @param randomControlIncorrectRate incorrect / known among the group's random control rows
     * @param selectionRateRatio selection rate / the reference's
     * @param precisionRatio precision / the reference's
     * @param truePositiveRateRatio true-positive rate / the reference's
     * @param falsePositiveRateRatio false-positive rate / the reference's
     */
    public record GroupAudit(
            String group,
            long rows,
            long selected,
            long randomControl,
            long positives,
            double shareOfRows,
            double shareOfSelected,
            double shareOfRandomControl,
            Interval selectionRate,
            Interval selectionRelativeToRandom,
            Interval precision,
            Interval truePositiveRate,
            Interval falsePositiveRate,
            Interval randomControlIncorrectRate,
            Interval selectionRateRatio,
            Interval precisionRatio,
            Interval truePositiveRateRatio,
            Interval falsePositiveRateRatio) {

        /** The metric of this group by its name in the gate's bounds, or null if there is none. */
        public Interval metric(String name) {
            return switch (name) {
                case "selectionRate" -> selectionRate;
                case "selectionRelativeToRandom" -> selectionRelativeToRandom;
                case "precision" -> precision;
                case "truePositiveRate" -> truePositiveRate;
                case "falsePositiveRate" -> falsePositiveRate;
                case "randomControlIncorrectRate" -> randomControlIncorrectRate;
                case "selectionRateRatio" -> selectionRateRatio;
                case "precisionRatio" -> precisionRatio;
                case "truePositiveRateRatio" -> truePositiveRateRatio;
                case "falsePositiveRateRatio" -> falsePositiveRateRatio;
                default -> null;
            };
        }
    }

    /** The names {@link GroupAudit#metric} knows, in the order reports list them. */
    public static final List<String> METRICS = List.of(
            "selectionRate",
            "selectionRelativeToRandom",
            "precision",
            "truePositiveRate",
            "falsePositiveRate",
            "randomControlIncorrectRate",
            "selectionRateRatio",
            "precisionRatio",
            "truePositiveRateRatio",
            "falsePositiveRateRatio");

    /**
     * Audits one attribute.
     *
     * @param attribute the attribute's name
     * @param group each row's group; null counts as {@link #MISSING}
     * @param selected whether each row was selected
     * @param randomControl whether the random control sample drew each row
     * @param outcome each row's outcome: {@link #POSITIVE}, {@link #NEGATIVE} or {@link #UNKNOWN}
     * @param reference the reference group, or null for the largest group of which any row was
     *     selected (ties: the first by name); the largest group when none was. A reference with no
     *     selected row would leave every ratio undefined (a zero denominator), so that a selection
     *     of one group only could not be judged
     */
    public static AttributeAudit audit(
            String attribute,
            String[] group,
            boolean[] selected,
            boolean[] randomControl,
            byte[] outcome,
            String reference) {
        int n = group.length;
        if (selected.length != n || randomControl.length != n || outcome.length != n) {
            throw new IllegalArgumentException("every column must have one entry per row (" + n + ")");
        }
        Map<String, Counts> byGroup = new TreeMap<>();
        Counts all = new Counts();
        boolean complete = true;
        for (int i = 0; i < n; i++) {
            String g = group[i] == null ? MISSING : group[i];
            byte o = outcome[i];
            if (o != POSITIVE && o != NEGATIVE && o != UNKNOWN) {
                throw new IllegalArgumentException("row " + i + " has outcome " + o);
            }
            complete &= o != UNKNOWN;
            byGroup.computeIfAbsent(g, k -> new Counts()).add(selected[i], randomControl[i], o);
            all.add(selected[i], randomControl[i], o);
        }
        if (byGroup.isEmpty()) {
            throw new IllegalArgumentException("the audit of " + attribute + " has no rows");
        }
        String ref = reference;
        if (ref == null) {
            boolean anySelected = all.selected > 0;
            ref = byGroup.entrySet().stream()
                    .filter(e -> !anySelected || e.getValue().selected > 0)
                    .max(Comparator.comparingLong((Map.Entry<String, Counts> e) -> e.getValue().rows)
                            .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                    .orElseThrow()
                    .getKey();
        } else if (!byGroup.containsKey(ref)) {
            throw new IllegalArgumentException(
                    "the reference group '" + ref + "' of " + attribute + " has no rows; groups: " + byGroup.keySet());
        }
        Map<String, Rates> rates = new LinkedHashMap<>();
        for (Map.Entry<String, Counts> e : byGroup.entrySet()) {
            rates.put(e.getKey(), new Rates(e.getValue(), complete));
        }
        Rates referenceRates = rates.get(ref);
        List<String> order = new ArrayList<>(byGroup.keySet());
        String first = ref;
        order.sort(Comparator.comparing((String g) -> !g.equals(first))
                .thenComparingLong(g -> -byGroup.get(g).rows)
                .thenComparing(g -> g));
        List<GroupAudit> groups = new ArrayList<>();
        for (String g : order) {
            Counts c = byGroup.get(g);
            Rates r = rates.get(g);
            // the reference against itself is exactly 1, not an estimate with an interval
            Rates against = g.equals(ref) ? null : referenceRates;
            groups.add(new GroupAudit(
                    g,
                    c.rows,
                    c.selected,
                    c.random,
                    c.positives,
                    share(c.rows, all.rows),
                    share(c.selected, all.selected),
                    share(c.random, all.random),
                    r.selection,
                    Interval.ratioOfProportions(c.selected, all.selected, c.random, all.random, false),
                    r.precision,
                    r.truePositive,
                    r.falsePositive,
                    Interval.proportion(c.randomPositives, c.randomKnown),
                    ratio(r.selection, against == null ? null : against.selection),
                    ratio(r.precision, against == null ? null : against.precision),
                    ratio(r.truePositive, against == null ? null : against.truePositive),
                    ratio(r.falsePositive, against == null ? null : against.falsePositive)));
        }
        return new AttributeAudit(attribute, ref, complete, groups);
    }

    private static Interval ratio(Interval rate, Interval reference) {
        if (reference == null) {
            return rate.defined() && rate.value() > 0 ? Interval.ONE : Interval.UNDEFINED;
        }
        return rate.over(reference);
    }

    private static double share(long part, long whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    /** Counts of one group. */
    private static final class Counts {
        long rows;
        long selected;
        long random;
        long positives;
        long negatives;
        long selectedKnown;
        long selectedPositives;
        long selectedNegatives;
        long randomKnown;
        long randomPositives;
        long randomNegatives;

        void add(boolean isSelected, boolean isRandom, byte outcome) {
            rows++;
            boolean known = outcome != UNKNOWN;
            boolean positive = outcome == POSITIVE;
            if (known) {
                if (positive) {
                    positives++;
                } else {
                    negatives++;
                }
            }
            if (isSelected) {
                selected++;
                if (known) {
                    selectedKnown++;
                    if (positive) {
                        selectedPositives++;
                    } else {
                        selectedNegatives++;
                    }
                }
            }
            if (isRandom) {
                random++;
                if (known) {
                    randomKnown++;
                    if (positive) {
                        randomPositives++;
                    } else {
                        randomNegatives++;
                    }
                }
            }
        }
    }

    /** The rates of one group that ratios are taken of. */
    private static final class Rates {
        final Interval selection;
        final Interval precision;
        final Interval truePositive;
        final Interval falsePositive;

        Rates(Counts c, boolean complete) {
            selection = Interval.proportion(c.selected, c.rows);
            precision = Interval.proportion(c.selectedPositives, c.selectedKnown);
            if (complete) {
                truePositive = Interval.proportion(c.selectedPositives, c.positives);
                falsePositive = Interval.proportion(c.selectedNegatives, c.negatives);
            } else {
                truePositive = Interval.ratioOfProportions(
                        c.selectedPositives, c.rows, c.randomPositives, c.randomKnown, true);
                falsePositive = Interval.ratioOfProportions(
                        c.selectedNegatives, c.rows, c.randomNegatives, c.randomKnown, true);
            }
        }
    }
}
