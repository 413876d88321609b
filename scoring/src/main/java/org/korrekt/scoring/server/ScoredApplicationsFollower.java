package org.korrekt.scoring.server;

import java.sql.SQLException;
import java.util.Objects;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the applications that other instances on the same database score into this instance's
 * person history, as their decisions are recorded: replicas behind a load balancer then see one
 * history, and a second parent's VAB claim for the same child and days is caught whichever
 * instance scored the first. Each {@link #catchUp} reads the decisions of the transactions that
 * committed since the last read's snapshot (from the start's {@link ScoredApplicationsReplay}), so
 * a decision whose transaction commits late is read when it commits and none is skipped. This
 * instance's own decisions come back too and are already held; so is an application held from
 * the log. Each application is recorded under the history's lock, as scoring takes it. Thread-safe:
 * one read at a time.
 */
public final class ScoredApplicationsFollower {

    private static final Logger LOG = LoggerFactory.getLogger(ScoredApplicationsFollower.class);

    /**
     * Applications read and what became of them, since the start (the start's replay not counted).
     *
     * @param unknownBenefit applications of a benefit this build does not know (a newer version's), skipped
     */
    public record Followed(long decisions, long recorded, long alreadyHeld, long unknownBenefit) {}

    private final DecisionStore store;
    private final PersonHistoryStore history;
    private String snapshot;
    private volatile Followed total = new Followed(0, 0, 0, 0);

    /**
     * @param snapshot the snapshot of the start's replay ({@link ScoredApplicationsReplay.Result#snapshot()})
     */
    public ScoredApplicationsFollower(DecisionStore store, PersonHistoryStore history, String snapshot) {
        this.store = Objects.requireNonNull(store, "store");
        this.history = Objects.requireNonNull(history, "history");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /** Reads the decisions recorded since the last read; returns what this read did. */
    public synchronized Followed catchUp() throws SQLException {
        long[] counts = new long[4];
        snapshot = store.scoredApplicationsSince(
                snapshot,
                a -> ScoredApplicationsReplay.apply(
                        history, a.applicationId(), a.personPseudonym(), a.benefit(), a.claim(), counts));
        Followed now = new Followed(counts[0], counts[1], counts[2], counts[3]);
        Followed before = total;
        total = new Followed(
                before.decisions() + now.decisions(),
                before.recorded() + now.recorded(),
                before.alreadyHeld() + now.alreadyHeld(),
                before.unknownBenefit() + now.unknownBenefit());
        if (now.unknownBenefit() > 0) {
            LOG.warn(
                    "{} applications other instances scored were not put in: their benefit is unknown to this build",
                    now.unknownBenefit());
        }
        return now;
    }

    /** Everything {@link #catchUp} did since the start. */
    public Followed total() {
        return total;
    }
}
