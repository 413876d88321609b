package org.korrekt.training.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.korrekt.training.profile.ProfileData.DataSplit;

/**
 * What in a table is legal but likely a mistake, or useless to every model: said as warnings, not
 * errors, because the training can go on and the data scientist decides. Stateless.
 *
 * <p>Row checks apply to every profile; column checks to the table's own columns ({@code features:
 * columns}), judged on the training rows, which are what the models learn from.
 */
final class DataWarnings {

    /** A test period of fewer days than this says little about the applications of a month. */
    static final int MIN_TEST_DAYS = 7;

    private DataWarnings() {}

    /**
     * Warnings about the rows: amounts at stake out of all proportion, incorrect amounts above the
     * amount at stake, times after {@code today}, and a time split whose test period is shorter than
     * {@value #MIN_TEST_DAYS} days.
     */
    static List<String> ofRows(
            String[] ids, int[] days, double[] amount, double[] incorrect, DataSplit split, LocalDate today) {
        List<String> warnings = new ArrayList<>();
        if (amount.length > 0) {
            double[] sorted = amount.clone();
            java.util.Arrays.sort(sorted);
            double median = Math.max(sorted[sorted.length / 2], 1.0);
            double limit = ProfileTrainer.AMOUNT_CLIP_TIMES_MEDIAN * median;
            int huge = 0;
            int largest = -1;
            for (int r = 0; r < ids.length; r++) {
                if (amount[r] > limit) {
                    huge++;
                    if (largest < 0 || amount[r] > amount[largest]) {
                        largest = r;
                    }
                }
            }
            if (huge > 0) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "%,d row(s) have an amount at stake over %,.0f times the median (%s SEK), the largest row %s"
                                + " with %s SEK: a typo, or öre for kronor? Where the combiner learns from such a row"
                                + " (a labelled training or older validation row), it takes the amount as at most"
                                + " %,.0f times the median amount of the rows it learns from; the ranking and the SEK"
                                + " found take the amount as it is",
                        huge,
                        ProfileTrainer.AMOUNT_CLIP_TIMES_MEDIAN,
                        plain(median),
                        ids[largest],
                        amount[largest] < 1e15
                                ? plain(amount[largest])
                                : String.format(Locale.ROOT, "%.3e", amount[largest]),
                        ProfileTrainer.AMOUNT_CLIP_TIMES_MEDIAN));
            }
        }
        int above = 0;
        int worst = -1;
        for (int r = 0; r < ids.length; r++) {
            if (incorrect[r] > amount[r]) {
                above++;
                if (worst < 0 || incorrect[r] - amount[r] > incorrect[worst] - amount[worst]) {
                    worst = r;
                }
            }
        }
        if (above > 0) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%,d row(s) have an incorrect amount above their amount at stake (the largest excess: row %s,"
                            + " %s of %s SEK); the SEK found counts the incorrect amount as it is",
                    above,
                    ids[worst],
                    plain(incorrect[worst]),
                    plain(amount[worst])));
        }
        long todayDay = today.toEpochDay();
        int future = 0;
        int latest = Integer.MIN_VALUE;
        for (int day : days) {
            if (day > todayDay) {
                future++;
            }
            latest = Math.max(latest, day);
        }
        if (future > 0) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%,d row(s) are dated after today (%s), the latest %s; is the time column the day of application?",
                    future,
                    today,
                    LocalDate.ofEpochDay(latest)));
        }
        if (split.byTime()) {
            long testDays = split.last().toEpochDay() - split.testFrom().toEpochDay() + 1;
            if (testDays < MIN_TEST_DAYS) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "the test period covers %d day(s) (%s to %s) of the rows' %d days; its figures say little about"
                                + " the applications of a month",
                        testDays,
                        split.testFrom(),
                        split.last(),
                        split.last().toEpochDay() - split.first().toEpochDay() + 1));
            }
        }
        return warnings;
    }

    /**
     * Warnings about the table's own input columns, over the training rows: a numeric or date
     * column that is empty or holds one value, and a categorical column of one level, of no level
     * frequent enough for a feature, or of more such levels than get one.
     *
     * @param raw per input column (numeric, then categorical, then dates, as {@code c.inputs()}),
     *     per row (at least {@code part.length} rows): numbers and days with NaN missing, category
     *     codes with -1 missing
     * @param levelCount per input column, the number of category codes (0 for other columns)
     */
    static List<String> ofColumns(ProfileDefinition.Columns c, double[][] raw, int[] levelCount, byte[] part) {
        List<String> warnings = new ArrayList<>();
        List<String> inputs = c.inputs();
        int categoricalFrom = c.numeric().size();
        int datesFrom = categoricalFrom + c.categorical().size();
        for (int j = 0; j < inputs.size(); j++) {
            String column = "column '" + inputs.get(j) + "'";
            if (j >= categoricalFrom && j < datesFrom) {
                categorical(warnings, column, raw[j], levelCount[j], part);
            } else {
                numbers(warnings, column, raw[j], part, j >= datesFrom ? c.time() : null);
            }
        }
        return warnings;
    }

    /**
     * A warning when rows that were not investigated carry a label, or null when none does (or the
     * table has no {@code investigated} column). Training learns only from investigated rows, but
     * the test figures take any other row's label as its known outcome, as a generated history's
     * ground truth is: a real table that says "no" for every row nobody checked would have them
     * counted as correct payments.
     *
     * @param size how many rows of the arrays are kept
     */
    static String ofLabelsNotInvestigated(
            ProfileDefinition.Columns c,
            String[] ids,
            boolean[] observed,
            boolean[] labelKnown,
            boolean[] label,
            int size) {
        if (c.investigated() == null) {
            return null;
        }
        int labelled = 0;
        int incorrect = 0;
        int first = -1;
        for (int r = 0; r < size; r++) {
            if (!observed[r] && labelKnown[r]) {
                labelled++;
                incorrect += label[r] ? 1 : 0;
                first = first < 0 ? r : first;
            }
        }
        if (labelled == 0) {
            return null;
        }
        return String.format(
                Locale.ROOT,
                "%,d row(s) that '%s' marks as not investigated have a label in '%s' (%,d of them '%s'; the first: row %s)."
                        + " The models learn only from investigated rows, but the test figures count the label of"
                        + " every test row that has one as its known outcome. If a row is labelled only because"
                        + " nobody checked it (a 'no' by default), leave its label empty: else the test figures"
                        + " count it as a correct payment",
                labelled,
                c.investigated(),
                c.label(),
                incorrect,
                c.positive(),
                ids[first]);
    }

    /**
     * @param time for a date column (whose values are days after the time column), the time
     *     column's name; null for a numeric column
     */
    private static void numbers(List<String> warnings, String column, double[] values, byte[] part, String time) {
        int present = 0;
        int missing = 0;
        double first = Double.NaN;
        boolean varies = false;
        for (int r = 0; r < part.length; r++) {
            if (part[r] != DataSplit.TRAIN) {
                continue;
            }
            double v = values[r];
            if (Double.isNaN(v)) {
                missing++;
            } else if (present++ == 0) {
                first = v;
            } else if (v != first) {
                varies = true;
            }
        }
        if (present == 0) {
            warnings.add(column + " is empty in every training row, so no model can learn from it");
        } else if (!varies && missing == 0) {
            String value = time == null
                    ? "holds " + plain(first)
                    : first == 0
                            ? "falls on the day of " + time
                            : "falls " + plain(Math.abs(first)) + " day(s) " + (first < 0 ? "before " : "after ")
                                    + time;
            warnings.add(column + " " + value + " in every training row, so no model can learn from it");
        }
    }

    private static void categorical(List<String> warnings, String column, double[] codes, int levels, byte[] part) {
        int[] counts = new int[levels];
        int present = 0;
        int missing = 0;
        for (int r = 0; r < part.length; r++) {
            if (part[r] != DataSplit.TRAIN) {
                continue;
            }
            int code = (int) codes[r];
            if (code < 0) {
                missing++;
            } else {
                counts[code]++;
                present++;
            }
        }
        int seen = 0;
        int frequent = 0;
        int rowsOfFrequent = 0;
        int[] frequentCounts = new int[levels];
        for (int count : counts) {
            if (count > 0) {
                seen++;
            }
            if (count >= KeptRows.MIN_LEVEL_ROWS) {
                frequentCounts[frequent++] = count;
                rowsOfFrequent += count;
            }
        }
        if (present == 0) {
            warnings.add(column + " is empty in every training row, so no model can learn from it");
        } else if (seen == 1 && missing == 0) {
            warnings.add(column + " holds one level in every training row, so no model can learn from it");
        } else if (frequent == 0) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%s yields no feature: none of its %,d level(s) in training has %d training rows or more%s",
                    column,
                    seen,
                    KeptRows.MIN_LEVEL_ROWS,
                    seen > present / 2 ? " (an id or free text?)" : ""));
        } else if (frequent > KeptRows.MAX_LEVELS) {
            int[] sorted = Arrays.copyOf(frequentCounts, frequent);
            Arrays.sort(sorted);
            int covered = 0;
            for (int i = sorted.length - KeptRows.MAX_LEVELS; i < sorted.length; i++) {
                covered += sorted[i];
            }
            warnings.add(String.format(
                    Locale.ROOT,
                    "%s has %,d levels of at least %d training rows; only the %d most frequent get a feature, and"
                            + " the other %,d level(s)' %,d training rows count as none of them",
                    column,
                    frequent,
                    KeptRows.MIN_LEVEL_ROWS,
                    KeptRows.MAX_LEVELS,
                    frequent - KeptRows.MAX_LEVELS,
                    rowsOfFrequent - covered));
        }
    }

    /** A number as a data scientist wrote it: no trailing {@code .0}, no exponent. */
    static String plain(double value) {
        return BigDecimal.valueOf(value == 0 ? 0 : value).stripTrailingZeros().toPlainString();
    }
}
