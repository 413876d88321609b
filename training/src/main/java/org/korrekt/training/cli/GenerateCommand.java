package org.korrekt.training.cli;

import java.io.Console;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.data.IoProblems;
import org.korrekt.training.synthetic.CalibrationReport;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.synthetic.Mechanism;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code korrekt generate}: writes a calibrated synthetic claims history as Parquet. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Generate a synthetic claims history calibrated to the published 2023 figures: one Parquet"
                + " file per table, calibration.json and calibration.md, and the applications after the history"
                + " twice: incoming.jsonl in the scoring API's format, incoming.parquet as a payment run for"
                + " 'korrekt score'.")
public final class GenerateCommand implements Callable<Integer> {

    /** The exit status of a user error (an option out of range, an --out that is a file). */
    public static final int USER_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Output folder: a local path or an hdfs:// URI.")
    String out;

    @Option(names = "--scale", description = "Fraction of 2023 volumes (default: ${DEFAULT-VALUE}, i.e. 1:100).")
    double scale = HistoryConfig.DEFAULT_SCALE;

    @Option(names = "--years", description = "Calendar years to simulate (default: ${DEFAULT-VALUE}).")
    int years = HistoryConfig.DEFAULT_YEARS;

    @Option(names = "--start-year", description = "First year (default: ${DEFAULT-VALUE}).")
    int startYear = HistoryConfig.DEFAULT_START_YEAR;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = HistoryConfig.DEFAULT_SEED;

    @Option(
            names = "--mechanisms",
            description = "Relative mechanism rates, e.g. G2=0,G7=2 (0 switches one off; default: all 1).")
    String mechanisms = "";

    @Option(
            names = "--biased-detection",
            description = "Add the biased notification channel of domain.md 7.9 (more detections for people born"
                    + " outside Europe), to show label bias in audits.")
    boolean biasedDetection;

    @Option(
            names = "--incoming",
            description = "Applications after the history, for scoring (default: ${DEFAULT-VALUE}).")
    int incoming = HistoryConfig.DEFAULT_INCOMING;

    @Override
    public Integer call() throws Exception {
        HistoryConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            return userError(e.getMessage());
        }
        URI folder = DataLocation.toUri(out);
        Configuration conf = new Configuration();
        // a bad --out is found now, not after the history has been generated
        try {
            Path path = new Path(folder);
            FileSystem fs = path.getFileSystem(conf);
            if (fs.exists(path) && !fs.getFileStatus(path).isDirectory()) {
                return userError("--out " + out + " is a file; it must be a folder (made if missing)");
            }
            if (!fs.mkdirs(path)) {
                return userError("cannot make the folder --out " + out);
            }
        } catch (IOException e) {
            return userError("cannot make the folder --out " + out + ": " + IoProblems.describe(e));
        }
        long start = System.nanoTime();
        GeneratedHistory history;
        Map<String, ProgressBar> bars = new HashMap<>();
        try {
            history = new HistoryGenerator(config)
                    .generate((stage, done, total) ->
                            bars.computeIfAbsent(stage, s -> bar(s, total)).stepTo(done));
        } finally {
            bars.values().forEach(ProgressBar::close);
            bars.clear();
        }
        HistoryWriter writer = new HistoryWriter(conf);
        try {
            writer.write(history, folder, (table, written, total) -> bars.computeIfAbsent(
                            table, t -> bar("Writing " + t + ".parquet", total))
                    .stepTo(written));
        } finally {
            bars.values().forEach(ProgressBar::close);
        }
        CalibrationReport report = CalibrationReport.of(history);
        try (OutputStream json = writer.create(HistoryWriter.child(folder, "calibration.json"))) {
            report.writeJson(json);
        }
        try (OutputStream md = writer.create(HistoryWriter.child(folder, "calibration.md"))) {
            md.write(report.markdown().getBytes(StandardCharsets.UTF_8));
        }
        long ok =
                report.checks().stream().filter(CalibrationReport.Check::within).count();
        System.out.printf(
                "Wrote %,d persons, %,d applications and %,d payments (%,d incorrect) to %s in %.1f s.%n"
                        + "Calibration: %d of %d checks within tolerance, %d outside; see %s%n",
                history.persons().size(),
                history.applications().size(),
                history.payments().size(),
                history.payments().stream().filter(p -> p.incorrect()).count(),
                folder,
                (System.nanoTime() - start) / 1e9,
                ok,
                report.checks().size(),
                report.failures().size(),
                HistoryWriter.child(folder, "calibration.md"));
        return 0;
    }

    private int userError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("korrekt generate: " + message);
        err.flush();
        return USER_ERROR;
    }

    /** The configuration the options give, checked with messages that name the options. */
    private HistoryConfig config() {
        if (!(scale > 0 && scale <= 1)) {
            throw new IllegalArgumentException("--scale must be in (0, 1], was " + plain(scale));
        }
        if (years < 1 || years > HistoryConfig.MAX_YEARS) {
            throw new IllegalArgumentException("--years must be in [1, " + HistoryConfig.MAX_YEARS + "], was " + years);
        }
        if (startYear < HistoryConfig.MIN_START_YEAR || startYear > HistoryConfig.MAX_START_YEAR) {
            throw new IllegalArgumentException("--start-year must be in [" + HistoryConfig.MIN_START_YEAR + ", "
                    + HistoryConfig.MAX_START_YEAR + "], was " + startYear);
        }
        if (incoming < 0) {
            throw new IllegalArgumentException("--incoming must be >= 0, was " + incoming);
        }
        Map<Mechanism, Double> rates;
        try {
            rates = HistoryConfig.parseRates(mechanisms);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mechanisms: " + e.getMessage(), e);
        }
        return new HistoryConfig(scale, years, startYear, seed, rates, biasedDetection, incoming);
    }

    /** A number as the user would write it: {@code 2}, not {@code 2.0}. */
    private static String plain(double d) {
        return Double.isFinite(d)
                ? new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString()
                : Double.toString(d);
    }

    static ProgressBar bar(String task, long max) {
        // Through System.err, so that a caller (or a test) that redirects it also captures the bars.
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName(task).setInitialMax(max);
        if (interactive()) {
            return builder.setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
        }
        // a log file, a pipe or CI: plain lines, when a stage starts, once a minute and when it ends,
        // instead of colour codes and carriage returns four times a second
        return builder.setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new DelegatingProgressBarConsumer(new PlainLines(), 100))
                .setUpdateIntervalMillis(60_000)
                .build();
    }

    /** A bar's lines to System.err, each once: the last is rendered both on the final step and on close. */
    private static final class PlainLines implements java.util.function.Consumer<String> {
        private String last;

        @Override
        public void accept(String line) {
            String stripped = line.strip();
            if (!stripped.equals(last)) {
                System.err.println(stripped);
                last = stripped;
            }
        }
    }

    /** Whether the bars can redraw themselves: the JVM runs on a terminal. */
    static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22 and later return a console for pipes too, and say whether it is a terminal
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 there is a console only on a terminal
        }
    }
}
