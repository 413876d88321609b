package org.korrekt.scoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.korrekt.features.Application;

/**
 * The outcome of scoring one application.
 *
 * @param decisionId the id of the decision record
 * @param decidedAt when it was scored
 * @param application the application as decoded (pseudonymised)
 * @param child the pseudonym of the child a VAB application names, or null
 * @param profile the selection profile that scored it
 * @param modelVersion the model bundle's version
 * @param score calibrated probability that the payment is incorrect, in [0, 1]
 * @param expectedIncorrectSek score times the amount at stake, in SEK
 * @param band the risk band
 * @param action what the caller should do
 * @param randomControl whether the application was drawn for the random control sample
 * @param reasons up to {@link #MAX_REASONS} reasons, strongest first
 * @param features the feature vector as scored (a copy)
 * @param policy the thresholds and random control share the action was decided on
 * @param rules the rule set that was checked, as {@code name vN}
 * @param shadow the scores of challengers running in shadow, never acted on
 * @param belowAmountLimit whether the amount limit lowered a manual check or hold to extra questions
 * @param questions the extra control questions to ask, when the action is {@link Action#EXTRA_QUESTIONS}
 */
public record Decision(
        UUID decisionId,
        Instant decidedAt,
        Application application,
        String child,
        String profile,
        String modelVersion,
        double score,
        double expectedIncorrectSek,
        Band band,
        Action action,
        boolean randomControl,
        List<Reason> reasons,
        double[] features,
        DecisionPolicy policy,
        String rules,
        List<ShadowScore> shadow,
        boolean belowAmountLimit,
        List<Question> questions) {

    /** Most reasons given for one decision. */
    public static final int MAX_REASONS = 5;

    public Decision {
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(band, "band");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rules, "rules");
        reasons = List.copyOf(reasons);
        shadow = List.copyOf(shadow);
        questions = List.copyOf(questions);
        if (reasons.size() > MAX_REASONS) {
            throw new IllegalArgumentException("at most " + MAX_REASONS + " reasons, had " + reasons.size());
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in [0, 1], was " + score);
        }
    }

    /** Whether the decision opens a case in a control unit's queue. */
    public boolean opensCase() {
        return action.opensCase() || randomControl;
    }
}
