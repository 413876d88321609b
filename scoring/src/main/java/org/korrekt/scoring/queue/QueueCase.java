package org.korrekt.scoring.queue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.korrekt.scoring.Reason;

/**
 * One case in a control unit's queue.
 *
 * @param caseId the case's id
 * @param unit the control unit whose queue holds it
 * @param personPseudonym the person concerned
 * @param benefit the benefit's code
 * @param decisionId the decision that makes the case worth the most among its signals (the first of equals)
 * @param applicationId the application of that decision
 * @param score that decision's score
 * @param amountSek that decision's amount at stake, in SEK
 * @param futureSek the payments a stop would prevent, in SEK, by that decision
 * @param expectedValueSek score x (amount + future): what an investigation is expected to find
 * @param expectedIncorrectSek score x amount, of that decision
 * @param priority the case's rank key (higher first; see {@link QueueSettings})
 * @param randomControl whether the random control sample drew the decision that opened the case
 * @param reasonCodes that decision's reason codes, strongest first
 * @param topReasons that decision's first three reasons, with their texts
 * @param signals how many decisions have raised this case
 * @param status {@code OPEN}, {@code CLAIMED} or {@code CLOSED}
 * @param releasedOn the day the case was released for work, or null while in the backlog
 * @param assignee who works on it, or null
 * @param dueAt when a held payment must be cleared, or null
 * @param createdAt when the case was opened
 * @param claimedAt when it was last claimed or assigned, or null
 * @param closedAt when its outcome was recorded, or null
 */
public record QueueCase(
        long caseId,
        String unit,
        String personPseudonym,
        String benefit,
        UUID decisionId,
        String applicationId,
        double score,
        double amountSek,
        double futureSek,
        double expectedValueSek,
        double expectedIncorrectSek,
        double priority,
        boolean randomControl,
        List<String> reasonCodes,
        List<Reason> topReasons,
        int signals,
        String status,
        LocalDate releasedOn,
        String assignee,
        Instant dueAt,
        Instant createdAt,
        Instant claimedAt,
        Instant closedAt) {

    public QueueCase {
        reasonCodes = List.copyOf(reasonCodes);
        topReasons = List.copyOf(topReasons);
    }
}
