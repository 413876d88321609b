package org.korrekt.scoring.queue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;

/**
 * An investigation's outcome in the database, for {@link CaseStore}: reading it as it counts now
 * ({@code case_outcome_current}), writing its finding, and the checks an outcome or a correction
 * must pass first. Every method runs in the caller's connection and transaction.
 */
final class OutcomeRows {

    private OutcomeRows() {}

    /** The outcome as it counts now, of {@code case_outcome_current o}. */
    static final String COLUMNS = """
            o.incorrect, o.incorrect_amount_sek, o.prevented_future_sek, o.cause, o.intentional_suspected, o.actions,
            o.police_report, o.recorded_by, o.recorded_at, o.corrected_by, o.corrected_at, o.correction_reason
            """;

    /**
     * Whether {@code now}, a case's outcome as it counts now, is a correction by {@code lead} with
     * this reason and finding, amounts compared as recorded (to the öre): a correction sent again.
     */
    static boolean isNewestCorrection(CaseDetail.RecordedOutcome now, Outcome outcome, String reason, String lead) {
        CaseDetail.Correction newest = now.correction();
        return newest != null
                && newest.correctedBy().equals(lead)
                && newest.reason().equals(reason)
                && sameFinding(now.finding(), outcome);
    }

    /**
     * Whether {@code now}, a case's outcome as it counts now, is the outcome {@code recorder}
     * recorded with this finding, uncorrected: an outcome sent again.
     */
    static boolean isRecordedOutcome(CaseDetail.RecordedOutcome now, Outcome outcome, String recorder) {
        return now.correction() == null && now.recordedBy().equals(recorder) && sameFinding(now.finding(), outcome);
    }

    /** Whether two findings are the same, amounts compared as recorded (to the öre). */
    private static boolean sameFinding(Outcome a, Outcome b) {
        return a.incorrect() == b.incorrect()
                && DecisionStore.sek(a.incorrectAmountSek()).compareTo(DecisionStore.sek(b.incorrectAmountSek())) == 0
                && DecisionStore.sek(a.preventedFutureSek()).compareTo(DecisionStore.sek(b.preventedFutureSek())) == 0
                && Objects.equals(a.cause(), b.cause())
                && a.intentionalSuspected() == b.intentionalSuspected()
                && a.actions().equals(b.actions())
                && a.policeReport() == b.policeReport();
    }

    /** Sets an outcome's seven columns, from incorrect to police_report, after parameter {@code i}. */
    static void setFinding(Connection connection, PreparedStatement insert, int i, Outcome outcome)
            throws SQLException {
        insert.setBoolean(++i, outcome.incorrect());
        insert.setBigDecimal(++i, DecisionStore.sek(outcome.incorrectAmountSek()));
        insert.setBigDecimal(++i, DecisionStore.sek(outcome.preventedFutureSek()));
        insert.setString(++i, outcome.cause());
        insert.setBoolean(++i, outcome.intentionalSuspected());
        insert.setArray(++i, connection.createArrayOf("text", outcome.actions().toArray()));
        insert.setBoolean(++i, outcome.policeReport());
    }

    /**
     * Refuses amounts the case cannot hold, since an outcome cannot be changed once recorded and the
     * labels for retraining carry it: an incorrect amount above what the case's applications claimed,
     * and a prevented amount for a benefit with no recurring payment a stop prevents ({@code
     * futureMonths} 0).
     */
    static void checkAmounts(Connection connection, long caseId, Outcome outcome) throws SQLException {
        // each application once, at its newest decision among the signals: an application sent
        // again (a retry without a key, or amended) is one more signal but claims no more
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT sum(a.amount_sek), count(*), (SELECT future_sek FROM queue_case WHERE case_id = ?),
                    (SELECT benefit FROM queue_case WHERE case_id = ?)
                FROM (SELECT DISTINCT ON (d.application_id) d.amount_sek
                    FROM case_signal s JOIN decision d ON d.decision_id = s.decision_id WHERE s.case_id = ?
                    ORDER BY d.application_id, d.decided_at DESC, d.decision_id DESC) a
                """)) {
            query.setLong(1, caseId);
            query.setLong(2, caseId);
            query.setLong(3, caseId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                BigDecimal claimed = rows.getBigDecimal(1);
                int applications = rows.getInt(2);
                BigDecimal future = rows.getBigDecimal(3);
                String benefit = rows.getString(4);
                if (claimed != null
                        && DecisionStore.sek(outcome.incorrectAmountSek()).compareTo(claimed) > 0) {
                    throw new RequestException(
                            ErrorCode.INVALID_FIELD,
                            "incorrectAmountSek",
                            String.format(
                                    Locale.ROOT,
                                    "the incorrect amount %s SEK is more than the case's %d application(s) claimed"
                                            + " (%s SEK); record the part of these applications found incorrect, and"
                                            + " what was found in other payments in a note",
                                    DecisionStore.sek(outcome.incorrectAmountSek())
                                            .toPlainString(),
                                    applications,
                                    claimed.toPlainString()));
                }
                if (outcome.preventedFutureSek() > 0 && future != null && future.signum() == 0) {
                    throw new RequestException(
                            ErrorCode.INVALID_FIELD,
                            "preventedFutureSek",
                            "benefit " + benefit + " has no recurring payment that stopping it prevents (its"
                                    + " futureMonths is 0 in the service's queue settings), so the prevented amount"
                                    + " is 0");
                }
            }
        }
    }

    /** The outcome of a case as it counts now (its newest correction's finding), or null. */
    static CaseDetail.RecordedOutcome current(Connection connection, long caseId) throws SQLException {
        try (PreparedStatement q =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM case_outcome_current o WHERE o.case_id = ?")) {
            q.setLong(1, caseId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next() ? read(rows) : null;
            }
        }
    }

    /** The outcome of the row's {@link #COLUMNS}. */
    static CaseDetail.RecordedOutcome read(ResultSet rows) throws SQLException {
        String correctedBy = rows.getString("corrected_by");
        return new CaseDetail.RecordedOutcome(
                new Outcome(
                        rows.getBoolean("incorrect"),
                        rows.getBigDecimal("incorrect_amount_sek").doubleValue(),
                        rows.getBigDecimal("prevented_future_sek").doubleValue(),
                        rows.getString("cause"),
                        rows.getBoolean("intentional_suspected"),
                        Arrays.asList((String[]) rows.getArray("actions").getArray()),
                        rows.getBoolean("police_report")),
                rows.getString("recorded_by"),
                rows.getTimestamp("recorded_at").toInstant(),
                correctedBy == null
                        ? null
                        : new CaseDetail.Correction(
                                correctedBy,
                                rows.getTimestamp("corrected_at").toInstant(),
                                rows.getString("correction_reason")));
    }
}
