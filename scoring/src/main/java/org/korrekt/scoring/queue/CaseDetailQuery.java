package org.korrekt.scoring.queue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.korrekt.scoring.security.Principal;

/** Reads one case whole ({@link CaseStore#detail}) in one connection. */
final class CaseDetailQuery {

    private CaseDetailQuery() {}

    /**
     * Everything about the case {@code summary}, which {@code caller} may read; of the person's
     * history, what the caller's units may read.
     */
    static CaseDetail read(Connection connection, QueueCase summary, Principal caller, DecisionStore decisions)
            throws SQLException {
        long caseId = summary.caseId();
        List<CaseDetail.Signal> signals = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT d.decision_id, d.decided_at, d.score, d.action, d.amount_sek, d.application_id,"
                        + " d.period_start, d.claimed_days, d.decision_id = c.first_decision_id"
                        + " FROM case_signal s JOIN decision d ON d.decision_id = s.decision_id"
                        + " JOIN queue_case c ON c.case_id = s.case_id WHERE s.case_id = ?"
                        + " ORDER BY d.decided_at, d.decision_id")) {
            q.setLong(1, caseId);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    signals.add(new CaseDetail.Signal(
                            rows.getObject(1, UUID.class),
                            rows.getTimestamp(2).toInstant(),
                            rows.getDouble(3),
                            rows.getString(4),
                            rows.getBigDecimal(5).doubleValue(),
                            rows.getString(6),
                            rows.getObject(7, java.time.LocalDate.class),
                            rows.getObject(8, Integer.class),
                            rows.getBoolean(9)));
                }
            }
        }
        List<CaseDetail.Note> notes = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT note_id, author, written_at, body FROM case_note WHERE case_id = ? ORDER BY note_id")) {
            q.setLong(1, caseId);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    notes.add(new CaseDetail.Note(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getTimestamp(3).toInstant(),
                            rows.getString(4)));
                }
            }
        }
        CaseDetail.RecordedOutcome outcome = OutcomeRows.current(connection, caseId);
        List<CaseDetail.AuditEntry> audit = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT audit_id, at, actor, action, detail::text FROM case_audit WHERE case_id = ? ORDER BY audit_id")) {
            q.setLong(1, caseId);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    audit.add(new CaseDetail.AuditEntry(
                            rows.getLong(1),
                            rows.getTimestamp(2).toInstant(),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5)));
                }
            }
        }
        List<CaseDetail.PastDecision> past = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT decision_id, decided_at, benefit, amount_sek, score, action FROM decision"
                        + " WHERE person_pseudonym = ? AND (? OR unit = ANY(?))"
                        + " ORDER BY decided_at DESC, decision_id LIMIT 20")) {
            q.setString(1, summary.personPseudonym());
            readableUnits(connection, q, 2, caller);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    past.add(new CaseDetail.PastDecision(
                            rows.getObject(1, UUID.class),
                            rows.getTimestamp(2).toInstant(),
                            rows.getString(3),
                            rows.getBigDecimal(4).doubleValue(),
                            rows.getDouble(5),
                            rows.getString(6)));
                }
            }
        }
        List<CaseDetail.PastCase> cases = new ArrayList<>();
        try (PreparedStatement q = connection.prepareStatement(
                "SELECT c.case_id, c.benefit, c.status, c.created_at, c.closed_at, o.incorrect,"
                        + " o.incorrect_amount_sek FROM queue_case c LEFT JOIN case_outcome_current o"
                        + " ON o.case_id = c.case_id"
                        + " WHERE c.person_pseudonym = ? AND c.case_id <> ? AND (? OR c.unit = ANY(?))"
                        + " ORDER BY c.created_at DESC LIMIT 20")) {
            q.setString(1, summary.personPseudonym());
            q.setLong(2, caseId);
            readableUnits(connection, q, 3, caller);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    BigDecimal amount = rows.getBigDecimal(7);
                    cases.add(new CaseDetail.PastCase(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getTimestamp(4).toInstant(),
                            instant(rows.getTimestamp(5)),
                            rows.getObject(6, Boolean.class),
                            amount == null ? null : amount.doubleValue()));
                }
            }
        }
        return new CaseDetail(
                summary,
                decisions.find(summary.decisionId()),
                signals,
                notes,
                outcome,
                audit,
                new CaseDetail.History(past, cases));
    }

    /**
     * Sets parameters {@code index} (every unit) and {@code index + 1} (these units) to what {@code
     * caller} may read ({@link Principal#mayReadUnit}): the person's other decisions and cases in
     * units outside the caller's are not shown, as they are 404 on their own.
     */
    private static void readableUnits(Connection connection, PreparedStatement q, int index, Principal caller)
            throws SQLException {
        boolean every = caller.readsEveryUnit();
        q.setBoolean(index, every);
        q.setArray(
                index + 1,
                connection.createArrayOf(
                        "text",
                        caller.units().stream().filter(caller::mayReadUnit).toArray(String[]::new)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
