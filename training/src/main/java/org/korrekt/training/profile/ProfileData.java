package org.korrekt.training.profile;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.korrekt.features.FeatureSchema;

/**
 * A profile's rows, column-wise, with their encoded feature vectors and their split.
 *
 * @param schema the feature schema of {@code x}
 * @param encoding how each feature was computed from the table (one entry per feature)
 * @param ids each row's id
 * @param days each row's time column, as epoch days
 * @param x each row's feature vector (NaN = missing)
 * @param label whether the row's label column holds the positive value
 * @param observed whether the row's label was observed (investigated); all true without an investigated column
 * @param labelKnown whether the row's label is known: every investigated row's, and another row's
 *     when the table gives it (the ground truth of generated data); a real table leaves it blank
 * @param randomControl whether the random control sample drew the row
 * @param amount the amount at stake, SEK
 * @param incorrectAmount the amount found incorrect, SEK (the whole amount of a positive row without such a column)
 * @param split which part each row is in
 * @param rowsRead rows read from the table, before the filter
 * @param groups per audited attribute, each row's group (null when unknown); never a model input
 * @param breakdowns per breakdown column, each row's value (null when empty)
 * @param recordedPropensity with {@code "method": "recorded-propensity"}, each investigated row's
 *     recorded chance of selection, in (0, 1] (NaN for a row not investigated); null otherwise
 * @param warnings what in the table is legal but likely a mistake, or useless to every model
 *     ({@link DataWarnings}); empty when nothing is
 */
public record ProfileData(
        FeatureSchema schema,
        List<EncodedFeature> encoding,
        String[] ids,
        int[] days,
        double[][] x,
        boolean[] label,
        boolean[] observed,
        boolean[] labelKnown,
        boolean[] randomControl,
        double[] amount,
        double[] incorrectAmount,
        DataSplit split,
        long rowsRead,
        Map<String, String[]> groups,
        Map<String, String[]> breakdowns,
        double[] recordedPropensity,
        List<String> warnings) {

    public ProfileData {
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(schema, "schema");
        encoding = List.copyOf(encoding);
        Objects.requireNonNull(split, "split");
        int n = ids.length;
        if (days.length != n
                || x.length != n
                || label.length != n
                || observed.length != n
                || labelKnown.length != n
                || randomControl.length != n
                || amount.length != n
                || incorrectAmount.length != n
                || split.part().length != n
                || (recordedPropensity != null && recordedPropensity.length != n)) {
            throw new IllegalArgumentException("every column must have one entry per row (" + n + ")");
        }
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        breakdowns = Collections.unmodifiableMap(new LinkedHashMap<>(breakdowns));
        for (String[] values : groups.values()) {
            if (values.length != n) {
                throw new IllegalArgumentException("every audit group column must have one entry per row (" + n + ")");
            }
        }
        for (String[] values : breakdowns.values()) {
            if (values.length != n) {
                throw new IllegalArgumentException("every breakdown column must have one entry per row (" + n + ")");
            }
        }
        if (encoding.size() != schema.size()) {
            throw new IllegalArgumentException(
                    "encoding has " + encoding.size() + " entries, the schema " + schema.size() + " features");
        }
    }

    /** The number of rows. */
    public int size() {
        return ids.length;
    }

    /** Of {@code rows}, those whose label is known, in their order; {@code rows} itself when all are. */
    public int[] labelKnown(int[] rows) {
        int known = 0;
        for (int r : rows) {
            known += labelKnown[r] ? 1 : 0;
        }
        if (known == rows.length) {
            return rows;
        }
        int[] out = new int[known];
        int k = 0;
        for (int r : rows) {
            if (labelKnown[r]) {
                out[k++] = r;
            }
        }
        return out;
    }

    /**
     * How one feature is computed from the table.
     *
     * @param name the feature's name
     * @param kind {@code feature} (computed by korrekt's feature code), {@code numeric}, {@code one-hot} or
     *     {@code days-after-time}
     * @param column the source column, or {@code null} for korrekt's own features
     * @param level the category of a one-hot feature, else {@code null}
     */
    public record EncodedFeature(String name, String kind, String column, String level) {
        public EncodedFeature {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * Which part each row is in.
     *
     * @param part 0 = training, 1 = validation, 2 = test, per row
     * @param byTime whether the split is by time
     * @param validationFrom the first day of validation (time split), else null
     * @param testFrom the first day of the test (time split), else null
     * @param first the earliest day of any row
     * @param last the latest day of any row
     * @param seed the seed of the run
     */
    public record DataSplit(
            byte[] part,
            boolean byTime,
            LocalDate validationFrom,
            LocalDate testFrom,
            LocalDate first,
            LocalDate last,
            long seed) {

        /** Part number of training rows. */
        public static final byte TRAIN = 0;
        /** Part number of validation rows. */
        public static final byte VALIDATION = 1;
        /** Part number of test rows. */
        public static final byte TEST = 2;

        /**
         * Splits rows by time (or at random, seeded), recording the boundaries.
         *
         * @param days each row's time column, as epoch days
         * @throws IllegalArgumentException if a time split would leave a part empty
         */
        static DataSplit of(int[] days, ProfileDefinition.Split config) {
            int n = days.length;
            int[] sorted = days.clone();
            Arrays.sort(sorted);
            byte[] part = new byte[n];
            LocalDate first = LocalDate.ofEpochDay(sorted[0]);
            LocalDate last = LocalDate.ofEpochDay(sorted[n - 1]);
            if (!config.byTime()) {
                SplittableRandom random = new SplittableRandom(config.seed());
                for (int i = 0; i < n; i++) {
                    double u = random.nextDouble();
                    part[i] = u < config.testShare()
                            ? DataSplit.TEST
                            : u < config.testShare() + config.validationShare()
                                    ? DataSplit.VALIDATION
                                    : DataSplit.TRAIN;
                }
                return new DataSplit(part, false, null, null, first, last, config.seed());
            }
            int validationFrom = sorted[(int) Math.floor(n * (1 - config.validationShare() - config.testShare()))];
            int testFrom = sorted[(int) Math.floor(n * (1 - config.testShare()))];
            if (validationFrom == sorted[0] || testFrom == validationFrom) {
                throw new IllegalArgumentException("the rows span too few days (" + first + " to " + last
                        + ") for a time split into training, validation and test");
            }
            for (int i = 0; i < n; i++) {
                part[i] = days[i] < validationFrom
                        ? DataSplit.TRAIN
                        : days[i] < testFrom ? DataSplit.VALIDATION : DataSplit.TEST;
            }
            return new DataSplit(
                    part,
                    true,
                    LocalDate.ofEpochDay(validationFrom),
                    LocalDate.ofEpochDay(testFrom),
                    first,
                    last,
                    config.seed());
        }

        /** The number of rows in {@code which} part. */
        public int count(byte which) {
            int count = 0;
            for (byte b : part) {
                if (b == which) {
                    count++;
                }
            }
            return count;
        }
    }
}
