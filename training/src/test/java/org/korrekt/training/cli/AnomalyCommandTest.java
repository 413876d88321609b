package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code korrekt anomaly} run in-process on a seeded table with numeric and categorical columns. */
class AnomalyCommandTest {

    private static final long SEED = 20261122L;

    @Test
    void ranksPlantedOutliersFirstUnderBothProtocols(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "yes", "no");

        for (String protocol : new String[] {"paper", "split"}) {
            CliRun output = run(
                    "anomaly",
                    "--data",
                    csv.toString(),
                    "--label",
                    "incorrect",
                    "--protocol",
                    protocol,
                    "--runs",
                    "3",
                    "--trees",
                    "50");

            assertThat(output.status()).as(output.err()).isZero();
            assertThat(output.out())
                    .contains(
                            "1000 rows (50 positive, 5.0%), 4 feature columns (2 numeric, 2 categorical) -> 7 features")
                    .contains("protocol " + protocol + ", 3 runs (seeds 0..2)");
            double rocAuc = number(output.out(), "ROC AUC (\\d\\.\\d{4}) ± ");
            double prAuc = number(output.out(), "PR AUC  (\\d\\.\\d{4}) ± ");
            System.out.println(
                    "AnomalyCommandTest seed " + SEED + " " + protocol + ": ROC AUC " + rocAuc + ", PR AUC " + prAuc);
            assertThat(rocAuc).as(protocol).isGreaterThan(0.85);
            assertThat(prAuc).as(protocol).isGreaterThan(0.3);
        }
    }

    @Test
    void readsASemicolonFileWithDecimalCommasAsTheSameTable(@TempDir Path dir) throws IOException {
        Path commas = writeTable(dir.resolve("claims.csv"), "yes", "no");
        Path semicolons = writeTable(dir.resolve("swedish.csv"), "ja", "nej", ';');
        assertThat(Files.readString(semicolons))
                .startsWith("amount_sek;days;benefit;channel;incorrect\n")
                .contains(",");

        CliRun comma =
                run("anomaly", "--data", commas.toString(), "--label", "incorrect", "--runs", "2", "--trees", "50");
        CliRun semicolon =
                run("anomaly", "--data", semicolons.toString(), "--label", "incorrect", "--runs", "2", "--trees", "50");

        assertThat(semicolon.status()).as(semicolon.err()).isZero();
        assertThat(semicolon.out())
                .contains("1000 rows (50 positive, 5.0%), 4 feature columns (2 numeric, 2 categorical) -> 7 features");
        // the same numbers, so the same forests and the same figures
        assertThat(semicolon.out().replace(semicolons.toString(), "FILE"))
                .isEqualTo(comma.out().replace(commas.toString(), "FILE"));
    }

    @Test
    void readsNaAsAMissingNumberAsAnEmptyCell(@TempDir Path dir) throws IOException {
        Path empty = writeTable(dir.resolve("claims.csv"), "yes", "no");
        Path na = dir.resolve("na.csv");
        String text = Files.readString(empty);
        assertThat(text).contains("\n,");
        Files.writeString(na, text.replace("\n,", "\nNA,"));

        CliRun withEmpty = run("anomaly", "--data", empty.toString(), "--label", "incorrect", "--runs", "1");
        CliRun withNa = run("anomaly", "--data", na.toString(), "--label", "incorrect", "--runs", "1");

        assertThat(withNa.status()).as(withNa.err()).isZero();
        assertThat(withNa.out().replace(na.toString(), "FILE"))
                .isEqualTo(withEmpty.out().replace(empty.toString(), "FILE"));
    }

    @Test
    void refusesATableThatIsNotCsvAndOptionsOutOfRange(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "yes", "no");
        Path parquet = Files.copy(csv, dir.resolve("claims.parquet"));

        CliRun notCsv = run("anomaly", "--data", parquet.toString(), "--label", "incorrect");
        CliRun trees = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--trees", "0");
        CliRun sample = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--sample", "1");
        CliRun manyTrees = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--trees", "5000000");

        assertThat(notCsv.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(notCsv.err()).contains(parquet + ": korrekt anomaly reads a CSV file (a name ending in .csv)");
        assertThat(trees.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(trees.err()).contains("--trees must be in [1, 100000], was 0");
        // one point per tree isolates nothing (the profile's isolationForest refuses it too)
        assertThat(sample.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(sample.err()).contains("--sample must be in [2, 1048576], was 1");
        // was a NegativeArraySizeException and its stack trace
        assertThat(manyTrees.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(manyTrees.err())
                .contains("--trees must be in [1, 100000], was 5000000")
                .doesNotContain("Exception");
    }

    /**
     * One bad cell in a numeric column made it categorical without a word, 255 one-hot features for
     * 8 columns: an infinite value is an error naming the row, as 1e400 is; any other stray value a
     * warning naming it.
     */
    @Test
    void aNumericColumnWithAStrayValueIsNamedNotSilentlyOneHotEncoded(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "yes", "no");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        String row5 = lines.get(5);
        lines.set(5, "Infinity" + row5.substring(row5.indexOf(',')));
        Path infinite = Files.write(dir.resolve("infinite.csv"), lines);
        lines.set(5, "\"1,234.5\"" + row5.substring(row5.indexOf(',')));
        Path stray = Files.write(dir.resolve("stray.csv"), lines);

        CliRun inf = run("anomaly", "--data", infinite.toString(), "--label", "incorrect", "--runs", "1");
        CliRun text = run("anomaly", "--data", stray.toString(), "--label", "incorrect", "--runs", "1");
        CliRun ignored = run(
                "anomaly", "--data", stray.toString(), "--label", "incorrect", "--runs", "1", "--ignore", "amount_sek");

        assertThat(inf.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(inf.err())
                .contains(infinite + " row 5 has Infinity in column 'amount_sek', whose other values are numbers;"
                        + " a number must be finite");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.err())
                .containsPattern("WARNING: column 'amount_sek' holds [0-9,]+ numbers and 1 value\\(s\\) that are not"
                        + " \\(the first: '1,234.5' in row 5\\), so it is read as categorical");
        assertThat(ignored.err()).doesNotContain("WARNING");
        // a column left out is not read: its infinite value is none of the forest's business
        CliRun infIgnored = run(
                "anomaly",
                "--data",
                infinite.toString(),
                "--label",
                "incorrect",
                "--runs",
                "1",
                "--ignore",
                "amount_sek");
        assertThat(infIgnored.status()).as(infIgnored.err()).isZero();
    }

    @Test
    void namesTheSubSampleTheTreesDrewWhenTheTableIsSmallerThanTheSample(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "yes", "no");

        CliRun fits = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--runs", "1");
        CliRun paper =
                run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--runs", "1", "--sample", "5000");
        CliRun split = run(
                "anomaly",
                "--data",
                csv.toString(),
                "--label",
                "incorrect",
                "--runs",
                "1",
                "--sample",
                "700",
                "--protocol",
                "split");

        assertThat(fits.out()).contains("isolation forest: 100 trees, sample size 256, protocol paper");
        // 1000 rows: the paper protocol fits on all of them, the split protocol on 600
        assertThat(paper.out())
                .contains("isolation forest: 100 trees, sample size 1000 (every training row; --sample 5000),"
                        + " protocol paper");
        assertThat(split.out())
                .contains("isolation forest: 100 trees, sample size 600 (every training row; --sample 700),"
                        + " protocol split");
    }

    @Test
    void leavesIgnoredColumnsOutAndWarnsOfAnIdentifier(@TempDir Path dir) throws IOException {
        Path plain = writeTable(dir.resolve("claims.csv"), "yes", "no");
        // the same table with an id column first (its header with blanks around it), then a date and a note
        List<String> lines = Files.readAllLines(plain);
        for (int i = 0; i < lines.size(); i++) {
            lines.set(
                    i,
                    (i == 0 ? " ref ," : "A" + (1000 + i) + ",")
                            + lines.get(i)
                            + (i == 0 ? ",filed,memo" : ",2024-03-0" + (i % 9 + 1) + ",note " + i));
        }
        Path withId = Files.write(dir.resolve("with-id.csv"), lines);

        CliRun expected = run("anomaly", "--data", plain.toString(), "--label", "incorrect", "--runs", "2");
        CliRun ignored = run(
                "anomaly",
                "--data",
                withId.toString(),
                "--label",
                "incorrect",
                "--runs",
                "2",
                "--ignore",
                "ref, filed,memo,");
        CliRun used = run("anomaly", "--data", withId.toString(), "--label", "incorrect", "--runs", "2");

        assertThat(ignored.status()).as(ignored.err()).isZero();
        assertThat(ignored.out().replace(withId.toString(), "FILE"))
                .isEqualTo(expected.out().replace(plain.toString(), "FILE"));
        assertThat(ignored.err()).doesNotContain("WARNING");
        assertThat(used.status()).as(used.err()).isZero();
        assertThat(used.out()).contains("7 feature columns (2 numeric, 5 categorical) -> 2016 features");
        assertThat(used.err())
                .contains("WARNING: columns ' ref ', 'memo' hold more distinct values than half the 1,000 rows, each"
                        + " one-hot encoded: an id or free text? Leave them out with --ignore ref,memo")
                .doesNotContain("'filed'");
        CliRun memo = run(
                "anomaly",
                "--data",
                withId.toString(),
                "--label",
                "incorrect",
                "--runs",
                "1",
                "--ignore",
                " ref ,filed");
        assertThat(memo.err())
                .contains("WARNING: column 'memo' holds more distinct values than half the 1,000 rows, each one-hot"
                        + " encoded: an id or free text? Leave it out with --ignore memo");

        // a header holding a comma is named in double quotes
        Path quoted = Files.writeString(
                dir.resolve("quoted.csv"), Files.readString(withId).replaceFirst("memo", "\"memo, free text\""));
        CliRun quotedName = run(
                "anomaly",
                "--data",
                quoted.toString(),
                "--label",
                "incorrect",
                "--runs",
                "2",
                "--ignore",
                "ref,filed,\"memo, free text\"");
        assertThat(quotedName.status()).as(quotedName.err()).isZero();
        assertThat(quotedName.out().replace(quoted.toString(), "FILE"))
                .isEqualTo(expected.out().replace(plain.toString(), "FILE"));
        // the warning names it so, in single quotes for the shell; as the shell passes that on, it works
        CliRun suggested = run("anomaly", "--data", quoted.toString(), "--label", "incorrect", "--runs", "1");
        assertThat(suggested.err())
                .contains("Leave them out with --ignore 'ref,\"memo, free text\"'" + System.lineSeparator());
        CliRun followed = run(
                "anomaly",
                "--data",
                quoted.toString(),
                "--label",
                "incorrect",
                "--runs",
                "2",
                "--ignore",
                "ref,\"memo, free text\"",
                "--ignore",
                "filed");
        assertThat(followed.status()).as(followed.err()).isZero();
        assertThat(followed.out().replace(quoted.toString(), "FILE"))
                .isEqualTo(expected.out().replace(plain.toString(), "FILE"));

        CliRun unknown = run("anomaly", "--data", withId.toString(), "--label", "incorrect", "--ignore", "id");
        CliRun label = run("anomaly", "--data", withId.toString(), "--label", "incorrect", "--ignore", "incorrect");
        assertThat(unknown.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(unknown.err())
                .contains("no column 'id' to ignore in " + withId + "; columns are [ ref , amount_sek, days, benefit,"
                        + " channel, incorrect, filed, memo]");
        assertThat(label.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(label.err()).contains("the label column 'incorrect' cannot be ignored");
        CliRun everything = run(
                "anomaly",
                "--data",
                withId.toString(),
                "--label",
                "incorrect",
                "--ignore",
                "ref,amount_sek,days,benefit,channel,filed,memo");
        assertThat(everything.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(everything.err()).contains("--ignore leaves no feature column besides the label; columns are [");

        // a table the label makes useless is refused before anything is said about its columns
        Path oneClass = Files.writeString(
                dir.resolve("one-class.csv"), Files.readString(withId).replace(",yes,", ",no,"));
        CliRun refused = run("anomaly", "--data", oneClass.toString(), "--label", "incorrect");
        assertThat(refused.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(refused.err()).contains("holds one class only").doesNotContain("WARNING");
    }

    @Test
    void findsTheLabelByANameWithBlanksAroundItAsIgnoreFindsColumns(@TempDir Path dir) throws IOException {
        Path plain = writeTable(dir.resolve("claims.csv"), "yes", "no");
        Path blanks = Files.writeString(
                dir.resolve("blanks.csv"), Files.readString(plain).replaceFirst(",incorrect\n", ", incorrect \n"));

        CliRun expected = run("anomaly", "--data", plain.toString(), "--label", "incorrect", "--runs", "1");
        CliRun padded = run("anomaly", "--data", blanks.toString(), "--label", "incorrect", "--runs", "1");

        assertThat(padded.status()).as(padded.err()).isZero();
        assertThat(padded.out().replace(blanks.toString(), "FILE"))
                .isEqualTo(expected.out().replace(plain.toString(), "FILE"));
        // one run has no spread: none is printed
        assertThat(expected.out())
                .contains(", 1 run (seed ")
                .containsPattern("ROC AUC \\d\\.\\d{4}\n")
                .doesNotContain("±");
    }

    @Test
    void aHeaderWithoutRowsIsSaidSo(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "amount_sek,days,incorrect\n");
        CliRun refused = run("anomaly", "--data", empty.toString(), "--label", "incorrect");
        assertThat(refused.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(refused.err()).contains(empty + " has a header and no data rows");
    }

    @Test
    void refusesAnInfiniteNumberNamingTheRowAndColumnOfTheFileUnderBothProtocols(@TempDir Path dir) throws IOException {
        List<String> lines = Files.readAllLines(writeTable(dir.resolve("claims.csv"), "yes", "no"));
        // data row 5: a number too large for a double, as a spreadsheet may export one
        lines.set(5, "1e400" + lines.get(5).substring(lines.get(5).indexOf(',')));
        Path csv = Files.write(dir.resolve("infinite.csv"), lines);

        for (String protocol : new String[] {"paper", "split"}) {
            CliRun output = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--protocol", protocol);

            assertThat(output.status()).as(protocol).isEqualTo(AnomalyCommand.USER_ERROR);
            assertThat(output.err())
                    .as(protocol)
                    .isEqualTo("korrekt anomaly: " + csv + " row 5 has 1e400 (Infinity) in numeric column"
                            + " 'amount_sek'; a number must be finite, or missing (empty, or NA, N/A, NaN, NULL or #N/A)"
                            + System.lineSeparator());
            assertThat(output.out()).isEmpty();
        }
    }

    @Test
    void acceptsJaNejInAnyCase(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "JA", "Nej");

        CliRun output = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--runs", "1");

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.out()).contains("(50 positive, 5.0%)");
    }

    @Test
    void refusesALabelItCannotReadNamingTheValuesSeen(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "amount,incorrect\n1,yes\n2,no\n3,maybe\n4,no\n", StandardCharsets.UTF_8);

        CliRun output = run("anomaly", "--data", csv.toString(), "--label", "incorrect");

        assertThat(output.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(output.err())
                .contains("label column 'incorrect' must hold yes/no, ja/nej, true/false or 1/0 (any case)"
                        + " in every row; values seen: maybe, no, yes");
        assertThat(output.out()).isEmpty();
    }

    @Test
    void refusesAnUnknownLabelColumnAndProtocol(@TempDir Path dir) throws IOException {
        Path csv = writeTable(dir.resolve("claims.csv"), "yes", "no");

        CliRun column = run("anomaly", "--data", csv.toString(), "--label", "fraud");
        CliRun protocol = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--protocol", "other");

        assertThat(column.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(column.err())
                .contains("no column 'fraud' in")
                .contains("[amount_sek, days, benefit, channel, incorrect]");
        assertThat(protocol.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(protocol.err()).contains("--protocol must be paper or split, was 'other'");

        // the runs' seeds are seed..seed+runs-1: the last may not wrap round
        CliRun seed = run("anomaly", "--data", csv.toString(), "--label", "incorrect", "--seed", "9223372036854775807");
        assertThat(seed.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(seed.err())
                .contains("--seed must be at most 9223372036854775798 with --runs 10, was 9223372036854775807");
        CliRun oneRun = run(
                "anomaly",
                "--data",
                csv.toString(),
                "--label",
                "incorrect",
                "--seed",
                "9223372036854775807",
                "--runs",
                "1");
        assertThat(oneRun.status()).as(oneRun.err()).isZero();
        assertThat(oneRun.out()).contains("1 run (seed 9223372036854775807)");
    }

    @Test
    void refusesALabelOfOneClassAndSaysWhatIsWrongWithTheFile(@TempDir Path dir) throws IOException {
        Path oneClass = dir.resolve("one.csv");
        Files.writeString(oneClass, "amount,incorrect\n1,no\n2,no\n3,no\n", StandardCharsets.UTF_8);
        Path missing = dir.resolve("missing.csv");

        CliRun single = run("anomaly", "--data", oneClass.toString(), "--label", "incorrect");
        CliRun noFile = run("anomaly", "--data", missing.toString(), "--label", "incorrect");
        CliRun folder = run("anomaly", "--data", dir.toString(), "--label", "incorrect");

        assertThat(single.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(single.err())
                .contains("the label column 'incorrect' holds one class only (0 positive of 3 rows); ROC and PR AUC"
                        + " need both");
        assertThat(single.out()).isEmpty();
        assertThat(noFile.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(noFile.err()).contains("cannot read " + missing + ": no such file or folder: " + missing);
        assertThat(folder.status()).isEqualTo(AnomalyCommand.USER_ERROR);
        assertThat(folder.err()).contains("cannot read " + dir + ": ").contains("folder");
    }

    /**
     * 950 ordinary claims and 50 planted outliers: outliers claim far more SEK for more days, and
     * mostly through a rare channel. Benefits are categorical, one cell in forty is missing.
     */
    private static Path writeTable(Path file, String yes, String no) throws IOException {
        return writeTable(file, yes, no, ',');
    }

    /**
     * The table of {@link #writeTable(Path, String, String)} with {@code separator} between fields;
     * with a semicolon, numbers carry a decimal comma, as a spreadsheet set to Swedish saves them.
     */
    private static Path writeTable(Path file, String yes, String no, char separator) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        String[] benefits = {"vab", "parental benefit", "housing, allowance"};
        StringBuilder csv = new StringBuilder(
                String.join(String.valueOf(separator), "amount_sek", "days", "benefit", "channel", "incorrect") + "\n");
        for (int i = 0; i < 1000; i++) {
            boolean outlier = i % 20 == 7;
            double amount = outlier ? 40_000 + random.nextDouble() * 20_000 : 5_000 + random.nextGaussian() * 1_000;
            int days = outlier ? 25 + random.nextInt(6) : 1 + random.nextInt(10);
            String benefit = benefits[random.nextInt(benefits.length)];
            String channel = outlier && random.nextInt(4) != 0 ? "paper" : random.nextInt(50) == 0 ? "paper" : "web";
            String amountCell = String.format(Locale.ROOT, "%.2f", amount);
            csv.append(random.nextInt(40) == 0 ? "" : separator == ';' ? amountCell.replace('.', ',') : amountCell)
                    .append(separator)
                    .append(days)
                    .append(separator)
                    .append('"')
                    .append(benefit)
                    .append('"')
                    .append(separator)
                    .append(channel)
                    .append(separator)
                    .append(outlier ? yes : no)
                    .append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        return file;
    }

    private static double number(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("'%s' in %s", regex, text).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
