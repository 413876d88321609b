package org.korrekt.scoring.queue;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.DecisionRecordJson;
import org.korrekt.scoring.record.ScoredClaim;

/**
 * Records decisions and keeps the work queues: every decision is inserted; a decision that
 * {@link Decision#opensCase() opens a case} adds it to its unit's queue, or attaches to the
 * person's open case for the same benefit, in the same transaction. Thread-safe.
 */
public final class DecisionStore {

    private static final String DECISION_INSERT_COLUMNS = """
            INSERT INTO decision (decision_id, decided_at, application_id, person_pseudonym, benefit, profile,
                model_version, schema_fingerprint, input_digest, features, amount_sek, score,
                expected_incorrect_sek, band, action, random_control, reason_codes, rules, thresholds, reasons,
                shadow, unit, policy, questions, submitted_on, period_start, claimed_days, child_pseudonym,
                below_amount_limit, request_key, request_item)
            VALUES
            """;

    private static final String DECISION_VALUES =
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * Decisions inserted by one statement: a multi-row {@code INSERT} stores about 1.4 times as many
     * a second as a JDBC batch of single-row ones (each row a statement the server executes apart), and
     * unlike the driver's own rewriting ({@code reWriteBatchedInserts}) it still says, through
     * {@code RETURNING}, which rows were new. Two statement shapes serve any batch: this many rows,
     * and the remainder's.
     */
    static final int ROWS_PER_INSERT = 100;

    /** The statement inserting {@code rows} decisions; a decision stored before is skipped and not returned. */
    private static String insertDecisions(int rows) {
        StringBuilder sql =
                new StringBuilder(DECISION_INSERT_COLUMNS.length() + rows * (DECISION_VALUES.length() + 2) + 64);
        sql.append(DECISION_INSERT_COLUMNS);
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "" : ",\n").append(DECISION_VALUES);
        }
        return sql.append("\nON CONFLICT (decision_id) DO NOTHING RETURNING decision_id")
                .toString();
    }

    private static final String INSERT_FULL_CHUNK = insertDecisions(ROWS_PER_INSERT);

    private static final String SCORED_APPLICATIONS = """
            SELECT application_id, person_pseudonym, benefit, submitted_on, period_start, claimed_days, child_pseudonym
            FROM decision WHERE submitted_on IS NOT NULL ORDER BY decided_at, decision_id
            """;

    /** The rows of transactions that the snapshot (both parameters) did not see as committed. */
    private static final String SCORED_APPLICATIONS_SINCE = """
            SELECT application_id, person_pseudonym, benefit, submitted_on, period_start, claimed_days, child_pseudonym
            FROM decision
            WHERE recorded_xact >= pg_snapshot_xmin(?::pg_snapshot)
                AND NOT pg_visible_in_snapshot(recorded_xact, ?::pg_snapshot)
                -- no transaction of this server can be this new: a row copied from another server
                -- (a restore, a replication) that would be read again at every read until then
                AND recorded_xact < pg_snapshot_xmax(pg_current_snapshot())
                AND submitted_on IS NOT NULL
            ORDER BY decided_at, decision_id
            """;

    private static final String DECISION_COLUMNS = """
            SELECT decision_id, decided_at, application_id, person_pseudonym, benefit, unit, profile, model_version,
                schema_fingerprint, rules, input_digest, features, amount_sek, score, expected_incorrect_sek, band,
                action, random_control, thresholds, policy, questions, reasons::text AS reasons, shadow::text AS shadow,
                submitted_on, period_start, claimed_days, child_pseudonym, below_amount_limit, request_key,
                request_item
            FROM decision
            """;

    private static final String FIND_DECISION = DECISION_COLUMNS + " WHERE decision_id = ?";

    /** A request's decisions; the decision id orders two of one item, which no retry through the service makes. */
    private static final String FIND_REQUEST =
            DECISION_COLUMNS + " WHERE request_key = ? ORDER BY request_item, decided_at, decision_id";

    private static final String UPSERT_CASE = """
            WITH c AS (
                INSERT INTO queue_case (unit, person_pseudonym, benefit, decision_id, first_decision_id, score,
                    amount_sek, future_sek, expected_incorrect_sek, expected_value_sek, priority, due_at,
                    random_control, reason_codes, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, korrekt_priority(?, ?, ?, ?, ?), ?, ?, ?, ?, ?)
                ON CONFLICT (person_pseudonym, benefit) WHERE status <> 'CLOSED' DO UPDATE SET
                    -- the case shows one signal whole, the one that makes it worth the most (the first of equals);
                    -- every signal stays in case_signal
                    decision_id = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.decision_id ELSE queue_case.decision_id END,
                    score = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.score ELSE queue_case.score END,
                    amount_sek = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.amount_sek ELSE queue_case.amount_sek END,
                    future_sek = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.future_sek ELSE queue_case.future_sek END,
                    expected_incorrect_sek = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.expected_incorrect_sek ELSE queue_case.expected_incorrect_sek END,
                    expected_value_sek = GREATEST(queue_case.expected_value_sek, EXCLUDED.expected_value_sek),
                    due_at = LEAST(queue_case.due_at, EXCLUDED.due_at),
                    priority = korrekt_priority(GREATEST(queue_case.expected_value_sek, EXCLUDED.expected_value_sek),
                        queue_case.due_at IS NOT NULL OR EXCLUDED.due_at IS NOT NULL, queue_case.created_at, ?, ?),
                    reason_codes = CASE WHEN EXCLUDED.expected_value_sek > queue_case.expected_value_sek
                        THEN EXCLUDED.reason_codes ELSE queue_case.reason_codes END,
                    last_signal_id = EXCLUDED.decision_id,
                    signals = queue_case.signals + 1,
                    updated_at = EXCLUDED.updated_at
                RETURNING case_id)
            INSERT INTO case_signal (case_id, decision_id, attached_at) SELECT case_id, ?, ? FROM c
            """;

    private final DataSource dataSource;
    private final QueueSettings settings;

    /**
     * @param dataSource a data source on a schema migrated by {@link org.korrekt.scoring.db.Database}
     * @param settings how cases are valued and ranked
     */
    public DecisionStore(DataSource dataSource, QueueSettings settings) {
        this.dataSource = dataSource;
        this.settings = settings;
    }

    /**
     * Records {@code decision}, and queues its case in {@code unit} when it opens one.
     *
     * @param inputDigest the keyed digest of the request body the decision was made on
     * @param schemaFingerprint the fingerprint of the feature schema of {@code decision.features()}
     */
    public void record(Decision decision, String unit, String inputDigest, String schemaFingerprint)
            throws SQLException {
        write(List.of(DecisionRecord.of(decision, unit, inputDigest, schemaFingerprint)));
    }

    /**
     * The longest a batch's write waits for the database to answer, on any one read of its socket;
     * a batch of 500 takes tens of milliseconds on a healthy database.
     */
    public static final java.time.Duration WRITE_TIMEOUT = java.time.Duration.ofSeconds(30);

    /**
     * The first key of the transaction locks that serialise the writes of one keyed request's
     * decisions (the ASCII of "krrw"); {@link org.korrekt.scoring.db.RequestLocks}' session locks use
     * another.
     */
    static final int WRITE_LOCK_CLASS = 0x6b727277;

    /**
     * Records a batch of decisions in one transaction, and queues the cases they open. A decision
     * already recorded (a journal replayed twice) is skipped, its case signal included. So is a
     * decision of an item of a keyed request (an {@code Idempotency-Key}) whose item another decision
     * holds already: each item of a request is recorded once, whichever decision of it comes first.
     * Two can be made when an instance deciding a request loses its lock on it (the database
     * restarted and ended the lock's session) and a retry on another instance takes it; the writes
     * of one request are serialised by a transaction lock, so that two writers cannot both find the
     * item free.
     *
     * @return the decisions skipped because another decision of their request item was recorded
     *     first (superseded); empty almost always
     */
    public List<UUID> write(List<DecisionRecord> records) throws SQLException {
        if (records.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection()) {
            // a database that hangs rather than refuses (packets dropped, a stopped server) fails this
            // write after WRITE_TIMEOUT, and the recorder journals the batch; the pool resets the limit
            connection.setNetworkTimeout(Runnable::run, (int) WRITE_TIMEOUT.toMillis());
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement actor =
                        connection.prepareStatement("SELECT set_config('korrekt.actor', 'korrekt-scoring', true)")) {
                    actor.execute();
                }
                List<UUID> superseded = new ArrayList<>();
                List<DecisionRecord> toInsert = withoutSuperseded(connection, records, superseded);
                // the decisions this transaction stored, each once: a journal replayed twice, or one
                // record in two of its segments, must not add a second signal to a case
                java.util.Set<UUID> inserted = new java.util.HashSet<>();
                for (int from = 0; from < toInsert.size(); from += ROWS_PER_INSERT) {
                    List<DecisionRecord> chunk =
                            toInsert.subList(from, Math.min(toInsert.size(), from + ROWS_PER_INSERT));
                    String sql = chunk.size() == ROWS_PER_INSERT ? INSERT_FULL_CHUNK : insertDecisions(chunk.size());
                    try (PreparedStatement insert = connection.prepareStatement(sql)) {
                        int i = 0;
                        for (DecisionRecord r : chunk) {
                            i = bindDecision(insert, connection, r, i);
                        }
                        try (ResultSet stored = insert.executeQuery()) {
                            while (stored.next()) {
                                inserted.add(stored.getObject(1, UUID.class));
                            }
                        }
                    }
                }
                try (PreparedStatement upsert = connection.prepareStatement(UPSERT_CASE)) {
                    boolean any = false;
                    for (int k = 0; k < records.size(); k++) {
                        DecisionRecord r = records.get(k);
                        if (!inserted.remove(r.decisionId()) || !r.opensCase()) {
                            continue;
                        }
                        Timestamp at = Timestamp.from(r.decidedAt());
                        double future = settings.futureSek(r.benefit(), r.amountSek());
                        BigDecimal value = sek(r.score() * (r.amountSek() + future));
                        boolean held = "HOLD_PAYMENT".equals(r.action());
                        int i = 0;
                        upsert.setString(++i, r.unit());
                        upsert.setString(++i, r.personPseudonym());
                        upsert.setString(++i, r.benefit());
                        upsert.setObject(++i, r.decisionId());
                        upsert.setObject(++i, r.decisionId());
                        upsert.setDouble(++i, r.score());
                        upsert.setBigDecimal(++i, sek(r.amountSek()));
                        upsert.setBigDecimal(++i, sek(future));
                        upsert.setBigDecimal(++i, sek(r.expectedIncorrectSek()));
                        upsert.setBigDecimal(++i, value);
                        upsert.setBigDecimal(++i, value);
                        upsert.setBoolean(++i, held);
                        upsert.setTimestamp(++i, at);
                        upsert.setDouble(++i, settings.ageRatePerDay());
                        upsert.setDouble(++i, settings.holdBoost());
                        upsert.setTimestamp(
                                ++i,
                                held
                                        ? Timestamp.from(
                                                r.decidedAt().plus(java.time.Duration.ofDays(settings.holdDays())))
                                        : null);
                        upsert.setBoolean(++i, r.randomControl());
                        upsert.setArray(
                                ++i,
                                connection.createArrayOf("text", r.reasonCodes().toArray()));
                        upsert.setTimestamp(++i, at);
                        upsert.setTimestamp(++i, at);
                        upsert.setDouble(++i, settings.ageRatePerDay());
                        upsert.setDouble(++i, settings.holdBoost());
                        upsert.setObject(++i, r.decisionId());
                        upsert.setTimestamp(++i, at);
                        upsert.addBatch();
                        any = true;
                    }
                    if (any) {
                        upsert.executeBatch();
                    }
                }
                connection.commit();
                return superseded;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * {@code records} without those whose keyed request item holds another decision, in the
     * database or earlier in {@code records}; those go to {@code superseded}. Takes the transaction
     * locks of the requests first, in one order, so that two writers of one request wait for each
     * other and never for each other's other locks.
     */
    private static List<DecisionRecord> withoutSuperseded(
            Connection connection, List<DecisionRecord> records, List<UUID> superseded) throws SQLException {
        java.util.TreeSet<Integer> locks = new java.util.TreeSet<>();
        List<String> keys = new ArrayList<>();
        List<Integer> items = new ArrayList<>();
        for (DecisionRecord r : records) {
            if (r.request() != null) {
                locks.add(r.request().key().hashCode());
                keys.add(r.request().key());
                items.add(r.request().item());
            }
        }
        if (keys.isEmpty()) {
            return records;
        }
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
            for (int id : locks) {
                lock.setInt(1, WRITE_LOCK_CLASS);
                lock.setInt(2, id);
                lock.execute();
            }
        }
        java.util.Map<String, UUID> holder = new java.util.HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT d.request_key, d.request_item, d.decision_id FROM decision d
                JOIN unnest(?::text[], ?::int[]) AS w(request_key, request_item)
                    ON d.request_key = w.request_key AND d.request_item = w.request_item
                """)) {
            query.setArray(1, connection.createArrayOf("text", keys.toArray()));
            query.setArray(2, connection.createArrayOf("integer", items.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    holder.putIfAbsent(rows.getString(1) + "#" + rows.getInt(2), rows.getObject(3, UUID.class));
                }
            }
        }
        List<DecisionRecord> kept = new ArrayList<>(records.size());
        for (DecisionRecord r : records) {
            if (r.request() != null) {
                UUID first =
                        holder.putIfAbsent(r.request().key() + "#" + r.request().item(), r.decisionId());
                if (first != null && !first.equals(r.decisionId())) {
                    superseded.add(r.decisionId());
                    continue;
                }
            }
            kept.add(r);
        }
        return kept;
    }

    /** Binds {@code r} to the 31 parameters after parameter {@code i} of an insert; returns the last one bound. */
    private static int bindDecision(PreparedStatement insert, Connection connection, DecisionRecord r, int i)
            throws SQLException {
        insert.setObject(++i, r.decisionId());
        insert.setTimestamp(++i, Timestamp.from(r.decidedAt()));
        insert.setString(++i, r.applicationId());
        insert.setString(++i, r.personPseudonym());
        insert.setString(++i, r.benefit());
        insert.setString(++i, r.profile());
        insert.setString(++i, r.modelVersion());
        insert.setString(++i, r.schemaFingerprint());
        insert.setString(++i, r.inputDigest());
        insert.setArray(++i, connection.createArrayOf("float8", boxed(r.features())));
        insert.setBigDecimal(++i, sek(r.amountSek()));
        insert.setDouble(++i, r.score());
        insert.setBigDecimal(++i, sek(r.expectedIncorrectSek()));
        insert.setString(++i, r.band());
        insert.setString(++i, r.action());
        insert.setBoolean(++i, r.randomControl());
        insert.setArray(++i, connection.createArrayOf("text", r.reasonCodes().toArray()));
        insert.setString(++i, r.rules());
        insert.setArray(++i, connection.createArrayOf("float8", boxed(r.thresholds())));
        insert.setString(++i, DecisionRecordJson.reasons(r.reasons()).encode());
        insert.setString(++i, DecisionRecordJson.shadow(r.shadow()).encode());
        insert.setString(++i, r.unit());
        insert.setString(++i, r.policy());
        insert.setArray(++i, connection.createArrayOf("text", r.questions().toArray()));
        ScoredClaim claim = r.claim();
        insert.setObject(++i, claim == null ? null : claim.submittedOn(), Types.DATE);
        insert.setObject(++i, claim == null ? null : claim.periodStart(), Types.DATE);
        insert.setObject(++i, claim == null ? null : claim.claimedDays(), Types.INTEGER);
        insert.setString(++i, claim == null ? null : claim.childPseudonym());
        insert.setObject(++i, r.belowAmountLimit(), Types.BOOLEAN);
        DecisionRecord.Request request = r.request();
        insert.setString(++i, request == null ? null : request.key());
        insert.setObject(++i, request == null ? null : request.item(), Types.INTEGER);
        return i;
    }

    /**
     * One decision about an application, as a list of them shows it.
     *
     * @param decisionId the decision
     * @param decidedAt when
     * @param unit the control unit it belongs to
     * @param modelVersion the version that decided
     * @param action the action
     * @param score the score
     * @param randomControl whether the random control sample drew it
     */
    public record DecisionSummary(
            UUID decisionId,
            Instant decidedAt,
            String unit,
            String modelVersion,
            String action,
            double score,
            boolean randomControl) {}

    /** At most this many decisions of one application are listed. */
    public static final int MAX_DECISIONS_OF_APPLICATION = 100;

    /**
     * The decisions recorded about {@code applicationId} in {@code units}, oldest first (a client's
     * retry, or a payment run after the self-service check, decides again): a page of at most {@link
     * #MAX_DECISIONS_OF_APPLICATION} and one more, which says there are more, after the decision
     * {@code after} (the last of the page before) when not null.
     *
     * @param units the control units whose decisions to list; null for every unit
     * @param after a decision of the application in {@code units} whose page came before, or null for
     *     the first page
     * @throws RequestException {@code INVALID_PARAMETER} if {@code after} is not such a decision
     * @throws SQLException if the database fails
     */
    public List<DecisionSummary> decisionsOf(String applicationId, java.util.Set<String> units, UUID after)
            throws SQLException {
        List<DecisionSummary> found = new ArrayList<>();
        String readable = " AND (?::text[] IS NULL OR unit = ANY(?::text[]))";
        try (Connection connection = dataSource.getConnection()) {
            Array unitArray = units == null ? null : connection.createArrayOf("text", units.toArray());
            if (after != null) {
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT 1 FROM decision WHERE decision_id = ? AND application_id = ?" + readable)) {
                    query.setObject(1, after);
                    query.setString(2, applicationId);
                    query.setArray(3, unitArray);
                    query.setArray(4, unitArray);
                    try (ResultSet rows = query.executeQuery()) {
                        if (!rows.next()) {
                            throw new RequestException(
                                    ErrorCode.INVALID_PARAMETER,
                                    "after",
                                    "after must be the decisionId of a decision of this application listed to the caller");
                        }
                    }
                }
            }
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT decision_id, decided_at, unit, model_version, action, score, random_control FROM decision"
                            + " WHERE application_id = ?" + readable
                            + (after == null
                                    ? ""
                                    : " AND (decided_at, decision_id) > (SELECT decided_at, decision_id FROM decision WHERE decision_id = ?)")
                            + " ORDER BY decided_at, decision_id LIMIT " + (MAX_DECISIONS_OF_APPLICATION + 1))) {
                query.setString(1, applicationId);
                query.setArray(2, unitArray);
                query.setArray(3, unitArray);
                if (after != null) {
                    query.setObject(4, after);
                }
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(new DecisionSummary(
                                rows.getObject(1, UUID.class),
                                rows.getTimestamp(2).toInstant(),
                                rows.getString(3),
                                rows.getString(4),
                                rows.getString(5),
                                rows.getDouble(6),
                                rows.getBoolean(7)));
                    }
                }
            }
        }
        return found;
    }

    /** The decision record with {@code id}, or null. */
    public DecisionRecord find(UUID id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(FIND_DECISION)) {
            query.setObject(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? recordOf(rows) : null;
            }
        }
    }

    /**
     * The decisions recorded for the request with {@code key} ({@link DecisionRecord.Request#key}),
     * by their item, as committed when the query began.
     *
     * @param timeout the longest a read of the database's answer may wait
     * @throws SQLException if the database fails or does not answer in time
     */
    public List<DecisionRecord> findRequest(String key, java.time.Duration timeout) throws SQLException {
        List<DecisionRecord> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // a database that hangs fails the read after the timeout rather than holding the caller
            // (the pool resets the limit when the connection comes back)
            connection.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
            try (PreparedStatement query = connection.prepareStatement(FIND_REQUEST)) {
                query.setString(1, key);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(recordOf(rows));
                    }
                }
            }
        }
        return found;
    }

    private static DecisionRecord recordOf(ResultSet rows) throws SQLException {
        String requestKey = rows.getString("request_key");
        return new DecisionRecord(
                rows.getObject("decision_id", UUID.class),
                rows.getTimestamp("decided_at").toInstant(),
                rows.getString("application_id"),
                rows.getString("person_pseudonym"),
                rows.getString("benefit"),
                rows.getString("unit"),
                rows.getString("profile"),
                rows.getString("model_version"),
                rows.getString("schema_fingerprint"),
                rows.getString("rules"),
                rows.getString("input_digest"),
                unboxed(rows.getArray("features")),
                rows.getBigDecimal("amount_sek").doubleValue(),
                rows.getDouble("score"),
                rows.getBigDecimal("expected_incorrect_sek").doubleValue(),
                rows.getString("band"),
                rows.getString("action"),
                rows.getBoolean("random_control"),
                unboxed(rows.getArray("thresholds")),
                rows.getString("policy"),
                List.of((String[]) rows.getArray("questions").getArray()),
                DecisionRecordJson.reasonsOf(rows.getString("reasons")),
                DecisionRecordJson.shadowOf(rows.getString("shadow")),
                scoredClaim(rows),
                rows.getObject("below_amount_limit", Boolean.class), // null before V19
                requestKey == null ? null : new DecisionRecord.Request(requestKey, rows.getInt("request_item")));
    }

    private static ScoredClaim scoredClaim(ResultSet rows) throws SQLException {
        LocalDate submitted = rows.getObject("submitted_on", LocalDate.class);
        if (submitted == null) {
            return null; // recorded before korrekt kept it
        }
        return new ScoredClaim(
                submitted,
                rows.getObject("period_start", LocalDate.class),
                rows.getInt("claimed_days"),
                rows.getString("child_pseudonym"));
    }

    /** A scored application as the person history keeps it. */
    public record ScoredApplication(String applicationId, String personPseudonym, String benefit, ScoredClaim claim) {}

    /**
     * Hands every scored application whose claim was recorded to {@code sink}, oldest decision
     * first, reading the rows as a stream (500 at a time). An application scored more than once
     * comes once per decision. Returns the database snapshot the read saw, from which {@link
     * #scoredApplicationsSince} carries on.
     */
    public String scoredApplications(Consumer<ScoredApplication> sink) throws SQLException {
        return readScoredApplications(SCORED_APPLICATIONS, null, sink);
    }

    /**
     * Hands {@code sink} the scored applications recorded since {@code snapshot} (one that {@link
     * #scoredApplications} or this method returned): those of every transaction that the snapshot did
     * not see as committed and that has committed since, whichever instance wrote them and however
     * late its transaction committed. Returns the snapshot of this read, for the next.
     */
    public String scoredApplicationsSince(String snapshot, Consumer<ScoredApplication> sink) throws SQLException {
        return readScoredApplications(SCORED_APPLICATIONS_SINCE, Objects.requireNonNull(snapshot, "snapshot"), sink);
    }

    private String readScoredApplications(String sql, String since, Consumer<ScoredApplication> sink)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams with a cursor only in a transaction
            try {
                String snapshot;
                // one snapshot for both statements: the rows read are exactly those it sees committed
                try (Statement s = connection.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                    try (ResultSet r = s.executeQuery("SELECT pg_current_snapshot()::text")) {
                        r.next();
                        snapshot = r.getString(1);
                    }
                }
                try (PreparedStatement query = connection.prepareStatement(sql)) {
                    if (since != null) {
                        query.setString(1, since);
                        query.setString(2, since);
                    }
                    query.setFetchSize(500);
                    try (ResultSet rows = query.executeQuery()) {
                        while (rows.next()) {
                            sink.accept(new ScoredApplication(
                                    rows.getString("application_id"),
                                    rows.getString("person_pseudonym"),
                                    rows.getString("benefit"),
                                    scoredClaim(rows)));
                        }
                    }
                }
                return snapshot;
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    /** The open cases per unit (queue depth), by unit name. */
    public java.util.Map<String, Long> openCaseCounts() throws SQLException {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT unit, count(*) FROM queue_case WHERE status = 'OPEN' GROUP BY unit");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    /** Every person the service has decided on, by pseudonym (read once, at start). */
    public java.util.Set<String> decidedPersons() throws SQLException {
        java.util.Set<String> persons = new java.util.HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // a cursor: the rows stream rather than arrive whole
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT DISTINCT person_pseudonym FROM decision")) {
                query.setFetchSize(10_000);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        persons.add(rows.getString(1));
                    }
                }
            } finally {
                connection.rollback();
            }
        }
        return persons;
    }

    /** Whether the database answers; for the health check. */
    public boolean isReachable() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static double[] unboxed(Array array) throws SQLException {
        Double[] boxed = (Double[]) array.getArray();
        double[] values = new double[boxed.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = boxed[i] == null ? Double.NaN : boxed[i];
        }
        return values;
    }

    private static Double[] boxed(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }

    /** An amount in SEK as PostgreSQL's numeric(14, 2); refuses NaN and infinities. */
    static BigDecimal sek(double amount) {
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "amount must be finite, was %s", amount));
        }
        // rounded as the answer rounds expectedIncorrectSek (ResponseEncoder), half up on the
        // double, so that the record says what the client was told and a retry answers it again
        return BigDecimal.valueOf(Math.round(amount * 100)).movePointLeft(2);
    }
}
