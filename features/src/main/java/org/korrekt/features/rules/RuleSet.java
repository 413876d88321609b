package org.korrekt.features.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A named, versioned set of rules, read from a readable JSON file:
 *
 * <pre>
 * {"name": "application", "version": 1, "rules": [
 *   {"code": "RETROACTIVE_VAB", "severity": "HIGH",
 *    "sv": "VAB söks mer än 90 dagar i efterhand", "en": "VAB claimed more than 90 days after",
 *    "when": [{"feature": "benefit_tfp", "op": "==", "value": 1},
 *             {"feature": "submission_lag_days", "op": ">", "value": 90}]}]}
 * </pre>
 *
 * @param name the set's name
 * @param version its version, at least 1
 * @param rules the rules, with distinct codes
 */
public record RuleSet(String name, int version, List<Rule> rules) {

    private static final JsonFactory JSON = new JsonFactory();

    public RuleSet {
        Objects.requireNonNull(name, "name");
        rules = List.copyOf(rules);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        Set<String> codes = new HashSet<>();
        for (Rule rule : rules) {
            if (!codes.add(rule.code())) {
                throw new IllegalArgumentException("rule code " + rule.code() + " appears twice in rule set " + name);
            }
        }
    }

    /**
     * Reads a rule set.
     *
     * @throws IllegalArgumentException naming the rule and field that are wrong
     */
    public static RuleSet read(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the rule set");
            String name = null;
            int version = 0;
            List<Rule> rules = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "name" -> name = p.getValueAsString();
                    case "version" -> version = p.getIntValue();
                    case "rules" -> {
                        expect(p.currentToken(), JsonToken.START_ARRAY, "rules");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            rules.add(readRule(p, rules.size()));
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown field '" + field + "' in the rule set");
                }
            }
            return new RuleSet(name, version, rules);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("rule set is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Rule readRule(JsonParser p, int index) throws IOException {
        String code = null;
        String severity = null;
        String sv = null;
        String en = null;
        List<Rule.Condition> conditions = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "code" -> code = p.getValueAsString();
                case "severity" -> severity = p.getValueAsString();
                case "sv" -> sv = p.getValueAsString();
                case "en" -> en = p.getValueAsString();
                case "when" -> {
                    expect(p.currentToken(), JsonToken.START_ARRAY, "when");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String feature = null;
                        String op = null;
                        Double value = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            switch (f) {
                                case "feature" -> feature = p.getValueAsString();
                                case "op" -> op = p.getValueAsString();
                                case "value" -> value = p.getDoubleValue();
                                default ->
                                    throw new IllegalArgumentException(
                                            "unknown field '" + f + "' in a condition of rule " + label(code, index));
                            }
                        }
                        if (value == null) {
                            throw new IllegalArgumentException(
                                    "a condition of rule " + label(code, index) + " has no value");
                        }
                        conditions.add(new Rule.Condition(feature, op, value));
                    }
                }
                default ->
                    throw new IllegalArgumentException("unknown field '" + field + "' in rule " + label(code, index));
            }
        }
        Severity parsed;
        try {
            parsed = Severity.valueOf(String.valueOf(severity));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "rule " + label(code, index) + " has severity '" + severity + "'; known: LOW, MEDIUM, HIGH", e);
        }
        try {
            return new Rule(code, parsed, sv, en, conditions);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException("rule " + label(code, index) + ": " + e.getMessage(), e);
        }
    }

    private static String label(String code, int index) {
        return code != null ? code : "#" + (index + 1);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(
                    what + " must be a JSON " + (expected == JsonToken.START_ARRAY ? "array" : "object"));
        }
    }
}
