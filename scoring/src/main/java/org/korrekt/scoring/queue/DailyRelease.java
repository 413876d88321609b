package org.korrekt.scoring.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.korrekt.scoring.db.Database;

/**
 * A unit's daily release by capacity: which open cases of the backlog are handed out on a day, in
 * which order, and how many. Once a day the unit's capacity less the cases still waiting is
 * released, the highest priority first, with the random control sample's cases spread among them;
 * later on the same day, when what was released has run out, the rest of the day's capacity. Two
 * instances release a unit one after the other (a transaction-scoped advisory lock per unit).
 * Thread-safe; every method blocks. {@link CaseStore} releases through it before it lists or hands
 * out a unit's cases.
 */
final class DailyRelease {

    private final DataSource dataSource;
    private final QueueSettings settings;

    DailyRelease(DataSource dataSource, QueueSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /**
     * Releases the cases of {@code unit} for {@code day} unless done already, as {@link
     * CaseStore#ensureReleased} says.
     *
     * @return how many cases were released now (0 when the day's release was done before)
     */
    int ensureReleased(String unit, LocalDate day) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (isReleased(connection, unit, day)) {
                return 0;
            }
        }
        return release(unit, day);
    }

    /** Whether the day's release of {@code unit} is recorded; asked before the lock, then under it. */
    private static boolean isReleased(Connection connection, String unit, LocalDate day) throws SQLException {
        try (PreparedStatement done =
                connection.prepareStatement("SELECT 1 FROM unit_release WHERE unit = ? AND released_on = ?")) {
            done.setString(1, unit);
            done.setObject(2, day);
            try (ResultSet rows = done.executeQuery()) {
                return rows.next();
            }
        }
    }

    private int release(String unit, LocalDate day) throws SQLException {
        try (Connection connection = CaseStore.begin(dataSource, "korrekt-release")) {
            try {
                lockReleases(connection, unit);
                if (isReleased(connection, unit, day)) {
                    connection.commit();
                    return 0;
                }
                int capacity = capacity(connection, unit);
                int waiting = (int) CaseStore.count(
                        connection,
                        "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'OPEN' AND released_on IS NOT NULL",
                        unit);
                int released = releaseFromBacklog(connection, unit, day, Math.max(0, capacity - waiting), 0);
                try (PreparedStatement log = connection.prepareStatement(
                        "INSERT INTO unit_release (unit, released_on, capacity, released) VALUES (?, ?, ?, ?)")) {
                    log.setString(1, unit);
                    log.setObject(2, day);
                    log.setInt(3, capacity);
                    log.setInt(4, released);
                    log.executeUpdate();
                }
                connection.commit();
                return released;
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /**
     * Releases more of the backlog on {@code day}, after the day's release, when what is released
     * has run out but the day's capacity has not: cases scored after the release, or a capacity a
     * lead raised since. The day's cases are those released on it (whatever became of them) and
     * those carried from earlier days that were still waiting or were claimed on it, as the day's
     * release counts them; the capacity less those is released, the best of the backlog first, with
     * the random control sample's cases spread among them as at the day's release.
     *
     * @return how many cases were released now
     */
    int topUp(String unit, LocalDate day) throws SQLException {
        try (Connection connection = CaseStore.begin(dataSource, "korrekt-release")) {
            try {
                lockReleases(connection, unit);
                int capacity = capacity(connection, unit);
                int counted;
                int lastRank;
                try (PreparedStatement query = connection.prepareStatement("""
                        SELECT count(*) FILTER (WHERE released_on = ?
                                OR (released_on < ? AND (status = 'OPEN' OR claimed_at >= ?))),
                            coalesce(max(release_rank) FILTER (WHERE released_on = ?), 0)
                        FROM queue_case WHERE unit = ? AND released_on IS NOT NULL
                        """)) {
                    query.setObject(1, day);
                    query.setObject(2, day);
                    query.setObject(3, day.atStartOfDay(settings.zone()).toOffsetDateTime());
                    query.setObject(4, day);
                    query.setString(5, unit);
                    try (ResultSet rows = query.executeQuery()) {
                        rows.next();
                        counted = rows.getInt(1);
                        lastRank = rows.getInt(2);
                    }
                }
                int released = releaseFromBacklog(connection, unit, day, Math.max(0, capacity - counted), lastRank);
                if (released > 0) {
                    CaseStore.update(
                            connection,
                            "UPDATE unit_release SET released = released + ?, capacity = ? WHERE unit = ?"
                                    + " AND released_on = ?",
                            released,
                            capacity,
                            unit,
                            day);
                }
                connection.commit();
                return released;
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /**
     * Releases up to {@code n} backlog cases of {@code unit} on {@code day}, ranked after {@code
     * afterRank}: random-control cases (oldest first, at most half) spread evenly among the
     * highest-priority model-selected ones.
     *
     * @return how many were released
     */
    private static int releaseFromBacklog(Connection connection, String unit, LocalDate day, int n, int afterRank)
            throws SQLException {
        if (n == 0) {
            return 0;
        }
        List<Long> random = CaseStore.ids(
                connection,
                "SELECT case_id FROM queue_case WHERE unit = ? AND status = 'OPEN' AND released_on IS NULL"
                        + " AND random_control ORDER BY created_at, case_id LIMIT ?",
                unit,
                Math.max(1, n / 2));
        List<Long> model = CaseStore.ids(
                connection,
                "SELECT case_id FROM queue_case WHERE unit = ? AND status = 'OPEN' AND released_on IS NULL"
                        + " AND NOT random_control ORDER BY priority DESC, case_id LIMIT ?",
                unit,
                n - random.size());
        long[] order = interleave(model, random);
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE queue_case SET released_on = ?, release_rank = ?, updated_at = clock_timestamp()"
                        + " WHERE case_id = ?")) {
            for (int rank = 0; rank < order.length; rank++) {
                mark.setObject(1, day);
                mark.setInt(2, afterRank + rank + 1);
                mark.setLong(3, order[rank]);
                mark.addBatch();
            }
            if (order.length > 0) {
                mark.executeBatch();
            }
        }
        return order.length;
    }

    /** Takes the unit's release lock for the transaction: two instances release a unit's cases one after the other. */
    private static void lockReleases(Connection connection, String unit) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "korrekt.release." + unit);
            lock.execute();
        }
    }

    /** Model-selected cases in rank order with the random-control ones spread evenly among them. */
    static long[] interleave(List<Long> model, List<Long> random) {
        int n = model.size() + random.size();
        long[] order = new long[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < random.size(); i++) {
            int at = (int) ((long) (i + 1) * n / (random.size() + 1));
            at = Math.min(n - 1, at);
            while (taken[at]) {
                at = (at + 1) % n;
            }
            order[at] = random.get(i);
            taken[at] = true;
        }
        int next = 0;
        for (int at = 0; at < n; at++) {
            if (!taken[at]) {
                order[at] = model.get(next++);
            }
        }
        return order;
    }

    /** The unit's cases a day: as a lead set it, or the settings' default. */
    int capacity(Connection connection, String unit) throws SQLException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT cases_per_day FROM unit_capacity WHERE unit = ?")) {
            q.setString(1, unit);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? rows.getInt(1) : settings.defaultCasesPerDay();
            }
        }
    }
}
