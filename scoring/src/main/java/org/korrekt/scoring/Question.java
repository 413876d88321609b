package org.korrekt.scoring;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An extra control question a self-service flow asks when the action is {@link
 * Action#EXTRA_QUESTIONS}, from the profile's decision policy.
 *
 * @param code the question's stable code, e.g. {@code VAB_CHILDCARE_ATTENDANCE}
 * @param textSv the question in Swedish
 * @param textEn the question in English
 * @param reasons the reason codes the question follows up; empty for a general question of the
 *     profile, asked when no reason-specific one fills the slots
 */
public record Question(String code, String textSv, String textEn, List<String> reasons) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    public Question {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(textSv, "textSv");
        Objects.requireNonNull(textEn, "textEn");
        reasons = List.copyOf(reasons);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "a question code is upper case letters, digits and _, at most 64, was '" + code + "'");
        }
        if (textSv.isBlank() || textEn.isBlank()) {
            throw new IllegalArgumentException("question " + code + " needs a Swedish and an English text");
        }
    }

    /** Whether the question follows up one of {@code decisionReasons}. */
    boolean follows(List<Reason> decisionReasons) {
        for (Reason r : decisionReasons) {
            if (reasons.contains(r.code())) {
                return true;
            }
        }
        return false;
    }
}
