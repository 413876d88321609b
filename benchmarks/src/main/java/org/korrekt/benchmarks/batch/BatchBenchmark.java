package org.korrekt.benchmarks.batch;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.korrekt.features.model.GateOverride;
import org.korrekt.paymentrun.BadInputException;
import org.korrekt.paymentrun.PaymentRow;
import org.korrekt.paymentrun.PaymentRunScorer;
import org.korrekt.paymentrun.RowException;
import org.korrekt.paymentrun.RowSource;
import org.korrekt.paymentrun.RunSummary;
import org.korrekt.paymentrun.ScoreOptions;
import org.korrekt.paymentrun.ScoredRowSink;
import org.korrekt.paymentrun.ServedProfile;
import org.korrekt.paymentrun.cli.PaymentRunCli;
import org.korrekt.paymentrun.io.PaymentRunFiles;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.RandomControlDraw;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.training.cli.GenerateCommand;
import org.korrekt.training.cli.HistoryCommand;
import org.korrekt.training.cli.OverrideGateCommand;
import org.korrekt.training.cli.TrainCommand;
import picocli.CommandLine;

/**
 * Issue 9's batch benchmark: {@code korrekt score} on a Parquet payment run against a plain
 * parquet-java read of the same file, rows per second for both, in the same process and run.
 *
 * <p>The input is a generated history's {@code incoming.parquet} ({@code korrekt generate
 * --incoming N}); the bundle is {@code korrekt train}'s {@code all-benefits} profile on that
 * history, and the person history is {@code korrekt history}'s log of it: the demo's setup, made
 * by the commands themselves, in process. Three readings of the one file are timed, each in turn,
 * after one warm-up round:
 *
 * <ul>
 *   <li><b>plain read</b>: parquet-java's record reader with its example {@code Group} converter
 *       (the API korrekt reads with), every column of every row, each value taken out as its
 *       physical type and folded into a checksum. No decoding into applications, no scoring.
 *   <li><b>decode</b>: korrekt's own {@link RowSource} over the file, every row decoded and checked
 *       into a {@link PaymentRow} as {@code korrekt score} does, nothing scored.
 *   <li><b>score</b>: {@code korrekt score}'s code path: {@link PaymentRunFiles#openSource}, {@link
 *       PaymentRunScorer} with the {@link ScoringService} of the served profile and the history,
 *       seeded, and {@link PaymentRunFiles#createSink} writing the scored Parquet file. Loading the
 *       bundle and the history log (once per run, since scoring records every row in the history) is
 *       timed on its own and reported beside it, not in the rows per second. Decisions go to the
 *       output file only: {@code korrekt score} writes nothing to PostgreSQL.
 * </ul>
 *
 * <p>Before timing, the command line itself ({@code korrekt score ... --seed S}, in process) scores
 * the file, and the benchmark checks that the timed path writes the same rows (every column but the
 * random decision id) and that all three readings see every row of the file.
 */
public final class BatchBenchmark {

    /** The profile the service serves in the demo, and the one scored with. */
    public static final String PROFILE = "all-benefits";

    /** Usage, for a wrong argument. */
    static final String USAGE = "usage: BatchBenchmark [--work DIR] [--scale 0.001] [--incoming 50000] [--seed 42]"
            + " [--runs 3]\n  --work: generated history, bundle, history log and outputs; reused when there"
            + " (default target/batch-benchmark/SCALE-INCOMING-SEED)";

    private Path work;
    private double scale = 0.001;
    private int incoming = 50_000;
    private long seed = 42;
    private int runs = 3;

    /** One timed pass over the file. */
    public record Run(long rows, long nanos) {
        public double rowsPerSecond() {
            return rows / (nanos / 1e9);
        }
    }

    /**
     * The figures of a benchmark.
     *
     * @param fileRows the rows the Parquet footer declares
     * @param plain the plain reads
     * @param decode korrekt's reads without scoring
     * @param score the scored runs (open, read, score, write)
     * @param loadNanos per scored run, loading the bundle and the history log
     */
    public record Result(long fileRows, List<Run> plain, List<Run> decode, List<Run> score, List<Long> loadNanos) {
        public Result {
            plain = List.copyOf(plain);
            decode = List.copyOf(decode);
            score = List.copyOf(score);
            loadNanos = List.copyOf(loadNanos);
        }

        /** Scored rows per second over plain-read rows per second, each at its median. */
        public double medianRatio() {
            return median(score).rowsPerSecond() / median(plain).rowsPerSecond();
        }
    }

    /** The files a run needs. */
    public record Inputs(Path paymentRun, Path models, Path historyLog) {}

    /** Runs the benchmark; see {@link #USAGE}. */
    public static void main(String[] args) throws Exception {
        BatchBenchmark b = new BatchBenchmark();
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                switch (args[i]) {
                    case "--work" -> b.work = Path.of(value);
                    case "--scale" -> b.scale = Double.parseDouble(value);
                    case "--incoming" -> b.incoming = Integer.parseInt(value);
                    case "--seed" -> b.seed = Long.parseLong(value);
                    case "--runs" -> b.runs = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (b.runs < 1 || b.incoming < 1) {
                throw new IllegalArgumentException(
                        "--runs and --incoming must be >= 1, were " + b.runs + " and " + b.incoming);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("BatchBenchmark: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
        b.run();
    }

    private void run() throws Exception {
        Path folder = work != null
                ? work
                : Path.of("target", "batch-benchmark", String.format(Locale.ROOT, "%s-%d-%d", scale, incoming, seed));
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "BatchBenchmark: scale %s, %,d incoming rows, seed %d, %d runs, work %s%n",
                scale,
                incoming,
                seed,
                runs,
                folder.toAbsolutePath());
        Inputs inputs = prepare(folder, scale, incoming, seed, out);
        Result result = measure(inputs, folder, seed, runs, out);
        out.print(report(result));
    }

    /**
     * Makes (or reuses) the generated history, its {@code all-benefits} bundle and its history log
     * under {@code folder}, with korrekt's own commands.
     */
    public static Inputs prepare(Path folder, double scale, int incoming, long seed, PrintStream out)
            throws IOException {
        Path data = folder.resolve("data");
        Path paymentRun = data.resolve("incoming.parquet");
        Path models = folder.resolve("models");
        Path historyLog = folder.resolve("history.krkh");
        if (!Files.exists(paymentRun)) {
            out.println("korrekt generate ...");
            run(
                    new GenerateCommand(),
                    "--out",
                    data.toString(),
                    "--scale",
                    Double.toString(scale),
                    "--seed",
                    Long.toString(seed),
                    "--incoming",
                    Integer.toString(incoming));
        }
        if (!Files.exists(historyLog)) {
            out.println("korrekt history ...");
            run(new HistoryCommand(), "--data", data.toString(), "--out", historyLog.toString());
        }
        if (!Files.isDirectory(models.resolve(PROFILE))) {
            out.println("korrekt train --profile " + PROFILE + " ...");
            run(
                    new TrainCommand(),
                    "--profile",
                    PROFILE,
                    "--data",
                    data.toString(),
                    "--out",
                    models.toString(),
                    "--seed",
                    Long.toString(seed));
        }
        // A small synthetic history often fails the fairness gate; served anyway, on the record, as the demo does.
        try (Stream<Path> versions = Files.list(models.resolve(PROFILE))) {
            for (Path version : versions.filter(Files::isDirectory).toList()) {
                if (Files.readString(version.resolve("bundle.json")).contains("\"gate\" : \"FAIL\"")
                        && !Files.exists(version.resolve(GateOverride.FILE_NAME))) {
                    run(
                            new OverrideGateCommand(),
                            version.toString(),
                            "--by",
                            "BatchBenchmark",
                            "--reason",
                            "benchmark on synthetic data: the speed, not the profile, is measured");
                }
            }
        }
        return new Inputs(paymentRun, models, historyLog);
    }

    private static void run(Object command, String... args) {
        int exit = new CommandLine(command).execute(args);
        if (exit != 0) {
            throw new IllegalStateException(
                    command.getClass().getSimpleName() + " " + String.join(" ", args) + " exited with status " + exit);
        }
    }

    /**
     * Checks that the timed path scores as {@code korrekt score} does, then times a warm-up round
     * and {@code runs} rounds of the three readings.
     */
    public static Result measure(Inputs inputs, Path folder, long seed, int runs, PrintStream out) throws Exception {
        Path file = inputs.paymentRun();
        long fileRows;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            fileRows = reader.getRecordCount();
        }
        Path cliOut = folder.resolve("scored-cli.parquet");
        Path timedOut = folder.resolve("scored.parquet");

        // korrekt score itself, in process: the reference the timed path must match (and a warm-up)
        StringWriter cliStdout = new StringWriter();
        StringWriter cliStderr = new StringWriter();
        CommandLine cli = PaymentRunCli.commandLine();
        cli.setOut(new PrintWriter(cliStdout));
        cli.setErr(new PrintWriter(cliStderr));
        int exit = cli.execute(
                "score",
                "--in",
                file.toString(),
                "--out",
                cliOut.toString(),
                "--models",
                inputs.models().toString(),
                "--profile",
                PROFILE,
                "--history",
                inputs.historyLog().toString(),
                "--seed",
                Long.toString(seed));
        if (exit != 0) {
            throw new IllegalStateException("korrekt score exited with " + exit + ": " + cliStderr);
        }
        out.print(cliStdout);

        List<Run> plain = new ArrayList<>();
        List<Run> decode = new ArrayList<>();
        List<Run> score = new ArrayList<>();
        List<Long> load = new ArrayList<>();
        for (int round = 0; round <= runs; round++) {
            Run p = plainRead(file);
            Run d = decode(file);
            long started = System.nanoTime();
            ServedProfile served = load(inputs);
            long loaded = System.nanoTime() - started;
            Run s = score(file, served, timedOut, seed);
            for (Run r : List.of(p, d, s)) {
                if (r.rows() != fileRows) {
                    throw new IllegalStateException("a reading saw " + r.rows() + " rows, the file holds " + fileRows);
                }
            }
            if (round == 0) {
                long differences = differences(cliOut, timedOut);
                if (differences != 0) {
                    throw new IllegalStateException(
                            differences + " rows differ between korrekt score and the timed path");
                }
                out.printf(
                        Locale.ROOT,
                        "checked: the timed path writes korrekt score's %,d rows (every column but decision_id)%n",
                        fileRows);
            }
            out.printf(
                    Locale.ROOT,
                    "%s %d: plain read %,.0f rows/s, decode %,.0f rows/s, score %,.0f rows/s (+ %.2f s load)%n",
                    round == 0 ? "warm-up" : "run",
                    round,
                    p.rowsPerSecond(),
                    d.rowsPerSecond(),
                    s.rowsPerSecond(),
                    loaded / 1e9);
            if (round > 0) {
                plain.add(p);
                decode.add(d);
                score.add(s);
                load.add(loaded);
            }
        }
        return new Result(fileRows, plain, decode, score, load);
    }

    /** The served profile, loaded as {@code korrekt score} loads it. */
    static ServedProfile load(Inputs inputs) throws BundleException, IOException {
        return ServedProfile.load(
                inputs.models(), PROFILE, inputs.historyLog(), DecisionPolicy.DEFAULT_RANDOM_CONTROL_SHARE);
    }

    /**
     * A plain parquet-java read: every row group, every record through the example {@code Group}
     * converter, every value of every column taken out as its physical type.
     *
     * @return the rows read; the checksum of the values goes into {@link #sink}
     */
    public static Run plainRead(Path file) throws IOException {
        long started = System.nanoTime();
        long rows = 0;
        long checksum = 0;
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            List<Type> fields = schema.getFields();
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    Group g = records.read();
                    for (int f = 0; f < fields.size(); f++) {
                        for (int r = 0, k = g.getFieldRepetitionCount(f); r < k; r++) {
                            checksum = 31 * checksum + value(g, fields.get(f), f, r);
                        }
                    }
                    rows++;
                }
            }
        }
        sink ^= checksum;
        return new Run(rows, System.nanoTime() - started);
    }

    /** Keeps the plain read's values alive, so that the JIT cannot drop them. */
    static volatile long sink;

    private static long value(Group g, Type type, int field, int index) {
        return switch (type.asPrimitiveType().getPrimitiveTypeName()) {
            case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 ->
                g.getBinary(field, index).hashCode();
            case INT32 -> g.getInteger(field, index);
            case INT64 -> g.getLong(field, index);
            case DOUBLE -> Double.doubleToRawLongBits(g.getDouble(field, index));
            case FLOAT -> Float.floatToRawIntBits(g.getFloat(field, index));
            case BOOLEAN -> g.getBoolean(field, index) ? 1 : 0;
        };
    }

    /** korrekt's reader without scoring: every row decoded and checked into a {@link PaymentRow}. */
    public static Run decode(Path file) throws IOException, BadInputException, RowException {
        long started = System.nanoTime();
        long rows = 0;
        try (RowSource source = PaymentRunFiles.openSource(file, BatchBenchmark::noKey, tomorrow())) {
            PaymentRow row;
            while ((row = source.next()) != null) {
                sink ^= row.row();
                rows++;
            }
        }
        return new Run(rows, System.nanoTime() - started);
    }

    /**
     * {@code korrekt score}'s scoring, as {@code ScoreCommand} runs it: the source, the service of
     * the served profile with a seeded random-control draw, the scorer, the Parquet sink.
     */
    public static Run score(Path file, ServedProfile served, Path output, long seed)
            throws IOException, BadInputException {
        long started = System.nanoTime();
        // the draw korrekt score makes with --seed: each application's own, from the seed
        ScoringService service = served.service(RandomControlDraw.seeded(seed), Clock.systemUTC());
        RunSummary summary;
        try (RowSource source = PaymentRunFiles.openSource(file, BatchBenchmark::noKey, tomorrow());
                ScoredRowSink sink = PaymentRunFiles.createSink(output, PaymentRunFiles.format(output))) {
            summary = new PaymentRunScorer(service, ScoreOptions.DEFAULTS).run(source, sink, (rows, expected, t) -> {});
        }
        return new Run(summary.scoredRows() + summary.skippedRows(), System.nanoTime() - started);
    }

    private static org.korrekt.features.identity.Pseudonymizer noKey() throws BadInputException {
        throw new BadInputException("the generated payment run holds pseudonyms; no key is needed");
    }

    private static LocalDate tomorrow() {
        return LocalDate.now(Clock.systemUTC()).plusDays(1);
    }

    /**
     * Rows of two scored files that differ in any column but {@code decision_id} (a random UUID),
     * or in their number.
     */
    static long differences(Path a, Path b) throws IOException {
        List<String> left = rows(a);
        List<String> right = rows(b);
        long differ = Math.abs(left.size() - right.size());
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            if (!left.get(i).equals(right.get(i))) {
                differ++;
            }
        }
        return differ;
    }

    private static List<String> rows(Path file) throws IOException {
        List<String> rows = new ArrayList<>();
        try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
            MessageType schema = reader.getFooter().getFileMetaData().getSchema();
            MessageColumnIO io = new ColumnIOFactory().getColumnIO(schema);
            int decisionId = schema.getFieldIndex("decision_id");
            PageReadStore pages;
            while ((pages = reader.readNextRowGroup()) != null) {
                RecordReader<Group> records = io.getRecordReader(pages, new GroupRecordConverter(schema));
                for (long i = 0, n = pages.getRowCount(); i < n; i++) {
                    Group g = records.read();
                    StringBuilder row = new StringBuilder();
                    for (int f = 0; f < schema.getFieldCount(); f++) {
                        if (f == decisionId) {
                            continue;
                        }
                        for (int r = 0, k = g.getFieldRepetitionCount(f); r < k; r++) {
                            row.append(g.getValueToString(f, r));
                        }
                        row.append('|');
                    }
                    rows.add(row.toString());
                }
            }
        }
        return rows;
    }

    static Run median(List<Run> runs) {
        Run[] sorted = runs.toArray(new Run[0]);
        Arrays.sort(sorted, (x, y) -> Long.compare(x.nanos(), y.nanos()));
        return sorted[(sorted.length - 1) / 2];
    }

    static Run best(List<Run> runs) {
        Run[] sorted = runs.toArray(new Run[0]);
        Arrays.sort(sorted, (x, y) -> Long.compare(x.nanos(), y.nanos()));
        return sorted[0];
    }

    /** The result as a Markdown table, with the ratio to issue 9's target. */
    public static String report(Result r) {
        Objects.requireNonNull(r, "r");
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%n%,d rows, %d runs after a warm-up%n%n",
                r.fileRows(),
                r.plain().size()));
        s.append("| reading | best rows/s | median rows/s | median time |\n|---|---:|---:|---:|\n");
        row(s, "plain parquet-java read, every column", r.plain());
        row(s, "korrekt's reader: decode and check rows, no scoring", r.decode());
        row(s, "korrekt score: read, score, write Parquet", r.score());
        long[] load = r.loadNanos().stream().mapToLong(Long::longValue).sorted().toArray();
        double ratio = r.medianRatio();
        s.append(String.format(
                Locale.ROOT,
                "%nloading the bundle and the history log, once per scored run: median %.2f s (not in the rows/s)%n",
                load[(load.length - 1) / 2] / 1e9));
        s.append(String.format(
                Locale.ROOT,
                "score / plain read at the median: %.4f (%.2f %%); issue 9's target >= 50 %%: %s%n",
                ratio,
                100 * ratio,
                ratio >= 0.5 ? "met" : String.format(Locale.ROOT, "missed, by a factor of %.0f", 0.5 / ratio)));
        return s.toString();
    }

    private static void row(StringBuilder s, String name, List<Run> runs) {
        s.append(String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f | %.3f s |%n",
                name,
                best(runs).rowsPerSecond(),
                median(runs).rowsPerSecond(),
                median(runs).nanos() / 1e9));
    }
}
