package org.korrekt.training.profile;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.history.Claim;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.Person;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.data.TableRows;
import org.korrekt.training.features.PointInTimeFeatureBuilder;
import org.korrekt.training.profile.ProfileData.DataSplit;
import org.korrekt.training.profile.ProfileData.EncodedFeature;

/**
 * Reads a profile's rows from its table and turns them into {@link ProfileData}: the profile's
 * columns interpreted, the rows split, the features computed (point in time from a history
 * folder), read as recorded (one column per claim feature, e.g. in a labels export of the scoring
 * service) or encoded from the table's columns (categories one-hot with the levels seen in the
 * training part).
 */
public final class ProfileDataReader {

    /** Training needs at least this many rows. */
    static final int MIN_ROWS = 20;
    /**
     * The column of a table with {@link ProfileDefinition#FEATURES_RECORDED recorded features} that
     * holds, per row, the fingerprint of the feature schema the row was scored with.
     */
    public static final String SCHEMA_FINGERPRINT_COLUMN = "schema_fingerprint";

    /** A category needs this many training rows to get its own one-hot feature. */
    static final int MIN_LEVEL_ROWS = 10;
    /** At most this many one-hot features per categorical column (the most frequent levels). */
    static final int MAX_LEVELS = 30;

    private final Configuration conf;
    // the last history folder read, kept for the next profile on the same folder
    private URI historyFolder;
    private PointInTimeFeatureBuilder historyBuilder;
    private Map<String, Claim> historyClaims;
    private Map<String, Person> historyPersons;

    public ProfileDataReader(Configuration conf) {
        this.conf = conf;
    }

    /**
     * Reads {@code profile}'s rows from {@code data}: for the claim features a generated history
     * folder (the profile's table and the history tables in it), else the table itself (Parquet, or
     * CSV when the path ends in {@code .csv}).
     *
     * <p>With recorded features every row must carry the fingerprint of {@link
     * ClaimFeatures#SCHEMA} in {@value #SCHEMA_FINGERPRINT_COLUMN}, and the profile's audit
     * groups are those of its {@code audit.groups} columns the table has (a labels export has none
     * unless protected attributes were joined into it).
     *
     * @param progress told what is being read
     * @throws ProfileException if a column is missing, a cell does not fit its column, a row was
     *     scored with another feature schema, or fewer than {@value #MIN_ROWS} rows, no positive or
     *     no negative labelled row remain
     */
    public ProfileData read(ProfileDefinition profile, URI data, Consumer<String> progress)
            throws IOException, ProfileException {
        boolean claim = ProfileDefinition.FEATURES_CLAIM.equals(profile.features());
        boolean recorded = profile.recordedFeatures();
        TableRows rows = claim ? TableRows.parquet(tableIn(data, profile.table()), conf) : open(data);
        List<String> groupColumns = profile.audit().groups();
        if (recorded) {
            List<String> present = rows.columns();
            requireRecordedColumns(profile, rows.source(), present);
            groupColumns = new ArrayList<>(groupColumns);
            groupColumns.retainAll(present);
        }
        ProfileDefinition.Columns c = profile.columns();
        List<String> wanted = new ArrayList<>(List.of(c.id(), c.time(), c.label(), c.amount()));
        int incorrectAt = add(wanted, c.incorrectAmount());
        int investigatedAt = add(wanted, c.investigated());
        int randomAt = add(wanted, c.randomControl());
        String propensityColumn = profile.weighting().recordedColumn();
        int propensityAt = add(wanted, propensityColumn);
        int filterAt =
                profile.filter() == null ? -1 : add(wanted, profile.filter().column());
        List<String> breakdownColumns = profile.audit().breakdowns();
        int[] groupAt = new int[groupColumns.size()];
        for (int i = 0; i < groupAt.length; i++) {
            groupAt[i] = add(wanted, groupColumns.get(i));
        }
        int[] breakdownAt = new int[breakdownColumns.size()];
        for (int i = 0; i < breakdownAt.length; i++) {
            breakdownAt[i] = add(wanted, breakdownColumns.get(i));
        }
        int fingerprintAt = recorded ? add(wanted, SCHEMA_FINGERPRINT_COLUMN) : -1;
        int inputsAt = wanted.size();
        if (recorded) {
            wanted.addAll(ClaimFeatures.SCHEMA.names());
        } else if (!claim) {
            wanted.addAll(c.inputs());
        }
        Set<String> keep =
                profile.filter() == null ? null : new HashSet<>(profile.filter().values());

        PointInTimeFeatureBuilder builder = null;
        Map<String, Claim> claims = null;
        if (claim) {
            if (!data.equals(historyFolder)) {
                progress.accept("history tables");
                HistoryEvents.Tables tables = new HistoryParquet(new ClaimsParquet(conf)).read(data, progress);
                historyBuilder = new PointInTimeFeatureBuilder(tables);
                historyClaims = new HashMap<>(tables.claims().size() * 2);
                for (Claim k : tables.claims()) {
                    historyClaims.put(k.application().applicationId(), k);
                }
                historyPersons = new HashMap<>(tables.persons().size() * 2);
                for (Person person : tables.persons()) {
                    historyPersons.put(person.personId(), person);
                }
                historyFolder = data;
            }
            builder = historyBuilder;
            claims = historyClaims;
        }
        Map<String, Person> persons = claim ? historyPersons : null;

        progress.accept(rows.source());
        List<String> attributes = new ArrayList<>();
        if (claim) {
            attributes.addAll(PROTECTED);
        }
        for (String g : groupColumns) {
            if (attributes.contains(g)) {
                throw new ProfileException("audit group column '" + g + "' has the name of a protected attribute"
                        + " korrekt audits on its own");
            }
            attributes.add(g);
        }
        Columns columns = new Columns(claim || recorded ? 0 : c.inputs().size(), attributes, breakdownColumns);
        Map<String, String> interned = new HashMap<>();
        PointInTimeFeatureBuilder features = builder;
        Map<String, Claim> byId = claims;
        long[] read = {0};
        // rows seen so far, for messages that name a row by its number (1 = the first row of the table)
        long[] rowNumber = {0};
        // each kept row's id, to refuse a second row with the same one (a join that doubled rows, say)
        Set<String> ids = new HashSet<>();
        try {
            read[0] = rows.forEach(wanted, cells -> {
                rowNumber[0]++;
                if (keep != null && !keep.contains(Cells.text(cells[filterAt]))) {
                    return;
                }
                String id = Cells.text(cells[0]);
                if (id == null) {
                    throw new IllegalArgumentException("a row has no id in column '" + c.id() + "'");
                }
                if (!ids.add(id)) {
                    throw new IllegalArgumentException("row " + rowNumber[0] + " of the table repeats the id " + id
                            + " of an earlier row; every row needs its own id in column '" + c.id() + "'");
                }
                LocalDate day = Cells.date(cells[1], c.time());
                if (day == null) {
                    throw new IllegalArgumentException("row " + id + " has no date in column '" + c.time() + "'");
                }
                boolean observed = investigatedAt < 0 || Cells.flag(cells[investigatedAt], c.investigated());
                if (observed) {
                    // an investigated row's outcome is what training learns; a blank or unknown one is not "correct"
                    String unreadable = Cells.unreadableLabel(cells[2], c.positive(), c.label());
                    if (unreadable != null) {
                        throw new IllegalArgumentException(
                                "row " + id + (investigatedAt < 0 ? " " : " was investigated but ")
                                        + unreadable
                                        + (investigatedAt < 0
                                                ? "; without an \"investigated\" column every row must be labelled"
                                                : ""));
                    }
                }
                boolean positive = Cells.isPositive(cells[2], c.positive());
                double amount = Cells.number(cells[3], c.amount());
                if (!(amount >= 0 && amount < Double.POSITIVE_INFINITY)) {
                    // every row is ranked by score x amount, and the combiner weighs rows by it
                    throw new IllegalArgumentException("row " + id + " has "
                            + (Double.isNaN(amount) ? "no amount" : "the amount " + amount) + " in column '"
                            + c.amount() + "'; every row needs a finite amount at stake of 0 or more");
                }
                double incorrect = incorrectAt < 0
                        ? (positive ? amount : 0)
                        : nanToZero(Cells.number(cells[incorrectAt], c.incorrectAmount()));
                if (Double.isInfinite(incorrect)) {
                    throw new IllegalArgumentException("row " + id + " has the incorrect amount " + incorrect
                            + " in column '" + c.incorrectAmount() + "'");
                }
                boolean random = randomAt >= 0 && Cells.flag(cells[randomAt], c.randomControl());
                if (random && !observed) {
                    // the random control sample is what estimates the selection bias, so its cases must be checked
                    throw new IllegalArgumentException("row " + id + " is in the random control sample ('"
                            + c.randomControl() + "') but was not investigated ('" + c.investigated()
                            + "'); a case the sample draws is checked whatever its score: mark it investigated"
                            + " with its outcome, or leave out the cases still open");
                }
                double propensity = Double.NaN;
                if (propensityAt >= 0 && observed) {
                    propensity = Cells.number(cells[propensityAt], propensityColumn);
                    if (!(propensity > 0 && propensity <= 1)) {
                        throw new IllegalArgumentException("row " + id + " was investigated but its '"
                                + propensityColumn + "' is " + (Double.isNaN(propensity) ? "missing" : propensity)
                                + "; weighting by the recorded propensity needs every investigated row's chance of"
                                + " selection, in (0, 1] (or \"weighting\": {\"method\": \"none\"})");
                    }
                }
                double[] x;
                String[] group = new String[attributes.size()];
                int at = 0;
                if (features != null) {
                    Claim k = byId.get(id);
                    if (k == null) {
                        throw new IllegalArgumentException(
                                "application " + id + " is not in the history's applications table");
                    }
                    x = features.claimFeatures(k.application(), k.childId(), day);
                    protectedGroups(persons.get(k.application().personPseudonym()), k, group);
                    at = PROTECTED.size();
                } else if (recorded) {
                    x = recordedFeatures(cells, fingerprintAt, inputsAt, rowNumber[0], c.id(), id);
                } else {
                    x = null;
                    columns.addRaw(cells, inputsAt, c, day);
                }
                for (int g : groupAt) {
                    group[at++] = intern(interned, Cells.text(cells[g]));
                }
                String[] breakdown = new String[breakdownAt.length];
                for (int b = 0; b < breakdownAt.length; b++) {
                    breakdown[b] = intern(interned, Cells.text(cells[breakdownAt[b]]));
                }
                columns.add(id, (int) day.toEpochDay(), x, positive, observed, random, amount, incorrect, propensity);
                columns.addGroups(group, breakdown);
            });
        } catch (IllegalArgumentException e) {
            // a message that already starts with the table's name is not prefixed with it again
            String message = e.getMessage();
            throw new ProfileException(
                    message != null && message.startsWith(rows.source()) ? message : rows.source() + ": " + message, e);
        }
        if (columns.size < MIN_ROWS) {
            throw new ProfileException(rows.source() + ": the profile keeps " + columns.size + " of " + read[0]
                    + " rows; training needs at least " + MIN_ROWS);
        }
        requireBothClasses(columns, c, rows.source());
        DataSplit split;
        try {
            split = split(columns.days(), profile.split());
        } catch (IllegalArgumentException e) {
            throw new ProfileException(rows.source() + ": " + e.getMessage(), e);
        }
        if (claim || recorded) {
            List<EncodedFeature> encoding = new ArrayList<>();
            for (String name : ClaimFeatures.SCHEMA.names()) {
                encoding.add(new EncodedFeature(name, "feature", null, null));
            }
            return columns.data(
                    ClaimFeatures.SCHEMA,
                    encoding,
                    columns.x(),
                    split,
                    read[0],
                    profile.weighting().recorded());
        }
        return columns.encode(profile, split, read[0]);
    }

    /**
     * The feature vector of a row of recorded features, after checking that the row was scored with
     * {@link ClaimFeatures#SCHEMA}.
     */
    private static double[] recordedFeatures(
            Object[] cells, int fingerprintAt, int from, long rowNumber, String idColumn, String id) {
        String expected = ClaimFeatures.SCHEMA.fingerprint();
        String fingerprint = Cells.text(cells[fingerprintAt]);
        if (!expected.equals(fingerprint)) {
            throw new IllegalArgumentException("row " + rowNumber + " (" + idColumn + " " + id
                    + ") was scored with feature schema fingerprint "
                    + (fingerprint == null ? "(none)" : fingerprint) + ", but this korrekt's "
                    + ClaimFeatures.SCHEMA.name() + " v" + ClaimFeatures.SCHEMA.version() + " has fingerprint "
                    + expected + ": the labels were scored with another feature schema; train on them with the"
                    + " korrekt version that scored them, or export only labels scored with this schema");
        }
        List<String> names = ClaimFeatures.SCHEMA.names();
        double[] x = new double[names.size()];
        for (int j = 0; j < x.length; j++) {
            double value = Cells.number(cells[from + j], names.get(j));
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("row " + rowNumber + " (" + idColumn + " " + id + ") has "
                        + value + " in feature column '" + names.get(j) + "'; a recorded feature is finite or"
                        + " missing (null)");
            }
            x[j] = value;
        }
        return x;
    }

    /**
     * Checks up front that a table of recorded features has every column the profile reads: its
     * own columns, {@value #SCHEMA_FINGERPRINT_COLUMN} and one column per claim feature. Audit group
     * columns may be absent.
     */
    private static void requireRecordedColumns(ProfileDefinition profile, String source, List<String> present)
            throws ProfileException {
        ProfileDefinition.Columns c = profile.columns();
        List<String> required = new ArrayList<>(List.of(c.id(), c.time(), c.label(), c.amount()));
        for (String optional : Arrays.asList(
                c.incorrectAmount(),
                c.investigated(),
                c.randomControl(),
                profile.weighting().recordedColumn())) {
            if (optional != null) {
                required.add(optional);
            }
        }
        if (profile.filter() != null) {
            required.add(profile.filter().column());
        }
        required.addAll(profile.audit().breakdowns());
        required.add(SCHEMA_FINGERPRINT_COLUMN);
        List<String> missing = new ArrayList<>();
        for (String column : required) {
            if (!present.contains(column) && !missing.contains(column)) {
                missing.add(column);
            }
        }
        List<String> missingFeatures = new ArrayList<>();
        for (String feature : ClaimFeatures.SCHEMA.names()) {
            if (!present.contains(feature)) {
                missingFeatures.add(feature);
            }
        }
        if (missing.isEmpty() && missingFeatures.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder(source)
                .append(" is not a table of recorded claim features (such as a labels export of korrekt"
                        + " export-labels) for profile ")
                .append(profile.name())
                .append(':');
        if (!missing.isEmpty()) {
            message.append(" it lacks the columns ")
                    .append(String.join(", ", missing))
                    .append(';');
        }
        if (!missingFeatures.isEmpty()) {
            message.append(" it lacks ")
                    .append(missingFeatures.size())
                    .append(" of the ")
                    .append(ClaimFeatures.SCHEMA.size())
                    .append(" feature columns of ")
                    .append(ClaimFeatures.SCHEMA.name())
                    .append(" v")
                    .append(ClaimFeatures.SCHEMA.version())
                    .append(": ")
                    .append(String.join(", ", missingFeatures))
                    .append(';');
        }
        message.setLength(message.length() - 1);
        throw new ProfileException(
                message.append(". Its columns are ").append(present).toString());
    }

    /** Training learns from labelled rows of both classes; says so before any model is fitted. */
    private static void requireBothClasses(Columns columns, ProfileDefinition.Columns c, String source)
            throws ProfileException {
        int labelled = 0;
        int positives = 0;
        for (int r = 0; r < columns.size; r++) {
            if (columns.observed[r]) {
                labelled++;
                if (columns.label[r]) {
                    positives++;
                }
            }
        }
        String rule = c.label() + " = " + c.positive();
        if (positives == 0) {
            throw new ProfileException(source + ": no labelled row of " + labelled + " has " + rule + " (of "
                    + columns.size + " rows kept); training needs incorrect payments to learn from");
        }
        if (positives == labelled) {
            throw new ProfileException(source + ": every labelled row (" + labelled + ") has " + rule
                    + "; training needs correct ones too");
        }
    }

    /** The protected attributes audited on the claim features, from the history's persons and the application. */
    public static final List<String> PROTECTED =
            List.of("sex", "age_band", "born_abroad", "country_of_birth", "income_band");

    /** Sex, age band on the day of application, born abroad, country-of-birth group, and the band of the declared monthly income. */
    private static void protectedGroups(Person person, Claim k, String[] group) {
        if (person != null) {
            group[0] = person.sex();
            int age = k.application().submittedOn().getYear() - person.birthYear();
            group[1] = age < 18 ? "under 18" : age < 30 ? "18-29" : age < 45 ? "30-44" : age < 65 ? "45-64" : "65+";
            group[2] = "sweden".equals(person.countryOfBirthGroup()) ? "no" : "yes";
            group[3] = person.countryOfBirthGroup();
        }
        double income = k.application().declaredMonthlyIncomeSek();
        group[4] = income <= 0
                ? "no income"
                : income < 20_000 ? "under 20,000" : income < 35_000 ? "20,000-34,999" : "35,000+";
    }

    private static String intern(Map<String, String> interned, String text) {
        return text == null ? null : interned.computeIfAbsent(text, t -> t);
    }

    private TableRows open(URI data) throws ProfileException {
        String path = data.getPath() == null ? data.toString() : data.getPath();
        if (path.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            if (data.getScheme() != null && !"file".equals(data.getScheme())) {
                throw new ProfileException("CSV tables are read from the local file system only, not " + data);
            }
            return CsvRows.of(java.nio.file.Path.of(data));
        }
        return TableRows.parquet(data, conf);
    }

    /** {@code folder/table.parquet} if it exists, else {@code folder/table} (a folder of part files). */
    private URI tableIn(URI folder, String table) throws IOException {
        String base = folder.toString().endsWith("/") ? folder.toString() : folder + "/";
        URI file = URI.create(base + table + ".parquet");
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf);
        return fs.exists(path) ? file : URI.create(base + table);
    }

    private static int add(List<String> wanted, String column) {
        if (column == null) {
            return -1;
        }
        wanted.add(column);
        return wanted.size() - 1;
    }

    private static double nanToZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    /** Splits rows by time (or at random), recording the boundaries. */
    static DataSplit split(int[] days, ProfileDefinition.Split config) {
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
                        : u < config.testShare() + config.validationShare() ? DataSplit.VALIDATION : DataSplit.TRAIN;
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

    /** Growable column storage for the rows a profile keeps. */
    private static final class Columns {
        int size;
        String[] ids = new String[1024];
        int[] days = new int[1024];
        double[][] x = new double[1024][];
        boolean[] label = new boolean[1024];
        boolean[] observed = new boolean[1024];
        boolean[] random = new boolean[1024];
        double[] amount = new double[1024];
        double[] incorrect = new double[1024];
        double[] propensity = new double[1024];
        // raw inputs of a column-features profile: numbers (NaN missing) and category codes (-1 missing)
        final int inputs;
        double[][] raw;
        final List<Map<String, Integer>> levels = new ArrayList<>();
        // audited groups and breakdowns, per attribute then row
        final List<String> attributes;
        final List<String> breakdownNames;
        String[][] groups;
        String[][] breakdowns;

        Columns(int inputs, List<String> attributes, List<String> breakdownNames) {
            this.inputs = inputs;
            this.raw = new double[inputs][1024];
            this.attributes = attributes;
            this.breakdownNames = breakdownNames;
            this.groups = new String[attributes.size()][1024];
            this.breakdowns = new String[breakdownNames.size()][1024];
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

        void add(
                String id,
                int day,
                double[] features,
                boolean positive,
                boolean seen,
                boolean drawn,
                double amountSek,
                double incorrectSek,
                double selectionPropensity) {
            if (size == ids.length) {
                int grown = size * 2;
                ids = Arrays.copyOf(ids, grown);
                days = Arrays.copyOf(days, grown);
                x = Arrays.copyOf(x, grown);
                label = Arrays.copyOf(label, grown);
                observed = Arrays.copyOf(observed, grown);
                random = Arrays.copyOf(random, grown);
                amount = Arrays.copyOf(amount, grown);
                incorrect = Arrays.copyOf(incorrect, grown);
                propensity = Arrays.copyOf(propensity, grown);
            }
            ids[size] = id;
            days[size] = day;
            x[size] = features;
            label[size] = positive;
            observed[size] = seen;
            random[size] = drawn;
            amount[size] = amountSek;
            incorrect[size] = incorrectSek;
            propensity[size] = selectionPropensity;
            size++;
        }

        void addRaw(Object[] cells, int from, ProfileDefinition.Columns c, LocalDate day) {
            if (raw.length > 0 && size == raw[0].length) {
                for (int j = 0; j < raw.length; j++) {
                    raw[j] = Arrays.copyOf(raw[j], size * 2);
                }
            }
            int j = 0;
            for (String column : c.numeric()) {
                raw[j++][size] = Cells.number(cells[from + j - 1], column);
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

        int[] days() {
            return Arrays.copyOf(days, size);
        }

        double[][] x() {
            return Arrays.copyOf(x, size);
        }

        ProfileData data(
                FeatureSchema schema,
                List<EncodedFeature> encoding,
                double[][] vectors,
                DataSplit split,
                long read,
                boolean recordedPropensity) {
            return new ProfileData(
                    schema,
                    encoding,
                    Arrays.copyOf(ids, size),
                    days(),
                    vectors,
                    Arrays.copyOf(label, size),
                    Arrays.copyOf(observed, size),
                    Arrays.copyOf(random, size),
                    Arrays.copyOf(amount, size),
                    Arrays.copyOf(incorrect, size),
                    split,
                    read,
                    trimmed(attributes, groups, size),
                    trimmed(breakdownNames, breakdowns, size),
                    recordedPropensity ? Arrays.copyOf(propensity, size) : null);
        }

        ProfileData encode(ProfileDefinition profile, DataSplit split, long read) {
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
                    definitions.add(
                            definition(name, "1 if column " + column + " is '" + e.getKey() + "', else 0", column));
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
            return data(
                    schema, encoding, vectors, split, read, profile.weighting().recorded());
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

        static String featureName(String text) {
            String name =
                    text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
            if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
                name = "c_" + name;
            }
            return name.length() > 60 ? name.substring(0, 60) : name;
        }
    }
}
