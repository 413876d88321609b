package org.korrekt.scoring.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's database: a pooled {@link DataSource} on a migrated schema. Starts the embedded
 * server when no external one is configured. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final EmbeddedPostgres embedded;
    private final HikariDataSource dataSource;
    private final String description;
    private final Migration migration;
    private final HikariDataSource lockConnections;
    private final RequestLocks requestLocks;
    /** Restarts the embedded server if it dies; null for an external database or a reading. */
    private java.util.concurrent.ScheduledExecutorService watchdog;

    /**
     * What the start did to the schema.
     *
     * @param from the schema's version before, or null for an empty database
     * @param to the version after
     * @param applied the migrations applied now
     */
    public record Migration(String from, String to, int applied) {}

    private Database(
            EmbeddedPostgres embedded,
            HikariDataSource dataSource,
            String description,
            Migration migration,
            HikariDataSource lockConnections) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.description = description;
        this.migration = migration;
        this.lockConnections = lockConnections;
        this.requestLocks = lockConnections == null ? null : new RequestLocks(lockConnections);
    }

    /**
     * Connects (starting the embedded server if configured) and migrates the schema.
     *
     * @throws IOException if the embedded server cannot start
     * @throws org.flywaydb.core.api.FlywayException if migration fails
     */
    public static Database open(DatabaseConfig config) throws IOException {
        return open(config, false);
    }

    /**
     * Connects to a database the service has made, to read it: the embedded server must already
     * hold a cluster (none is made), the schema must be this version's (nothing is migrated), and
     * every connection is read-only. For tools that read the service's records beside it.
     *
     * @throws IOException if there is no embedded cluster, or the embedded server cannot start
     * @throws org.flywaydb.core.api.FlywayException if the schema is not this version's
     */
    public static Database openForReading(DatabaseConfig config) throws IOException {
        if (config.isEmbedded()
                && !Files.exists(config.embeddedDir().resolve("data").resolve("PG_VERSION"))) {
            throw new IOException("there is no database in " + config.embeddedDir()
                    + ": the service has not run with this working folder (--work-dir), or it uses an external one"
                    + " (KORREKT_DB_URL)");
        }
        return open(config, true);
    }

    private static Database open(DatabaseConfig config, boolean reading) throws IOException {
        EmbeddedPostgres embedded = null;
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("korrekt");
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setReadOnly(reading);
        String description;
        if (config.isEmbedded()) {
            embedded = EmbeddedPostgres.start(config.embeddedDir(), config.binariesCache());
            hikari.setJdbcUrl(embedded.jdbcUrl("postgres"));
            hikari.setUsername(EmbeddedPostgres.SUPERUSER);
            hikari.setPassword(embedded.password());
            description =
                    "embedded PostgreSQL on 127.0.0.1:" + embedded.port() + ", data in " + embedded.dataDirectory();
        } else {
            hikari.setJdbcUrl(config.jdbcUrl());
            hikari.setUsername(config.user());
            hikari.setPassword(config.password());
            description = "PostgreSQL at " + config.jdbcUrl();
        }
        // Fail fast when the database is down, rather than queueing requests for 30 s.
        hikari.setConnectionTimeout(5_000);
        HikariDataSource dataSource = null;
        HikariDataSource lockConnections = null;
        Migration migration = null;
        try {
            // Flyway on its own connection, without the service's socket time limit: an index built
            // over millions of rows may answer nothing for longer
            if (!reading) {
                try (HikariDataSource migrating = new HikariDataSource(copy(hikari, "korrekt-migration"))) {
                    migration = migrate(migrating, false);
                }
            }
            // A database that hangs (a network partition, a stopped server) rather than refusing
            // would hold a connection for ever. The limit is per read of the socket, so a long
            // result still streams; the decision writer sets its own, shorter one
            // (DecisionStore.WRITE_TIMEOUT), so that its batch goes to the journal in time.
            hikari.addDataSourceProperty("socketTimeout", reading ? "0" : Integer.toString(SOCKET_TIMEOUT_SECONDS));
            hikari.addDataSourceProperty("tcpKeepAlive", "true");
            dataSource = new HikariDataSource(hikari);
            if (reading) {
                migrate(dataSource, true);
            } else {
                warnOfInvalidIndexes(dataSource);
                // the Idempotency-Key requests' locks: each holds a connection while its request is
                // decided, so they have a pool of their own, opened as needed, and never take the
                // decision writer's connections
                HikariConfig locks = copy(hikari, "korrekt-request-locks");
                locks.setMaximumPoolSize(REQUEST_LOCK_CONNECTIONS);
                // a lock's connection is idle while its request is decided: should its instance's
                // host die or its network be cut, the server learns of it from TCP keepalives, here
                // within about 25 s rather than the operating system's 2 hours, and drops the lock
                locks.setConnectionInitSql(
                        "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3");
                lockConnections = new HikariDataSource(locks);
            }
        } catch (RuntimeException e) {
            if (lockConnections != null) {
                lockConnections.close();
            }
            if (dataSource != null) {
                dataSource.close();
            }
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        LOG.info("Database: {}", description);
        Database database = new Database(embedded, dataSource, description, migration, lockConnections);
        if (embedded != null && !reading) {
            database.watchEmbedded();
        }
        return database;
    }

    /** How often the service checks that its embedded server still runs, in seconds. */
    public static final int EMBEDDED_WATCH_SECONDS = 5;

    /**
     * Checks every {@value #EMBEDDED_WATCH_SECONDS} s that the embedded server still runs and starts
     * it again if not ({@link EmbeddedPostgres#restartIfDown}): meanwhile decisions go to the
     * journal and the work routes answer 503, as during any outage.
     */
    private void watchEmbedded() {
        watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "korrekt-embedded-postgres-watch");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.scheduleWithFixedDelay(
                () -> {
                    try {
                        embedded.restartIfDown();
                    } catch (IOException | RuntimeException e) {
                        LOG.atError()
                                .addKeyValue("event", "embedded_database_restart_failed")
                                .setCause(e)
                                .log(
                                        "Embedded PostgreSQL is down and did not start again; trying again in {} s",
                                        EMBEDDED_WATCH_SECONDS);
                    }
                },
                EMBEDDED_WATCH_SECONDS,
                EMBEDDED_WATCH_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    /**
     * The longest the service waits for the database to answer on a connection, in seconds: a query
     * that hears nothing for this long fails (a statement that works on millions of rows before it
     * answers, as a bulk load may, can take minutes, so this is generous).
     */
    public static final int SOCKET_TIMEOUT_SECONDS = 600;

    private static HikariConfig copy(HikariConfig of, String name) {
        HikariConfig copy = new HikariConfig();
        of.copyStateTo(copy);
        copy.setPoolName(name);
        copy.setMinimumIdle(0);
        return copy;
    }

    private static Migration migrate(DataSource dataSource, boolean validateOnly) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                // a session lock, not one held in an open transaction: CREATE INDEX CONCURRENTLY
                // (V10) waits for every open transaction, and would wait for Flyway's own for ever
                .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false"))
                .load();
        if (validateOnly) {
            flyway.validate();
            return null;
        }
        org.flywaydb.core.api.output.MigrateResult result = flyway.migrate();
        return new Migration(
                result.initialSchemaVersion,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    /**
     * The indexes of the service's schema that PostgreSQL keeps but does not use: what a
     * {@code CREATE INDEX CONCURRENTLY} (V10, V16, V20) leaves when its build fails. Its migration's
     * {@code IF NOT EXISTS} then skips the index on the next run, after a {@code flyway repair},
     * so a failed build would otherwise go unnoticed, with queries that scan the table.
     *
     * @throws IllegalStateException if the catalogue cannot be read
     */
    public List<String> invalidIndexes() {
        return invalidIndexes(dataSource);
    }

    private static List<String> invalidIndexes(DataSource dataSource) {
        String query = "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE NOT i.indisvalid AND n.nspname = current_schema() ORDER BY c.relname";
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's indexes: " + e.getMessage(), e);
        }
        return names;
    }

    private static void warnOfInvalidIndexes(DataSource dataSource) {
        for (String index : invalidIndexes(dataSource)) {
            LOG.atWarn()
                    .addKeyValue("event", "database_index_invalid")
                    .addKeyValue("index", index)
                    .log(
                            "Index {} is invalid (its concurrent build failed) and is not used:"
                                    + " rebuild it with REINDEX INDEX CONCURRENTLY {}",
                            index,
                            index);
        }
    }

    /** The pooled data source. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** What this open did to the schema; null for one opened for reading, which migrates nothing. */
    public Migration migration() {
        return migration;
    }

    /** Connections for the locks of requests named with an {@code Idempotency-Key}: so many at once. */
    public static final int REQUEST_LOCK_CONNECTIONS = 8;

    /** The locks of requests named with an {@code Idempotency-Key}; null for a database opened for reading. */
    public RequestLocks requestLocks() {
        return requestLocks;
    }

    /** Where the data lives, for logs and the start-up banner. */
    public String description() {
        return description;
    }

    /** Closes the pool and stops the embedded server, if any. */
    @Override
    public void close() throws IOException {
        if (watchdog != null) {
            watchdog.shutdown();
            try {
                // a restart under way finishes before the server is stopped (close waits for it anyway)
                watchdog.awaitTermination(
                        EmbeddedPostgres.START_TIMEOUT_SECONDS + 30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lockConnections != null) {
            lockConnections.close();
        }
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
    }

    /**
     * Rolls back after {@code failure}. On a connection the database dropped the rollback fails
     * too; the transaction is gone with it, and {@code failure} stays the one reported (the route
     * answers a dropped connection with 503; a failed rollback thrown instead would be a 500).
     */
    public static void rollbackAfter(java.sql.Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (java.sql.SQLException lost) {
            failure.addSuppressed(lost);
        }
    }
}
