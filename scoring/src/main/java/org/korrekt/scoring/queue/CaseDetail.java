package org.korrekt.scoring.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.korrekt.scoring.record.DecisionRecord;

/**
 * Everything an investigator sees about one case.
 *
 * @param summary the case
 * @param decision the decision that makes it worth the most among its signals, in full
 * @param signals every decision attached to it, oldest first
 * @param notes the investigators' notes, oldest first
 * @param outcome the outcome with who recorded it and when, or null while the case is not closed
 * @param audit every change to the case, oldest first
 * @param history the person's earlier decisions and other cases
 */
public record CaseDetail(
        QueueCase summary,
        DecisionRecord decision,
        List<Signal> signals,
        List<Note> notes,
        RecordedOutcome outcome,
        List<AuditEntry> audit,
        History history) {

    public CaseDetail {
        signals = List.copyOf(signals);
        notes = List.copyOf(notes);
        audit = List.copyOf(audit);
    }

    /**
     * A decision attached to the case.
     *
     * @param applicationId the application it decided
     * @param periodStart the first day the application claimed; null in records written before
     *     migration V5
     * @param claimedDays the days it claimed; null as {@code periodStart}
     * @param labelled whether it is the decision that opened the case, which the outcome labels
     */
    public record Signal(
            UUID decisionId,
            Instant decidedAt,
            double score,
            String action,
            double amountSek,
            String applicationId,
            java.time.LocalDate periodStart,
            Integer claimedDays,
            boolean labelled) {}

    /**
     * An outcome as it counts now: the finding (its newest correction's, if a lead corrected it),
     * who recorded the outcome and when, and the newest correction, or null.
     */
    public record RecordedOutcome(Outcome finding, String recordedBy, Instant recordedAt, Correction correction) {}

    /** A lead's correction of an outcome: who, when and why (the finding is the outcome's). */
    public record Correction(String correctedBy, Instant correctedAt, String reason) {}

    /** An investigator's note. */
    public record Note(long noteId, String author, Instant writtenAt, String body) {}

    /** One entry of the audit trail; {@code detail} is a JSON object. */
    public record AuditEntry(long auditId, Instant at, String actor, String action, String detail) {}

    /** One of the person's other cases, with its outcome if recorded. */
    public record PastCase(
            long caseId,
            String benefit,
            String status,
            Instant createdAt,
            Instant closedAt,
            Boolean incorrect,
            Double incorrectAmountSek) {}

    /** The person's relevant history: recent decisions (all benefits) and other cases. */
    public record History(List<PastDecision> decisions, List<PastCase> cases) {
        public History {
            decisions = List.copyOf(decisions);
            cases = List.copyOf(cases);
        }
    }

    /** One of the person's decisions. */
    public record PastDecision(
            UUID decisionId, Instant decidedAt, String benefit, double amountSek, double score, String action) {}
}
