package org.korrekt.scoring.feed;

import io.vertx.core.json.JsonObject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sql.DataSource;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.scoring.ClaimChecks;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.api.HistoryEventDecoder.FeedEvent;
import org.korrekt.scoring.api.HistoryEventDecoder.Kind;
import org.korrekt.scoring.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The person history's live feed: facts of the agency's registers that reach the service after its
 * history log was written ({@code POST /v1/history/events}).
 *
 * <p>An event is recorded in the database ({@code history_event}) before anything else, then
 * applied to the in-memory history. Every instance on the database applies every row, in the
 * order of its {@code seq}: the one that received it at once, the others within a poll ({@link
 * #catchUp}). A writer locks the table for its insert, so rows become visible in {@code seq}
 * order and a reader that has applied up to {@code n} never misses a row below it.
 *
 * <p>A restarted service applies the rows again after loading its log, except those received
 * before the log's as-of time ({@code korrekt history --as-of}, when the registers' export was
 * taken): the log already holds them. The rule is for the rows recorded before this instance
 * started; every row recorded since is applied, whatever the clocks say. The sender's {@code
 * eventId} makes a resent event harmless: it is recorded and applied once; one resent with other
 * content is a conflict, reported and not applied.
 *
 * <p>A withdrawal takes back an event the feed recorded before it (a payment, declaration,
 * attendance day or timesheet): checked under the table's lock, so that no event is withdrawn
 * twice, and applied, on every instance and after a restart, by removing that event from the history.
 */
public final class HistoryFeed {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryFeed.class);

    /** How long a writer waits for another's insert before it gives up. */
    public static final int LOCK_TIMEOUT_SECONDS = 10;

    /** How far the log's as-of time may lie ahead of the database's clock before the start warns. */
    static final Duration AS_OF_SKEW = Duration.ofMinutes(5);

    /** Rows read at a time when catching up. */
    static final int PAGE = 1_000;

    /**
     * What one request did.
     *
     * @param received events in the request
     * @param recorded events recorded now (and applied, unless the database failed in between: then the next poll does)
     * @param duplicates events recorded before (the same id and content), not applied again
     * @param conflicts positions in the request of events whose id was recorded with other content; not applied
     * @param refused withdrawals refused (nothing to withdraw, or withdrawn already); neither recorded nor applied
     */
    public record Appended(
            int received, int recorded, int duplicates, List<Integer> conflicts, List<Refused> refused) {}

    /**
     * A withdrawal refused.
     *
     * @param index its position in the request
     * @param message why
     */
    public record Refused(int index, String message) {}

    /**
     * What catching up did.
     *
     * @param applied rows applied to the history
     * @param inLog rows recorded before the start and received before the log's as-of time, taken to be in it
     * @param unreadable rows this build could not read (logged), not applied
     * @param millis how long it took
     */
    public record CatchUp(long applied, long inLog, long unreadable, long millis) {
        CatchUp plus(CatchUp o) {
            return new CatchUp(applied + o.applied, inLog + o.inLog, unreadable + o.unreadable, millis + o.millis);
        }
    }

    private final DataSource dataSource;
    private final ClaimChecks checks;
    private final HistoryEventDecoder decoder;
    private final Instant logAsOf;
    private long lastSeq;
    /** The last row recorded before this instance started, -1 until the first catching up reads it. */
    private long startedAfter = -1;
    /** Whether the log's as-of time lay ahead of the database's clock at the first catching up. */
    private boolean logAheadOfDatabase;

    private volatile CatchUp total = new CatchUp(0, 0, 0, 0);

    /**
     * @param dataSource the service's database
     * @param checks the rule checks, with the person history the events go to
     * @param decoder reads the stored events back
     * @param logAsOf the time the history log is as of: rows recorded before the start and received before it are in it
     */
    public HistoryFeed(DataSource dataSource, ClaimChecks checks, HistoryEventDecoder decoder, Instant logAsOf) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.checks = Objects.requireNonNull(checks, "checks");
        if (!checks.hasHistory()) {
            throw new IllegalArgumentException("a history feed needs a person history");
        }
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.logAsOf = Objects.requireNonNull(logAsOf, "logAsOf");
    }

    /**
     * Records {@code events} (received from {@code subject}), then applies every row this instance
     * has not applied yet, these among them. Nothing is applied unless it is recorded; if the
     * database fails between the two, the events are recorded and the next poll applies them.
     *
     * @throws SQLException if the database fails; the request may be resent as it was (a failure
     *     in the commit itself may have recorded it: the ids then make the resent events duplicates)
     */
    public Appended append(List<FeedEvent> events, String subject) throws SQLException {
        int received = events.size();
        Set<String> inserted = new HashSet<>();
        List<Integer> conflicts = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        int duplicates = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    // self-conflicting, so writers commit one at a time, in seq order; readers are not blocked
                    // a writer that waits longer gives up (SQL state 55P03, answered 503): the feed retries
                    s.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_SECONDS + "s'");
                    s.execute("LOCK TABLE history_event IN SHARE ROW EXCLUSIVE MODE");
                }
                // under the lock, so that two requests cannot both withdraw one event
                boolean[] refuse = refuseWithdrawals(c, events, refused);
                int n = 0;
                int[] position = new int[received];
                for (int i = 0; i < received; i++) {
                    if (!refuse[i]) {
                        position[n++] = i;
                    }
                }
                String[] ids = new String[n];
                String[] kinds = new String[n];
                String[] bodies = new String[n];
                for (int k = 0; k < n; k++) {
                    FeedEvent e = events.get(position[k]);
                    ids[k] = e.eventId();
                    kinds[k] = e.kind().type();
                    bodies[k] = HistoryEventDecoder.stored(e).encode();
                }
                Array idArray = c.createArrayOf("text", ids);
                Array bodyArray = c.createArrayOf("text", bodies);
                try (PreparedStatement insert =
                        // received_at is taken under the lock (now() is the transaction's start), so that it
                        // rises with seq and the restart's as-of rule never skips a row but applies an older one
                        c.prepareStatement("INSERT INTO history_event (event_id, kind, body, received_by, received_at)"
                                + " SELECT e, k, b::jsonb, ?, clock_timestamp()"
                                + " FROM unnest(?::text[], ?::text[], ?::text[])"
                                + " WITH ORDINALITY AS t(e, k, b, i) ORDER BY i"
                                + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id")) {
                    insert.setString(1, subject);
                    insert.setArray(2, idArray);
                    insert.setArray(3, c.createArrayOf("text", kinds));
                    insert.setArray(4, bodyArray);
                    try (ResultSet rows = insert.executeQuery()) {
                        while (rows.next()) {
                            inserted.add(rows.getString(1));
                        }
                    }
                }
                // every other event: recorded before (or earlier in this request) with the same content, or not
                Set<String> firstSeen = new HashSet<>();
                List<Integer> others = new ArrayList<>();
                for (int k = 0; k < n; k++) {
                    if (!(inserted.contains(ids[k]) && firstSeen.add(ids[k]))) {
                        others.add(k);
                    }
                }
                if (!others.isEmpty()) {
                    Integer[] positions = others.toArray(new Integer[0]);
                    String[] otherIds = new String[positions.length];
                    String[] otherBodies = new String[positions.length];
                    for (int k = 0; k < positions.length; k++) {
                        otherIds[k] = ids[positions[k]];
                        otherBodies[k] = bodies[positions[k]];
                    }
                    try (PreparedStatement compare = c.prepareStatement(
                            "SELECT t.i, h.body = t.b::jsonb FROM unnest(?::int[], ?::text[], ?::text[]) AS t(i, e, b)"
                                    + " JOIN history_event h ON h.event_id = t.e")) {
                        compare.setArray(1, c.createArrayOf("integer", positions));
                        compare.setArray(2, c.createArrayOf("text", otherIds));
                        compare.setArray(3, c.createArrayOf("text", otherBodies));
                        try (ResultSet rows = compare.executeQuery()) {
                            while (rows.next()) {
                                if (rows.getBoolean(2)) {
                                    duplicates++;
                                } else {
                                    conflicts.add(position[rows.getInt(1)]);
                                }
                            }
                        }
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(c, e);
                throw e;
            }
        }
        conflicts.sort(null);
        try {
            catchUp();
        } catch (SQLException e) {
            // recorded all the same: the next poll applies them, and a resent request finds them duplicates
            LOG.warn("History events recorded but not yet applied ({}); the next poll applies them", e.getMessage());
        }
        return new Appended(received, inserted.size(), duplicates, List.copyOf(conflicts), List.copyOf(refused));
    }

    /**
     * Which of {@code events} are withdrawals to refuse, each with its reason in {@code refused}: one
     * of an event the feed never recorded (the history log's own facts cannot be withdrawn here, nor
     * can an event later in the request), of a withdrawal, of an event that cannot be withdrawn, or
     * of an event another withdrawal took back already. A withdrawal sent again is not refused: it
     * is a duplicate.
     */
    private static boolean[] refuseWithdrawals(Connection c, List<FeedEvent> events, List<Refused> refused)
            throws SQLException {
        boolean[] refuse = new boolean[events.size()];
        // what the database holds of each withdrawal's target and of each withdrawal's own id
        List<String> ids = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (FeedEvent e : events) {
            if (e.kind() == Kind.WITHDRAWAL) {
                ids.add(e.withdraws());
                ids.add(e.eventId());
                targets.add(e.withdraws());
            }
        }
        if (targets.isEmpty()) {
            return refuse;
        }
        Map<String, Kind> kindOf = new HashMap<>();
        Map<String, String> bodyOf = new HashMap<>();
        try (PreparedStatement recorded =
                c.prepareStatement("SELECT event_id, kind, body::text FROM history_event WHERE event_id = ANY(?)")) {
            recorded.setArray(1, c.createArrayOf("text", ids.toArray(new String[0])));
            try (ResultSet rows = recorded.executeQuery()) {
                while (rows.next()) {
                    kindOf.put(rows.getString(1), Kind.of(rows.getString(2)));
                    bodyOf.put(rows.getString(1), rows.getString(3));
                }
            }
        }
        Map<String, String> withdrawnBy = new HashMap<>();
        try (PreparedStatement withdrawn = c.prepareStatement("SELECT body->>'withdraws', event_id FROM history_event"
                + " WHERE kind = 'withdrawal' AND body->>'withdraws' = ANY(?)")) {
            withdrawn.setArray(1, c.createArrayOf("text", targets.toArray(new String[0])));
            try (ResultSet rows = withdrawn.executeQuery()) {
                while (rows.next()) {
                    withdrawnBy.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        for (int i = 0; i < events.size(); i++) {
            FeedEvent e = events.get(i);
            if (e.kind() != Kind.WITHDRAWAL) {
                kindOf.putIfAbsent(e.eventId(), e.kind());
                continue;
            }
            String before = bodyOf.get(e.eventId());
            if (before != null && !new JsonObject(before).equals(HistoryEventDecoder.stored(e))) {
                // its id was recorded with other content: answered as a conflict, it withdraws nothing
                continue;
            }
            String target = e.withdraws();
            Kind kind = kindOf.get(target);
            String by = withdrawnBy.get(target);
            String why = null;
            if (kind == null) {
                why = "no event with this id was recorded through the feed before it (an event of the history log"
                        + " is corrected by a new log)";
            } else if (kind == Kind.WITHDRAWAL) {
                why = "a withdrawal cannot be withdrawn; send the event again under a new eventId";
            } else if (!kind.withdrawable()) {
                why = "a " + kind.type() + " event cannot be withdrawn; the event that follows it corrects it";
            } else if (by != null && !by.equals(e.eventId())) {
                why = "the event was withdrawn already, by " + by;
            }
            if (why == null) {
                withdrawnBy.put(target, e.eventId());
                kindOf.putIfAbsent(e.eventId(), Kind.WITHDRAWAL);
            } else {
                refuse[i] = true;
                refused.add(new Refused(i, why));
            }
        }
        return refuse;
    }

    /**
     * Whether the log's as-of time lay more than five minutes ahead of the database's clock
     * when this instance first caught up (the start warns then): every event received before the
     * as-of time is taken to be in the log, so events recorded after the export are not applied.
     */
    public synchronized boolean logAheadOfDatabase() {
        return logAheadOfDatabase;
    }

    /**
     * Applies, in {@code seq} order, every recorded event this instance has not applied yet: at
     * start all of them (but those the log holds), afterwards those other instances received. The
     * first call should come before the service takes events itself.
     *
     * @throws SQLException if the database fails; what was applied stays applied, the rest comes next time
     */
    public synchronized CatchUp catchUp() throws SQLException {
        long started = System.nanoTime();
        long applied = 0;
        long inLog = 0;
        long unreadable = 0;
        try (Connection c = dataSource.getConnection()) {
            if (startedAfter < 0) {
                try (Statement s = c.createStatement();
                        ResultSet max = s.executeQuery("SELECT coalesce(max(seq), 0), now() FROM history_event")) {
                    max.next();
                    startedAfter = max.getLong(1);
                    Instant databaseNow = max.getTimestamp(2).toInstant();
                    logAheadOfDatabase = logAsOf.isAfter(databaseNow.plus(AS_OF_SKEW));
                    if (logAheadOfDatabase) {
                        // an export cannot be taken in the future: a wrong --as-of, or clocks out of step
                        LOG.warn(
                                "The history log is as of {}, later than the database's clock ({}): every history"
                                        + " event received before {} is taken to be in the log and not applied."
                                        + " Write the log again with the time its export was taken (korrekt history"
                                        + " --as-of), or set the clocks right",
                                logAsOf,
                                databaseNow,
                                logAsOf);
                    }
                }
            }
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT seq, event_id, body::text, received_at FROM history_event WHERE seq > ? ORDER BY seq LIMIT "
                            + PAGE)) {
                int read = PAGE;
                while (read == PAGE) {
                    select.setLong(1, lastSeq);
                    read = 0;
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            read++;
                            long seq = rows.getLong(1);
                            Instant received = rows.getTimestamp(4).toInstant();
                            if (seq <= startedAfter && received.isBefore(logAsOf)) {
                                inLog++;
                            } else if (apply(c, seq, rows.getString(2), rows.getString(3))) {
                                applied++;
                            } else {
                                unreadable++;
                            }
                            lastSeq = seq;
                        }
                    }
                }
            }
        }
        CatchUp done = new CatchUp(applied, inLog, unreadable, (System.nanoTime() - started) / 1_000_000);
        total = total.plus(done);
        return done;
    }

    /**
     * Applies one stored row; false (and a warning) for one this build cannot read. A withdrawal
     * removes the event it names, read from its own row, from the history, if the history holds it
     * (whether it came from the feed or, received before the log's as-of time, from the log).
     */
    private boolean apply(Connection c, long seq, String eventId, String body) throws SQLException {
        try {
            FeedEvent event = decoder.fromStored(eventId, new JsonObject(body));
            if (event.kind() != Kind.WITHDRAWAL) {
                checks.apply(event.event());
                return true;
            }
            String withdrawn = withdrawnBody(c, event.withdraws());
            if (withdrawn == null) {
                throw new IllegalStateException("the event it withdraws, " + event.withdraws() + ", is not recorded");
            }
            if (!(decoder.fromStored(event.withdraws(), new JsonObject(withdrawn))
                            .event()
                    instanceof HistoryEvent.Withdrawable target)) {
                throw new IllegalStateException(
                        "the event it withdraws, " + event.withdraws() + ", cannot be withdrawn");
            }
            if (!checks.withdraw(target)) {
                LOG.info(
                        "History event seq {} withdraws {}, which the history no longer holds (overwritten or evicted)",
                        seq,
                        event.withdraws());
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("History event seq {} cannot be read by this build and is not applied: {}", seq, e.getMessage());
            return false;
        }
    }

    private static String withdrawnBody(Connection c, String eventId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT body::text FROM history_event WHERE event_id = ?")) {
            select.setString(1, eventId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** Everything caught up since the start, the start's own catching up included; never waits. */
    public CatchUp total() {
        return total;
    }

    /** The time the history log is as of. */
    public Instant logAsOf() {
        return logAsOf;
    }
}
