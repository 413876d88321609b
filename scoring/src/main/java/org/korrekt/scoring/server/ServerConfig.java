package org.korrekt.scoring.server;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Objects;
import org.korrekt.scoring.db.DatabaseConfig;
import org.korrekt.scoring.queue.QueueSettings;

/**
 * Everything the scoring service needs to start.
 *
 * @param host the interface to listen on
 * @param port the port, 0 for any free port
 * @param modelsDir the folder of model bundles ({@code PROFILE/VERSION/})
 * @param profile the selection profile to serve
 * @param database where queues and decision records live
 * @param auth how {@code /v1} bearer tokens (JWTs) are verified
 * @param pseudonymKey the HMAC key for personal identity numbers, at least 32 bytes
 * @param randomControlShare the share of applications drawn for random control, in [0, 0.5]
 * @param maxBodyBytes the largest accepted request body
 * @param historyLog korrekt's history log, or null: then only the application rules apply
 * @param journalDir where decision records wait while the database is unavailable
 * @param maxBatchItems most items in one batch request
 * @param rateLimitPerSecond requests a second each client (token subject) may send on average, with
 *     bursts of twice that; 0 turns limiting off
 * @param tls the TLS key and certificate, or null for plain HTTP (behind a TLS-terminating proxy)
 * @param queues how cases are routed to control units and ranked; null for {@link QueueSettings#defaults()}
 * @param benchEcho whether to serve {@code POST /v1/bench/echo}, which returns the request body unread by
 *     any scoring code: a baseline for load benchmarks, off unless asked for (docs/api.md)
 * @param bundlePublicKeys the keys one of which must have signed every served bundle
 *     ({@link org.korrekt.features.model.BundleSignature}): several while a signing key is replaced,
 *     none (or null) to check no signature
 * @param maxConcurrentBatches most batch requests scored or waiting at once (more are answered 503);
 *     0 for {@link #defaultMaxConcurrentBatches()}
 */
public record ServerConfig(
        String host,
        int port,
        Path modelsDir,
        String profile,
        DatabaseConfig database,
        org.korrekt.scoring.security.AuthConfig auth,
        byte[] pseudonymKey,
        double randomControlShare,
        int maxBodyBytes,
        Path historyLog,
        Path journalDir,
        int maxBatchItems,
        double rateLimitPerSecond,
        TlsConfig tls,
        QueueSettings queues,
        boolean benchEcho,
        List<PublicKey> bundlePublicKeys,
        int maxConcurrentBatches) {

    /** Default interface: loopback only. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Default port. */
    public static final int DEFAULT_PORT = 8080;
    /** Default profile. */
    public static final String DEFAULT_PROFILE = "all-benefits";
    /** Default most items per batch request. */
    public static final int DEFAULT_MAX_BATCH_ITEMS = 1_000;
    /** Default per-client rate: 500 requests a second. */
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 500;
    /** Default body limit: 64 KiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelsDir, "modelsDir");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(pseudonymKey, "pseudonymKey");
        Objects.requireNonNull(journalDir, "journalDir");
        pseudonymKey = pseudonymKey.clone();
        bundlePublicKeys = bundlePublicKeys == null ? List.of() : List.copyOf(bundlePublicKeys);
        if (queues == null) {
            queues = QueueSettings.defaults();
        }
        if (maxConcurrentBatches < 0) {
            throw new IllegalArgumentException("maxConcurrentBatches must be >= 0, was " + maxConcurrentBatches);
        }
        if (maxConcurrentBatches == 0) {
            maxConcurrentBatches = defaultMaxConcurrentBatches();
        }
    }

    /** Batches at once by default: four for each core, scored by one worker a core or waiting. */
    public static int defaultMaxConcurrentBatches() {
        return 4 * Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Everything but the bound on concurrent batches, which is then {@link #defaultMaxConcurrentBatches()}. */
    public ServerConfig(
            String host,
            int port,
            Path modelsDir,
            String profile,
            DatabaseConfig database,
            org.korrekt.scoring.security.AuthConfig auth,
            byte[] pseudonymKey,
            double randomControlShare,
            int maxBodyBytes,
            Path historyLog,
            Path journalDir,
            int maxBatchItems,
            double rateLimitPerSecond,
            TlsConfig tls,
            QueueSettings queues,
            boolean benchEcho,
            List<PublicKey> bundlePublicKeys) {
        this(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                benchEcho,
                bundlePublicKeys,
                0);
    }

    /** Everything but the benchmark echo route, which is then off. */
    public ServerConfig(
            String host,
            int port,
            Path modelsDir,
            String profile,
            DatabaseConfig database,
            org.korrekt.scoring.security.AuthConfig auth,
            byte[] pseudonymKey,
            double randomControlShare,
            int maxBodyBytes,
            Path historyLog,
            Path journalDir,
            int maxBatchItems,
            double rateLimitPerSecond,
            TlsConfig tls,
            QueueSettings queues) {
        this(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                false,
                null);
    }

    /** This configuration with {@code tls}. */
    public ServerConfig withTls(TlsConfig tls) {
        return new ServerConfig(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                benchEcho,
                bundlePublicKeys,
                maxConcurrentBatches);
    }

    /** This configuration with the benchmark echo route {@code POST /v1/bench/echo} on or off. */
    public ServerConfig withBenchEcho(boolean benchEcho) {
        return new ServerConfig(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                benchEcho,
                bundlePublicKeys,
                maxConcurrentBatches);
    }

    /** This configuration with at most {@code maxConcurrentBatches} batches at once (0: the default). */
    public ServerConfig withMaxConcurrentBatches(int maxConcurrentBatches) {
        return new ServerConfig(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                benchEcho,
                bundlePublicKeys,
                maxConcurrentBatches);
    }

    /** This configuration on {@code database}: replicas of one service share one. */
    public ServerConfig withDatabase(DatabaseConfig database) {
        return new ServerConfig(
                host,
                port,
                modelsDir,
                profile,
                database,
                auth,
                pseudonymKey,
                randomControlShare,
                maxBodyBytes,
                historyLog,
                journalDir,
                maxBatchItems,
                rateLimitPerSecond,
                tls,
                queues,
                benchEcho,
                bundlePublicKeys,
                maxConcurrentBatches);
    }
}
