package org.korrekt.scoring.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.db.Database;
import org.korrekt.scoring.record.DecisionRecordJson;
import org.korrekt.scoring.security.Principal;

/**
 * The control units' work: releasing each day's cases by capacity ({@link DailyRelease}),
 * claiming ({@code FOR UPDATE SKIP LOCKED}: two investigators never get the same case), releasing,
 * reassigning, notes and outcomes, and the units' figures. Every change runs in one transaction
 * that names its actor, and the database's triggers write the audit trail from it. Thread-safe;
 * every method blocks.
 *
 * <p>Refusals are {@link RequestException}s: 404 for a case that does not exist or is outside the
 * caller's units, 403 for an action the caller's role does not allow, 409 for a case in the wrong
 * state.
 */
public final class CaseStore {

    /** Most cases one listing returns. */
    public static final int MAX_LIST = 500;
    /** Most weeks of figures. */
    public static final int MAX_WEEKS = 104;

    private static final String CASE_COLUMNS = """
            c.case_id, c.unit, c.person_pseudonym, c.benefit, c.decision_id, d.application_id, c.score, c.amount_sek,
            c.future_sek, c.expected_value_sek, c.expected_incorrect_sek, c.priority, c.random_control, c.reason_codes,
            (SELECT coalesce(jsonb_agg(r.e ORDER BY r.i), '[]'::jsonb) FROM jsonb_array_elements(d.reasons)
                WITH ORDINALITY AS r(e, i) WHERE r.i <= 3)::text AS top_reasons,
            c.signals, c.status, c.released_on, c.assignee, c.due_at, c.created_at, c.claimed_at, c.closed_at
            """;

    private static final String RELEASED = "SELECT " + CASE_COLUMNS + """
            FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id
            WHERE c.unit = ? AND c.status = 'OPEN' AND c.released_on IS NOT NULL
            ORDER BY c.released_on, c.release_rank, c.case_id LIMIT ?
            """;

    private static final String BACKLOG = "SELECT " + CASE_COLUMNS + """
            FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id
            WHERE c.unit = ? AND c.status = 'OPEN' AND c.released_on IS NULL
            ORDER BY c.priority DESC, c.case_id LIMIT ?
            """;

    private static final String CLAIMED = "SELECT " + CASE_COLUMNS + """
            FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id
            WHERE c.unit = ? AND c.status = 'CLAIMED'
            ORDER BY c.claimed_at, c.case_id LIMIT ?
            """;

    private static final String CLOSED_FROM = """
            FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id
                JOIN case_outcome_current o ON o.case_id = c.case_id
            WHERE c.unit = ? AND c.status = 'CLOSED'
            """;

    private static final String CLOSED = "SELECT " + CASE_COLUMNS + ", " + OutcomeRows.COLUMNS + CLOSED_FROM + """
            ORDER BY c.closed_at DESC, c.case_id DESC LIMIT ?
            """;

    private static final String CLOSED_BEFORE =
            "SELECT " + CASE_COLUMNS + ", " + OutcomeRows.COLUMNS + CLOSED_FROM + """
                AND (c.closed_at, c.case_id) < (SELECT b.closed_at, b.case_id FROM queue_case b WHERE b.case_id = ?)
            ORDER BY c.closed_at DESC, c.case_id DESC LIMIT ?
            """;

    private static final String ONE = "SELECT " + CASE_COLUMNS + """
            FROM queue_case c JOIN decision d ON d.decision_id = c.decision_id WHERE c.case_id = ?
            """;

    /**
     * Claims the first released case in hand-out order that also meets {@code filter} (SQL on the
     * case {@code q}, empty for none), skipping cases other claims hold: parameters the claimer,
     * the unit, then the filter's.
     */
    private static String claimNext(String filter) {
        return """
                UPDATE queue_case SET status = 'CLAIMED', assignee = ?, claimed_at = clock_timestamp(),
                    updated_at = clock_timestamp()
                WHERE case_id = (
                    SELECT q.case_id FROM queue_case q
                    WHERE q.unit = ? AND q.status = 'OPEN' AND q.released_on IS NOT NULL
                """ + filter + """
                    ORDER BY q.released_on, q.release_rank, q.case_id
                    LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING case_id
                """;
    }

    private static final String CLAIM_NEXT = claimNext("");

    /**
     * As {@link #CLAIM_NEXT}, passing over the cases released from the claimer (by them or a lead):
     * tried first, so that a case handed back does not come straight back. It walks the released
     * cases in hand-out order on their index and stops at the first it may take.
     */
    private static final String CLAIM_NEXT_NOT_RELEASED_FROM = claimNext("""
                    AND NOT EXISTS (SELECT 1 FROM case_audit a WHERE a.case_id = q.case_id AND a.action = 'RELEASED'
                        AND a.detail ->> 'from' = ?)
            """);

    private final DataSource dataSource;
    private final QueueSettings settings;
    private final Clock clock;
    private final DailyRelease dailyRelease;

    /**
     * @param dataSource a data source on a schema migrated by {@link org.korrekt.scoring.db.Database}
     * @param settings routing, default capacity and the time zone whose days count
     * @param clock the time, for the day's release and figures
     */
    public CaseStore(DataSource dataSource, QueueSettings settings, Clock clock) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.clock = clock;
        this.dailyRelease = new DailyRelease(dataSource, settings);
    }

    /** The queue settings. */
    public QueueSettings settings() {
        return settings;
    }

    /** Today, in the settings' time zone. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(settings.zone()));
    }

    /**
     * The unit's open cases: those released for work first, in the order they are handed out,
     * then the backlog, highest priority first. Releases today's cases first if not yet done.
     *
     * @param limit most cases returned, 1 to {@value #MAX_LIST}
     */
    public List<QueueCase> openCases(String unit, int limit) throws SQLException {
        checkLimit(limit);
        ensureReleased(unit, today());
        try (Connection connection = dataSource.getConnection()) {
            List<QueueCase> cases = query(connection, RELEASED, unit, limit);
            if (cases.size() < limit) {
                cases.addAll(query(connection, BACKLOG, unit, limit - cases.size()));
            }
            return cases;
        }
    }

    /**
     * The unit's open cases as {@link #openCases} lists them, with the unit's totals of open cases:
     * released for work, and the backlog (whatever the limit).
     *
     * @param limit most cases returned, 1 to {@value #MAX_LIST}
     */
    public OpenQueue openQueue(String unit, int limit) throws SQLException {
        List<QueueCase> cases = openCases(unit, limit);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement q = connection.prepareStatement(
                        "SELECT count(*) FILTER (WHERE released_on IS NOT NULL), count(*) FILTER (WHERE released_on IS NULL)"
                                + " FROM queue_case WHERE unit = ? AND status = 'OPEN'")) {
            q.setString(1, unit);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return new OpenQueue(cases, rows.getLong(1), rows.getLong(2));
            }
        }
    }

    /**
     * A page of a unit's open cases and the unit's totals of open cases.
     *
     * @param cases the cases listed, released first
     * @param released the unit's open cases released for work, listed or not
     * @param backlog the unit's open cases not yet released, listed or not
     */
    public record OpenQueue(List<QueueCase> cases, long released, long backlog) {
        public OpenQueue {
            cases = List.copyOf(cases);
        }
    }

    /**
     * The unit's claimed cases, longest claimed first, at most {@code limit}, and how many it has
     * claimed in all.
     */
    public ClaimedCases claimedCases(String unit, int limit) throws SQLException {
        checkLimit(limit);
        try (Connection connection = dataSource.getConnection()) {
            List<QueueCase> cases = query(connection, CLAIMED, unit, limit);
            long total = cases.size() < limit
                    ? cases.size()
                    : count(connection, "SELECT count(*) FROM queue_case WHERE unit = ? AND status = 'CLAIMED'", unit);
            return new ClaimedCases(cases, total);
        }
    }

    /**
     * A unit's claimed cases.
     *
     * @param cases the first of them, longest claimed first
     * @param total how many the unit has claimed
     */
    public record ClaimedCases(List<QueueCase> cases, long total) {
        /** Copies the list. */
        public ClaimedCases {
            cases = List.copyOf(cases);
        }
    }

    /**
     * A closed case with its outcome as it counts now.
     *
     * @param summary the case
     * @param outcome its outcome, corrected if a lead corrected it
     */
    public record ClosedCase(QueueCase summary, CaseDetail.RecordedOutcome outcome) {}

    /**
     * The unit's closed cases, most recently closed first, with their outcomes: a page of at most
     * {@code limit}, after the case {@code before} (the last of the page before) when not null.
     *
     * @param limit most cases returned, 1 to {@value #MAX_LIST}
     * @param before a closed case of the unit whose page came before, or null for the first page
     * @throws RequestException {@code INVALID_PARAMETER} if {@code before} is not a closed case of
     *     the unit
     */
    public List<ClosedCase> closedCases(String unit, int limit, Long before) throws SQLException {
        checkLimit(limit);
        try (Connection connection = dataSource.getConnection()) {
            if (before != null) {
                try (PreparedStatement q = connection.prepareStatement(
                        "SELECT 1 FROM queue_case WHERE case_id = ? AND unit = ? AND status = 'CLOSED'")) {
                    q.setLong(1, before);
                    q.setString(2, unit);
                    try (ResultSet rows = q.executeQuery()) {
                        if (!rows.next()) {
                            throw new RequestException(
                                    ErrorCode.INVALID_PARAMETER,
                                    "before",
                                    "before must be a closed case of unit '" + unit + "', was " + before);
                        }
                    }
                }
            }
            try (PreparedStatement q = connection.prepareStatement(before == null ? CLOSED : CLOSED_BEFORE)) {
                int i = 1;
                q.setString(i++, unit);
                if (before != null) {
                    q.setLong(i++, before);
                }
                q.setInt(i, limit);
                List<ClosedCase> cases = new ArrayList<>();
                try (ResultSet rows = q.executeQuery()) {
                    while (rows.next()) {
                        cases.add(new ClosedCase(summary(rows), OutcomeRows.read(rows)));
                    }
                }
                return cases;
            }
        }
    }

    /**
     * Claims the next released case of {@code unit} for {@code who}; concurrent claims each get a
     * different case. A case released from {@code who} earlier comes to them after every other. When
     * no released case is left and the day's capacity is not used up (cases that came in after the
     * day's release, or a capacity raised since), the best of the backlog are released first, up to
     * the capacity ({@link DailyRelease#topUp}).
     *
     * @return the claimed case, or null when no released case is left
     */
    public QueueCase claimNext(String unit, String who) throws SQLException {
        LocalDate day = today();
        ensureReleased(unit, day);
        QueueCase claimed = claim(unit, who);
        if (claimed == null && dailyRelease.topUp(unit, day) > 0) {
            claimed = claim(unit, who);
        }
        return claimed;
    }

    /**
     * Releases today's cases of {@code unit} unless done already: the unit's capacity less the cases
     * released earlier and still waiting, the highest priority first, with random-control cases
     * (oldest first, at most half) spread evenly among them ({@link DailyRelease}).
     *
     * @return how many cases were released now (0 when today's release was done before)
     */
    public int ensureReleased(String unit, LocalDate day) throws SQLException {
        return dailyRelease.ensureReleased(unit, day);
    }

    private QueueCase claim(String unit, String who) throws SQLException {
        long caseId = -1;
        try (Connection connection = begin(dataSource, who)) {
            try {
                try (PreparedStatement claim = connection.prepareStatement(CLAIM_NEXT_NOT_RELEASED_FROM)) {
                    claim.setString(1, who);
                    claim.setString(2, unit);
                    claim.setString(3, who);
                    try (ResultSet rows = claim.executeQuery()) {
                        caseId = rows.next() ? rows.getLong(1) : -1;
                    }
                }
                if (caseId < 0) {
                    try (PreparedStatement claim = connection.prepareStatement(CLAIM_NEXT)) {
                        claim.setString(1, who);
                        claim.setString(2, unit);
                        try (ResultSet rows = claim.executeQuery()) {
                            caseId = rows.next() ? rows.getLong(1) : -1;
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(connection, e);
                throw e;
            }
        }
        return caseId < 0 ? null : find(caseId);
    }

    /**
     * The case, or a 404 when it does not exist or lies outside the caller's units.
     */
    public QueueCase get(long caseId, Principal caller) throws SQLException {
        QueueCase found = find(caseId);
        if (found == null || !caller.mayReadUnit(found.unit())) {
            throw notFound(caseId);
        }
        return found;
    }

    /** The case, or null. */
    public QueueCase find(long caseId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(ONE)) {
            query.setLong(1, caseId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? summary(rows) : null;
            }
        }
    }

    /** Puts a claimed case back in the released queue; the assignee or a lead of the unit may. */
    public QueueCase release(long caseId, Principal caller) throws SQLException {
        change(caseId, caller, (connection, c) -> {
            if (!"CLAIMED".equals(c.status)) {
                throw new RequestException(
                        ErrorCode.CONFLICT,
                        null,
                        "case " + caseId + " is " + c.status + "; only a claimed case can be released");
            }
            if (!caller.subject().equals(c.assignee) && !caller.leads(c.unit)) {
                throw new RequestException(
                        ErrorCode.FORBIDDEN,
                        null,
                        "case " + caseId + " is claimed by someone else; a lead may release it");
            }
            update(
                    connection,
                    "UPDATE queue_case SET status = 'OPEN', assignee = NULL, updated_at = clock_timestamp(),"
                            + " released_on = coalesce(released_on, ?), release_rank = coalesce(release_rank, 0)"
                            + " WHERE case_id = ?",
                    today(),
                    caseId);
        });
        return find(caseId);
    }

    /** Gives an open or claimed case to {@code assignee}; a lead of the unit only. */
    public QueueCase reassign(long caseId, String assignee, Principal caller) throws SQLException {
        change(caseId, caller, (connection, c) -> {
            if (!caller.leads(c.unit)) {
                throw new RequestException(
                        ErrorCode.FORBIDDEN, null, "only a lead of unit '" + c.unit + "' may reassign");
            }
            if ("CLOSED".equals(c.status)) {
                throw new RequestException(ErrorCode.CONFLICT, null, "case " + caseId + " is closed");
            }
            if ("CLAIMED".equals(c.status) && assignee.equals(c.assignee)) {
                return; // already theirs: nothing changes, and nothing is written to the audit trail
            }
            String lookalike = lookalikeAssignee(connection, c.unit, assignee);
            if (lookalike != null) {
                // names are the tokens' subjects, compared exactly: "Anna" would strand the case, since
                // anna's token would no longer be its assignee's
                throw new RequestException(
                        ErrorCode.INVALID_FIELD,
                        "assignee",
                        "no one named '" + assignee + "' has held a case of unit '" + c.unit + "', but '"
                                + lookalike + "' has; a name must be written exactly as the person's token"
                                + " subject");
            }
            update(
                    connection,
                    "UPDATE queue_case SET status = 'CLAIMED', assignee = ?, claimed_at = clock_timestamp(),"
                            + " updated_at = clock_timestamp() WHERE case_id = ?",
                    assignee,
                    caseId);
        });
        return find(caseId);
    }

    /**
     * Someone who has held a case of {@code unit} under a name that differs from {@code assignee}
     * only in case, when no one has held one under {@code assignee} itself; else null.
     */
    private static String lookalikeAssignee(Connection connection, String unit, String assignee) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT assignee FROM queue_case WHERE unit = ? AND lower(assignee) = lower(?)
                ORDER BY assignee = ? DESC, assignee LIMIT 1
                """)) {
            query.setString(1, unit);
            query.setString(2, assignee);
            query.setString(3, assignee);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String found = rows.getString(1);
                return found.equals(assignee) ? null : found;
            }
        }
    }

    /**
     * The most notes a case holds. Notes can never be removed and a case is read whole, so without a
     * bound one caller could make a case (and every read of it) as large as the disk allows.
     */
    public static final int MAX_NOTES = 500;

    /**
     * Adds a note to a case of the caller's units; a case holds at most {@link #MAX_NOTES}. A note
     * the same author sent last, with the same text, is not added again: a retry after a lost answer
     * gets the note it added.
     */
    public CaseDetail.Note addNote(long caseId, String body, Principal caller) throws SQLException {
        long[] id = {0};
        Instant[] at = {null};
        change(caseId, caller, (connection, c) -> {
            if (note(
                    connection,
                    "SELECT note_id, written_at FROM case_note n WHERE case_id = ? AND author = ? AND body = ?"
                            + " AND note_id = (SELECT max(note_id) FROM case_note WHERE case_id = n.case_id)",
                    caseId,
                    caller.subject(),
                    body,
                    id,
                    at)) {
                return;
            }
            // the case's row is locked: two notes at once cannot both pass the count
            try (PreparedStatement count =
                    connection.prepareStatement("SELECT count(*) FROM case_note WHERE case_id = ?")) {
                count.setLong(1, caseId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) >= MAX_NOTES) {
                        throw new RequestException(
                                ErrorCode.CONFLICT,
                                null,
                                "case " + caseId + " has " + MAX_NOTES + " notes, the most a case holds (notes are"
                                        + " kept for good), so no more can be added; a note holds up to 10,000"
                                        + " characters");
                    }
                }
            }
            note(
                    connection,
                    "INSERT INTO case_note (case_id, author, written_at, body) VALUES (?, ?, clock_timestamp(), ?)"
                            + " RETURNING note_id, written_at",
                    caseId,
                    caller.subject(),
                    body,
                    id,
                    at);
        });
        return new CaseDetail.Note(id[0], caller.subject(), at[0], body);
    }

    /**
     * Runs {@code sql} on a note's case id, author and body, and reads the id and time of the note
     * it returns into {@code id} and {@code at}; whether it returned one.
     */
    private static boolean note(
            Connection connection, String sql, long caseId, String author, String body, long[] id, Instant[] at)
            throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setLong(1, caseId);
            q.setString(2, author);
            q.setString(3, body);
            try (ResultSet rows = q.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                id[0] = rows.getLong(1);
                at[0] = rows.getTimestamp(2).toInstant();
                return true;
            }
        }
    }

    /**
     * Records the outcome of a claimed case and closes it; its assignee or a lead of the unit may.
     * The outcome's consistency must have been checked with {@link Outcome#problem()}.
     */
    public QueueCase recordOutcome(long caseId, Outcome outcome, Principal caller) throws SQLException {
        change(caseId, caller, (connection, c) -> {
            if ("CLOSED".equals(c.status)) {
                CaseDetail.RecordedOutcome now = OutcomeRows.current(connection, caseId);
                if (now != null && OutcomeRows.isRecordedOutcome(now, outcome, caller.subject())) {
                    return; // sent again (its answer lost, say): recorded once, answered as then
                }
            }
            if (!"CLAIMED".equals(c.status)) {
                throw new RequestException(
                        ErrorCode.CONFLICT,
                        null,
                        "case " + caseId + " is " + c.status
                                + ("OPEN".equals(c.status) ? "; claim it before recording an outcome" : ""));
            }
            if (!caller.subject().equals(c.assignee) && !caller.leads(c.unit)) {
                throw new RequestException(
                        ErrorCode.FORBIDDEN,
                        null,
                        "case " + caseId + " is claimed by '" + c.assignee
                                + "'; only they or a lead may record its outcome");
            }
            OutcomeRows.checkAmounts(connection, caseId, outcome);
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO case_outcome (case_id, recorded_by, recorded_at, incorrect, incorrect_amount_sek,
                        prevented_future_sek, cause, intentional_suspected, actions, police_report)
                    VALUES (?, ?, clock_timestamp(), ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                int i = 0;
                insert.setLong(++i, caseId);
                insert.setString(++i, caller.subject());
                OutcomeRows.setFinding(connection, insert, i, outcome);
                insert.executeUpdate();
            }
            update(
                    connection,
                    "UPDATE queue_case SET status = 'CLOSED', closed_at = clock_timestamp(), updated_at = clock_timestamp()"
                            + " WHERE case_id = ?",
                    caseId);
        });
        return find(caseId);
    }

    /**
     * Corrects the outcome of a closed case: a lead of its unit, with the reason (a typo in an
     * amount, a finding overturned on appeal). The outcome recorded is kept, as every correction is;
     * the newest correction is the outcome that counts from now on, in the unit's figures, on the
     * case page and in the labels exported for retraining ({@code case_outcome_current}). The same
     * amounts are refused as when an outcome is recorded. A correction the same lead sent last, with
     * the same reason and finding, is not recorded again: a retry after a lost answer changes nothing.
     *
     * @throws RequestException FORBIDDEN for anyone but a lead of the case's unit, CONFLICT for a
     *     case without an outcome, INVALID_FIELD for amounts the case cannot hold
     */
    public QueueCase correctOutcome(long caseId, Outcome outcome, String reason, Principal caller) throws SQLException {
        change(caseId, caller, (connection, c) -> {
            if (!caller.leads(c.unit)) {
                throw new RequestException(
                        ErrorCode.FORBIDDEN,
                        null,
                        "only a lead of unit " + c.unit + " may correct the outcome of case " + caseId);
            }
            CaseDetail.RecordedOutcome now = OutcomeRows.current(connection, caseId);
            if (now == null) {
                throw new RequestException(
                        ErrorCode.CONFLICT,
                        null,
                        "case " + caseId + " is " + c.status + " and has no outcome to correct"
                                + ("CLOSED".equals(c.status) ? "" : "; record its outcome"));
            }
            OutcomeRows.checkAmounts(connection, caseId, outcome);
            if (OutcomeRows.isNewestCorrection(now, outcome, reason, caller.subject())) {
                return; // sent again (its answer lost, say): recorded once
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO case_outcome_correction (case_id, corrected_by, corrected_at, reason, incorrect,
                        incorrect_amount_sek, prevented_future_sek, cause, intentional_suspected, actions, police_report)
                    VALUES (?, ?, clock_timestamp(), ?, ?, ?, ?, ?, ?, ?, ?)
                    """)) {
                int i = 0;
                insert.setLong(++i, caseId);
                insert.setString(++i, caller.subject());
                insert.setString(++i, reason);
                OutcomeRows.setFinding(connection, insert, i, outcome);
                insert.executeUpdate();
            }
        });
        return find(caseId);
    }

    /**
     * Sets how many cases the unit releases a day; a lead of the unit only. It applies to the next
     * day's release, and today at the next claim that finds no released case ({@link
     * DailyRelease#topUp}).
     */
    public void setCapacity(String unit, int casesPerDay, Principal caller) throws SQLException {
        if (!caller.leads(unit)) {
            throw new RequestException(
                    ErrorCode.FORBIDDEN, null, "only a lead of unit '" + unit + "' sets its capacity");
        }
        try (Connection connection = begin(dataSource, caller.subject())) {
            try {
                update(
                        connection,
                        "INSERT INTO unit_capacity (unit, cases_per_day, set_by, set_at) VALUES (?, ?, ?, clock_timestamp())"
                                + " ON CONFLICT (unit) DO UPDATE SET cases_per_day = EXCLUDED.cases_per_day,"
                                + " set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at",
                        unit,
                        casesPerDay,
                        caller.subject());
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /** Everything about one case of the caller's units; of the person's history, what those units may read. */
    public CaseDetail detail(long caseId, Principal caller, DecisionStore decisions) throws SQLException {
        QueueCase summary = get(caseId, caller);
        try (Connection connection = dataSource.getConnection()) {
            return CaseDetailQuery.read(connection, summary, caller, decisions);
        }
    }

    /**
     * The unit's figures: capacity, today's throughput, the queue's state, and per ISO week (by the
     * day the outcome was recorded) the investigations, hit rate and SEK found, model-selected and
     * random-control cases apart.
     */
    public UnitFigures figures(String unit, int weeks) throws SQLException {
        if (weeks < 1 || weeks > MAX_WEEKS) {
            throw new IllegalArgumentException("weeks must be in [1, " + MAX_WEEKS + "], was " + weeks);
        }
        LocalDate today = today();
        try (Connection connection = dataSource.getConnection()) {
            return UnitFiguresQuery.read(
                    connection, unit, dailyRelease.capacity(connection, unit), today, settings.zone(), weeks);
        }
    }

    private record Locked(String unit, String status, String assignee) {}

    private interface Change {
        void apply(Connection connection, Locked locked) throws SQLException;
    }

    /** Locks the case, checks the caller's unit, applies {@code change} and commits, as the caller. */
    private void change(long caseId, Principal caller, Change change) throws SQLException {
        try (Connection connection = begin(dataSource, caller.subject())) {
            try {
                Locked locked;
                try (PreparedStatement lock = connection.prepareStatement(
                        "SELECT unit, status, assignee FROM queue_case WHERE case_id = ? FOR UPDATE")) {
                    lock.setLong(1, caseId);
                    try (ResultSet rows = lock.executeQuery()) {
                        if (!rows.next()) {
                            throw notFound(caseId);
                        }
                        locked = new Locked(rows.getString(1), rows.getString(2), rows.getString(3));
                    }
                }
                if (!caller.mayReadUnit(locked.unit())) {
                    throw notFound(caseId);
                }
                if (!caller.mayWorkUnit(locked.unit())) {
                    throw new RequestException(
                            ErrorCode.FORBIDDEN,
                            null,
                            "case " + caseId + " may be read but not changed with this token");
                }
                change.apply(connection, locked);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Database.rollbackAfter(connection, e);
                throw e;
            }
        }
    }

    /** A connection in a transaction whose changes the audit trail attributes to {@code actor}. */
    static Connection begin(DataSource dataSource, String actor) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement set = connection.prepareStatement("SELECT set_config('korrekt.actor', ?, true)")) {
                set.setString(1, actor);
                set.execute();
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static List<QueueCase> query(Connection connection, String sql, String unit, int limit)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, unit);
            query.setInt(2, limit);
            List<QueueCase> cases = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    cases.add(summary(rows));
                }
            }
            return cases;
        }
    }

    private static QueueCase summary(ResultSet rows) throws SQLException {
        return new QueueCase(
                rows.getLong("case_id"),
                rows.getString("unit"),
                rows.getString("person_pseudonym"),
                rows.getString("benefit"),
                rows.getObject("decision_id", UUID.class),
                rows.getString("application_id"),
                rows.getDouble("score"),
                rows.getBigDecimal("amount_sek").doubleValue(),
                rows.getBigDecimal("future_sek").doubleValue(),
                rows.getBigDecimal("expected_value_sek").doubleValue(),
                rows.getBigDecimal("expected_incorrect_sek").doubleValue(),
                rows.getDouble("priority"),
                rows.getBoolean("random_control"),
                List.of((String[]) rows.getArray("reason_codes").getArray()),
                DecisionRecordJson.reasonsOf(rows.getString("top_reasons")),
                rows.getInt("signals"),
                rows.getString("status"),
                rows.getObject("released_on", LocalDate.class),
                rows.getString("assignee"),
                instant(rows.getTimestamp("due_at")),
                rows.getTimestamp("created_at").toInstant(),
                instant(rows.getTimestamp("claimed_at")),
                instant(rows.getTimestamp("closed_at")));
    }

    static List<Long> ids(Connection connection, String sql, String unit, int limit) throws SQLException {
        List<Long> ids = new ArrayList<>();
        if (limit <= 0) {
            return ids;
        }
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            q.setString(1, unit);
            q.setInt(2, limit);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement q = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                q.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement u = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                u.setObject(i + 1, parameters[i]);
            }
            u.executeUpdate();
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static RequestException notFound(long caseId) {
        return new RequestException(ErrorCode.NOT_FOUND, "id", "no case " + caseId + " in your units");
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw new IllegalArgumentException("limit must be in [1, " + MAX_LIST + "], was " + limit);
        }
    }
}
