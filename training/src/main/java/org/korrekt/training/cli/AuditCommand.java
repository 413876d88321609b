package org.korrekt.training.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.training.data.IoProblems;
import org.korrekt.training.data.TableRows;
import org.korrekt.training.evaluation.AuditReport;
import org.korrekt.training.evaluation.FairnessAudit;
import org.korrekt.training.evaluation.FairnessGate;
import org.korrekt.training.profile.Cells;
import org.korrekt.training.profile.CsvRows;
import org.korrekt.training.profile.ProfileException;
import org.korrekt.training.train.BinaryMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt audit}: the fairness audit of any table of past selections, with no model of
 * korrekt's: per group, how often it was selected, against its share of the random control sample,
 * how often a selection found an error, and how often the error-free were selected, with the gate's
 * verdict. Auditors run it on an agency's own records.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = "Audit a table of past selections per group: selection rates, shares against the random"
                + " control sample, precision, true- and false-positive rates, their ratios to a reference group"
                + " with 95 %% confidence intervals, and the fairness gate's verdict.")
public final class AuditCommand implements Callable<Integer> {

    /** The exit status of a user error (bad file, unknown column, bad option). */
    public static final int USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "The table: a CSV file, or Parquet (file, folder, glob).")
    String data;

    @Option(
            names = "--selected",
            required = true,
            description = "COL=VALUES: a row was selected when COL holds one of the comma-separated VALUES.")
    String selected;

    @Option(
            names = "--random",
            required = true,
            description = "COL=VALUES: a row was drawn by the random control sample when COL holds one of VALUES.")
    String random;

    @Option(
            names = "--outcome",
            required = true,
            description = "COL=VALUES: a row was incorrect when COL holds one of VALUES; an empty cell is unknown.")
    String outcome;

    @Option(
            names = "--outcome-known",
            description = "COL=VALUES: only rows whose COL holds one of VALUES have a known outcome (e.g."
                    + " investigated=true); the others count as unknown.")
    String outcomeKnown;

    @Option(names = "--group", required = true, description = "A group column to audit; repeat for several.")
    List<String> groups;

    @Option(names = "--score", description = "A score column: mean score and ROC AUC per group are added.")
    String score;

    @Option(
            names = "--reference",
            description = "COL=VALUE: the reference group of column COL (default: its largest group with a row"
                    + " selected, or its largest when none was); repeatable.")
    List<String> references = new ArrayList<>();

    @Option(
            names = "--bound",
            description = "METRIC=LOW,HIGH: a gate bound, e.g. selectionRateRatio=0.8,1.25; repeatable. Default:"
                    + " selectionRateRatio and falsePositiveRateRatio within [0.8, 1.25].")
    List<String> bounds = new ArrayList<>();

    @Option(
            names = "--min-group-rows",
            defaultValue = "30",
            description = "Groups with fewer rows are shown but not judged. Default: ${DEFAULT-VALUE}.")
    int minGroupRows;

    @Option(
            names = "--decide-on",
            defaultValue = "estimate",
            description = "estimate: a group fails when its estimate is out of bounds; interval: only when its whole"
                    + " 95 %% interval is. Default: ${DEFAULT-VALUE}.")
    String decideOn;

    @Option(names = "--format", defaultValue = "md", description = "md or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--out", description = "Write the report to this file instead of standard output.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (!format.equals("md") && !format.equals("json")) {
                throw new IllegalArgumentException("--format must be md or json, was '" + format + "'");
            }
            Selector isSelected = Selector.parse("--selected", selected);
            Selector isRandom = Selector.parse("--random", random);
            Selector isIncorrect = Selector.parse("--outcome", outcome);
            Selector isKnown = outcomeKnown == null ? null : Selector.parse("--outcome-known", outcomeKnown);
            FairnessGate gate = gate();
            Map<String, String> referenceOf = new HashMap<>();
            for (String r : references) {
                int eq = r.indexOf('=');
                if (eq <= 0 || eq == r.length() - 1) {
                    throw new IllegalArgumentException("--reference must be COL=VALUE, was '" + r + "'");
                }
                referenceOf.put(r.substring(0, eq), r.substring(eq + 1));
            }
            for (String column : referenceOf.keySet()) {
                if (!groups.contains(column)) {
                    throw new IllegalArgumentException("--reference names column '" + column + "', not a --group");
                }
            }
            Set<String> distinct = new HashSet<>();
            for (String group : groups) {
                if (!distinct.add(group)) {
                    throw new IllegalArgumentException("--group " + group + " is given twice; give each column once");
                }
            }
            // a bad --out is found now, not after the table has been read
            if (out != null) {
                checkOut();
            }

            Table table = read(isSelected, isRandom, isIncorrect, isKnown);
            List<FairnessAudit.AttributeAudit> audits = new ArrayList<>();
            for (int a = 0; a < groups.size(); a++) {
                audits.add(FairnessAudit.audit(
                        groups.get(a),
                        table.groups[a],
                        table.selected,
                        table.random,
                        table.outcome,
                        referenceOf.get(groups.get(a))));
            }
            AuditReport report = AuditReport.of(
                    isSelected.describe() + " (" + table.selectedCount() + " of " + table.rows + " rows)",
                    isIncorrect.describe() + (isKnown == null ? "" : ", known where " + isKnown.describe()),
                    gate,
                    audits);
            String text = format.equals("md") ? markdown(report, table) : json(report, table);
            if (out == null) {
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.print(text);
                stdout.flush();
            } else {
                try {
                    Files.writeString(out, text, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot write --out " + out + ": " + IoProblems.describe(e), e);
                }
                err.println("korrekt audit: wrote " + out);
                err.flush();
            }
            return report.verdict().outcome() == FairnessGate.Outcome.FAIL ? 1 : 0;
        } catch (IllegalArgumentException | IOException | ProfileException e) {
            err.println("korrekt audit: " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
    }

    /** Refuses an {@code --out} that is a folder, or whose folder does not exist. */
    private void checkOut() {
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder; it must be a file");
        }
        Path folder = out.toAbsolutePath().getParent();
        if (folder != null && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException("--out " + out + ": "
                    + (Files.exists(folder)
                            ? folder + " is a file, not a folder"
                            : "the folder " + folder + " does not exist"));
        }
    }

    private FairnessGate gate() {
        FairnessGate.Decision decision =
                switch (decideOn) {
                    case "estimate" -> FairnessGate.Decision.ESTIMATE;
                    case "interval" -> FairnessGate.Decision.INTERVAL;
                    default ->
                        throw new IllegalArgumentException(
                                "--decide-on must be estimate or interval, was '" + decideOn + "'");
                };
        if (bounds.isEmpty()) {
            return new FairnessGate(FairnessGate.DEFAULT.bounds(), minGroupRows, decision);
        }
        Map<String, FairnessGate.Bounds> parsed = new LinkedHashMap<>();
        for (String b : bounds) {
            String[] parts = b.split("[=,]");
            if (parts.length != 3) {
                throw new IllegalArgumentException("--bound must be METRIC=LOW,HIGH, was '" + b + "'");
            }
            try {
                parsed.put(
                        parts[0].trim(),
                        new FairnessGate.Bounds(
                                Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[2].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--bound needs numbers, was '" + b + "'", e);
            }
        }
        return new FairnessGate(parsed, minGroupRows, decision);
    }

    private Table read(Selector isSelected, Selector isRandom, Selector isIncorrect, Selector isKnown)
            throws IOException, ProfileException {
        URI uri = DataLocation.toUri(data);
        String path = uri.getPath() == null ? data : uri.getPath();
        TableRows rows = path.toLowerCase(Locale.ROOT).endsWith(".csv")
                ? CsvRows.of(Path.of(uri.getScheme() == null ? data : uri.getPath()))
                : TableRows.parquet(uri, new Configuration());
        List<String> wanted = new ArrayList<>();
        int selectedAt = add(wanted, isSelected.column);
        int randomAt = add(wanted, isRandom.column);
        int outcomeAt = add(wanted, isIncorrect.column);
        int knownAt = isKnown == null ? -1 : add(wanted, isKnown.column);
        int[] groupAt = new int[groups.size()];
        for (int a = 0; a < groups.size(); a++) {
            groupAt[a] = add(wanted, groups.get(a));
        }
        int scoreAt = score == null ? -1 : add(wanted, score);
        Table table = new Table(groups.size());
        Map<String, String> interned = new HashMap<>();
        rows.forEach(wanted, cells -> {
            String[] g = new String[groupAt.length];
            for (int a = 0; a < groupAt.length; a++) {
                String text = Cells.text(cells[groupAt[a]]);
                g[a] = text == null ? null : interned.computeIfAbsent(text, t -> t);
            }
            String result = Cells.text(cells[outcomeAt]);
            byte o;
            if (result == null || (knownAt >= 0 && !isKnown.matches(cells[knownAt]))) {
                o = FairnessAudit.UNKNOWN;
            } else {
                o = isIncorrect.matches(cells[outcomeAt]) ? FairnessAudit.POSITIVE : FairnessAudit.NEGATIVE;
            }
            double s = scoreAt < 0 ? Double.NaN : Cells.number(cells[scoreAt], score);
            table.add(g, isSelected.matches(cells[selectedAt]), isRandom.matches(cells[randomAt]), o, s);
        });
        if (table.rows == 0) {
            throw new IllegalArgumentException(rows.source() + " has no rows");
        }
        table.trim();
        return table;
    }

    private static int add(List<String> wanted, String column) {
        int at = wanted.indexOf(column);
        if (at >= 0) {
            return at;
        }
        wanted.add(column);
        return wanted.size() - 1;
    }

    private String markdown(AuditReport report, Table table) {
        StringBuilder md = new StringBuilder("# Fairness audit of " + data + "\n\n");
        md.append(report.markdown());
        if (score != null) {
            md.append("\n### Score ").append(score).append(" per group\n\n");
            md.append(
                    "| attribute | group | mean score | ROC AUC (rows with a known outcome) |\n|---|---|---:|---:|\n");
            for (ScoreStats s : scoreStats(table)) {
                md.append(String.format(
                        Locale.ROOT, "| %s | %s | %s | %s |%n", s.attribute, s.group, fmt(s.mean), fmt(s.rocAuc)));
            }
        }
        return md.toString();
    }

    private String json(AuditReport report, Table table) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("data", data);
            g.writeNumberField("rows", table.rows);
            report.writeFields(g);
            if (score != null) {
                g.writeArrayFieldStart("scores");
                for (ScoreStats s : scoreStats(table)) {
                    g.writeStartObject();
                    g.writeStringField("attribute", s.attribute);
                    g.writeStringField("group", s.group);
                    AuditReport.number(g, "meanScore", s.mean);
                    AuditReport.number(g, "rocAuc", s.rocAuc);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return bytes.toString(StandardCharsets.UTF_8) + "\n";
    }

    private static String fmt(double d) {
        return Double.isNaN(d) ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private record ScoreStats(String attribute, String group, double mean, double rocAuc) {}

    /** Mean score over rows with a score, and ROC AUC over rows with both a score and a known outcome. */
    private List<ScoreStats> scoreStats(Table table) {
        List<ScoreStats> stats = new ArrayList<>();
        for (int a = 0; a < groups.size(); a++) {
            Map<String, List<Integer>> members = new TreeMap<>();
            for (int i = 0; i < table.rows; i++) {
                String g = table.groups[a][i] == null ? FairnessAudit.MISSING : table.groups[a][i];
                members.computeIfAbsent(g, k -> new ArrayList<>()).add(i);
            }
            for (Map.Entry<String, List<Integer>> e : members.entrySet()) {
                double sum = 0;
                int scored = 0;
                List<Double> known = new ArrayList<>();
                List<Boolean> labels = new ArrayList<>();
                for (int i : e.getValue()) {
                    double s = table.score[i];
                    if (Double.isNaN(s)) {
                        continue;
                    }
                    sum += s;
                    scored++;
                    if (table.outcome[i] != FairnessAudit.UNKNOWN) {
                        known.add(s);
                        labels.add(table.outcome[i] == FairnessAudit.POSITIVE);
                    }
                }
                double[] k = new double[known.size()];
                boolean[] l = new boolean[known.size()];
                for (int i = 0; i < k.length; i++) {
                    k[i] = known.get(i);
                    l[i] = labels.get(i);
                }
                stats.add(new ScoreStats(
                        groups.get(a),
                        e.getKey(),
                        scored == 0 ? Double.NaN : sum / scored,
                        k.length == 0 ? Double.NaN : BinaryMetrics.rocAuc(k, l)));
            }
        }
        return stats;
    }

    /** {@code COL=V1,V2}: whether a cell holds one of the values (text, case-insensitive). */
    private record Selector(String option, String column, Set<String> values) {

        static Selector parse(String option, String text) {
            int eq = text.indexOf('=');
            if (eq <= 0 || eq == text.length() - 1) {
                throw new IllegalArgumentException(option + " must be COL=VALUES, was '" + text + "'");
            }
            Set<String> values = new LinkedHashSet<>();
            for (String v : text.substring(eq + 1).split(",")) {
                if (!v.trim().isEmpty()) {
                    values.add(v.trim().toLowerCase(Locale.ROOT));
                }
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException(option + " names no value: '" + text + "'");
            }
            return new Selector(option, text.substring(0, eq).trim(), values);
        }

        boolean matches(Object cell) {
            String text = Cells.text(cell);
            return text != null && values.contains(text.toLowerCase(Locale.ROOT));
        }

        String describe() {
            return column + " in {" + String.join(", ", values) + "}";
        }
    }

    /** The audited columns, growable. */
    private static final class Table {
        int rows;
        String[][] groups;
        boolean[] selected = new boolean[1024];
        boolean[] random = new boolean[1024];
        byte[] outcome = new byte[1024];
        double[] score = new double[1024];

        Table(int attributes) {
            groups = new String[attributes][1024];
        }

        void add(String[] g, boolean isSelected, boolean isRandom, byte o, double s) {
            if (rows == selected.length) {
                int grown = rows * 2;
                for (int a = 0; a < groups.length; a++) {
                    groups[a] = Arrays.copyOf(groups[a], grown);
                }
                selected = Arrays.copyOf(selected, grown);
                random = Arrays.copyOf(random, grown);
                outcome = Arrays.copyOf(outcome, grown);
                score = Arrays.copyOf(score, grown);
            }
            for (int a = 0; a < g.length; a++) {
                groups[a][rows] = g[a];
            }
            selected[rows] = isSelected;
            random[rows] = isRandom;
            outcome[rows] = o;
            score[rows] = s;
            rows++;
        }

        void trim() {
            for (int a = 0; a < groups.length; a++) {
                groups[a] = Arrays.copyOf(groups[a], rows);
            }
            selected = Arrays.copyOf(selected, rows);
            random = Arrays.copyOf(random, rows);
            outcome = Arrays.copyOf(outcome, rows);
            score = Arrays.copyOf(score, rows);
        }

        long selectedCount() {
            long c = 0;
            for (boolean b : selected) {
                c += b ? 1 : 0;
            }
            return c;
        }
    }
}
