package org.korrekt.training.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.training.evaluation.FairnessGate;

/**
 * A selection profile's definition: which table it learns from, what the table's columns mean,
 * which features and rules it uses, how the data is split and weighted, and how each model is
 * trained. Read from a JSON file ({@link #read(Path)}) or from the built-in ones ({@link
 * #builtIn(String)}); any claims table with numeric, categorical and date columns can be described
 * without code.
 *
 * @param name the profile's name, also its bundle folder name
 * @param description what the profile selects, in one sentence
 * @param features {@link #FEATURES_CLAIM} (the point-in-time claim features computed from a generated
 *     history folder), {@link #FEATURES_RECORDED} (the claim features as the scoring service recorded
 *     them, one column each, e.g. in a labels export) or {@link #FEATURES_COLUMNS} (the table's own
 *     columns, encoded)
 * @param table the table's name inside a data folder (for {@link #FEATURES_CLAIM}), else {@code null}
 * @param columns what the table's columns mean
 * @param filter keeps only rows whose column has one of the values, or {@code null} for all rows
 * @param rules the bundled rule set whose hits feed the combiner, or {@code null}
 * @param split how rows are split into training, validation and test
 * @param weighting how labelled rows are weighted against selection bias
 * @param logistic logistic-regression settings
 * @param trees gradient-boosted-trees settings
 * @param forest isolation-forest settings
 * @param challenger the optional Smile 2.6 challenger, or null for none
 * @param combiner combiner and calibration settings
 * @param audit the fairness audit and gate, and the breakdowns of recall
 */
public record ProfileDefinition(
        String name,
        String description,
        String features,
        String table,
        Columns columns,
        Filter filter,
        String rules,
        Split split,
        Weighting weighting,
        Logistic logistic,
        Trees trees,
        Forest forest,
        Challenger challenger,
        Combiner combiner,
        Audit audit) {

    /** The claim features of the generated history, computed point in time. */
    public static final String FEATURES_CLAIM = "claim";
    /** The table's own columns: numeric as they are, categorical one-hot, dates as days from the time column. */
    public static final String FEATURES_COLUMNS = "columns";
    /**
     * The claim features as recorded when the rows were scored: one DOUBLE column per feature of
     * {@link ClaimFeatures#SCHEMA}, named as the feature (null or NaN: missing), and a {@code
     * schema_fingerprint} column that must hold that schema's fingerprint on every row. The table a
     * labels export ({@code korrekt export-labels}) writes.
     */
    public static final String FEATURES_RECORDED = "recorded";
    /** The built-in profiles, one per benefit group of the generated history. */
    public static final List<String> BUILT_IN = List.of("vab", "fp", "housing", "assistance");
    /** The built-in profile over every benefit, which the demo serves. */
    public static final String ALL_BENEFITS = "all-benefits";
    /**
     * The built-in profile over a labels export of the scoring service (investigators' outcomes
     * joined with the decision records, {@link #FEATURES_RECORDED}); trained only when asked for.
     */
    public static final String LABELS = "labels";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public ProfileDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(weighting, "weighting");
        Objects.requireNonNull(logistic, "logistic");
        Objects.requireNonNull(trees, "trees");
        Objects.requireNonNull(forest, "forest");
        Objects.requireNonNull(combiner, "combiner");
        Objects.requireNonNull(audit, "audit");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "profile name must be lower-case letters, digits and '-', at most 40, starting with a letter; was '"
                            + name + "'");
        }
        if (!FEATURES_CLAIM.equals(features)
                && !FEATURES_COLUMNS.equals(features)
                && !FEATURES_RECORDED.equals(features)) {
            throw new IllegalArgumentException("features must be '" + FEATURES_CLAIM + "', '" + FEATURES_RECORDED
                    + "' or '" + FEATURES_COLUMNS + "', was '" + features + "'");
        }
        if (FEATURES_CLAIM.equals(features) && table == null) {
            throw new IllegalArgumentException("a profile on the claim features names its table (e.g. applications)");
        }
        if (FEATURES_COLUMNS.equals(features) && columns.inputs().isEmpty()) {
            throw new IllegalArgumentException(
                    "a profile on its table's columns needs at least one numeric, categorical or date column");
        }
        if (weighting.recorded() && columns.inputs().contains(weighting.recordedColumn())) {
            throw new IllegalArgumentException("column '" + weighting.recordedColumn()
                    + "' holds the recorded selection propensity and cannot be an input");
        }
        if (FEATURES_RECORDED.equals(features)) {
            if (table != null) {
                throw new IllegalArgumentException("a profile on recorded features reads the table given as --data"
                        + " (e.g. a labels export); it names no table, was '" + table + "'");
            }
            if (!columns.inputs().isEmpty()) {
                throw new IllegalArgumentException("a profile on recorded features takes its inputs from the "
                        + ClaimFeatures.SCHEMA.size() + " feature columns of the claim schema; numeric,"
                        + " categorical and dates must be empty, were " + columns.inputs());
            }
            for (String group : audit.groups()) {
                if (ClaimFeatures.SCHEMA.names().contains(group)) {
                    throw new IllegalArgumentException("audit group column '" + group
                            + "' is a feature, a model input; audit groups are protected attributes");
                }
            }
        }
    }

    /** Whether the profile reads the claim features as recorded in its table ({@link #FEATURES_RECORDED}). */
    public boolean recordedFeatures() {
        return FEATURES_RECORDED.equals(features);
    }

    /**
     * This profile under another name, which decides its bundle folder and the profile name the
     * scoring service serves it as; everything else is unchanged.
     *
     * @throws IllegalArgumentException if {@code newName} is not a valid profile name
     */
    public ProfileDefinition withName(String newName) {
        return new ProfileDefinition(
                newName,
                description,
                features,
                table,
                columns,
                filter,
                rules,
                split,
                weighting,
                logistic,
                trees,
                forest,
                challenger,
                combiner,
                audit);
    }

    /**
     * What the table's columns mean.
     *
     * @param id the row's unique id
     * @param group the column that groups one person's rows, or null; recorded in the bundle's
     *     provenance (no model or split uses it yet)
     * @param time the date the row became known; splits are by it
     * @param label the outcome column
     * @param positive the label value that means incorrect (compared as text, case-insensitive)
     * @param amount the amount at stake (SEK)
     * @param incorrectAmount the amount found incorrect (SEK), or null to count the whole amount of positives
     * @param investigated whether a row's label was observed (a control looked at it), or null when every row's is
     * @param randomControl whether the random control sample drew the row, or null
     * @param numeric numeric input columns
     * @param categorical categorical input columns (one-hot encoded)
     * @param dates date input columns (as days after the time column)
     * @param excluded columns that must never be inputs (protected attributes and their proxies)
     */
    public record Columns(
            String id,
            String group,
            String time,
            String label,
            String positive,
            String amount,
            String incorrectAmount,
            String investigated,
            String randomControl,
            List<String> numeric,
            List<String> categorical,
            List<String> dates,
            List<String> excluded) {

        public Columns {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(positive, "positive");
            Objects.requireNonNull(amount, "amount");
            numeric = List.copyOf(numeric);
            categorical = List.copyOf(categorical);
            dates = List.copyOf(dates);
            excluded = List.copyOf(excluded);
            Set<String> seen = new LinkedHashSet<>();
            for (String column : inputsOf(numeric, categorical, dates)) {
                if (!seen.add(column)) {
                    throw new IllegalArgumentException("column '" + column + "' is listed as an input twice");
                }
                if (excluded.contains(column)) {
                    throw new IllegalArgumentException("column '" + column
                            + "' is excluded (a protected attribute or proxy) and cannot be an input");
                }
                if (column.equals(label) || column.equals(investigated) || column.equals(incorrectAmount)) {
                    throw new IllegalArgumentException(
                            "column '" + column + "' is an outcome column and cannot be an input (label leak)");
                }
            }
        }

        /** Every input column, numeric first, then categorical, then dates. */
        public List<String> inputs() {
            return inputsOf(numeric, categorical, dates);
        }

        private static List<String> inputsOf(List<String> numeric, List<String> categorical, List<String> dates) {
            List<String> all = new ArrayList<>(numeric);
            all.addAll(categorical);
            all.addAll(dates);
            return all;
        }
    }

    /**
     * How a profile's selection is audited.
     *
     * @param groups table columns whose groups are audited (besides, on the claim features, the
     *     protected attributes of the history's persons: sex, age band, born abroad, income band); on
     *     recorded features only those present in the table are audited, since a labels export carries
     *     no protected attributes unless they were joined into it
     * @param breakdowns table columns the combined profile's recall is broken down by (e.g. the
     *     generated history's {@code mechanism} and {@code benefit})
     * @param gate the fairness gate the test-period selection must pass
     */
    public record Audit(List<String> groups, List<String> breakdowns, FairnessGate gate) {
        /** No group columns, no breakdowns, the default gate. */
        public static final Audit DEFAULT = new Audit(List.of(), List.of(), FairnessGate.DEFAULT);

        public Audit {
            groups = List.copyOf(groups);
            breakdowns = List.copyOf(breakdowns);
            Objects.requireNonNull(gate, "gate");
        }
    }

    /**
     * Keeps rows whose {@code column} holds one of {@code values}.
     *
     * @param column the column compared
     * @param values the values kept (compared as text)
     */
    public record Filter(String column, List<String> values) {
        public Filter {
            Objects.requireNonNull(column, "column");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("filter on '" + column + "' keeps no value");
            }
        }
    }

    /**
     * The split: by time unless {@code byTime} is false; the newest {@code testShare} of rows test,
     * the {@code validationShare} before them validate, the rest train.
     *
     * @param byTime split by the time column (the default); false draws rows at random with {@code seed}
     * @param validationShare share of rows that validate (fit the combiner and calibration)
     * @param testShare share of rows held out for the test
     * @param seed seeds every random choice of the training run
     */
    public record Split(boolean byTime, double validationShare, double testShare, long seed) {
        /** Default validation share. */
        public static final double DEFAULT_VALIDATION = 0.2;
        /** Default test share. */
        public static final double DEFAULT_TEST = 0.2;
        /** Default seed. */
        public static final long DEFAULT_SEED = 42;

        public Split {
            if (!(validationShare > 0 && testShare > 0 && validationShare + testShare < 0.9)) {
                throw new IllegalArgumentException("validationShare and testShare must be > 0 and sum to < 0.9, were "
                        + validationShare + " and " + testShare);
            }
        }
    }

    /**
     * Inverse-propensity weighting of labelled rows.
     *
     * @param inversePropensity weight labelled rows by 1 / P(investigated | features), estimated from
     *     the random control sample ({@code "method": "inverse-propensity"})
     * @param maxWeight weights are capped here (after normalising to mean 1)
     * @param recordedColumn with {@code "method": "recorded-propensity"}, the column holding each
     *     labelled row's chance of having been investigated as recorded when it was selected (a
     *     labels export's {@code selection_propensity}); rows then weigh 1 / that chance. Null otherwise.
     *     Neither method: every row weighs 1.
     */
    public record Weighting(boolean inversePropensity, double maxWeight, String recordedColumn) {
        /** Default cap on a row's weight. */
        public static final double DEFAULT_MAX_WEIGHT = 50;
        /** The column a labels export records the selection propensity in. */
        public static final String DEFAULT_RECORDED_COLUMN = "selection_propensity";

        public Weighting {
            if (!(maxWeight >= 1)) {
                throw new IllegalArgumentException("maxWeight must be >= 1, was " + maxWeight);
            }
            if (inversePropensity && recordedColumn != null) {
                throw new IllegalArgumentException("weight by the estimated or by the recorded propensity, not both");
            }
        }

        /** The method as a profile file names it. */
        public String method() {
            return recorded() ? "recorded-propensity" : inversePropensity ? "inverse-propensity" : "none";
        }

        /** Whether rows weigh 1 / their recorded propensity. */
        public boolean recorded() {
            return recordedColumn != null;
        }
    }

    /**
     * Logistic regression (Tribuo linear SGD, AdaGrad, log loss).
     *
     * @param epochs passes over the training rows
     * @param learningRate AdaGrad's learning rate
     */
    public record Logistic(int epochs, double learningRate) {
        public Logistic {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1, was " + epochs);
            }
            if (!(learningRate > 0)) {
                throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
            }
        }
    }

    /**
     * Gradient-boosted trees (Tribuo XGBoost).
     *
     * @param trees boosting rounds
     * @param maxDepth depth of each tree
     * @param eta learning rate
     * @param subsample share of rows each tree sees
     * @param colsample share of features each tree sees
     * @param minChildWeight smallest hessian sum of a leaf
     * @param lambda L2 penalty on leaf values
     */
    public record Trees(
            int trees,
            int maxDepth,
            double eta,
            double subsample,
            double colsample,
            double minChildWeight,
            double lambda) {
        public Trees {
            if (trees < 1 || maxDepth < 1 || maxDepth > 12) {
                throw new IllegalArgumentException(
                        "trees must be >= 1 and maxDepth in [1, 12], were " + trees + " and " + maxDepth);
            }
            if (!(eta > 0 && eta <= 1 && subsample > 0 && subsample <= 1 && colsample > 0 && colsample <= 1)) {
                throw new IllegalArgumentException("eta, subsample and colsample must be in (0, 1]");
            }
            if (!(minChildWeight >= 0 && lambda >= 0)) {
                throw new IllegalArgumentException("minChildWeight and lambda must be >= 0");
            }
        }
    }

    /**
     * korrekt's isolation forest, trained on every training-period row (labels are not needed).
     *
     * @param trees number of trees
     * @param sampleSize sub-sampling size psi
     */
    public record Forest(int trees, int sampleSize) {
        public Forest {
            if (trees < 1 || sampleSize < 2) {
                throw new IllegalArgumentException(
                        "trees must be >= 1 and sampleSize >= 2, were " + trees + " and " + sampleSize);
            }
        }
    }

    /**
     * An optional challenger from Smile 2.6 (never Smile 3, which is GPL): a random forest or
     * gradient-boosted trees, trained on the labelled training rows, compiled into korrekt's
     * artifact, proven equal to Smile on the test rows, and evaluated beside the components. It
     * is not an input of the combiner and is not served: it shows whether another library's
     * ensemble would have found more. Smile 2.6 takes no row weights, so it learns unweighted, and
     * it cannot train on missing values, so a missing value is trained on as the largest double,
     * which sends it right at every split as a missing value is sent at scoring.
     *
     * @param kind {@code random-forest} or {@code gradient-boosting}
     * @param trees number of trees
     * @param maxDepth the largest depth of a tree
     * @param maxNodes the most leaves of a tree
     * @param nodeSize the fewest rows of a leaf
     * @param shrinkage gradient boosting's learning rate (unused by the random forest)
     * @param subsample the share of rows each tree sees (the random forest samples with replacement at 1)
     */
    public record Challenger(
            String kind, int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample) {
        /** The kinds of challenger. */
        public static final List<String> KINDS = List.of("random-forest", "gradient-boosting");

        public Challenger {
            if (!KINDS.contains(kind)) {
                throw new IllegalArgumentException(
                        "models.smile.kind must be 'random-forest' or 'gradient-boosting', was '" + kind + "'");
            }
            if (trees < 1 || maxDepth < 2 || maxNodes < 2 || nodeSize < 1) {
                throw new IllegalArgumentException("models.smile needs trees >= 1, maxDepth >= 2, maxNodes >= 2 and"
                        + " nodeSize >= 1, were " + trees + ", " + maxDepth + ", " + maxNodes + " and " + nodeSize);
            }
            if (!(shrinkage > 0 && shrinkage <= 1 && subsample > 0 && subsample <= 1)) {
                throw new IllegalArgumentException("models.smile shrinkage and subsample must be in (0, 1]");
            }
        }
    }

    /**
     * The combiner: a logistic regression over the components' scores and the rule hits, fitted on
     * the first part of the validation period, then calibrated on the rest.
     *
     * @param calibration {@code platt} or {@code isotonic}
     * @param calibrationShare the share of validation rows (the newest) that calibrate
     * @param capacity the share of applications a control unit can check, for the capacity metrics
     * @param prior {@code random-control} to move the calibrated probabilities to the incorrect rate
     *     the random control sample estimates (see {@link PriorShift}), or {@code none}
     */
    public record Combiner(String calibration, double calibrationShare, double capacity, String prior) {
        public Combiner {
            if (!"random-control".equals(prior) && !"none".equals(prior)) {
                throw new IllegalArgumentException("prior must be 'random-control' or 'none', was '" + prior + "'");
            }
            if (!"platt".equals(calibration) && !"isotonic".equals(calibration)) {
                throw new IllegalArgumentException(
                        "calibration must be 'platt' or 'isotonic', was '" + calibration + "'");
            }
            if (!(calibrationShare > 0 && calibrationShare < 1)) {
                throw new IllegalArgumentException("calibrationShare must be in (0, 1), was " + calibrationShare);
            }
            if (!(capacity > 0 && capacity < 1)) {
                throw new IllegalArgumentException("capacity must be in (0, 1), was " + capacity);
            }
        }
    }

    /** Reads a profile file: YAML if its name ends in {@code .yaml} or {@code .yml}, JSON otherwise. */
    public static ProfileDefinition read(Path file) throws ProfileException {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        try (InputStream in = Files.newInputStream(file)) {
            return yaml ? parseYaml(in, file.toString()) : parse(in, file.toString());
        } catch (IOException e) {
            throw new ProfileException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** A built-in profile by name ({@link #BUILT_IN}, {@link #ALL_BENEFITS} or {@link #LABELS}). */
    public static ProfileDefinition builtIn(String name) throws ProfileException {
        if (!isBuiltIn(name)) {
            throw new ProfileException(
                    "no built-in profile '" + name + "'; built in: " + builtInNames() + " (or give a profile file)");
        }
        String resource = name + ".profile.json";
        try (InputStream in = ProfileDefinition.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ProfileException("built-in profile " + resource + " is missing from the build");
            }
            return parse(in, resource);
        } catch (IOException e) {
            throw new ProfileException("cannot read built-in profile " + resource + ": " + e.getMessage(), e);
        }
    }

    /** A built-in profile's name, or a path to a profile file. */
    public static ProfileDefinition resolve(String nameOrFile) throws ProfileException {
        if (isBuiltIn(nameOrFile)) {
            return builtIn(nameOrFile);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new ProfileException("'" + nameOrFile + "' is neither a built-in profile (" + builtInNames()
                    + ") nor a profile file" + (Files.isDirectory(file) ? " (it is a folder)" : " (no such file)"));
        }
        return read(file);
    }

    private static boolean isBuiltIn(String name) {
        return BUILT_IN.contains(name) || ALL_BENEFITS.equals(name) || LABELS.equals(name);
    }

    private static String builtInNames() {
        return String.join(", ", BUILT_IN) + ", " + ALL_BENEFITS + ", " + LABELS;
    }

    /** Parses a profile from JSON. */
    public static ProfileDefinition parse(InputStream in, String source) throws ProfileException {
        try {
            return define(Json.read(in, source), source);
        } catch (IOException e) {
            throw new ProfileException(e.getMessage(), e);
        }
    }

    /** The profile in an already parsed JSON value, e.g. the {@code profile} of a bundle's provenance. */
    static ProfileDefinition of(Object json, String source) throws ProfileException {
        return define(json, source);
    }

    /** Parses a profile from YAML: the same keys and values as JSON, with comments allowed. */
    public static ProfileDefinition parseYaml(InputStream in, String source) throws ProfileException {
        try {
            return define(Json.readYaml(in, source), source);
        } catch (IOException e) {
            throw new ProfileException(e.getMessage(), e);
        }
    }

    private static ProfileDefinition define(Object json, String source) throws ProfileException {
        ConfigObject root = ConfigObject.root(json, source);
        try {
            root.rejectUnknownAmong(List.of(
                    "name",
                    "description",
                    "table",
                    "features",
                    "rules",
                    "columns",
                    "filter",
                    "split",
                    "weighting",
                    "models",
                    "combiner",
                    "audit"));
            ConfigObject c = root.object("columns");
            Columns columns = new Columns(
                    c.string("id"),
                    c.optionalString("group", null),
                    c.string("time"),
                    c.string("label"),
                    c.optionalString("positive", "true"),
                    c.string("amount"),
                    c.optionalString("incorrectAmount", null),
                    c.optionalString("investigated", null),
                    c.optionalString("randomControl", null),
                    c.strings("numeric"),
                    c.strings("categorical"),
                    c.strings("dates"),
                    c.strings("excluded"));
            c.rejectUnknown();
            Filter filter = null;
            ConfigObject f = root.object("filter");
            if (root.has("filter")) {
                filter = new Filter(f.string("column"), f.strings("values"));
                f.rejectUnknown();
            }
            ConfigObject s = root.object("split");
            String splitKind = s.optionalString("by", "time");
            if (!"time".equals(splitKind) && !"random".equals(splitKind)) {
                throw new ProfileException(s.where("by") + " must be 'time' or 'random', was '" + splitKind + "'");
            }
            Split split = new Split(
                    "time".equals(splitKind),
                    s.numberBetween("validationShare", Split.DEFAULT_VALIDATION, 0, 1),
                    s.numberBetween("testShare", Split.DEFAULT_TEST, 0, 1),
                    s.longValue("seed", Split.DEFAULT_SEED));
            s.rejectUnknown();
            ConfigObject w = root.object("weighting");
            String method = w.optionalString("method", "inverse-propensity");
            if (!"inverse-propensity".equals(method)
                    && !"recorded-propensity".equals(method)
                    && !"none".equals(method)) {
                throw new ProfileException(w.where("method")
                        + " must be 'inverse-propensity', 'recorded-propensity' or 'none', was '" + method + "'");
            }
            String recordedColumn = null;
            if ("recorded-propensity".equals(method)) {
                recordedColumn = w.optionalString("column", Weighting.DEFAULT_RECORDED_COLUMN);
            } else if (w.has("column")) {
                throw new ProfileException(
                        w.where("column") + " is read only with \"method\": \"recorded-propensity\"");
            }
            Weighting weighting = new Weighting(
                    "inverse-propensity".equals(method),
                    w.number("maxWeight", Weighting.DEFAULT_MAX_WEIGHT, 1, 1e9),
                    recordedColumn);
            w.rejectUnknown();
            ConfigObject models = root.object("models");
            ConfigObject l = models.object("logistic");
            Logistic logistic =
                    new Logistic(l.integer("epochs", 10, 1, 10_000), l.numberAbove("learningRate", 0.5, 0, 100));
            l.rejectUnknown();
            ConfigObject t = models.object("trees");
            Trees trees = new Trees(
                    t.integer("trees", 150, 1, 100_000),
                    t.integer("maxDepth", 4, 1, 12),
                    t.numberAbove("eta", 0.1, 0, 1),
                    t.numberAbove("subsample", 0.9, 0, 1),
                    t.numberAbove("colsample", 0.9, 0, 1),
                    t.number("minChildWeight", 1, 0, 1e9),
                    t.number("lambda", 1, 0, 1e9));
            t.rejectUnknown();
            ConfigObject fo = models.object("isolationForest");
            Forest forest = new Forest(fo.integer("trees", 100, 1, 100_000), fo.integer("sampleSize", 256, 2, 1 << 20));
            fo.rejectUnknown();
            Challenger challenger = null;
            if (models.has("smile")) {
                ConfigObject sm = models.object("smile");
                String kind = sm.string("kind");
                challenger = new Challenger(
                        kind,
                        sm.integer("trees", 200, 1, 100_000),
                        sm.integer("maxDepth", "random-forest".equals(kind) ? 20 : 6, 2, 64),
                        sm.integer("maxNodes", "random-forest".equals(kind) ? 500 : 6, 2, 1 << 20),
                        sm.integer("nodeSize", 5, 1, 1_000_000),
                        sm.numberAbove("shrinkage", 0.05, 0, 1),
                        sm.numberAbove("subsample", "random-forest".equals(kind) ? 1.0 : 0.7, 0, 1));
                sm.rejectUnknown();
            }
            models.rejectUnknown();
            ConfigObject co = root.object("combiner");
            Combiner combiner = new Combiner(
                    co.optionalString("calibration", "platt"),
                    co.numberBetween("calibrationShare", 0.5, 0, 1),
                    co.numberBetween("capacity", 0.01, 0, 1),
                    co.optionalString("prior", "random-control"));
            co.rejectUnknown();
            Audit audit = audit(root.object("audit"), columns);
            ProfileDefinition profile = new ProfileDefinition(
                    root.string("name"),
                    root.optionalString("description", ""),
                    root.optionalString("features", FEATURES_COLUMNS),
                    root.optionalString("table", null),
                    columns,
                    filter,
                    root.optionalString("rules", null),
                    split,
                    weighting,
                    logistic,
                    trees,
                    forest,
                    challenger,
                    combiner,
                    audit);
            root.rejectUnknown();
            return profile;
        } catch (IllegalArgumentException e) {
            throw new ProfileException(source + ": " + e.getMessage(), e);
        }
    }

    private static Audit audit(ConfigObject a, Columns columns) throws ProfileException {
        List<String> groups = a.strings("groups");
        for (String g : groups) {
            if (columns.inputs().contains(g)) {
                throw new ProfileException(a.where("groups") + ": column '" + g
                        + "' is a model input; audit groups are protected attributes, list it under excluded");
            }
        }
        List<String> breakdowns = a.strings("breakdowns");
        ConfigObject g = a.object("gate");
        FairnessGate gate = FairnessGate.DEFAULT;
        if (a.has("gate")) {
            Map<String, FairnessGate.Bounds> bounds = new LinkedHashMap<>();
            ConfigObject b = g.object("bounds");
            for (String metric : b.keys()) {
                double[] range = b.range(metric);
                bounds.put(metric, new FairnessGate.Bounds(range[0], range[1]));
            }
            b.rejectUnknown();
            String decideOn = g.optionalString("decideOn", "estimate");
            FairnessGate.Decision decision;
            if ("estimate".equals(decideOn)) {
                decision = FairnessGate.Decision.ESTIMATE;
            } else if ("interval".equals(decideOn)) {
                decision = FairnessGate.Decision.INTERVAL;
            } else {
                throw new ProfileException(
                        g.where("decideOn") + " must be 'estimate' or 'interval', was '" + decideOn + "'");
            }
            gate = new FairnessGate(
                    bounds.isEmpty() ? FairnessGate.DEFAULT.bounds() : bounds,
                    g.integer("minGroupRows", FairnessGate.DEFAULT.minGroupRows(), 1, Integer.MAX_VALUE),
                    decision,
                    g.strings("attributes"));
            g.rejectUnknown();
        }
        a.rejectUnknown();
        return new Audit(groups, breakdowns, gate);
    }
}
