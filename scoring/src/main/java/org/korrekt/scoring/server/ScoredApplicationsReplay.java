package org.korrekt.scoring.server;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.record.DecisionJournal;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.ScoredClaim;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the applications the service has scored back into the person history at start, after the
 * history log: every decision in the database, oldest first, then every decision the journal still
 * holds for the database. An application the history already holds (from the log, or scored more
 * than once) is not recorded again; one scored again with other content is held as last scored
 * ({@link PersonHistoryStore#recordClaim}), as it was before the restart. Without this a restart
 * would forget every application scored since the log was written, and a second parent's claim for
 * the same child and day, say, would go unnoticed. What other instances on the same database score after this read, {@link
 * ScoredApplicationsFollower} puts in from {@link Result#snapshot()} on.
 */
public final class ScoredApplicationsReplay {

    private static final Logger LOG = LoggerFactory.getLogger(ScoredApplicationsReplay.class);

    private ScoredApplicationsReplay() {}

    /**
     * What the replay did.
     *
     * @param decisions decisions read that recorded their application (database and journal)
     * @param recorded applications put into the history: new to it, or held with other content (an
     *     application scored again after it was amended, which the history keeps as last scored)
     * @param alreadyHeld applications the history held already as they are
     * @param millis how long it took
     * @param snapshot the database snapshot the replay read the decisions in
     */
    public record Result(long decisions, long recorded, long alreadyHeld, long millis, String snapshot) {}

    /**
     * Replays the scored applications into {@code history}; run it before the decision recorder
     * starts, which empties the journal into the database.
     *
     * @param journalDir the decision journal's folder, or null to read the database only
     */
    public static Result replay(DecisionStore store, Path journalDir, PersonHistoryStore history)
            throws SQLException, IOException {
        long started = System.nanoTime();
        long[] counts = new long[4];
        String snapshot = store.scoredApplications(
                a -> apply(history, a.applicationId(), a.personPseudonym(), a.benefit(), a.claim(), counts));
        if (journalDir != null) {
            try (DecisionJournal journal = new DecisionJournal(journalDir)) {
                for (Path segment : journal.closedSegments()) {
                    for (DecisionRecord r : journal.read(segment)) {
                        apply(history, r.applicationId(), r.personPseudonym(), r.benefit(), r.claim(), counts);
                    }
                }
            }
        }
        if (counts[3] > 0) {
            LOG.warn("{} scored applications were not put back: their benefit is unknown to this build", counts[3]);
        }
        return new Result(counts[0], counts[1], counts[2], (System.nanoTime() - started) / 1_000_000, snapshot);
    }

    /**
     * Records one scored application, under the history's lock (the one {@code ClaimChecks} takes:
     * the follower runs while requests are scored); counts it in {@code counts}: read, recorded
     * (new, or amended), already held as it is, and not put back because this build does not know
     * its benefit (a newer version's, say), which is skipped rather than stopping the replay or the
     * follower.
     */
    static void apply(
            PersonHistoryStore history,
            String applicationId,
            String person,
            String benefit,
            ScoredClaim claim,
            long[] counts) {
        if (claim == null) {
            return; // decided before korrekt recorded the claim
        }
        counts[0]++;
        Benefit known = Benefit.fromCode(benefit);
        if (known == null) {
            counts[3]++;
            return;
        }
        PersonHistoryStore.Recorded recorded;
        synchronized (history) {
            recorded = history.recordClaim(
                    applicationId,
                    person,
                    known,
                    Days.of(claim.submittedOn()),
                    Days.of(claim.periodStart()),
                    claim.claimedDays(),
                    claim.childPseudonym());
        }
        counts[recorded == PersonHistoryStore.Recorded.HELD ? 2 : 1]++;
    }
}
