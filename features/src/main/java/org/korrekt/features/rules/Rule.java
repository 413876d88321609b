package org.korrekt.features.rules;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A rule: it hits when every condition holds.
 *
 * @param code the stable reason code, e.g. {@code RETROACTIVE_VAB}
 * @param severity how much a hit weighs
 * @param textSv the reason in Swedish
 * @param textEn the reason in English
 * @param conditions the conditions, all of which must hold; at least one
 */
public record Rule(String code, Severity severity, String textSv, String textEn, List<Condition> conditions) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public Rule {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(textSv, "textSv");
        Objects.requireNonNull(textEn, "textEn");
        conditions = List.copyOf(conditions);
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("rule code must be UPPER_SNAKE_CASE, was '" + code + "'");
        }
        if (conditions.isEmpty()) {
            throw new IllegalArgumentException("rule " + code + " needs at least one condition");
        }
    }

    /**
     * One comparison of a feature with a constant.
     *
     * @param feature the feature's name in the schema
     * @param operator one of {@code <}, {@code <=}, {@code >}, {@code >=}, {@code ==}, {@code !=}
     * @param value the constant
     */
    public record Condition(String feature, String operator, double value) {
        public Condition {
            Objects.requireNonNull(feature, "feature");
            Objects.requireNonNull(operator, "operator");
            if (!List.of("<", "<=", ">", ">=", "==", "!=").contains(operator)) {
                throw new IllegalArgumentException("operator must be one of < <= > >= == !=, was '" + operator + "'");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("condition on " + feature + " needs a finite value, was " + value);
            }
        }
    }
}
