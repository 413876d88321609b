package org.korrekt.scoring.record;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.korrekt.features.Application;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.ShadowScore;

/**
 * One decision as it is kept: everything needed to explain it later without the running service
 * (the pseudonym, never an identity number; the input's digest, not the input).
 *
 * @param decisionId the decision's id
 * @param decidedAt when it was decided
 * @param applicationId the application's id
 * @param personPseudonym the person's pseudonym
 * @param benefit the benefit code
 * @param unit the control unit whose queue receives a case
 * @param profile the selection profile
 * @param modelVersion the champion bundle's version
 * @param schemaFingerprint the fingerprint of the feature schema of {@code features}
 * @param rules the rule set checked
 * @param inputDigest the keyed digest of the request item the decision was made on
 *     ({@link org.korrekt.features.identity.Pseudonymizer#inputDigest}); null in a record written
 *     before migration V14, whose unkeyed SHA-256 is not served
 * @param features the feature values as scored
 * @param amountSek the amount at stake
 * @param score the calibrated score
 * @param expectedIncorrectSek score times amount
 * @param band the band
 * @param action the action
 * @param randomControl whether the random control sample drew it
 * @param thresholds extra questions, manual check and hold payment thresholds, the random control share,
 *     then the amount limit in SEK (records written before it have four)
 * @param policy where the thresholds came from ({@link DecisionPolicy#basis()})
 * @param questions the codes of the extra control questions asked
 * @param reasons the reasons given
 * @param shadow the challengers' shadow scores
 * @param claim what the person history keeps of the application (null in records written before
 *     korrekt kept it)
 * @param belowAmountLimit whether the amount limit lowered a manual check or hold to extra questions;
 *     null in records written before migration V19, which did not keep it
 * @param request the client's request the decision was made for, when the client named it with an
 *     {@code Idempotency-Key}; null otherwise
 */
public record DecisionRecord(
        UUID decisionId,
        Instant decidedAt,
        String applicationId,
        String personPseudonym,
        String benefit,
        String unit,
        String profile,
        String modelVersion,
        String schemaFingerprint,
        String rules,
        String inputDigest,
        double[] features,
        double amountSek,
        double score,
        double expectedIncorrectSek,
        String band,
        String action,
        boolean randomControl,
        double[] thresholds,
        String policy,
        List<String> questions,
        List<Reason> reasons,
        List<ShadowScore> shadow,
        ScoredClaim claim,
        Boolean belowAmountLimit,
        Request request) {

    /**
     * The request a decision was made for, as a client named it with an {@code Idempotency-Key}
     * header: a retry of the request is answered with the decisions already made for it rather
     * than decided again.
     *
     * @param key the keyed digest of the caller, the route and the client's key (never the key itself)
     * @param item the item's place in the request (0 for {@code POST /v1/score})
     */
    public record Request(String key, int item) {
        public Request {
            Objects.requireNonNull(key, "key");
            if (item < 0) {
                throw new IllegalArgumentException("item must be 0 or more, was " + item);
            }
        }
    }

    public DecisionRecord {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        reasons = List.copyOf(reasons);
        questions = List.copyOf(questions);
        shadow = List.copyOf(shadow);
    }

    /** The record of {@code d}. */
    public static DecisionRecord of(Decision d, String unit, String inputDigest, String schemaFingerprint) {
        return of(d, unit, inputDigest, schemaFingerprint, null);
    }

    /** The record of {@code d}, made for {@code request} (or null). */
    public static DecisionRecord of(
            Decision d, String unit, String inputDigest, String schemaFingerprint, Request request) {
        Application a = d.application();
        DecisionPolicy p = d.policy();
        return new DecisionRecord(
                d.decisionId(),
                d.decidedAt(),
                a.applicationId(),
                a.personPseudonym(),
                a.benefit().code(),
                unit,
                d.profile(),
                d.modelVersion(),
                schemaFingerprint,
                d.rules(),
                inputDigest,
                d.features(),
                a.amountSek(),
                d.score(),
                d.expectedIncorrectSek(),
                d.band().name(),
                d.action().name(),
                d.randomControl(),
                new double[] {
                    p.extraQuestions(), p.manualCheck(), p.holdPayment(), p.randomControlShare(), p.minCaseAmountSek()
                },
                p.basis(),
                d.questions().stream().map(org.korrekt.scoring.Question::code).toList(),
                d.reasons(),
                d.shadow(),
                new ScoredClaim(a.submittedOn(), a.periodStart(), a.claimedDays(), d.child()),
                d.belowAmountLimit(),
                request);
    }

    /** Whether the decision opens a case in its unit's queue. */
    public boolean opensCase() {
        return randomControl || org.korrekt.scoring.Action.valueOf(action).opensCase();
    }

    /** The reason codes, in order. */
    public List<String> reasonCodes() {
        return reasons.stream().map(Reason::code).toList();
    }
}
