package org.korrekt.training.profile;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;
import org.korrekt.training.data.CsvTable;
import org.korrekt.training.profile.ProfileData.DataSplit;
import org.korrekt.training.profile.ProfileData.EncodedFeature;

/**
 * Growable column storage for the rows a profile keeps while its table is read, and the step that
 * turns them into {@link ProfileData}: for a profile of the table's own columns, the encoding of
 * those columns into features (numbers as they are, categories one-hot with the levels seen in the
 * training part, dates as days after the time column).
 */
final class KeptRows {

    /** A category needs this many training rows to get its own one-hot feature. */
    static final int MIN_LEVEL_ROWS = 10;
    /** At most this many one-hot features per categorical column (the most frequent levels). */
    static final int MAX_LEVELS = 30;

    private int size;
    private String[] ids = new String[1024];
    private int[] days = new int[1024];
    private double[][] x = new double[1024][];
    private boolean[] label = new boolean[1024];
    private boolean[] observed = new boolean[1024];
    private boolean[] labelKnown = new boolean[1024];
    private boolean[] random = new boolean[1024];
    private double[] amount = new double[1024];
    private double[] incorrect = new double[1024];
    private double[] propensity = new double[1024];
    // raw inputs of a column-features profile: numbers (NaN missing) and category codes (-1 missing)
    private final int inputs;
    private double[][] raw;
    private final List<Map<String, Integer>> levels = new ArrayList<>();
    // audited groups and breakdowns, per attribute then row
    private final List<String> attributes;
    private final List<String> breakdownNames;
    private String[][] groups;
    private String[][] breakdowns;

    KeptRows(int inputs, List<String> attributes, List<String> breakdownNames) {
        this.inputs = inputs;
        this.raw = new double[inputs][1024];
        this.attributes = attributes;
        this.breakdownNames = breakdownNames;
        this.groups = new String[attributes.size()][1024];
        this.breakdowns = new String[breakdownNames.size()][1024];
    }

    /** The number of rows kept. */
    int size() {
        return size;
    }

    /** Training learns from labelled rows of both classes; says so before any model is fitted. */
    void requireBothClasses(ProfileDefinition.Columns c, String source) throws ProfileException {
        int labelled = 0;
        int positives = 0;
        for (int r = 0; r < size; r++) {
            if (observed[r]) {
                labelled++;
                if (label[r]) {
                    positives++;
                }
            }
        }
        String rule = c.label() + " = " + c.positive();
        if (positives == 0) {
            throw new ProfileException(source + ": no labelled row of " + labelled + " has " + rule + " (of " + size
                    + " rows kept); training needs incorrect payments to learn from");
        }
        if (positives == labelled) {
            throw new ProfileException(source + ": every labelled row (" + labelled + ") has " + rule
                    + "; training needs correct ones too");
        }
    }

    void addGroups(String[] group, String[] breakdown) {
        int r = size - 1;
        if (groups.length > 0 && r >= groups[0].length) {
            for (int a = 0; a < groups.length; a++) {
                groups[a] = Arrays.copyOf(groups[a], ids.length);
            }
        }
        if (breakdowns.length > 0 && r >= breakdowns[0].length) {
            for (int b = 0; b < breakdowns.length; b++) {
                breakdowns[b] = Arrays.copyOf(breakdowns[b], ids.length);
            }
        }
        for (int a = 0; a < group.length; a++) {
            groups[a][r] = group[a];
        }
        for (int b = 0; b < breakdown.length; b++) {
            breakdowns[b][r] = breakdown[b];
        }
    }

    private static Map<String, String[]> trimmed(List<String> names, String[][] values, int size) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), Arrays.copyOf(values[i], size));
        }
        return out;
    }

    /** Keeps the row of id {@code id}, on epoch day {@code day}, of {@code features} (null for a column-features profile). */
    void add(String id, int day, double[] features, RowOutcome outcome) {
        if (size == ids.length) {
            int grown = size * 2;
            ids = Arrays.copyOf(ids, grown);
            days = Arrays.copyOf(days, grown);
            x = Arrays.copyOf(x, grown);
            label = Arrays.copyOf(label, grown);
            observed = Arrays.copyOf(observed, grown);
            labelKnown = Arrays.copyOf(labelKnown, grown);
            random = Arrays.copyOf(random, grown);
            amount = Arrays.copyOf(amount, grown);
            incorrect = Arrays.copyOf(incorrect, grown);
            propensity = Arrays.copyOf(propensity, grown);
        }
        ids[size] = id;
        days[size] = day;
        x[size] = features;
        label[size] = outcome.positive();
        observed[size] = outcome.observed();
        labelKnown[size] = outcome.labelKnown();
        random[size] = outcome.randomControl();
        amount[size] = outcome.amount();
        incorrect[size] = outcome.incorrect();
        propensity[size] = outcome.propensity();
        size++;
    }

    /**
     * Stores the raw inputs of the row of id {@code id} that {@link #add} adds next: numbers as
     * they are, categories as codes, dates as days after {@code day}.
     *
     * @throws IllegalArgumentException if a number is infinite
     */
    void addRaw(Object[] cells, int from, ProfileDefinition.Columns c, LocalDate day, String id) {
        if (raw.length > 0 && size == raw[0].length) {
            for (int j = 0; j < raw.length; j++) {
                raw[j] = Arrays.copyOf(raw[j], size * 2);
            }
        }
        int j = 0;
        for (String column : c.numeric()) {
            double value = Cells.number(cells[from + j], column);
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("row " + id + " has " + value + " in numeric column '" + column
                        + "'; a number must be finite, or missing (empty, or " + CsvTable.MISSING_WORDS + ")");
            }
            raw[j++][size] = value;
        }
        for (String column : c.categorical()) {
            while (levels.size() <= j) {
                levels.add(new LinkedHashMap<>());
            }
            String level = Cells.text(cells[from + j]);
            if (level == null) {
                raw[j][size] = -1;
            } else {
                Map<String, Integer> codes = levels.get(j);
                Integer code = codes.get(level);
                if (code == null) {
                    code = codes.size();
                    codes.put(level, code);
                }
                raw[j][size] = code;
            }
            j++;
        }
        for (String column : c.dates()) {
            LocalDate date = Cells.date(cells[from + j], column);
            raw[j][size] = date == null ? Double.NaN : date.toEpochDay() - day.toEpochDay();
            j++;
        }
    }

    /**
     * Puts the rows in order of their time, then their id, so that what is trained does not depend
     * on the order the table holds its rows in: the same table sorted otherwise, or written as other
     * part files, gives the same bundle. (In table order, the folds, the trees' sub-samples and the
     * forest's samples drew other rows: a data scientist's table trained four ways gave four
     * bundles.) Ids are unique, so the order is total.
     */
    void sortByTimeAndId() {
        boolean sorted = true;
        for (int r = 1; r < size && sorted; r++) {
            sorted = days[r - 1] < days[r] || (days[r - 1] == days[r] && ids[r - 1].compareTo(ids[r]) < 0);
        }
        if (sorted) {
            return;
        }
        int[] order = java.util.stream.IntStream.range(0, size)
                .boxed()
                .sorted(Comparator.comparingInt((Integer r) -> days[r]).thenComparing(r -> ids[r]))
                .mapToInt(Integer::intValue)
                .toArray();
        ids = permuted(ids, order);
        x = permuted(x, order);
        for (int a = 0; a < groups.length; a++) {
            groups[a] = permuted(groups[a], order);
        }
        for (int b = 0; b < breakdowns.length; b++) {
            breakdowns[b] = permuted(breakdowns[b], order);
        }
        int[] d = new int[size];
        boolean[] l = new boolean[size];
        boolean[] o = new boolean[size];
        boolean[] k = new boolean[size];
        boolean[] rc = new boolean[size];
        double[] am = new double[size];
        double[] in = new double[size];
        double[] pr = new double[size];
        double[][] rw = new double[inputs][size];
        for (int i = 0; i < size; i++) {
            int r = order[i];
            d[i] = days[r];
            l[i] = label[r];
            o[i] = observed[r];
            k[i] = labelKnown[r];
            rc[i] = random[r];
            am[i] = amount[r];
            in[i] = incorrect[r];
            pr[i] = propensity[r];
            for (int j = 0; j < inputs; j++) {
                rw[j][i] = raw[j][r];
            }
        }
        days = d;
        label = l;
        observed = o;
        labelKnown = k;
        random = rc;
        amount = am;
        incorrect = in;
        propensity = pr;
        raw = rw;
    }

    private static <T> T[] permuted(T[] values, int[] order) {
        T[] out = Arrays.copyOf(values, order.length);
        for (int i = 0; i < order.length; i++) {
            out[i] = values[order[i]];
        }
        return out;
    }

    int[] days() {
        return Arrays.copyOf(days, size);
    }

    double[][] x() {
        return Arrays.copyOf(x, size);
    }

    /**
     * The profile's data, with the warnings about its rows ({@link DataWarnings#ofRows}) after
     * {@code columnWarnings}.
     *
     * @param today the day after which a row's time is in the future
     */
    ProfileData data(
            FeatureSchema schema,
            List<EncodedFeature> encoding,
            double[][] vectors,
            DataSplit split,
            long read,
            boolean recordedPropensity,
            LocalDate today,
            List<String> columnWarnings) {
        String[] keptIds = Arrays.copyOf(ids, size);
        int[] keptDays = days();
        double[] keptAmount = Arrays.copyOf(amount, size);
        double[] keptIncorrect = Arrays.copyOf(incorrect, size);
        List<String> warnings = new ArrayList<>(columnWarnings);
        warnings.addAll(DataWarnings.ofRows(keptIds, keptDays, keptAmount, keptIncorrect, split, today));
        return new ProfileData(
                schema,
                encoding,
                keptIds,
                keptDays,
                vectors,
                Arrays.copyOf(label, size),
                Arrays.copyOf(observed, size),
                Arrays.copyOf(labelKnown, size),
                Arrays.copyOf(random, size),
                keptAmount,
                keptIncorrect,
                split,
                read,
                trimmed(attributes, groups, size),
                trimmed(breakdownNames, breakdowns, size),
                recordedPropensity ? Arrays.copyOf(propensity, size) : null,
                warnings);
    }

    /**
     * Encodes the table's own columns into features, with the warnings about those columns
     * ({@link DataWarnings#ofColumns}) and rows after {@code readWarnings}.
     *
     * @param readWarnings what reading the table noticed ({@link org.korrekt.training.data.TableRows#notes})
     */
    ProfileData encode(
            ProfileDefinition profile, DataSplit split, long read, LocalDate today, List<String> readWarnings) {
        ProfileDefinition.Columns c = profile.columns();
        List<EncodedFeature> encoding = new ArrayList<>();
        List<FeatureDefinition> definitions = new ArrayList<>();
        Set<String> names = new HashSet<>();
        // per input column: the feature index of each category code (-1: no feature of its own)
        List<int[]> oneHot = new ArrayList<>();
        // per numeric or date input column: its feature index
        int[] plainFeature = new int[inputs];
        int j = 0;
        for (String column : c.numeric()) {
            String name = unique(names, featureName(column));
            plainFeature[j] = encoding.size();
            encoding.add(new EncodedFeature(name, "numeric", column, null));
            definitions.add(definition(name, "the value of column " + column, column));
            oneHot.add(null);
            j++;
        }
        for (String column : c.categorical()) {
            Map<String, Integer> codes = j < levels.size() ? levels.get(j) : Map.of();
            int[] counts = new int[codes.size()];
            for (int r = 0; r < size; r++) {
                int code = (int) raw[j][r];
                if (code >= 0 && split.part()[r] == DataSplit.TRAIN) {
                    counts[code]++;
                }
            }
            List<Map.Entry<String, Integer>> kept = new ArrayList<>();
            for (Map.Entry<String, Integer> e : codes.entrySet()) {
                if (counts[e.getValue()] >= MIN_LEVEL_ROWS) {
                    kept.add(e);
                }
            }
            kept.sort(Comparator.comparingInt((Map.Entry<String, Integer> e) -> -counts[e.getValue()])
                    .thenComparing(Map.Entry::getKey));
            int[] featureOf = new int[codes.size()];
            Arrays.fill(featureOf, -1);
            for (Map.Entry<String, Integer> e : kept.subList(0, Math.min(MAX_LEVELS, kept.size()))) {
                String name = unique(names, featureName(column + "_is_" + e.getKey()));
                featureOf[e.getValue()] = encoding.size();
                encoding.add(new EncodedFeature(name, "one-hot", column, e.getKey()));
                definitions.add(definition(name, "1 if column " + column + " is '" + e.getKey() + "', else 0", column));
            }
            oneHot.add(featureOf);
            j++;
        }
        for (String column : c.dates()) {
            String name = unique(names, featureName(column + "_days_after_" + c.time()));
            plainFeature[j] = encoding.size();
            encoding.add(new EncodedFeature(name, "days-after-time", column, null));
            definitions.add(definition(name, "days from " + c.time() + " to " + column, column));
            oneHot.add(null);
            j++;
        }
        if (definitions.isEmpty()) {
            throw new IllegalArgumentException("no input column yields a feature (every category is rarer than "
                    + MIN_LEVEL_ROWS + " training rows)");
        }
        double[][] vectors = new double[size][];
        for (int r = 0; r < size; r++) {
            double[] v = new double[definitions.size()];
            for (int k = 0; k < inputs; k++) {
                int[] featureOf = oneHot.get(k);
                if (featureOf == null) {
                    v[plainFeature[k]] = raw[k][r];
                } else {
                    int code = (int) raw[k][r];
                    if (code >= 0 && featureOf[code] >= 0) {
                        v[featureOf[code]] = 1;
                    }
                }
            }
            vectors[r] = v;
        }
        FeatureSchema schema = new FeatureSchema("table-" + profile.name(), 1, definitions);
        int[] levelCount = new int[inputs];
        for (int k = 0; k < levels.size(); k++) {
            levelCount[k] = levels.get(k).size();
        }
        List<String> columnWarnings = new ArrayList<>(readWarnings);
        columnWarnings.addAll(DataWarnings.ofColumns(c, raw, levelCount, split.part()));
        String notInvestigated = DataWarnings.ofLabelsNotInvestigated(c, ids, observed, labelKnown, label, size);
        if (notInvestigated != null) {
            columnWarnings.add(notInvestigated);
        }
        return data(schema, encoding, vectors, split, read, profile.weighting().recorded(), today, columnWarnings);
    }

    private static FeatureDefinition definition(String name, String definition, String column) {
        return new FeatureDefinition(
                name,
                definition,
                "as in the table",
                name.toUpperCase(Locale.ROOT),
                "Ovanligt värde i " + column,
                "Unusual value in " + column);
    }

    private static String unique(Set<String> names, String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }

    private static String featureName(String text) {
        String name =
                text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = "c_" + name;
        }
        return name.length() > 60 ? name.substring(0, 60) : name;
    }
}
