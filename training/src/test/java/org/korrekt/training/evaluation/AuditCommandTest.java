package org.korrekt.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.training.cli.AuditCommand;
import org.korrekt.training.cli.TrainingCli;
import org.korrekt.training.profile.Json;
import picocli.CommandLine;

/**
 * {@code korrekt audit} on a hand-made table with known counts. Every expected number below was
 * computed by hand from the counts (Wilson intervals for proportions, the delta method on the log
 * scale for ratios), not by korrekt.
 *
 * <p>The table: 100 women, 50 men. Women: 20 selected (12 incorrect, 8 error-free), 10 drawn by
 * the random control sample (3 incorrect, 7 error-free), 70 never investigated. Men: 5 selected
 * (4 incorrect, 1 error-free), 10 random (2 incorrect, 8 error-free), 35 never investigated.
 * Outcomes are known only for investigated rows, so true- and false-positive rates are estimated
 * with the random control sample.
 */
class AuditCommandTest {

    @TempDir
    Path dir;

    @Test
    void reproducesEveryNumberOfAHandComputedTable() throws IOException {
        Path csv = table();
        Run run = run(
                "--data",
                csv.toString(),
                "--selected",
                "controlled=ja",
                "--random",
                "urval=slump",
                "--outcome",
                "utfall=fel,delvis fel",
                "--group",
                "kon",
                "--format",
                "json");

        assertThat(run.status).as(run.err).isEqualTo(1); // the gate fails: exit status 1
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>)
                Json.read(new ByteArrayInputStream(run.out.getBytes(StandardCharsets.UTF_8)), "audit");
        assertThat(json.get("rows")).isEqualTo(150.0);
        Map<String, Object> gate = map(json.get("gate"));
        assertThat(gate.get("verdict")).isEqualTo("FAIL");
        assertThat(list(gate.get("failures"))).hasSize(2);
        Map<String, Object> sex = map(list(json.get("attributes")).get(0));
        assertThat(sex.get("reference")).isEqualTo("F");
        assertThat(sex.get("outcomesComplete")).isEqualTo(false);
        Map<String, Object> women = map(list(sex.get("groups")).get(0));
        Map<String, Object> men = map(list(sex.get("groups")).get(1));

        assertThat(women.get("group")).isEqualTo("F");
        assertThat(women.get("rows")).isEqualTo(100.0);
        assertThat(women.get("selected")).isEqualTo(20.0);
        assertThat(women.get("randomControl")).isEqualTo(10.0);
        assertThat(women.get("positives")).isEqualTo(15.0);
        assertThat((double) women.get("shareOfRows")).isCloseTo(100 / 150.0, within(1e-12));
        assertThat((double) women.get("shareOfSelected")).isCloseTo(0.8, within(1e-12));
        assertThat((double) women.get("shareOfRandomControl")).isCloseTo(0.5, within(1e-12));
        interval(women, "selectionRate", 0.2, 0.1333669333310325, 0.2888291655931589);
        interval(women, "selectionRelativeToRandom", 1.6, 0.9899631701741547, 2.5859547881459513);
        interval(women, "precision", 0.6, 0.3865815007622531, 0.781193467627183);
        // (12/100) / (3/10); the upper bound 1.184 is clamped to 1: a rate is at most 1
        interval(women, "truePositiveRate", 0.4, 0.13510951072345176, 1.0);
        interval(women, "falsePositiveRate", 0.1142857142857143, 0.05245646486033344, 0.24899170244452684);
        interval(women, "randomControlIncorrectRate", 0.3, 0.10779126740630099, 0.6032218525388546);
        interval(women, "selectionRateRatio", 1.0, 1.0, 1.0);
        // the reference is what the others are judged against, not judged itself
        assertThat(women.get("gate")).isEqualTo("REFERENCE");

        assertThat(men.get("rows")).isEqualTo(50.0);
        interval(men, "selectionRate", 0.1, 0.04347576493189041, 0.21360231437479654);
        interval(men, "selectionRelativeToRandom", 0.4, 0.16292601714970656, 0.9820408231852993);
        interval(men, "precision", 0.8, 0.37553462976252533, 0.9637758913675698);
        interval(men, "truePositiveRate", 0.4, 0.08441890442399878, 1.0);
        interval(men, "falsePositiveRate", 0.025, 0.0035043955079916153, 0.1783474492461584);
        interval(men, "randomControlIncorrectRate", 0.2, 0.05668215145437519, 0.5098375284633583);
        interval(men, "selectionRateRatio", 0.5, 0.19939813456532643, 1.2537730131978515);
        interval(men, "precisionRatio", 1.3333333333333335, 0.7572129217741902, 2.34779112539753);
        interval(men, "truePositiveRateRatio", 1.0, 0.1500355000178476, 6.665089261415093);
        interval(men, "falsePositiveRateRatio", 0.21875, 0.02642698434843009, 1.8107083982453203);
        assertThat(men.get("gate")).isEqualTo("FAIL");
        assertThat(list(gate.get("failures")))
                .anySatisfy(f -> assertThat((String) f).startsWith("kon=M: selectionRateRatio 0.500"))
                .anySatisfy(f -> assertThat((String) f).startsWith("kon=M: falsePositiveRateRatio 0.219"));
    }

    @Test
    void intervalDecisionPassesWhatTheEstimateFailsAndMarkdownShowsTheSameNumbers() throws IOException {
        Path csv = table();
        // both failing ratios have intervals that reach into [0.8, 1.25]: not significant
        Run run = run(
                "--data",
                csv.toString(),
                "--selected",
                "controlled=ja",
                "--random",
                "urval=slump",
                "--outcome",
                "utfall=fel,delvis fel",
                "--group",
                "kon",
                "--decide-on",
                "interval");
        assertThat(run.status).as(run.err).isZero();
        assertThat(run.out)
                .contains("**Gate: PASS**")
                .contains("| M | 50 | 5 | 10 | 0.100 (0.043-0.214) | 0.400 (0.163-0.982) | 0.800 (0.376-0.964)")
                .contains("0.219 (0.026-1.811) | PASS |");
    }

    /**
     * A selection of the smaller group only: the largest group, with no selected row, is not the
     * reference (every ratio to it would be undefined, and the gate used to pass what it could not
     * judge); and a selection of nobody, a typo in the value say, judges nothing.
     */
    @Test
    void aSelectionOfOneGroupOnlyFailsAndASelectionOfNobodyIsNotEvaluated() throws IOException {
        Path csv = dir.resolve("one-group.csv");
        List<String> lines = new ArrayList<>(List.of("kon,vald,slump,fel"));
        for (int i = 0; i < 400; i++) {
            // women: none selected; 40 random-control rows, 8 of them incorrect
            lines.add("F,0," + (i < 40 ? 1 : 0) + "," + (i < 8 ? 1 : 0));
        }
        for (int i = 0; i < 150; i++) {
            // men: 10 selected (6 incorrect); 15 random-control rows, 3 of them incorrect
            boolean selected = i < 10;
            boolean random = i >= 10 && i < 25;
            boolean incorrect = i < 6 || (i >= 10 && i < 13);
            lines.add("M," + (selected ? 1 : 0) + "," + (random ? 1 : 0) + "," + (incorrect ? 1 : 0));
        }
        Files.write(csv, lines);
        Run men = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=1",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--outcome-known",
                "vald=1",
                "--group",
                "kon",
                "--format",
                "json");
        assertThat(men.status).as(men.err).isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>)
                Json.read(new ByteArrayInputStream(men.out.getBytes(StandardCharsets.UTF_8)), "audit");
        Map<String, Object> sex = map(list(json.get("attributes")).get(0));
        assertThat(sex.get("reference")).isEqualTo("M");
        Map<String, Object> women = map(list(sex.get("groups")).get(1));
        assertThat(women.get("group")).isEqualTo("F");
        assertThat(women.get("gate")).isEqualTo("FAIL");
        // 0 of 400 over 10 of 150: 0, and its interval from 0 to (Wilson top of 0/400) / (Wilson bottom of 10/150)
        Map<String, Object> ratio = map(women.get("selectionRateRatio"));
        assertThat((double) ratio.get("value")).isEqualTo(0.0);
        assertThat((double) ratio.get("high"))
                .isCloseTo(
                        Interval.proportion(0, 400).high()
                                / Interval.proportion(10, 150).low(),
                        within(1e-12));
        assertThat(map(json.get("gate")).get("verdict")).isEqualTo("FAIL");
        // significant too: the whole interval lies below 0.8
        Run interval = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=1",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--outcome-known",
                "vald=1",
                "--group",
                "kon",
                "--decide-on",
                "interval");
        assertThat(interval.status).as(interval.out).isEqualTo(1);

        Run nobody = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=ja",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--outcome-known",
                "vald=1",
                "--group",
                "kon");
        assertThat(nobody.out)
                .contains("NOT_EVALUATED")
                .contains("kon=M: selectionRateRatio undefined")
                .doesNotContain("Gate: PASS");
        assertThat(nobody.status).as(nobody.out).isNotEqualTo(1);
    }

    /**
     * Outcomes known for selected and random-control rows only, so the false-positive rate is
     * estimated: a group none of whose rows is selected has an estimated rate of 0, which under
     * the interval decision passed for want of an interval. It now has one, from 0, and fails when
     * that lies below the bounds; and a gate whose only judgeable group is the reference judges nothing.
     */
    @Test
    void anEstimatedRateOfNoneHasAnIntervalAndTheReferenceAloneIsNotAJudgement() throws IOException {
        Path csv = dir.resolve("estimated.csv");
        List<String> lines = new ArrayList<>(List.of("kon,vald,slump,fel,kollad"));
        for (int i = 0; i < 200; i++) {
            // men: 60 selected (20 incorrect); 40 random-control rows, 8 incorrect
            boolean selected = i < 60;
            boolean random = i >= 60 && i < 100;
            boolean incorrect = i < 20 || (i >= 60 && i < 68);
            lines.add("M," + (selected ? 1 : 0) + "," + (random ? 1 : 0) + "," + (incorrect ? 1 : 0) + ","
                    + (selected || random ? 1 : 0));
        }
        for (int i = 0; i < 200; i++) {
            // women: none selected; 40 random-control rows, 8 incorrect
            lines.add("F,0," + (i < 40 ? 1 : 0) + "," + (i < 8 ? 1 : 0) + "," + (i < 40 ? 1 : 0));
        }
        Files.write(csv, lines);
        Run interval = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=1",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--outcome-known",
                "kollad=1",
                "--group",
                "kon",
                "--decide-on",
                "interval",
                "--reference",
                "kon=M",
                "--bound",
                "falsePositiveRateRatio=0.8,1.25",
                "--format",
                "json");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>)
                Json.read(new ByteArrayInputStream(interval.out.getBytes(StandardCharsets.UTF_8)), "audit");
        Map<String, Object> women =
                map(list(map(list(json.get("attributes")).get(0)).get("groups")).get(1));
        assertThat(women.get("group")).isEqualTo("F");
        Map<String, Object> fpr = map(women.get("falsePositiveRateRatio"));
        assertThat((double) fpr.get("value")).isEqualTo(0.0);
        assertThat((double) fpr.get("high")).isLessThan(0.8);
        assertThat(women.get("gate")).isEqualTo("FAIL");
        assertThat(interval.status).as(interval.out).isEqualTo(1);

        // bound only what cannot be estimated for the other group: the reference alone is no judgement
        Run referenceOnly = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=1",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--outcome-known",
                "kollad=1",
                "--group",
                "kon",
                "--reference",
                "kon=F",
                "--bound",
                "precisionRatio=0.8,1.25");
        assertThat(referenceOnly.out).contains("NOT_EVALUATED").doesNotContain("Gate: PASS");
    }

    @Test
    void countsRatesDirectlyWhenEveryOutcomeIsKnownAndReportsScores() throws IOException {
        Path csv = dir.resolve("complete.csv");
        List<String> lines = new ArrayList<>(List.of("grupp,vald,slump,fel,poang"));
        // group a: 4 rows: selected+incorrect (0.9), selected+correct (0.8), incorrect (0.3), correct (0.1)
        lines.addAll(List.of("a,1,0,1,0.9", "a,1,0,0,0.8", "a,0,1,1,0.3", "a,0,0,0,0.1"));
        // group b: 2 rows: incorrect not selected (0.2), correct selected (0.7)
        lines.addAll(List.of("b,0,1,1,0.2", "b,1,0,0,0.7"));
        Files.write(csv, lines);
        Run run = run(
                "--data",
                csv.toString(),
                "--selected",
                "vald=1",
                "--random",
                "slump=1",
                "--outcome",
                "fel=1",
                "--group",
                "grupp",
                "--score",
                "poang",
                "--min-group-rows",
                "1",
                "--format",
                "json");
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>)
                Json.read(new ByteArrayInputStream(run.out.getBytes(StandardCharsets.UTF_8)), "audit");
        Map<String, Object> attribute = map(list(json.get("attributes")).get(0));
        assertThat(attribute.get("outcomesComplete")).isEqualTo(true);
        Map<String, Object> a = map(list(attribute.get("groups")).get(0));
        Map<String, Object> b = map(list(attribute.get("groups")).get(1));
        assertThat((double) map(a.get("truePositiveRate")).get("value")).isEqualTo(0.5); // 1 of 2 incorrect
        assertThat((double) map(a.get("falsePositiveRate")).get("value")).isEqualTo(0.5); // 1 of 2 correct
        assertThat((double) map(b.get("truePositiveRate")).get("value")).isEqualTo(0.0);
        assertThat((double) map(b.get("falsePositiveRate")).get("value")).isEqualTo(1.0);
        assertThat((double) map(b.get("falsePositiveRateRatio")).get("value")).isEqualTo(2.0);
        // zero count: no delta method; the ratio of the Wilson intervals' ends, from 0
        Map<String, Object> zero = map(b.get("truePositiveRateRatio"));
        assertThat((double) zero.get("value")).isEqualTo(0.0);
        assertThat((double) zero.get("low")).isEqualTo(0.0);
        double bTop = (double) map(b.get("truePositiveRate")).get("high");
        double aBottom = (double) map(a.get("truePositiveRate")).get("low");
        assertThat((double) zero.get("high")).isCloseTo(bTop / aBottom, within(1e-12));
        List<Object> scores = list(json.get("scores"));
        // a: mean (0.9+0.8+0.3+0.1)/4; AUC: positives {0.9, 0.3} vs negatives {0.8, 0.1}: 3 of 4 pairs
        assertThat((double) map(scores.get(0)).get("meanScore")).isCloseTo(0.525, within(1e-12));
        assertThat((double) map(scores.get(0)).get("rocAuc")).isEqualTo(0.75);
        assertThat((double) map(scores.get(1)).get("rocAuc")).isEqualTo(0.0);
    }

    @Test
    void namesTheProblemWithBadInput() throws IOException {
        Path csv = table();
        Run missing = run(args(csv, "controlled=ja", "no_such_column"));
        assertThat(missing.status).isEqualTo(2);
        assertThat(missing.err).contains("no_such_column");
        Run badBound = run(args(csv, "controlled=ja", "kon", "--bound", "selectionRatio=0.8,1.25"));
        assertThat(badBound.status).isEqualTo(2);
        assertThat(badBound.err).contains("unknown metric 'selectionRatio'");
        Run badSelector = run(args(csv, "controlled", "kon"));
        assertThat(badSelector.status).isEqualTo(2);
        assertThat(badSelector.err).contains("--selected must be COL=VALUES");
    }

    @Test
    void refusesAnOutItCannotWriteSayingWhyBeforeReadingTheTable() throws IOException {
        Path csv = table();
        Path nowhere = dir.resolve("no-such-folder").resolve("audit.md");
        Path file = Files.writeString(dir.resolve("a-file"), "");

        Run noFolder = run(args(csv, "controlled=ja", "kon", "--out", nowhere.toString()));
        Run underFile = run(args(
                csv, "controlled=ja", "kon", "--out", file.resolve("audit.md").toString()));
        Run folder = run(args(csv, "controlled=ja", "kon", "--out", dir.toString()));
        Run beforeReading = run(args(dir.resolve("missing.csv"), "controlled=ja", "kon", "--out", nowhere.toString()));

        assertThat(noFolder.status).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(noFolder.err)
                .isEqualTo("korrekt audit: --out " + nowhere + ": the folder " + nowhere.getParent() + " does not exist"
                        + System.lineSeparator());
        assertThat(underFile.status).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(underFile.err).contains(": " + file + " is a file, not a folder");
        assertThat(folder.status).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(folder.err).contains("--out " + dir + " is a folder; it must be a file");
        assertThat(beforeReading.err).contains("the folder " + nowhere.getParent() + " does not exist");
    }

    @Test
    void refusesAGroupGivenTwice() throws IOException {
        Run twice = run(args(table(), "controlled=ja", "kon", "--group", "kon"));

        assertThat(twice.status).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(twice.err)
                .isEqualTo("korrekt audit: --group kon is given twice; give each column once" + System.lineSeparator());
        assertThat(twice.out).isEmpty();
    }

    @Test
    void listsTheGateBoundsInTheOrderOfTheMetricsHoweverGiven() throws IOException {
        Path csv = table();
        String line =
                "**Gate: FAIL** (bounds: selectionRateRatio [0.800, 1.250] falsePositiveRateRatio [0.800, 1.250];";

        Run byDefault = run(args(csv, "controlled=ja", "kon"));
        Run reversed = run(args(
                csv,
                "controlled=ja",
                "kon",
                "--bound",
                "falsePositiveRateRatio=0.8,1.25",
                "--bound",
                "selectionRateRatio=0.8,1.25"));
        Run json = run(args(
                csv,
                "controlled=ja",
                "kon",
                "--bound",
                "falsePositiveRateRatio=0.8,1.25",
                "--bound",
                "selectionRateRatio=0.8,1.25",
                "--format",
                "json"));

        assertThat(byDefault.out).as(byDefault.err).contains(line);
        assertThat(reversed.out).isEqualTo(byDefault.out);
        assertThat(json.out.replaceAll("\\s+", ""))
                .contains("\"bounds\":{\"selectionRateRatio\":[0.8,1.25],\"falsePositiveRateRatio\":[0.8,1.25]}");
        // the default gate is Map.of, which iterates in an order that changes from one JVM to the next
        assertThat(FairnessGate.DEFAULT.bounds().keySet())
                .containsExactly("selectionRateRatio", "falsePositiveRateRatio");
    }

    /** The hand-made table's audit with {@code selected} and {@code group}, then {@code extra}. */
    private static String[] args(Path csv, String selected, String group, String... extra) {
        List<String> all = new ArrayList<>(List.of(
                "--data",
                csv.toString(),
                "--selected",
                selected,
                "--random",
                "urval=slump",
                "--outcome",
                "utfall=fel",
                "--group",
                group));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    private Path table() throws IOException {
        List<String> lines = new ArrayList<>(List.of("id,kon,controlled,urval,utfall"));
        int id = 0;
        id = rows(lines, id, "F", "ja", "", "fel", 11);
        id = rows(lines, id, "F", "ja", "", "delvis fel", 1);
        id = rows(lines, id, "F", "ja", "", "rätt", 8);
        id = rows(lines, id, "F", "nej", "slump", "fel", 3);
        id = rows(lines, id, "F", "nej", "slump", "rätt", 7);
        id = rows(lines, id, "F", "nej", "", "", 70);
        id = rows(lines, id, "M", "ja", "", "fel", 4);
        id = rows(lines, id, "M", "ja", "", "rätt", 1);
        id = rows(lines, id, "M", "nej", "slump", "fel", 2);
        id = rows(lines, id, "M", "nej", "slump", "rätt", 8);
        rows(lines, id, "M", "nej", "", "", 35);
        Path csv = dir.resolve("urval.csv");
        Files.write(csv, lines, StandardCharsets.UTF_8);
        return csv;
    }

    private static int rows(
            List<String> lines, int id, String sex, String controlled, String sample, String outcome, int n) {
        for (int i = 0; i < n; i++) {
            lines.add((id + i) + "," + sex + "," + controlled + "," + sample + "," + outcome);
        }
        return id + n;
    }

    private static void interval(Map<String, Object> group, String metric, double value, double low, double high) {
        Map<String, Object> i = map(group.get(metric));
        assertThat((double) i.get("value")).as(metric).isCloseTo(value, within(1e-12));
        assertThat((double) i.get("low")).as(metric + " low").isCloseTo(low, within(1e-12));
        assertThat((double) i.get("high")).as(metric + " high").isCloseTo(high, within(1e-12));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TrainingCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(prepend("audit", args));
        return new Run(status, out.toString(), err.toString());
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
