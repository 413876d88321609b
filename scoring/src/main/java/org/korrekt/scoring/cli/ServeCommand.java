package org.korrekt.scoring.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.http.ScoringVerticle;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.queue.QueueSettings;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ScoredApplicationsReplay;
import org.korrekt.scoring.server.Secrets;
import org.korrekt.scoring.server.ServerConfig;
import org.korrekt.scoring.server.TlsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code korrekt serve}: runs the scoring service until stopped. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve POST /v1/score and the work queues. Without KORREKT_DB_URL, an embedded PostgreSQL"
                + " keeps its data under the working folder.")
public class ServeCommand implements Callable<Integer> {

    @Option(names = "--models", description = "Folder of model bundles (default: ${DEFAULT-VALUE}).")
    Path models = Path.of("korrekt-data", "models");

    @Option(names = "--profile", description = "Selection profile to serve (default: ${DEFAULT-VALUE}).")
    String profile = ServerConfig.DEFAULT_PROFILE;

    @Option(names = "--host", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
    String host = ServerConfig.DEFAULT_HOST;

    @Option(names = "--port", description = "Port to listen on, 0 for any (default: ${DEFAULT-VALUE}).")
    int port = ServerConfig.DEFAULT_PORT;

    @Option(
            names = "--work-dir",
            description = "Working folder: embedded database, token, pseudonymisation key (default: ${DEFAULT-VALUE}).")
    Path workDir = Path.of("korrekt-data");

    @Option(
            names = "--history",
            description = "korrekt's history log (from 'korrekt history'): the person history the claim rules read."
                    + " Without it only the application features and rules apply, and a bundle trained on the claim"
                    + " features (the built-in profiles) is refused.")
    Path history;

    @Option(
            names = "--random-control-share",
            description = "Share of applications drawn for random control (default: ${DEFAULT-VALUE}).")
    double randomControlShare = DecisionPolicy.DEFAULT_RANDOM_CONTROL_SHARE;

    @Option(
            names = "--drain-notice",
            description = "Seconds between a stop (SIGTERM, Ctrl-C) and the port closing, while /ready answers 503"
                    + " and new scoring requests 503, for a load balancer to take the instance out"
                    + " (default: ${DEFAULT-VALUE}).")
    int drainNoticeSeconds = 5;

    @Option(
            names = "--max-batch-items",
            description = "Most applications in one POST /v1/score/batch (default: ${DEFAULT-VALUE}).")
    int maxBatchItems = ServerConfig.DEFAULT_MAX_BATCH_ITEMS;

    @Option(
            names = "--max-concurrent-batches",
            description = "Most POST /v1/score/batch requests scored or waiting at once, each holding its body in"
                    + " memory; more are answered 503 with Retry-After (default: 4 for each core, ${DEFAULT-VALUE}).")
    int maxConcurrentBatches = ServerConfig.defaultMaxConcurrentBatches();

    @Option(
            names = "--rate-limit",
            description = "Requests a second each client (token subject) may send on average, bursts of twice"
                    + " that; 0 is off (default: ${DEFAULT-VALUE}).")
    double rateLimitPerSecond = ServerConfig.DEFAULT_RATE_LIMIT_PER_SECOND;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS only (with --tls-key).")
    Path tlsCertificate;

    @Option(names = "--tls-key", description = "PEM (PKCS#8) private key of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--tls-keystore",
            description = "PKCS#12 key store: serve HTTPS only (with --tls-keystore-password-file).")
    Path tlsKeyStore;

    @Option(
            names = "--tls-keystore-password-file",
            description = "File whose first line is the password of --tls-keystore.")
    Path tlsKeyStorePasswordFile;

    @Option(
            names = "--queues",
            description = "JSON file of queue settings: unitByBenefit (routing), defaultCasesPerDay, futureMonths,"
                    + " holdDays, ageRatePerDay, holdBoost, zone (default: one unit per benefit, 50 cases a day;"
                    + " see docs/operations.md).")
    Path queues;

    @Option(
            names = "--bundle-public-key",
            paramLabel = "KEY",
            description = "PEM public key (korrekt keygen): serve only bundles whose bundle.json is signed with its"
                    + " private key (korrekt train --sign-key), and a failed gate's override and a profile's"
                    + " policy.json likewise (korrekt override-gate, korrekt sign-policy). Give it more than once"
                    + " while a signing key is replaced: what any of them signed is served. Without it no"
                    + " signature is checked.")
    List<Path> bundlePublicKeys = new ArrayList<>();

    @Option(
            names = "--bench-echo",
            description = "Also serve POST /v1/bench/echo, which answers the request body unscored after the same"
                    + " authentication and limits as /v1/score: the baseline of the HTTP load benchmark. Off by"
                    + " default; not for production.")
    boolean benchEcho;

    @Override
    public Integer call() throws Exception {
        if (drainNoticeSeconds < 0 || drainNoticeSeconds > 600) {
            System.err.println("korrekt: --drain-notice must be 0 to 600 seconds, was " + drainNoticeSeconds);
            return 2;
        }
        KorrektServer server = startServer();
        if (server == null) {
            return 2;
        }
        printBanner(server);
        afterStart(server);
        System.out.println("serving (Ctrl-C stops)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close(java.time.Duration.ofSeconds(drainNoticeSeconds));
                            } catch (Exception e) {
                                // a JSON line as every other, and at ERROR: acknowledged decisions may be lost
                                org.slf4j.LoggerFactory.getLogger(ServeCommand.class)
                                        .error("The stop did not complete cleanly: {}", e.getMessage(), e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "korrekt-shutdown"));
        stopped.await();
        return 0;
    }

    /** Whether the banner prints the bearer token itself (the demo does; a service's logs should not hold it). */
    boolean showToken() {
        return false;
    }

    /** Hook for subclasses: runs after the server has started, before "serving" is printed. */
    void afterStart(KorrektServer server) throws Exception {}

    KorrektServer startServer() throws Exception {
        TlsConfig tls;
        QueueSettings queueSettings;
        List<java.security.PublicKey> signedBy;
        try {
            checkOptions();
            signedBy = BundleSignature.readPublicKeys(bundlePublicKeys);
            queueSettings = queues == null ? QueueSettings.defaults() : QueueSettings.read(queues);
            tls = tls();
            if (tls != null) {
                tls.keyCertOptions(); // names a key file that cannot be read, before anything starts
            }
        } catch (IllegalArgumentException | java.io.IOException | ArtifactException e) {
            System.err.println("korrekt: " + e.getMessage());
            return null;
        }
        Map<String, String> env = System.getenv();
        DatabaseConfig database;
        try {
            database = DatabaseConfig.fromEnvironment(env, workDir);
        } catch (IllegalArgumentException e) {
            // a URL that is not PostgreSQL's, a password file that cannot be read: one line
            System.err.println("korrekt: " + e.getMessage());
            return null;
        }
        ServerConfig config = new ServerConfig(
                host,
                port,
                models,
                profile,
                database,
                AuthConfig.fromEnvironment(env, workDir),
                Secrets.pseudonymKey(env, workDir),
                randomControlShare,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                history,
                workDir.resolve("journal"),
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queueSettings,
                benchEcho,
                signedBy,
                maxConcurrentBatches);
        try {
            return KorrektServer.start(config);
        } catch (BundleException | java.io.IOException e) {
            // a port in use, a history log that is not one: one line
            System.err.println("korrekt: " + e.getMessage());
            return null;
        } catch (com.zaxxer.hikari.pool.HikariPool.PoolInitializationException e) {
            // the database refuses: one line naming why, not the pool's stack
            Throwable cause = e.getCause() == null ? e : e.getCause();
            System.err.println("korrekt: cannot connect to the database: " + cause.getMessage()
                    + (System.getenv(DatabaseConfig.ENV_URL) == null
                            ? ""
                            : " (" + DatabaseConfig.ENV_URL + ", " + DatabaseConfig.ENV_USER + ", "
                                    + DatabaseConfig.ENV_PASSWORD + ")"));
            return null;
        } catch (org.flywaydb.core.api.FlywayException e) {
            System.err.println("korrekt: the database's schema cannot be brought to this version's: "
                    + e.getMessage().lines().findFirst().orElse("")
                    + " (see docs/operations.md, \"Upgrades\")");
            return null;
        }
    }

    /** The options' values, checked before the database starts (which takes a while). */
    private void checkOptions() {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in [0, 65535], was " + port);
        }
        if (maxBatchItems < 1) {
            throw new IllegalArgumentException("--max-batch-items must be at least 1, was " + maxBatchItems);
        }
        if (maxConcurrentBatches < 1) {
            throw new IllegalArgumentException(
                    "--max-concurrent-batches must be at least 1, was " + maxConcurrentBatches);
        }
        if (!(rateLimitPerSecond >= 0) || Double.isInfinite(rateLimitPerSecond)) {
            throw new IllegalArgumentException(
                    "--rate-limit must be a number of requests a second, 0 or more (0 is off), was "
                            + rateLimitPerSecond);
        }
        if (!(randomControlShare >= 0 && randomControlShare <= 0.5)) {
            throw new IllegalArgumentException("--random-control-share must be in [0, 0.5], was " + randomControlShare);
        }
        if (history != null && !java.nio.file.Files.isRegularFile(history)) {
            throw new IllegalArgumentException("--history " + history
                    + (java.nio.file.Files.isDirectory(history) ? " is a folder" : " does not exist")
                    + "; it is the file korrekt history writes (korrekt history --data DIR --out FILE)");
        }
    }

    /** The TLS options given, or null for plain HTTP. */
    private TlsConfig tls() throws java.io.IOException {
        if (tlsKeyStore != null || tlsKeyStorePasswordFile != null) {
            if (tlsCertificate != null || tlsKey != null) {
                throw new IllegalArgumentException("give --tls-cert and --tls-key, or --tls-keystore, not both");
            }
            if (tlsKeyStore == null || tlsKeyStorePasswordFile == null) {
                throw new IllegalArgumentException("--tls-keystore needs --tls-keystore-password-file, and back");
            }
            return TlsConfig.pkcs12(tlsKeyStore, tlsKeyStorePasswordFile);
        }
        if (tlsCertificate != null || tlsKey != null) {
            return TlsConfig.pem(tlsCertificate, tlsKey);
        }
        return null;
    }

    private static String rules(KorrektServer server) {
        org.korrekt.scoring.ClaimChecks checks = server.scoring().checks();
        String set = checks.rules().ruleSet().name() + " v"
                + checks.rules().ruleSet().version() + ", " + checks.rules().size() + " rules";
        if (!checks.hasHistory()) {
            return set + "; no person history loaded (--history), so the history rules are off";
        }
        org.korrekt.features.history.PersonHistoryStore.Stats stats = checks.historyStats();
        ScoredApplicationsReplay.Result replayed = server.scoredReplay();
        org.korrekt.scoring.feed.HistoryFeed.CatchUp fed = server.historyFeedAtStart();
        return String.format(
                "%s; person history of %,d people, %,d children, %,d addresses;"
                        + " %,d applications scored earlier put back into it in %.1f s (%,d it held already);"
                        + " %,d events of the history feed (POST /v1/history/events) applied in %.1f s"
                        + " (%,d received before the log's as-of time, taken to be in it)%s",
                set,
                stats.persons(),
                stats.children(),
                stats.addresses(),
                replayed.recorded(),
                replayed.millis() / 1e3,
                replayed.alreadyHeld(),
                fed.applied(),
                fed.millis() / 1e3,
                fed.inLog(),
                fed.unreadable() == 0 ? "" : String.format("; %,d this build cannot read (logged)", fed.unreadable()));
    }

    void printBanner(KorrektServer server) throws Exception {
        String base = server.baseUrl();
        String token = showToken() ? demoToken() : null;
        System.out.printf(
                "%nkorrekt scoring service%n"
                        + "  profile   %s, model version %s%n"
                        + "  bundles   %s%n"
                        + "  database  %s%n"
                        + "  rules     %s%n"
                        + "  API       %s/v1/score  (POST, JSON)%n"
                        + "  queue     %s/v1/queues/tfp  (one queue per benefit)%n"
                        + "  health    %s/health%n"
                        + "  metrics   %s/metrics%n"
                        + "  OpenAPI   %s/openapi.yaml%n"
                        + "  report    %s%n"
                        + "%s%s%n%n",
                server.bundle().profile(),
                server.bundle().version(),
                bundlePublicKeys.isEmpty()
                        ? "checksums checked; signatures not (no --bundle-public-key)"
                        : "checksums and signatures checked ("
                                + bundlePublicKeys.stream().map(Path::toString).collect(Collectors.joining(", "))
                                + ")",
                server.databaseDescription(),
                rules(server),
                base,
                base,
                base,
                base,
                base,
                report(server.bundle().directory()),
                benchEcho
                        ? "  echo      " + base + ScoringVerticle.ECHO_ROUTE + "  (POST, the load benchmark's baseline)"
                                + System.lineSeparator()
                        : "",
                showToken()
                        ? "Send this header with every /v1 request:" + System.lineSeparator() + "Authorization: Bearer "
                                + token
                        : "Every /v1 request needs a bearer JWT with a role; for development issue one with:"
                                + System.lineSeparator() + "  ./korrekt token --role selfservice --work-dir "
                                + workDir);
    }

    /** A development token for the demo: every role, every unit, valid for 8 hours. */
    String demoToken() throws java.io.IOException {
        AuthConfig auth = AuthConfig.fromEnvironment(System.getenv(), workDir);
        return JwtIssuer.of(auth, java.time.Clock.systemUTC())
                .issue("korrekt-demo", java.util.Set.of(Role.ADMIN), java.util.Set.of(), java.time.Duration.ofHours(8));
    }

    /** The bundle's report: report.md for a selection profile, report.html for a lone logistic regression. */
    private static Path report(Path bundle) {
        Path markdown = bundle.resolve("report.md");
        return (java.nio.file.Files.exists(markdown) ? markdown : bundle.resolve("report.html")).toAbsolutePath();
    }
}
