package org.korrekt.scoring;

import java.util.Objects;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.PersonHistoryStore;
import org.korrekt.features.rules.CompiledRules;

/**
 * The deterministic side of a decision: the features the rules read and the rules themselves.
 * With a person history the claim features and claim rules apply (attendance, employer absence
 * and income, timesheets, permits, co-registration, the other parent's claims); without one only
 * the application features and application rules do, because a history rule on an empty history
 * would read "no employer income known" as evidence.
 *
 * <p>The history store has one writer at a time: reading features and recording the scored
 * application take its lock, which is held for a few hundred nanoseconds.
 */
public final class ClaimChecks {

    private final PersonHistoryStore history;
    private final CompiledRules rules;

    private ClaimChecks(PersonHistoryStore history, CompiledRules rules) {
        this.history = history;
        this.rules = rules;
    }

    /** Application features and the bundled application rules. */
    public static ClaimChecks applicationOnly() {
        return new ClaimChecks(null, CompiledRules.bundled("application-v1.rules.json", ApplicationFeatures.SCHEMA_V1));
    }

    /** Claim features read from {@code history}, and the bundled claim rules. */
    public static ClaimChecks withHistory(PersonHistoryStore history) {
        return new ClaimChecks(
                Objects.requireNonNull(history, "history"),
                CompiledRules.bundled("claim-v1.rules.json", ClaimFeatures.SCHEMA));
    }

    /** The schema of the features the checks compute (and the decision record keeps). */
    public FeatureSchema schema() {
        return history == null ? ApplicationFeatures.SCHEMA_V1 : ClaimFeatures.SCHEMA;
    }

    public CompiledRules rules() {
        return rules;
    }

    /** The rule set checked, as {@code name vN}, for the decision record. */
    public String rulesVersion() {
        return rules.ruleSet().name() + " v" + rules.ruleSet().version();
    }

    /** Whether a person history is loaded. */
    public boolean hasHistory() {
        return history != null;
    }

    /** The history's occupancy, or null without one. */
    public PersonHistoryStore.Stats historyStats() {
        if (history == null) {
            return null;
        }
        synchronized (history) {
            return history.stats();
        }
    }

    /**
     * Computes the features of {@code application}, scored on {@code day}, into {@code features},
     * evaluates the rules into {@code hits} and returns how many hit; and records the application
     * in the history under the same lock, so that
     * two applications scored at once on two threads (a batch on a worker, a single request on the
     * event loop) see each other as they would one after the other: the other parent's claim for the
     * same child and days, the person's earlier claims.
     */
    int evaluateAndRecord(Application application, String child, int day, double[] features, int[] hits) {
        if (history == null) {
            ApplicationFeatures.v1().extract(application, features);
        } else {
            synchronized (history) {
                ClaimFeatures.extract(history, application, child, day, features);
                recordClaim(application, child);
            }
        }
        return rules.evaluate(features, hits);
    }

    /**
     * Records a fact of the history that reached the service after its log was written (the
     * {@code POST /v1/history/events} feed): later scorings see it from the day it becomes known.
     *
     * @throws IllegalStateException without a person history
     */
    public void apply(HistoryEvent event) {
        if (history == null) {
            throw new IllegalStateException("the service keeps no person history");
        }
        synchronized (history) {
            event.applyTo(history);
        }
    }

    /**
     * Removes a fact the feed withdrew from the history; false when the history does not hold it.
     *
     * @throws IllegalStateException without a person history
     */
    public boolean withdraw(HistoryEvent.Withdrawable event) {
        if (history == null) {
            throw new IllegalStateException("the service keeps no person history");
        }
        synchronized (history) {
            return event.withdrawFrom(history);
        }
    }

    /**
     * Records a scored application in the history, so that later scorings see it; the caller holds
     * the history's lock. An application the history already holds (scored again, or in the history
     * log) is not recorded twice, so it is never counted twice; one sent again with other content
     * replaces what the history held ({@link PersonHistoryStore#recordClaim}).
     */
    private void recordClaim(Application application, String child) {
        history.recordClaim(
                application.applicationId(),
                application.personPseudonym(),
                application.benefit(),
                Days.of(application.submittedOn()),
                Days.of(application.periodStart()),
                application.claimedDays(),
                child);
    }
}
