package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.history.Claim;
import org.korrekt.training.data.HistoryTables;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * Reading a labels export with the built-in {@code labels} profile ({@code features: recorded}):
 * the feature columns become the claim schema's vectors bit for bit, from Parquet and CSV alike,
 * and an export that cannot be trained on is refused with a message that says why.
 */
class RecordedFeaturesProfileTest {

    private static final long SEED = 11;

    private static GeneratedHistory history;
    /** The investigated applications of the history, as a labels export has them. */
    private static List<LabelsExport.Row> investigated;

    @TempDir
    Path dir;

    @BeforeAll
    static void generate() {
        System.out.println("RecordedFeaturesProfileTest seed " + SEED);
        history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        investigated = LabelsExport.rows(history, Claim::investigated, SEED);
    }

    @Test
    void readsTheFeatureColumnsBitForBitWithTheClaimSchemaAndItsEncoding() throws Exception {
        List<LabelsExport.Row> rows = withMissingValues(investigated);
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        ProfileData data = read(file);

        assertThat(data.schema()).isSameAs(ClaimFeatures.SCHEMA);
        assertThat(data.schema().fingerprint()).isEqualTo(ClaimFeatures.SCHEMA.fingerprint());
        List<ProfileData.EncodedFeature> claimEncoding = new ArrayList<>();
        for (String name : ClaimFeatures.SCHEMA.names()) {
            claimEncoding.add(new ProfileData.EncodedFeature(name, "feature", null, null));
        }
        assertThat(data.encoding()).isEqualTo(claimEncoding);
        assertFeaturesAsWritten(data, rows);
        assertThat(data.rowsRead()).isEqualTo(rows.size());
        List<String> ids = List.of(data.ids());
        for (LabelsExport.Row row : rows) {
            int r = ids.indexOf(row.decisionId());
            assertThat(data.days()[r]).isEqualTo((int) row.decidedOn().toEpochDay());
            assertThat(data.label()[r]).isEqualTo(row.incorrect());
            assertThat(data.observed()[r]).isTrue();
            assertThat(data.randomControl()[r]).isEqualTo(row.randomControl());
            assertThat(data.amount()[r]).isEqualTo(row.amountSek());
            assertThat(data.incorrectAmount()[r]).isEqualTo(row.incorrectAmountSek());
            assertThat(data.breakdowns().get("benefit")[r]).isEqualTo(row.benefit());
        }
        // the export carries no protected attributes: nothing to audit
        assertThat(data.groups()).isEmpty();
    }

    @Test
    void readsTheSameFeaturesFromACsvExport() throws Exception {
        List<LabelsExport.Row> rows = withMissingValues(investigated);
        Path file = LabelsExport.table(rows).writeCsv(dir.resolve("labels.csv"));

        ProfileData data = read(file);

        assertThat(data.schema()).isSameAs(ClaimFeatures.SCHEMA);
        assertFeaturesAsWritten(data, rows);
    }

    @Test
    void auditsOnlyTheGroupColumnsJoinedIntoTheTable() throws Exception {
        Path file = LabelsExport.table(investigated)
                .withGroups("sex", "born_abroad")
                .writeParquet(dir.resolve("labels.parquet"));

        ProfileData data = read(file);

        // the profile lists five attributes; the table has two of them
        assertThat(ProfileDefinition.builtIn(ProfileDefinition.LABELS).audit().groups())
                .hasSize(5)
                .contains("sex", "born_abroad", "age_band");
        assertThat(data.groups()).containsOnlyKeys("sex", "born_abroad");
        List<String> ids = List.of(data.ids());
        for (LabelsExport.Row row : investigated) {
            assertThat(data.groups().get("sex")[ids.indexOf(row.decisionId())])
                    .isEqualTo(row.groups().get("sex"));
        }
    }

    @Test
    void theTimeSplitByDecisionDayWorksOnAFewWeeks() throws Exception {
        LocalDate from = LocalDate.of(2024, 3, 4);
        LocalDate to = from.plusWeeks(4);
        List<LabelsExport.Row> weeks = LabelsExport.rows(history, c -> inWindow(c, from, to), SEED);
        Path file = LabelsExport.table(weeks).writeParquet(dir.resolve("weeks.parquet"));

        ProfileData data = read(file);

        ProfileData.DataSplit split = data.split();
        assertThat(split.byTime()).isTrue();
        assertThat(split.first()).isAfterOrEqualTo(from);
        assertThat(split.last()).isBefore(to);
        assertThat(split.validationFrom()).isAfter(split.first());
        assertThat(split.testFrom()).isAfter(split.validationFrom()).isBeforeOrEqualTo(split.last());
        for (byte part :
                new byte[] {ProfileData.DataSplit.TRAIN, ProfileData.DataSplit.VALIDATION, ProfileData.DataSplit.TEST
                }) {
            assertThat(split.count(part)).as("part " + part).isGreaterThan(data.size() / 10);
        }
    }

    @Test
    void aTableThatIsNotALabelsExportNamesEveryMissingColumn() throws Exception {
        Path file = dir.resolve("applications.parquet");
        HistoryTables.APPLICATIONS.write(new Configuration(), file.toUri(), history.applications(), n -> {});

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("is not a table of recorded claim features")
                .hasMessageContaining(
                        "it lacks the columns decision_id, decided_on, incorrect, person_pseudonym, selection_propensity,"
                                + " schema_fingerprint;")
                // the applications table happens to have claimed_days, one of the features
                .hasMessageContaining("it lacks " + (ClaimFeatures.SCHEMA.size() - 1) + " of the "
                        + ClaimFeatures.SCHEMA.size()
                        + " feature columns of claim v3: amount_sek_log, claimed_day_share,")
                .hasMessageContaining("Its columns are [application_id, person_id,");
    }

    @Test
    void missingFeatureColumnsAreListedByName() throws Exception {
        Path file = LabelsExport.table(investigated)
                .without("benefit_as", "paper_channel")
                .writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("it lacks 2 of the " + ClaimFeatures.SCHEMA.size()
                        + " feature columns of claim v3: paper_channel, benefit_as")
                .hasMessageNotContaining("it lacks the columns");
    }

    @Test
    void aCaseWithoutItsChanceOfSelectionIsNamed() throws Exception {
        for (double p : new double[] {Double.NaN, 0, 1.5}) {
            List<LabelsExport.Row> rows = new ArrayList<>(investigated);
            rows.set(6, rows.get(6).withSelectionPropensity(p));
            Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels-" + p + ".parquet"));

            assertThatThrownBy(() -> read(file))
                    .isInstanceOf(ProfileException.class)
                    .hasMessageContaining("row " + rows.get(6).decisionId() + " was investigated but its"
                            + " 'selection_propensity' is " + (Double.isNaN(p) ? "missing" : String.valueOf(p))
                            + "; weighting by the recorded propensity needs every investigated row's chance of"
                            + " selection, in (0, 1] (or \"weighting\": {\"method\": \"none\"})");
        }
    }

    @Test
    void aRowScoredWithAnotherSchemaIsNamedWithBothFingerprints() throws Exception {
        List<LabelsExport.Row> rows = new ArrayList<>(investigated);
        String other = "0123456789abcdef".repeat(4);
        rows.set(4, rows.get(4).withFingerprint(other));
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("row 5 (decision_id " + rows.get(4).decisionId() + ")")
                .hasMessageContaining("fingerprint " + other)
                .hasMessageContaining("has fingerprint " + ClaimFeatures.SCHEMA.fingerprint())
                .hasMessageContaining("the labels were scored with another feature schema");
    }

    @Test
    void anExportWithoutIncorrectOutcomesIsRefused() throws Exception {
        List<LabelsExport.Row> rows = new ArrayList<>();
        for (LabelsExport.Row row : investigated) {
            rows.add(row.correct());
        }
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("no labelled row of " + rows.size() + " has incorrect = true")
                .hasMessageContaining("training needs incorrect payments to learn from");
    }

    @Test
    void tooFewRowsAreRefused() throws Exception {
        Path file = LabelsExport.table(investigated.subList(0, 12)).writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("the profile keeps 12 of 12 rows; training needs at least 20");
    }

    @Test
    void rowsOnTooFewDaysCannotBeSplitByTime() throws Exception {
        LocalDate day = LocalDate.of(2024, 3, 4);
        List<LabelsExport.Row> rows = LabelsExport.rows(history, c -> inWindow(c, day, day.plusDays(2)), SEED);
        assertThat(rows.stream().filter(LabelsExport.Row::incorrect)).isNotEmpty();
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("too few days");
    }

    @Test
    void anInfiniteFeatureValueIsRefused() throws Exception {
        List<LabelsExport.Row> rows = new ArrayList<>(investigated);
        rows.set(2, rows.get(2).withFeature("claimed_days", Double.POSITIVE_INFINITY));
        Path file = LabelsExport.table(rows).writeParquet(dir.resolve("labels.parquet"));

        assertThatThrownBy(() -> read(file))
                .isInstanceOf(ProfileException.class)
                .hasMessageContaining("row 3 (decision_id " + rows.get(2).decisionId()
                        + ") has Infinity in feature column 'claimed_days'");
    }

    /**
     * The rows with some recorded features missing (written as null), as the service records a
     * feature it could not compute, and one negative zero, whose sign must survive.
     */
    static List<LabelsExport.Row> withMissingValues(List<LabelsExport.Row> rows) {
        List<LabelsExport.Row> changed = new ArrayList<>(rows);
        for (int r = 0; r < changed.size(); r += 7) {
            changed.set(r, changed.get(r).withFeature("employer_pay_to_declared_ratio", Double.NaN));
        }
        changed.set(3, changed.get(3).withFeature("permit_expired_days", -0.0));
        return changed;
    }

    private static boolean inWindow(Claim c, LocalDate from, LocalDate to) {
        LocalDate day = c.application().submittedOn();
        return !day.isBefore(from) && day.isBefore(to);
    }

    private static ProfileData read(Path file) throws Exception {
        return new ProfileDataReader(new Configuration())
                .read(ProfileDefinition.builtIn(ProfileDefinition.LABELS), file.toUri(), s -> {});
    }

    /**
     * Every row's vector equals the one written, bit for bit (NaN, the missing value, included),
     * the rows in order of their day, then their id (as training orders them), whatever the file's order.
     */
    static void assertFeaturesAsWritten(ProfileData data, List<LabelsExport.Row> rows) {
        assertThat(data.size()).isEqualTo(rows.size());
        List<String> ids = List.of(data.ids());
        for (int r = 1; r < ids.size(); r++) {
            assertThat(data.days()[r - 1] < data.days()[r]
                            || (data.days()[r - 1] == data.days()[r]
                                    && ids.get(r - 1).compareTo(ids.get(r)) < 0))
                    .as("rows in order of day, then id")
                    .isTrue();
        }
        int missing = 0;
        int negativeZeros = 0;
        for (int r = 0; r < rows.size(); r++) {
            int at = ids.indexOf(rows.get(r).decisionId());
            assertThat(at).as(rows.get(r).decisionId()).isNotNegative();
            double[] written = rows.get(r).features();
            double[] read = data.x()[at];
            assertThat(read).hasSameSizeAs(written);
            for (int j = 0; j < written.length; j++) {
                assertThat(Double.doubleToLongBits(read[j]))
                        .as("row %d feature %s", r, ClaimFeatures.SCHEMA.names().get(j))
                        .isEqualTo(Double.doubleToLongBits(written[j]));
                missing += Double.isNaN(written[j]) ? 1 : 0;
                negativeZeros += Double.doubleToRawLongBits(written[j]) == Long.MIN_VALUE ? 1 : 0;
            }
        }
        // the check covers missing values and the sign of zero
        assertThat(missing).isPositive();
        assertThat(negativeZeros).isPositive();
    }
}
