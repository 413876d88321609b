package org.korrekt.benchmarks.load;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.korrekt.training.cli.HistoryCommand;
import org.korrekt.training.cli.OverrideGateCommand;
import org.korrekt.training.cli.TrainCommand;
import org.korrekt.training.data.ApplicationJsonWriter;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;
import org.korrekt.training.synthetic.IncomingApplication;
import picocli.CommandLine;

/**
 * The service under load, set up in this process the way {@code korrekt demo} sets it up: a
 * generated history written as Parquet, {@code korrekt train --profile all-benefits} on it (a
 * failed fairness gate overridden on the record, as the demo does), {@code korrekt history} for the
 * person history the claim rules read, and {@code korrekt serve --bench-echo} on port 0 with the
 * embedded PostgreSQL (or {@code KORREKT_DB_URL}), random control at the default share and no rate
 * limit (one token sends everything).
 */
final class BenchmarkService implements AutoCloseable {

    private static final AuthConfig AUTH =
            AuthConfig.hs256("http load benchmark secret, 32+ bytes".getBytes(StandardCharsets.UTF_8));
    private static final String PROFILE = "all-benefits";
    /** Written last into the trained folder: its presence means the bundle and the history log are complete. */
    static final String TRAINED_MARKER = "trained";

    private final KorrektServer server;
    private final String token;
    private final Path run;

    private BenchmarkService(KorrektServer server, String token, Path run) {
        this.server = server;
        this.token = token;
        this.run = run;
    }

    /** A generated history: the service is trained on it, and its incoming applications are the payloads. */
    static GeneratedHistory history(double scale, int incoming, long seed) {
        return new HistoryGenerator(new HistoryConfig(scale, 2, 2023, seed, Map.of(), false, incoming))
                .generate((stage, done, total) -> {});
    }

    /** The history's incoming applications as {@code POST /v1/score} bodies, in the API's JSON. */
    static List<byte[]> payloads(GeneratedHistory history) {
        List<byte[]> bodies = new ArrayList<>(history.incoming().size());
        for (IncomingApplication incoming : history.incoming()) {
            StringWriter json = new StringWriter();
            try (ApplicationJsonWriter writer = new ApplicationJsonWriter(json)) {
                writer.write(incoming.application(), incoming.childId());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            bodies.add(json.toString().strip().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /**
     * Starts the service with its database and journal under {@code run}, serving the profile
     * trained on {@code history}. The trained bundle and the person history are kept in {@code
     * trained} and reused by later runs with the same history (training takes about a minute); the
     * embedded PostgreSQL's binaries are extracted once into {@code binaries}.
     */
    static BenchmarkService start(
            GeneratedHistory history, Path trained, Path run, Path binaries, long seed, PrintStream out)
            throws Exception {
        Path models = trained.resolve("models");
        Path historyLog = trained.resolve("history.krkh");
        if (Files.exists(trained.resolve(TRAINED_MARKER))) {
            out.println("reusing the profile trained earlier in " + trained);
        } else {
            train(history, trained, models, historyLog, seed, out);
        }
        Files.createDirectories(run);
        DatabaseConfig fromEnvironment = DatabaseConfig.fromEnvironment(System.getenv(), run);
        DatabaseConfig database = fromEnvironment.isEmbedded()
                ? new DatabaseConfig(
                        null, null, null, run.resolve("postgres"), binaries, DatabaseConfig.DEFAULT_POOL_SIZE)
                : fromEnvironment;
        ServerConfig config = new ServerConfig(
                "127.0.0.1",
                0,
                models,
                PROFILE,
                database,
                AUTH,
                "http load benchmark pseudonymisation key".getBytes(StandardCharsets.UTF_8),
                DecisionPolicy.DEFAULT_RANDOM_CONTROL_SHARE,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                historyLog,
                run.resolve("journal"),
                ServerConfig.DEFAULT_MAX_BATCH_ITEMS,
                0,
                null,
                null,
                true,
                null);
        KorrektServer server = KorrektServer.start(config);
        String token = JwtIssuer.of(AUTH, Clock.systemUTC())
                .issue("http-load-benchmark", Set.of(Role.SELFSERVICE), Set.of(), Duration.ofHours(12));
        return new BenchmarkService(server, token, run);
    }

    private static void train(
            GeneratedHistory history, Path trained, Path models, Path historyLog, long seed, PrintStream out)
            throws IOException {
        Files.createDirectories(trained);
        URI data = trained.resolve("data").toUri();
        new HistoryWriter(new Configuration()).write(history, data, (table, written, total) -> {});
        execute(new HistoryCommand(), "--data", data.toString(), "--out", historyLog.toString());
        out.println("training the " + PROFILE + " profile (korrekt train) ...");
        execute(
                new TrainCommand(),
                "--profile",
                PROFILE,
                "--data",
                data.toString(),
                "--out",
                models.toString(),
                "--seed",
                Long.toString(seed));
        Path bundle;
        try (Stream<Path> versions = Files.list(models.resolve(PROFILE))) {
            bundle = versions.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        if (Files.readString(bundle.resolve("bundle.json")).contains("\"gate\" : \"FAIL\"")) {
            execute(
                    new OverrideGateCommand(),
                    bundle.toString(),
                    "--by",
                    "HttpLoadBenchmark",
                    "--reason",
                    "synthetic data; served only to measure the HTTP path");
        }
        Files.writeString(trained.resolve(TRAINED_MARKER), bundle.getFileName() + "\n");
    }

    private static void execute(Object command, String... args) {
        int exit = new CommandLine(command).execute(args);
        if (exit != 0) {
            throw new IllegalStateException(
                    command.getClass().getSimpleName() + " " + String.join(" ", args) + " exited with " + exit);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    URI baseUrl() {
        return URI.create(server.baseUrl());
    }

    /** A bearer token with the self-service role. */
    String token() {
        return token;
    }

    /** The running service. */
    KorrektServer server() {
        return server;
    }

    /**
     * How durable a decision record is once written: where the database is, and its {@code fsync}
     * and {@code synchronous_commit} settings as the server reports them.
     */
    String durability() {
        try (Connection c = server.dataSource().getConnection();
                Statement s = c.createStatement()) {
            return server.databaseDescription() + "; fsync=" + show(s, "fsync") + ", synchronous_commit="
                    + show(s, "synchronous_commit");
        } catch (SQLException e) {
            return server.databaseDescription() + "; settings unreadable: " + e.getMessage();
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet r = s.executeQuery("SHOW " + setting)) {
            return r.next() ? r.getString(1) : "?";
        }
    }

    /** Stops the service, then deletes the run's folder (its database and journal). */
    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(run)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
