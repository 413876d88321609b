package org.korrekt.scoring.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One case in a control unit's queue.
 *
 * @param caseId the case's id
 * @param unit the control unit whose queue holds it
 * @param personPseudonym the person concerned
 * @param benefit the benefit's code
 * @param decisionId the latest decision that raised the case
 * @param applicationId the application of that decision
 * @param score the highest score among the case's signals
 * @param expectedIncorrectSek the highest expected incorrect amount among its signals, in SEK; the queue's rank
 * @param randomControl whether the case was drawn by the random control sample
 * @param reasonCodes the latest decision's reason codes, strongest first
 * @param signals how many decisions have raised this case
 * @param status {@code OPEN}, {@code CLAIMED} or {@code CLOSED}
 * @param createdAt when the case was opened
 */
public record QueueCase(
        long caseId,
        String unit,
        String personPseudonym,
        String benefit,
        UUID decisionId,
        String applicationId,
        double score,
        double expectedIncorrectSek,
        boolean randomControl,
        List<String> reasonCodes,
        int signals,
        String status,
        Instant createdAt) {

    public QueueCase {
        reasonCodes = List.copyOf(reasonCodes);
    }
}
