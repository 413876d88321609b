package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.training.profile.ProfileData.DataSplit;

/** What a table may hold that is legal but likely a mistake, said without stopping the training. */
class DataWarningsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final ProfileDefinition.Split BY_TIME = new ProfileDefinition.Split(true, 0.2, 0.2, 1);

    @Test
    void aCleanTableHasNoWarnings() {
        int n = 100;
        int[] days = spread(n, 365);
        double[] amount = filled(n, 1_000);
        double[] incorrect = new double[n];
        incorrect[3] = 1_000;
        incorrect[4] = 250.5;

        assertThat(DataWarnings.ofRows(ids(n), days, amount, incorrect, DataSplit.of(days, BY_TIME), TODAY))
                .isEmpty();
    }

    @Test
    void namesIncorrectAmountsAboveTheAmountAtStakeWithTheLargestExcess() {
        int n = 100;
        int[] days = spread(n, 365);
        double[] amount = filled(n, 1_000);
        double[] incorrect = new double[n];
        incorrect[10] = 1_200;
        incorrect[20] = 4_500.5;
        incorrect[30] = 1_000; // the whole amount: not above it

        List<String> warnings =
                DataWarnings.ofRows(ids(n), days, amount, incorrect, DataSplit.of(days, BY_TIME), TODAY);

        assertThat(warnings)
                .containsExactly("2 row(s) have an incorrect amount above their amount at stake (the largest excess:"
                        + " row r20, 4500.5 of 1000 SEK); the SEK found counts the incorrect amount as it is");
    }

    @Test
    void namesRowsDatedAfterTodayAndATestPeriodOfAFewDays() {
        int n = 100;
        // 95 rows over 3 days, then 5 in 2099: the test period runs from the third day to 2099
        int[] days = new int[n];
        int first = (int) LocalDate.of(2026, 3, 1).toEpochDay();
        for (int i = 0; i < n; i++) {
            days[i] = first + i * 3 / 95;
        }
        int future = (int) LocalDate.of(2099, 1, 5).toEpochDay();
        Arrays.fill(days, 95, n, future);
        double[] amount = filled(n, 1_000);

        List<String> warnings =
                DataWarnings.ofRows(ids(n), days, amount, new double[n], DataSplit.of(days, BY_TIME), TODAY);

        assertThat(warnings)
                .containsExactly("5 row(s) are dated after today (2026-11-23), the latest 2099-01-05; is the time"
                        + " column the day of application?");

        // the same 95 rows without the future ones: the test period is the last of three days
        int[] short95 = Arrays.copyOf(days, 95);
        List<String> shortSpan = DataWarnings.ofRows(
                ids(95), short95, filled(95, 1_000), new double[95], DataSplit.of(short95, BY_TIME), TODAY);
        assertThat(shortSpan)
                .containsExactly("the test period covers 1 day(s) (2026-03-03 to 2026-03-03) of the rows' 3 days; its"
                        + " figures say little about the applications of a month");
    }

    @Test
    void aRandomSplitHasNoTestPeriodToWarnAbout() {
        int n = 100;
        int[] days = new int[n]; // every row on one day
        ProfileDefinition.Split random = new ProfileDefinition.Split(false, 0.2, 0.2, 1);

        assertThat(DataWarnings.ofRows(ids(n), days, filled(n, 1), new double[n], DataSplit.of(days, random), TODAY))
                .isEmpty();
    }

    @Test
    void namesColumnsNoModelCanLearnFromJudgedOnTheTrainingRows() {
        int n = 200;
        ProfileDefinition.Columns c = columns(
                List.of("hours", "empty", "constant", "zeros", "sometimes"),
                List.of("region", "caseworker", "agency", "scheme"),
                List.of("start", "due"));
        byte[] part = new byte[n];
        // rows 150.. are validation and test: what they hold does not count
        Arrays.fill(part, 150, 175, DataSplit.VALIDATION);
        Arrays.fill(part, 175, n, DataSplit.TEST);
        double[] hours = new double[n];
        double[] empty = filled(n, Double.NaN);
        double[] constant = filled(n, 7.5);
        double[] zeros = filled(n, 0.0);
        double[] sometimes = filled(n, 3);
        double[] region = new double[n];
        double[] caseworker = new double[n];
        double[] agency = new double[n];
        double[] scheme = new double[n];
        double[] start = filled(n, Double.NaN);
        double[] due = filled(n, -30); // 30 days before the time column, in every row
        for (int r = 0; r < n; r++) {
            hours[r] = r % 17;
            empty[r] = r >= 150 ? 1 : Double.NaN;
            constant[r] = r >= 150 ? r : 7.5;
            zeros[r] = r % 2 == 0 ? 0.0 : -0.0;
            sometimes[r] = r % 3 == 0 ? Double.NaN : 3; // missing or not: a tree can use that
            region[r] = r % 4;
            caseworker[r] = r; // 200 levels of one row each
            agency[r] = r % 5; // 5 levels of 30 training rows: nothing to say
            scheme[r] = 0;
        }
        double[][] raw = {hours, empty, constant, zeros, sometimes, region, caseworker, agency, scheme, start, due};
        int[] levels = {0, 0, 0, 0, 0, 4, n, 5, 1, 0, 0};

        List<String> warnings = DataWarnings.ofColumns(c, raw, levels, part);

        assertThat(warnings)
                .containsExactly(
                        "column 'empty' is empty in every training row, so no model can learn from it",
                        "column 'constant' holds 7.5 in every training row, so no model can learn from it",
                        "column 'zeros' holds 0 in every training row, so no model can learn from it",
                        "column 'caseworker' yields no feature: none of its 150 level(s) in training has 10 training"
                                + " rows or more (an id or free text?)",
                        "column 'scheme' holds one level in every training row, so no model can learn from it",
                        "column 'start' is empty in every training row, so no model can learn from it",
                        "column 'due' falls 30 day(s) before day in every training row, so no model can learn from it");
    }

    @Test
    void writesNumbersAsTheyWouldBeTypedWithoutExponents() {
        assertThat(DataWarnings.plain(12_345_678.9)).isEqualTo("12345678.9");
        assertThat(DataWarnings.plain(1e7)).isEqualTo("10000000");
        assertThat(DataWarnings.plain(4_500.5)).isEqualTo("4500.5");
        assertThat(DataWarnings.plain(-0.0)).isEqualTo("0");
        assertThat(DataWarnings.plain(1e-7)).isEqualTo("0.0000001");
    }

    @Test
    void namesTheLevelsBeyondTheMostFrequentThirtyAndTheirRows() {
        int n = 400;
        ProfileDefinition.Columns c = columns(List.of(), List.of("agency"), List.of());
        byte[] part = new byte[n];
        double[] agency = new double[n];
        // 32 levels of 12 training rows, and level 32 of the remaining 16: 33 levels reach 10 rows
        for (int r = 0; r < n; r++) {
            agency[r] = Math.min(r / 12, 32);
        }

        List<String> warnings = DataWarnings.ofColumns(c, new double[][] {agency}, new int[] {33}, part);

        // the 30 kept are level 32 (16 rows) and 29 of 12; the other three levels hold 36 rows
        assertThat(warnings)
                .containsExactly("column 'agency' has 33 levels of at least 10 training rows; only the 30 most"
                        + " frequent get a feature, and the other 3 level(s)' 36 training rows count as none of them");
    }

    @Test
    void namesRowsNotInvestigatedThatHaveALabelWhichTheTestFiguresWouldCount() {
        ProfileDefinition.Columns checked = new ProfileDefinition.Columns(
                "id",
                null,
                "day",
                "label",
                "yes",
                "amount",
                null,
                "checked",
                null,
                List.of("x"),
                List.of(),
                List.of(),
                List.of());
        String[] ids = ids(6);
        boolean[] observed = {true, false, false, true, false, false};
        boolean[] labelKnown = {true, false, true, true, true, true};
        boolean[] label = {true, false, false, false, true, false};

        // the last row is beyond the kept size
        assertThat(DataWarnings.ofLabelsNotInvestigated(checked, ids, observed, labelKnown, label, 5))
                .isEqualTo("2 row(s) that 'checked' marks as not investigated have a label in 'label' (1 of them"
                        + " 'yes'; the first: row r2). The models learn only from investigated rows, but the test"
                        + " figures count the label of every test row that has one as its known outcome. If a row is"
                        + " labelled only because nobody checked it (a 'no' by default), leave its label empty: else"
                        + " the test figures count it as a correct payment");
        // labels only where investigated: nothing to say
        assertThat(DataWarnings.ofLabelsNotInvestigated(
                        checked, ids, observed, new boolean[] {true, false, false, true, false, false}, label, 6))
                .isNull();
        // without an investigated column every row is investigated
        assertThat(DataWarnings.ofLabelsNotInvestigated(
                        columns(List.of("x"), List.of(), List.of()), ids, observed, labelKnown, label, 6))
                .isNull();
    }

    /** A profile's columns with these inputs (the time column is {@code day}). */
    private static ProfileDefinition.Columns columns(
            List<String> numeric, List<String> categorical, List<String> dates) {
        return new ProfileDefinition.Columns(
                "id", null, "day", "label", "yes", "amount", null, null, null, numeric, categorical, dates, List.of());
    }

    private static String[] ids(int n) {
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = "r" + i;
        }
        return ids;
    }

    private static int[] spread(int n, int span) {
        int[] days = new int[n];
        int first = (int) LocalDate.of(2025, 1, 1).toEpochDay();
        for (int i = 0; i < n; i++) {
            days[i] = first + i * span / n;
        }
        return days;
    }

    private static double[] filled(int n, double value) {
        double[] values = new double[n];
        Arrays.fill(values, value);
        return values;
    }
}
