package org.korrekt.paymentrun.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.korrekt.features.Application;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.paymentrun.BadInputException;
import org.korrekt.paymentrun.InputColumn;
import org.korrekt.paymentrun.PaymentRunScorer;
import org.korrekt.paymentrun.RowSource;
import org.korrekt.paymentrun.RunSummary;
import org.korrekt.paymentrun.ScoreOptions;
import org.korrekt.paymentrun.ScoredRowSink;
import org.korrekt.paymentrun.ServedProfile;
import org.korrekt.paymentrun.io.PartialFile;
import org.korrekt.paymentrun.io.PaymentRunFiles;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.RandomControlDraw;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.server.Secrets;
import org.korrekt.scoring.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt score}: scores a payment run offline with the served selection profile. Progress
 * goes to stderr, the summary to stdout. Exit status 0 on success, 2 for bad input (an unreadable
 * file, a missing column, more bad rows than {@code --max-errors}) or a profile that cannot be
 * loaded. The output appears only when the run succeeds: it is written to a temporary file next to
 * it and moved into place at the end ({@link PartialFile}, which a shutdown hook deletes when the
 * run is interrupted).
 */
@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Score a payment run (Parquet or CSV, by extension) with the served selection profile and write every"
                    + " row with its decision (Parquet or CSV, by extension). Rows are scored in file order, one at"
                    + " a time, as the service scores requests.",
            "Required columns: application_id, person_id or personal_identity_number, benefit, channel,"
                    + " submitted_on, period_start, period_end, claimed_days, amount_sek,"
                    + " declared_monthly_income_sek; optional: child_id or child_personal_identity_number,"
                    + " provider_id and granted_hours (assistance allowance), payment_id, pay_date. Identity"
                    + " numbers are pseudonymised with the work folder's key and never written; an id that holds"
                    + " one is a bad row.",
            "Local files only: a file: URI is read as its path, hdfs:// and other schemes are refused. A CSV"
                    + " file must be UTF-8 (a byte-order mark is skipped). A row whose application_id an earlier"
                    + " row had is a bad row: a run decides an application once."
        })
public class ScoreCommand implements Callable<Integer> {

    /** Exit status for bad input. */
    public static final int BAD_INPUT = 2;

    private static final long PROGRESS_NANOS = 2_000_000_000L;

    /** A URI's scheme and its {@code //}: {@code hdfs://}, {@code file://}, {@code s3a://}. */
    private static final Pattern URI_SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");

    @Spec
    CommandSpec spec;

    // Text rather than Path: Path.of would turn hdfs://host/file into hdfs:/host/file, a relative local path.
    @Option(
            names = "--in",
            required = true,
            paramLabel = "FILE",
            description = "The payment run: a local .parquet or .csv file.")
    String in;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The scored rows: a local .parquet or .csv file (replaced).")
    String out;

    @Option(names = "--models", description = "Folder of model bundles (default: ${DEFAULT-VALUE}).")
    Path models = Path.of("korrekt-data", "models");

    @Option(names = "--profile", description = "Selection profile to score with (default: ${DEFAULT-VALUE}).")
    String profile = ServerConfig.DEFAULT_PROFILE;

    @Option(
            names = "--history",
            description = "korrekt's history log (from 'korrekt history'): the person history the claim features and"
                    + " rules read, as 'korrekt serve --history'. Without it only the application rules apply.")
    Path history;

    @Option(
            names = "--service-records",
            description = "With --history: add to the person history what the service recorded after the log, as"
                    + " 'korrekt serve' does at start: the applications it scored and its history feed's events"
                    + " (POST /v1/history/events). Reads the service's database: KORREKT_DB_URL/_USER/_PASSWORD"
                    + " for an external PostgreSQL (the service may run), else the embedded one in --work-dir"
                    + " (stop the service first). Without it the run sees the log only.")
    boolean serviceRecords;

    @Option(
            names = "--work-dir",
            description = "Working folder holding the pseudonymisation key, pseudonym.key (or set"
                    + " KORREKT_PSEUDONYM_KEY): it pseudonymises identity numbers in the input and, without"
                    + " --seed, keys the random-control draw as the service's; with --service-records, also"
                    + " the embedded database and the decision journal (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("korrekt-data");

    @Option(
            names = "--seed",
            description = "Seed of the random-control draw; the same seed, input and profile give the same"
                    + " actions. Default: the service's own draw, keyed by its pseudonymisation key when"
                    + " one is at hand (--work-dir, KORREKT_PSEUDONYM_KEY); else a seed drawn and printed"
                    + " in the summary.")
    Long seed;

    @Option(
            names = "--random-control-share",
            description = "Share of rows drawn for random control (default: ${DEFAULT-VALUE}, as the service).")
    double randomControlShare = DecisionPolicy.DEFAULT_RANDOM_CONTROL_SHARE;

    @Option(
            names = "--max-errors",
            description = "Bad rows that may be skipped, counted and listed in the summary; one more stops the run"
                    + " with status 2 (default: ${DEFAULT-VALUE}: the first bad row stops it).")
    long maxErrors = ScoreOptions.DEFAULT_MAX_ERRORS;

    @Option(
            names = "--min-amount-sek",
            description = "Rows below this amount whose decision is MANUAL_CHECK or HOLD_PAYMENT are passed"
                    + " (action PASS, amount_limit_applied true), except random-control rows (default:"
                    + " ${DEFAULT-VALUE}: only the profile policy's minCaseAmountSek, 2,000 SEK for the built-in"
                    + " profiles, applies, in the same way); see docs/operations.md.")
    double minAmountSek = ScoreOptions.DEFAULT_MIN_AMOUNT_SEK;

    @Option(
            names = "--bundle-public-key",
            paramLabel = "KEY",
            description = "PEM public key (korrekt keygen): score only with a bundle signed with its private key,"
                    + " as korrekt serve --bundle-public-key does; given more than once, signed with any of them."
                    + " Without it no signature is checked.")
    List<Path> bundlePublicKeys = new ArrayList<>();

    private String amountLimit(double policyLimit) {
        String policy = policyLimit > 0
                ? String.format(Locale.ROOT, "%,.2f SEK (profile policy)", policyLimit)
                : "none in the profile policy";
        return minAmountSek > 0
                ? policy + String.format(Locale.ROOT, ", %,.2f SEK (--min-amount-sek)", minAmountSek)
                : policy;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        // stopped (SIGTERM, Ctrl-C) before any output was begun, while the profile and the person
        // history load: say so, as the partial output's hook does once it exists, not only status 143
        Thread stopped = new Thread(
                () -> {
                    if (loading) {
                        err.println("korrekt score: stopped before the end, while loading; " + out + " not written");
                        err.flush();
                    }
                },
                "korrekt-score-stopped");
        Runtime.getRuntime().addShutdownHook(stopped);
        try {
            return run(stdout, err);
        } catch (BadInputException e) {
            err.println("korrekt score: " + e.getMessage());
            err.flush();
            return BAD_INPUT;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopped);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    private int run(PrintWriter stdout, PrintWriter err) throws BadInputException, IOException {
        if (maxErrors < 0) {
            throw new BadInputException("--max-errors must be 0 or more, was " + maxErrors);
        }
        if (!(minAmountSek >= 0 && minAmountSek <= Application.MAX_AMOUNT_SEK)) {
            throw new BadInputException("--min-amount-sek must be in [0, " + typed(Application.MAX_AMOUNT_SEK)
                    + "] SEK, was " + typed(minAmountSek));
        }
        ScoreOptions options = new ScoreOptions(maxErrors, minAmountSek);
        if (!(randomControlShare >= 0 && randomControlShare <= 0.5)) {
            throw new BadInputException("--random-control-share must be in [0, 0.5], was " + typed(randomControlShare));
        }
        Path inFile = localFile("--in", in, "copy it to a local file first (hdfs dfs -get)");
        Path outFile = localFile("--out", out, "write a local file, then copy it (hdfs dfs -put)");
        if (Files.isDirectory(inFile)) {
            throw new BadInputException("--in " + in + " is a folder; give the payment run's .parquet or .csv file");
        }
        if (Files.isDirectory(outFile)) {
            throw new BadInputException("--out " + out + " is a folder; name the .parquet or .csv file to write,"
                    + " such as " + outFile.resolve("flagged.parquet"));
        }
        PaymentRunFiles.Format outFormat = PaymentRunFiles.format(outFile);
        PaymentRunFiles.format(inFile);
        if (!Files.isRegularFile(inFile)) {
            throw new BadInputException(in + ": no such file");
        }
        if (Files.exists(outFile) && Files.isSameFile(inFile, outFile)) {
            throw new BadInputException("--out names the input file " + in + "; write the scored rows elsewhere");
        }
        if (history != null && Files.isDirectory(history)) {
            throw new BadInputException(
                    "--history " + history + " is a folder; give korrekt's history log (from korrekt history)");
        }
        if (history != null && !Files.exists(history)) {
            throw new BadInputException("--history " + history + ": no such file; write it with korrekt history");
        }
        if (serviceRecords && history == null) {
            throw new BadInputException("--service-records adds the service's records to the person history;"
                    + " give the log they follow with --history");
        }
        ServedProfile served = load(err);
        // each application's draw from its id: a row skipped or fixed changes no other's. With the
        // service's key (its work folder's, or the environment's) and no --seed, the draw is the
        // service's own, so an application checked online and again in the run is drawn alike
        byte[] serviceKey = seed == null ? serviceKey() : null;
        long drawSeed = seed != null ? seed : new SecureRandom().nextLong();
        RandomControlDraw draw =
                serviceKey != null ? RandomControlDraw.keyedBy(serviceKey) : RandomControlDraw.seeded(drawSeed);
        String drawn = serviceKey != null ? "the service's draw (its pseudonymisation key)" : "seed " + drawSeed;
        ScoringService service = served.service(draw, Clock.systemUTC());
        err.printf(
                Locale.ROOT,
                "korrekt score: %s with %s/%s%s%n",
                in,
                served.bundle().profile(),
                served.bundle().version(),
                history == null ? ", no person history" : ", person history " + history + records(served));
        err.flush();

        try (PartialFile partial = PartialFile.nextTo(outFile)) {
            loading = false;
            RunSummary summary;
            try (RowSource source = PaymentRunFiles.openSource(
                            inFile,
                            this::pseudonymizer,
                            LocalDate.now(Clock.systemUTC()).plusDays(1));
                    ScoredRowSink sink = PaymentRunFiles.createSink(partial.path(), outFormat)) {
                summary = new PaymentRunScorer(service, options).run(source, sink, new ProgressPrinter(err));
            }
            partial.moveIntoPlace();
            stdout.printf(Locale.ROOT, "korrekt score: %s -> %s%n", in, out);
            stdout.printf(
                    Locale.ROOT,
                    "profile    %s, model version %s; %s%n",
                    served.bundle().profile(),
                    served.bundle().version(),
                    history == null
                            ? "no person history (application rules only)"
                            : "person history " + history + records(served));
            stdout.printf(
                    Locale.ROOT,
                    "controls   random-control share %s, %s; amount limit %s%n",
                    randomControlShare,
                    drawn,
                    amountLimit(served.bundle().policy().minCaseAmountSek()));
            stdout.print(summary.render());
            stdout.flush();
            if (summary.scoredRows() == 0 && summary.skipped().isEmpty()) {
                err.println("korrekt score: WARNING: " + in + " has no rows, only its "
                        + (PaymentRunFiles.format(inFile) == PaymentRunFiles.Format.CSV ? "header" : "schema")
                        + "; " + out + " holds none");
                err.flush();
            }
            // the file is complete but for the rows skipped: a scheduler tells that from a clean run
            return summary.skipped().isEmpty() ? 0 : SKIPPED_ROWS;
        }
    }

    /** Until the partial output exists, whose own hook reports a stop after that. */
    private volatile boolean loading = true;

    /** The exit status of a run that wrote its output but skipped bad rows (with {@code --max-errors}). */
    static final int SKIPPED_ROWS = 3;

    /** The served profile, its history with the service's records when asked for. */
    private ServedProfile load(PrintWriter err) throws BadInputException {
        try {
            List<PublicKey> signedBy = BundleSignature.readPublicKeys(bundlePublicKeys);
            if (!serviceRecords) {
                return ServedProfile.load(models, profile, history, randomControlShare, signedBy);
            }
            DatabaseConfig config;
            try {
                config = DatabaseConfig.fromEnvironment(System.getenv(), workDir);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(withoutUrl(e.getMessage()), e);
            }
            err.printf(
                    Locale.ROOT,
                    "korrekt score: reading the service's records from %s%n",
                    config.isEmbedded() ? "the embedded database in " + workDir : "KORREKT_DB_URL");
            err.flush();
            Path journal = workDir.resolve("journal");
            try (Database database = open(config)) {
                // Ctrl-C while the records are read must not leave the embedded server running
                Thread stop = new Thread(() -> closeQuietly(database), "korrekt-score-database");
                Runtime.getRuntime().addShutdownHook(stop);
                try {
                    return ServedProfile.load(
                            models,
                            profile,
                            history,
                            randomControlShare,
                            signedBy,
                            database.dataSource(),
                            Files.isDirectory(journal) ? journal : null);
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(stop);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook closes it
                    }
                }
            }
        } catch (BundleException | IOException | ArtifactException e) {
            throw new BadInputException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new BadInputException("cannot read the service's records: " + withoutUrl(e.getMessage()), e);
        }
    }

    /**
     * The service's database, opened to read: the embedded one must exist and not be held by the
     * running service, its schema must be this version's; otherwise bad input.
     */
    private static Database open(DatabaseConfig config) throws BadInputException {
        try {
            return Database.openForReading(config);
        } catch (IOException | RuntimeException e) {
            // the embedded server's own message says when the running service holds it
            throw new BadInputException(
                    "cannot open the service's database for --service-records: " + withoutUrl(e.getMessage()), e);
        }
    }

    private static void closeQuietly(Database database) {
        try {
            database.close();
        } catch (IOException | RuntimeException e) {
            // stopping anyway
        }
    }

    /** {@code message} without the database URL, which may carry a password. */
    private static String withoutUrl(String message) {
        String url = System.getenv(DatabaseConfig.ENV_URL);
        return message == null || url == null || url.isBlank() ? message : message.replace(url, "KORREKT_DB_URL");
    }

    /** What the history holds beyond the log, for the banner; empty without --service-records. */
    private static String records(ServedProfile served) {
        if (served.records() == null) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                " and the service's records after it: %,d scored applications (%,d it held already), %,d history"
                        + " feed events (%,d received before the log's as-of time, taken to be in it; %,d unreadable)",
                served.records().scored().recorded(),
                served.records().scored().alreadyHeld(),
                served.records().fed().applied(),
                served.records().fed().inLog(),
                served.records().fed().unreadable());
    }

    /**
     * The local file {@code text} names: a path, or a {@code file:} URI.
     *
     * @param hint what to do instead when it names a file elsewhere (hdfs://...)
     */
    private static Path localFile(String option, String text, String hint) throws BadInputException {
        Matcher uri = URI_SCHEME.matcher(text);
        if (uri.lookingAt()) {
            String scheme = uri.group(1);
            if (!scheme.equalsIgnoreCase("file")) {
                throw new BadInputException(option + " " + text
                        + ": korrekt score reads and writes local files only, not " + scheme + "://; " + hint);
            }
            try {
                return Path.of(new URI(text));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new BadInputException(option + " " + text + ": not a file URI (" + e.getMessage() + ")");
            }
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadInputException(option + " " + text + ": not a file name (" + e.getMessage() + ")");
        }
    }

    /** A number as the user would type it: {@code -1}, not {@code -1.0}. */
    private static String typed(double value) {
        return Double.isFinite(value)
                ? BigDecimal.valueOf(value).stripTrailingZeros().toPlainString()
                : Double.toString(value);
    }

    /** The service's pseudonymisation key when there is one (the environment's, or the work folder's), else null. */
    private byte[] serviceKey() throws BadInputException {
        Map<String, String> env = System.getenv();
        String fromEnv = env.get(Secrets.ENV_PSEUDONYM_KEY);
        if ((fromEnv == null || fromEnv.isBlank()) && !Files.exists(workDir.resolve(Secrets.KEY_FILE))) {
            return null;
        }
        try {
            return Secrets.pseudonymKey(env, workDir);
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read the pseudonymisation key: " + e.getMessage(), e);
        }
    }

    /** The work folder's pseudonymizer; never creates a key, since a new key would match no history. */
    private Pseudonymizer pseudonymizer() throws BadInputException {
        Map<String, String> env = System.getenv();
        String fromEnv = env.get(Secrets.ENV_PSEUDONYM_KEY);
        boolean hasKey = (fromEnv != null && !fromEnv.isBlank()) || Files.exists(workDir.resolve(Secrets.KEY_FILE));
        if (!hasKey) {
            throw new BadInputException(in + " has " + InputColumn.PERSONAL_IDENTITY_NUMBER.columnName()
                    + " values, but there is no pseudonymisation key: set " + Secrets.ENV_PSEUDONYM_KEY
                    + " or --work-dir to the folder with the service's " + Secrets.KEY_FILE);
        }
        try {
            return new Pseudonymizer(Secrets.pseudonymKey(env, workDir));
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException("cannot read the pseudonymisation key: " + e.getMessage(), e);
        }
    }

    /** Prints a progress line to stderr at most every two seconds. */
    private static final class ProgressPrinter implements PaymentRunScorer.Progress {
        private final PrintWriter err;
        private long lastPrinted;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void report(long rows, long expected, long elapsedNanos) {
            if (elapsedNanos - lastPrinted < PROGRESS_NANOS) {
                return;
            }
            lastPrinted = elapsedNanos;
            double perSecond = rows / (elapsedNanos / 1e9);
            if (expected > 0) {
                err.printf(
                        Locale.ROOT,
                        "  %,d of %,d rows (%.0f %%), %,.0f rows/s%n",
                        rows,
                        expected,
                        100.0 * rows / expected,
                        perSecond);
            } else {
                err.printf(Locale.ROOT, "  %,d rows, %,.0f rows/s%n", rows, perSecond);
            }
            err.flush();
        }
    }
}
