package org.korrekt.training.profile;

import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.korrekt.features.Application;
import org.korrekt.features.ClaimFeatures;
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

    private final Configuration conf;
    // the last history folder read, kept for the next profile on the same folder
    private URI historyFolder;
    private PointInTimeFeatureBuilder historyBuilder;

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
     * @param progress told what is being read, and how many of the table's rows
     * @throws ProfileException if a column is missing, a cell does not fit its column, a row was
     *     scored with another feature schema, or fewer than {@value #MIN_ROWS} rows, no positive or
     *     no negative labelled row remain
     */
    public ProfileData read(ProfileDefinition profile, URI data, ReadProgress progress)
            throws IOException, ProfileException {
        boolean claim = ProfileDefinition.FEATURES_CLAIM.equals(profile.features());
        boolean recorded = profile.recordedFeatures();
        if (claim) {
            requireHistoryFolder(profile, data);
        }
        TableRows rows = claim ? TableRows.parquet(tableIn(data, profile.table()), conf) : open(data);
        List<String> groupColumns = profile.audit().groups();
        if (recorded) {
            List<String> present = rows.columns();
            RecordedFeatures.requireColumns(profile, rows.source(), present);
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
        RowOutcome.Layout layout =
                new RowOutcome.Layout(incorrectAt, investigatedAt, randomAt, propensityAt, propensityColumn);
        int filterAt =
                profile.filter() == null ? -1 : add(wanted, profile.filter().column());
        // read by no model yet, but recorded in the provenance, so it must be a column of the table
        add(wanted, c.group());
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
        if (claim) {
            if (!data.equals(historyFolder)) {
                progress.accept("history tables");
                // the builder of another folder is let go before this one's tables are read
                historyBuilder = null;
                historyFolder = null;
                try {
                    historyBuilder = new HistoryParquet(new ClaimsParquet(conf)).features(data, progress);
                } catch (IllegalArgumentException e) {
                    // a row of a history table that is not valid, named by its file and row
                    throw new ProfileException(e.getMessage(), e);
                }
                historyFolder = data;
            }
            builder = historyBuilder;
        }

        progress.accept(rows.source());
        long expected = rows.expectedRows();
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
        KeptRows columns = new KeptRows(claim || recorded ? 0 : c.inputs().size(), attributes, breakdownColumns);
        Map<String, String> interned = new HashMap<>();
        PointInTimeFeatureBuilder features = builder;
        long[] read = {0};
        // rows seen so far, for messages that name a row by its number (1 = the first row of the table)
        long[] rowNumber = {0};
        // each kept row's id, to refuse a second row with the same one (a join that doubled rows, say)
        Set<String> ids = new HashSet<>();
        try {
            read[0] = rows.forEach(wanted, cells -> {
                if (++rowNumber[0] % ReadProgress.EVERY == 0) {
                    progress.rows(rowNumber[0], expected);
                }
                try {
                    if (keep != null && !keep.contains(Cells.text(cells[filterAt]))) {
                        return;
                    }
                    String id = Cells.text(cells[0]);
                    if (id == null) {
                        throw new IllegalArgumentException("no id in column '" + c.id() + "'");
                    }
                    if (!ids.add(id)) {
                        throw new IllegalArgumentException("row " + rowNumber[0] + " of the table repeats the id " + id
                                + " of an earlier row; every row needs its own id in column '" + c.id() + "'");
                    }
                    LocalDate day = Cells.date(cells[1], c.time());
                    if (day == null) {
                        throw new IllegalArgumentException("row " + id + " has no date in column '" + c.time() + "'");
                    }
                    RowOutcome outcome = RowOutcome.of(cells, layout, c, id);
                    double[] x;
                    String[] group = new String[attributes.size()];
                    int at = 0;
                    if (features != null) {
                        Application application = features.application(id);
                        if (application == null) {
                            throw new IllegalArgumentException(
                                    "application " + id + " is not in the history's applications table");
                        }
                        x = features.claimFeatures(application, features.child(id), day);
                        protectedGroups(features.person(application.personPseudonym()), application, group);
                        at = PROTECTED.size();
                    } else if (recorded) {
                        x = RecordedFeatures.vector(cells, fingerprintAt, inputsAt, rowNumber[0], c.id(), id);
                    } else {
                        x = null;
                        columns.addRaw(cells, inputsAt, c, day, id);
                    }
                    for (int g : groupAt) {
                        group[at++] = intern(interned, Cells.text(cells[g]));
                    }
                    String[] breakdown = new String[breakdownAt.length];
                    for (int b = 0; b < breakdownAt.length; b++) {
                        breakdown[b] = intern(interned, Cells.text(cells[breakdownAt[b]]));
                    }
                    columns.add(id, (int) day.toEpochDay(), x, outcome);
                    columns.addGroups(group, breakdown);
                } catch (IllegalArgumentException e) {
                    throw located(e, rowNumber[0], c.id(), Cells.text(cells[0]));
                }
            });
            progress.rows(read[0], expected);
        } catch (IllegalArgumentException e) {
            // a message that already starts with the table's name, or its file's, is not prefixed with it again
            String message = e.getMessage();
            boolean named = e instanceof TableRows.FileError || message != null && message.startsWith(rows.source());
            throw new ProfileException(named ? message : rows.source() + ": " + message, e);
        }
        if (columns.size() < MIN_ROWS) {
            throw new ProfileException(rows.source() + ": the profile keeps " + columns.size() + " of " + read[0]
                    + " rows; training needs at least " + MIN_ROWS);
        }
        columns.requireBothClasses(c, rows.source());
        columns.sortByTimeAndId();
        DataSplit split;
        try {
            split = DataSplit.of(columns.days(), profile.split());
        } catch (IllegalArgumentException e) {
            throw new ProfileException(rows.source() + ": " + e.getMessage(), e);
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
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
                    profile.weighting().recorded(),
                    today,
                    rows.notes());
        }
        return columns.encode(profile, split, read[0], today, rows.notes());
    }

    /** The protected attributes audited on the claim features, from the history's persons and the application. */
    public static final List<String> PROTECTED =
            List.of("sex", "age_band", "born_abroad", "country_of_birth", "income_band");

    /** Sex, age band on the day of application, born abroad, country-of-birth group, and the band of the declared monthly income. */
    private static void protectedGroups(Person person, Application application, String[] group) {
        if (person != null) {
            group[0] = person.sex();
            int age = application.submittedOn().getYear() - person.birthYear();
            group[1] = age < 18 ? "under 18" : age < 30 ? "18-29" : age < 45 ? "30-44" : age < 65 ? "45-64" : "65+";
            group[2] = "sweden".equals(person.countryOfBirthGroup()) ? "no" : "yes";
            group[3] = person.countryOfBirthGroup();
        }
        double income = application.declaredMonthlyIncomeSek();
        group[4] = income <= 0
                ? "no income"
                : income < 20_000 ? "under 20,000" : income < 35_000 ? "20,000-34,999" : "35,000+";
    }

    /**
     * {@code e}, if its message names the row already; else the same message after the row's number
     * in the table (1 = the first row after a header) and its id, if it has one.
     */
    private static IllegalArgumentException located(IllegalArgumentException e, long row, String idColumn, String id) {
        String message = e.getMessage();
        if (message != null && message.startsWith("row ")) {
            return e;
        }
        return new IllegalArgumentException(
                "row " + row + (id == null ? "" : " (" + idColumn + " " + id + ")") + ": " + message, e);
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

    /** A profile of point-in-time features reads a history folder; says so when given a file. */
    private void requireHistoryFolder(ProfileDefinition profile, URI data) throws IOException, ProfileException {
        Path path = new Path(data);
        FileSystem fs = path.getFileSystem(conf);
        if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
            throw new ProfileException("profile " + profile.name() + " computes its features from a history folder"
                    + " (the tables korrekt generate writes, docs/data.md), but " + data + " is a file; a table of"
                    + " your own needs a profile file that names its columns (docs/profiles.md)");
        }
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
}
