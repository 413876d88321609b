package org.korrekt.training.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.korrekt.training.anomaly.AnomalyEvaluation;
import org.korrekt.training.anomaly.AnomalyEvaluation.Protocol;
import org.korrekt.training.anomaly.IsolationForestConfig;
import org.korrekt.training.anomaly.LabelledTable;
import org.korrekt.training.data.CsvTable;
import org.korrekt.training.data.CsvTable.ColumnType;
import org.korrekt.training.data.IoProblems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt anomaly}: trains korrekt's isolation forest on a labelled CSV table and reports how
 * well its anomaly score ranks the positive rows first (ROC AUC and PR AUC, mean and standard
 * deviation over runs). The label is only used to measure, never to train.
 */
@Command(
        name = "anomaly",
        mixinStandardHelpOptions = true,
        description = "Train korrekt's isolation forest on a CSV table (numeric columns as they are, categorical"
                + " columns one-hot encoded) and report ROC AUC and PR AUC against a yes/no label column")
public final class AnomalyCommand implements Callable<Integer> {

    /** The exit status of a user error (bad file, unknown column, bad label values). */
    public static final int USER_ERROR = 2;

    /** Text a POSIX shell passes on as one word unquoted. */
    private static final Pattern SHELL_WORD = Pattern.compile("[A-Za-z0-9_.,/:=@%+-]+");

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "The CSV file, UTF-8 with a header row.")
    Path data;

    @Option(
            names = "--label",
            required = true,
            description = "The label column: yes/no, ja/nej, true/false or 1/0 (any case); yes = outlier.")
    String label;

    @Option(
            names = "--protocol",
            defaultValue = "paper",
            description = "paper: fit and score on every row (Liu et al. 2008); split: 60/40 train/test with"
                    + " z-scores fitted on the training part (PyOD benchmark). Default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(
            names = "--ignore",
            split = ",",
            paramLabel = "COLUMN",
            description = "Columns to leave out, comma-separated: an id, a date, anything that gives the label away.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--seed", defaultValue = "0", description = "The first run's seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--runs",
            defaultValue = "10",
            description = "Runs, seeds seed..seed+runs-1. Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--trees", defaultValue = "100", description = "Trees per forest. Default: ${DEFAULT-VALUE}.")
    int trees;

    @Option(
            names = "--sample",
            defaultValue = "256",
            description = "Sub-sample size per tree. Default: ${DEFAULT-VALUE}.")
    int sample;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Protocol chosen = parseProtocol(protocol);
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be >= 1, was " + runs);
            }
            if (seed > Long.MAX_VALUE - (runs - 1)) {
                // the runs' seeds are seed..seed+runs-1, and must not wrap round to negative ones
                throw new IllegalArgumentException("--seed must be at most " + (Long.MAX_VALUE - (runs - 1))
                        + " with --runs " + runs + ", was " + seed);
            }
            // the bounds of a profile's isolationForest: a sample of one point isolates nothing
            if (trees < 1 || trees > 100_000) {
                throw new IllegalArgumentException("--trees must be in [1, 100000], was " + trees);
            }
            if (sample < 2 || sample > 1 << 20) {
                throw new IllegalArgumentException("--sample must be in [2, 1048576], was " + sample);
            }
            if (Files.isRegularFile(data)
                    && !data.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                throw new IllegalArgumentException(data + ": korrekt anomaly reads a CSV file (a name ending in .csv)");
            }
            IsolationForestConfig config = new IsolationForestConfig(trees, sample, seed);
            // blank items (a trailing comma, --ignore "") name no column; a name in double quotes
            // may hold a comma (picocli does not split inside quotes, and keeps them)
            List<String> ignored = ignore.stream()
                    .map(String::trim)
                    .map(name -> name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")
                            ? name.substring(1, name.length() - 1)
                            : name)
                    .filter(name -> !name.isBlank())
                    .toList();
            List<String> strays = new ArrayList<>();
            LabelledTable table = LabelledTable.read(CsvTable.open(data), label, ignored, strays);
            for (String stray : strays) {
                err.println("WARNING: " + stray + "; or leave the column out with --ignore");
            }
            err.flush();
            int positives = table.positives();
            if (table.rowCount() == 0) {
                throw new IllegalArgumentException(data + " has a header and no data rows");
            }
            if (positives == 0 || positives == table.rowCount()) {
                throw new IllegalArgumentException("the label column '" + label + "' holds one class only (" + positives
                        + " positive of " + table.rowCount() + " rows); ROC and PR AUC need both");
            }
            List<String> identifiers = table.likelyIdentifiers();
            if (!identifiers.isEmpty()) {
                err.println(String.format(
                        Locale.ROOT,
                        "WARNING: %s more distinct values than half the %,d rows, each one-hot encoded: an id or free"
                                + " text? Leave %s out with --ignore %s",
                        identifiers.size() == 1
                                ? "column '" + identifiers.get(0) + "' holds"
                                : "columns '" + String.join("', '", identifiers) + "' hold",
                        table.rowCount(),
                        identifiers.size() == 1 ? "it" : "them",
                        ignoreArgument(identifiers)));
                err.flush();
            }
            AnomalyEvaluation.Result result = AnomalyEvaluation.evaluate(table, chosen, config, runs);
            if (Double.isNaN(result.meanRocAuc())) {
                throw new IllegalArgumentException(
                        "the test part of the split holds one class only; give more rows or" + " use --protocol paper");
            }
            out.println(String.format(
                    Locale.ROOT,
                    "%s: %d rows (%d positive, %.1f%%), %d feature columns (%d numeric, %d categorical)"
                            + " -> %d features",
                    data,
                    table.rowCount(),
                    positives,
                    100.0 * positives / table.rowCount(),
                    table.featureColumns().size(),
                    table.columnsOf(ColumnType.NUMERIC),
                    table.columnsOf(ColumnType.CATEGORICAL),
                    result.encodedFeatures()));
            int drawn = result.subSampleSize(config);
            out.println(String.format(
                    Locale.ROOT,
                    "isolation forest: %d trees, sample size %s, protocol %s, %s",
                    trees,
                    drawn == sample
                            ? Integer.toString(sample)
                            : drawn + " (every training row; --sample " + sample + ")",
                    chosen.name().toLowerCase(Locale.ROOT),
                    runs == 1
                            ? "1 run (seed " + seed + ")"
                            : runs + " runs (seeds " + seed + ".." + (seed + runs - 1) + ")"));
            // one run has no spread to give
            String rocSpread = runs > 1 ? String.format(Locale.ROOT, " ± %.4f", result.sdRocAuc()) : "";
            String prSpread = runs > 1 ? String.format(Locale.ROOT, " ± %.4f", result.sdAveragePrecision()) : "";
            out.println(String.format(Locale.ROOT, "ROC AUC %.4f%s", result.meanRocAuc(), rocSpread));
            out.println(String.format(
                    Locale.ROOT,
                    "PR AUC  %.4f%s (average precision; positive rate %.4f)",
                    result.meanAveragePrecision(),
                    prSpread,
                    (double) positives / table.rowCount()));
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("korrekt anomaly: cannot read " + data + ": " + IoProblems.describe(e));
            err.flush();
            return USER_ERROR;
        } catch (IllegalArgumentException e) {
            err.println("korrekt anomaly: " + e.getMessage());
            err.flush();
            return USER_ERROR;
        }
    }

    /**
     * The argument of {@code --ignore} that names {@code columns}, as a shell command line takes it:
     * each name without the blanks around it (a name matches a header with blanks around it), in
     * double quotes when it holds a comma (or --ignore would split it), the whole in single quotes
     * when it holds anything a shell would read otherwise ({@code 'ref,"memo, free text"'}).
     */
    private static String ignoreArgument(List<String> columns) {
        String names = columns.stream()
                .map(String::trim)
                .map(name -> name.contains(",") ? "\"" + name + "\"" : name)
                .collect(Collectors.joining(","));
        return SHELL_WORD.matcher(names).matches() ? names : "'" + names.replace("'", "'\\''") + "'";
    }

    private static Protocol parseProtocol(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "paper":
                return Protocol.PAPER;
            case "split":
                return Protocol.SPLIT;
            default:
                throw new IllegalArgumentException("--protocol must be paper or split, was '" + text + "'");
        }
    }
}
