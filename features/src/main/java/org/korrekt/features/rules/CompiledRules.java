package org.korrekt.features.rules;

import java.util.List;
import org.korrekt.features.FeatureSchema;

/**
 * A rule set compiled against a feature schema into flat arrays. {@link #evaluate} writes the
 * indices of the rules that hit and allocates nothing. Immutable and thread-safe.
 */
public final class CompiledRules {

    private static final byte LT = 0;
    private static final byte LE = 1;
    private static final byte GT = 2;
    private static final byte GE = 3;
    private static final byte EQ = 4;
    private static final byte NE = 5;

    private final RuleSet rules;
    private final String schemaFingerprint;
    /** Conditions of rule r are at positions start[r] .. start[r + 1] - 1. */
    private final int[] start;

    private final int[] feature;
    private final byte[] operator;
    private final double[] value;

    private CompiledRules(
            RuleSet rules, String schemaFingerprint, int[] start, int[] feature, byte[] operator, double[] value) {
        this.rules = rules;
        this.schemaFingerprint = schemaFingerprint;
        this.start = start;
        this.feature = feature;
        this.operator = operator;
        this.value = value;
    }

    /**
     * Compiles {@code rules} against {@code schema}.
     *
     * @throws IllegalArgumentException naming the rule and the feature the schema does not have
     */
    public static CompiledRules compile(RuleSet rules, FeatureSchema schema) {
        List<Rule> list = rules.rules();
        int conditions = 0;
        for (Rule rule : list) {
            conditions += rule.conditions().size();
        }
        int[] start = new int[list.size() + 1];
        int[] feature = new int[conditions];
        byte[] operator = new byte[conditions];
        double[] value = new double[conditions];
        int c = 0;
        for (int r = 0; r < list.size(); r++) {
            start[r] = c;
            for (Rule.Condition condition : list.get(r).conditions()) {
                int index = schema.indexOf(condition.feature());
                if (index < 0) {
                    throw new IllegalArgumentException(
                            "rule " + list.get(r).code() + " uses feature '" + condition.feature() + "', which schema "
                                    + schema.name() + " v" + schema.version() + " does not have");
                }
                feature[c] = index;
                operator[c] = switch (condition.operator()) {
                    case "<" -> LT;
                    case "<=" -> LE;
                    case ">" -> GT;
                    case ">=" -> GE;
                    case "==" -> EQ;
                    default -> NE;
                };
                value[c] = condition.value();
                c++;
            }
        }
        start[list.size()] = c;
        return new CompiledRules(rules, schema.fingerprint(), start, feature, operator, value);
    }

    /**
     * A rule set bundled with korrekt ({@code application-v1.rules.json}, {@code
     * claim-v1.rules.json}), compiled against {@code schema}.
     *
     * @throws IllegalArgumentException when no such rule set is bundled
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public static CompiledRules bundled(String name, FeatureSchema schema) {
        try (java.io.InputStream in = CompiledRules.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no rule set named " + name + " is bundled");
            }
            return compile(RuleSet.read(in), schema);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the bundled rule set " + name, e);
        }
    }

    /** The rule set compiled. */
    public RuleSet ruleSet() {
        return rules;
    }

    /** The number of rules. */
    public int size() {
        return start.length - 1;
    }

    /** The fingerprint of the schema the rules were compiled against. */
    public String schemaFingerprint() {
        return schemaFingerprint;
    }

    /**
     * Evaluates every rule on {@code features}.
     *
     * @param hits receives the indices of the rules that hit, in rule order; at least {@link #size()} long
     * @return the number of hits
     */
    public int evaluate(double[] features, int[] hits) {
        int count = 0;
        int rulesCount = start.length - 1;
        for (int r = 0; r < rulesCount; r++) {
            boolean hit = true;
            for (int c = start[r]; c < start[r + 1] && hit; c++) {
                double x = features[feature[c]];
                double v = value[c];
                hit = switch (operator[c]) {
                    case LT -> x < v;
                    case LE -> x <= v;
                    case GT -> x > v;
                    case GE -> x >= v;
                    case EQ -> x == v;
                    default -> x != v;
                };
            }
            if (hit) {
                hits[count++] = r;
            }
        }
        return count;
    }

    /** The rule at {@code index}. */
    public Rule rule(int index) {
        return rules.rules().get(index);
    }

    /** The feature of a rule's last condition: the one whose value a reason for the hit shows. */
    public int decisiveFeature(int rule) {
        return feature[start[rule + 1] - 1];
    }
}
