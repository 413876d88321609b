package org.korrekt.scoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.korrekt.features.Application;
import org.korrekt.features.model.DecisionThresholds;

/**
 * Turns a score into a band and an action, draws the random control sample, applies the amount
 * limit and picks the extra control questions: a profile's policy, from its policy file (see
 * {@link PolicyFile}) or the thresholds its bundle was trained with.
 *
 * @param extraQuestions scores at or above this get {@link Action#EXTRA_QUESTIONS}
 * @param manualCheck scores at or above this get {@link Action#MANUAL_CHECK}
 * @param holdPayment scores at or above this get {@link Action#HOLD_PAYMENT}
 * @param randomControlShare the share of applications drawn for control regardless of score, in [0, 0.5]
 * @param minCaseAmountSek below this amount at stake no case is opened on risk alone: a manual check
 *     or a hold becomes extra questions (incorrect payments under 2,000 SEK are not investigated for
 *     recovery at FK and PM); random-control draws are kept. 0 for no limit
 * @param questions the extra control questions of the profile, in the order of preference
 * @param basis where the thresholds came from, e.g. {@code bundle},
 *     {@code explicit} or {@code capacity 40/day of 4,000}
 */
public record DecisionPolicy(
        double extraQuestions,
        double manualCheck,
        double holdPayment,
        double randomControlShare,
        double minCaseAmountSek,
        List<Question> questions,
        String basis) {

    /** Default random control share: 2 %. */
    public static final double DEFAULT_RANDOM_CONTROL_SHARE = 0.02;
    /** Most questions named in one decision. */
    public static final int MAX_QUESTIONS = 3;

    public DecisionPolicy {
        if (!(0 <= extraQuestions && extraQuestions <= manualCheck && manualCheck <= holdPayment && holdPayment <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= extraQuestions <= manualCheck <="
                    + " holdPayment <= 1, were " + extraQuestions + ", " + manualCheck + ", " + holdPayment);
        }
        if (!(randomControlShare >= 0 && randomControlShare <= 0.5)) {
            throw new IllegalArgumentException("randomControlShare must be in [0, 0.5], was " + randomControlShare);
        }
        if (!(minCaseAmountSek >= 0 && minCaseAmountSek <= Application.MAX_AMOUNT_SEK)) {
            throw new IllegalArgumentException("minCaseAmountSek must be in [0, " + (long) Application.MAX_AMOUNT_SEK
                    + "], was " + minCaseAmountSek);
        }
        questions = List.copyOf(questions);
        Objects.requireNonNull(basis, "basis");
    }

    /** A policy of explicit thresholds with no amount limit and no questions. */
    public DecisionPolicy(double extraQuestions, double manualCheck, double holdPayment, double randomControlShare) {
        this(extraQuestions, manualCheck, holdPayment, randomControlShare, 0, List.of(), "explicit");
    }

    /** The policy of a bundle's thresholds with the service's random control share. */
    public static DecisionPolicy of(DecisionThresholds thresholds, double randomControlShare) {
        return new DecisionPolicy(
                thresholds.extraQuestions(),
                thresholds.manualCheck(),
                thresholds.holdPayment(),
                randomControlShare,
                0,
                List.of(),
                "bundle");
    }

    /** Whether the amount limit keeps an application of {@code amountSek} from opening a case on risk alone. */
    public boolean belowAmountLimit(double amountSek) {
        return amountSek < minCaseAmountSek;
    }

    /**
     * The questions to ask for a decision with {@code reasons}: those following up one of its
     * reasons first, then the general ones, at most {@value #MAX_QUESTIONS}.
     */
    public List<Question> questionsFor(List<Reason> reasons) {
        if (questions.isEmpty()) {
            return List.of();
        }
        List<Question> picked = new ArrayList<>(MAX_QUESTIONS);
        for (Question q : questions) {
            if (picked.size() < MAX_QUESTIONS && q.follows(reasons)) {
                picked.add(q);
            }
        }
        for (Question q : questions) {
            if (picked.size() < MAX_QUESTIONS && q.reasons().isEmpty()) {
                picked.add(q);
            }
        }
        return picked;
    }

    /** The band of a score. */
    public Band band(double score) {
        if (score >= holdPayment) {
            return Band.VERY_HIGH;
        }
        if (score >= manualCheck) {
            return Band.HIGH;
        }
        if (score >= extraQuestions) {
            return Band.ELEVATED;
        }
        return Band.LOW;
    }

    /**
     * The action for a score; a random-control draw raises a lower action to a manual check.
     *
     * @param randomControl whether the application was drawn for the random control sample
     */
    public Action action(double score, boolean randomControl) {
        Action byScore =
                switch (band(score)) {
                    case VERY_HIGH -> Action.HOLD_PAYMENT;
                    case HIGH -> Action.MANUAL_CHECK;
                    case ELEVATED -> Action.EXTRA_QUESTIONS;
                    case LOW -> Action.PASS;
                };
        return randomControl && byScore.compareTo(Action.MANUAL_CHECK) < 0 ? Action.MANUAL_CHECK : byScore;
    }

    /** Whether a uniform draw {@code u} in [0, 1) selects the application for random control. */
    public boolean randomControl(double u) {
        return u < randomControlShare;
    }
}
