package org.korrekt.scoring.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Locks on the requests that clients name with an {@code Idempotency-Key}, shared by every
 * instance on the database: PostgreSQL session advisory locks, each held on a connection of its
 * own for as long as its request is being decided. A retry that reaches another instance while
 * the first send is still being decided finds the lock taken, rather than deciding the request a
 * second time; an instance that dies drops its connections, and with them its locks, so a retry
 * after a crash is decided at once. Thread-safe.
 */
public final class RequestLocks {

    /**
     * The first of the two keys of every lock (the ASCII of "krrq"): the two-key form is a space of
     * its own, apart from the one-key locks Flyway takes while it migrates.
     */
    static final int LOCK_CLASS = 0x6b727271;

    /** The longest a lock's statement waits for the database to answer. */
    static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource connections;

    /** @param connections the pool the locks' connections come from, used for nothing else */
    RequestLocks(HikariDataSource connections) {
        this.connections = connections;
    }

    /** A lock held; closing it releases it. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock of the request with key digest {@code key} (hex), without waiting.
     *
     * @return the lock, or null when another request with the key holds it (on any instance)
     * @throws SQLException if the database fails or does not answer in time
     */
    public Held tryLock(String key) throws SQLException {
        int id = lockId(key);
        Connection connection = connections.getConnection();
        boolean taken = false;
        try {
            connection.setNetworkTimeout(Runnable::run, (int) STATEMENT_TIMEOUT.toMillis());
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, LOCK_CLASS);
                lock.setInt(2, id);
                try (ResultSet rows = lock.executeQuery()) {
                    rows.next();
                    taken = rows.getBoolean(1);
                }
            }
        } finally {
            if (!taken) {
                connection.close();
            }
        }
        if (!taken) {
            return null;
        }
        return () -> release(connection, id);
    }

    private void release(Connection connection, int id) {
        boolean released = false;
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            unlock.setInt(1, LOCK_CLASS);
            unlock.setInt(2, id);
            try (ResultSet rows = unlock.executeQuery()) {
                released = rows.next() && rows.getBoolean(1);
            }
        } catch (SQLException e) {
            // the connection is gone or broken: retired below, and its session's locks with it
        } finally {
            if (!released) {
                // a connection that may still hold the lock must never serve another request
                connections.evictConnection(connection);
            }
            try {
                connection.close();
            } catch (SQLException e) {
                // evicted or broken: nothing more to do
            }
        }
    }

    /**
     * The lock's second key: a 32-bit hash of the request's key digest (two keys alike only delay
     * each other).
     */
    static int lockId(String key) {
        return key.hashCode();
    }
}
