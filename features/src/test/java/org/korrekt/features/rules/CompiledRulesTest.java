package org.korrekt.features.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.features.Application;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;

class CompiledRulesTest {

    static CompiledRules bundled() throws Exception {
        return CompiledRules.bundled("application-v1.rules.json", ApplicationFeatures.SCHEMA_V1);
    }

    /** Codes of the rules that hit an application of {@code benefit} submitted {@code lag} days after its 5-day period. */
    static List<String> hits(Benefit benefit, int lag) throws Exception {
        LocalDate end = LocalDate.of(2024, 3, 10);
        Application a = new Application(
                "A-1",
                "p-0123456789abcdef0123456789abcdef",
                benefit,
                Channel.E_SERVICE,
                end.plusDays(lag),
                end.minusDays(4),
                end,
                5,
                3_000,
                25_000);
        double[] features = new double[ApplicationFeatures.SCHEMA_V1.size()];
        ApplicationFeatures.v1().extract(a, features);
        CompiledRules rules = bundled();
        int[] out = new int[rules.size()];
        int n = rules.evaluate(features, out);
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            codes.add(rules.rule(out[i]).code());
        }
        return codes;
    }

    @ParameterizedTest(name = "{0} submitted {1} days after the period -> {2}")
    @CsvSource({
        "TFP, 90, ''",
        "TFP, 91, RETROACTIVE_VAB",
        "TFP, 400, RETROACTIVE_VAB",
        "TFP, -10, ''",
        "FP, 91, RETROACTIVE_FP",
        "FP, -365, ''",
        "FP, -366, FP_MORE_THAN_A_YEAR_AHEAD",
        "SP, 200, ''",
    })
    void theBundledRulesHitExactlyAtTheirBounds(Benefit benefit, int lag, String expected) throws Exception {
        assertThat(hits(benefit, lag)).containsExactlyElementsOf(expected.isEmpty() ? List.of() : List.of(expected));
    }

    @Test
    void everyRuleHasBothTextsAndASeverity() throws Exception {
        for (Rule rule : bundled().ruleSet().rules()) {
            assertThat(rule.textSv()).isNotBlank();
            assertThat(rule.textEn()).isNotBlank();
            assertThat(rule.severity()).isNotNull();
        }
    }

    @Test
    void aRuleOnAFeatureTheSchemaLacksIsRefusedByName() {
        RuleSet set = new RuleSet(
                "x",
                1,
                List.of(new Rule("ODD", Severity.LOW, "sv", "en", List.of(new Rule.Condition("shoe_size", ">", 45)))));

        assertThatThrownBy(() -> CompiledRules.compile(set, ApplicationFeatures.SCHEMA_V1))
                .hasMessage("rule ODD uses feature 'shoe_size', which schema application v1 does not have");
    }

    @Test
    void malformedFilesAreRefusedNamingTheRule() {
        String badSeverity = "{\"name\":\"x\",\"version\":1,\"rules\":[{\"code\":\"A\",\"severity\":\"HUGE\","
                + "\"sv\":\"s\",\"en\":\"e\",\"when\":[{\"feature\":\"claimed_days\",\"op\":\">\",\"value\":1}]}]}";
        assertThatThrownBy(() -> RuleSet.read(new ByteArrayInputStream(badSeverity.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("rule A has severity 'HUGE'");
        String badOperator = badSeverity.replace("HUGE", "LOW").replace("\">\"", "\"~\"");
        assertThatThrownBy(() -> RuleSet.read(new ByteArrayInputStream(badOperator.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("operator must be one of");
        String noConditions = badSeverity
                .replace("HUGE", "LOW")
                .replace("[{\"feature\":\"claimed_days\",\"op\":\">\",\"value\":1}]", "[]");
        assertThatThrownBy(() -> RuleSet.read(new ByteArrayInputStream(noConditions.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("rule A: rule A needs at least one condition");
    }

    @Test
    void aRuleSetThatIsNotBundledIsRefusedByName() {
        assertThatThrownBy(() -> CompiledRules.bundled("nothing-v9.rules.json", ApplicationFeatures.SCHEMA_V1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nothing-v9.rules.json");
    }
}
