package org.korrekt.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureDefinition;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.ScoreDistribution;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.features.rules.Rule;

class PolicyFileTest {

    private static final DecisionThresholds TRAINED = new DecisionThresholds(0.2, 0.5, 0.8);

    /** 100,000 seeded scores, uniform on (0, 1): the score at the top share s is 1 - s. */
    private static ScoreDistribution uniform() {
        SplittableRandom random = new SplittableRandom(11);
        double[] scores = new double[100_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextDouble();
        }
        return ScoreDistribution.of(scores);
    }

    private static DecisionPolicy policy(String json) throws Exception {
        return PolicyFile.parse(json, "test.json").policy(TRAINED, uniform(), 0.02);
    }

    @Test
    void withoutThresholdsOrCapacityTheBundlesThresholdsAndTheServicesShareApply() throws Exception {
        DecisionPolicy p = policy("{}");

        assertThat(p.basis()).isEqualTo("bundle");
        assertThat(new double[] {p.extraQuestions(), p.manualCheck(), p.holdPayment()})
                .containsExactly(0.2, 0.5, 0.8);
        assertThat(p.randomControlShare()).isEqualTo(0.02);
        assertThat(p.minCaseAmountSek()).isZero();
        assertThat(PolicyFile.none().policy(TRAINED, null, 0.01).randomControlShare())
                .isEqualTo(0.01);
    }

    @Test
    void explicitThresholdsShareAndLimitApplyAsWritten() throws Exception {
        DecisionPolicy p = policy("""
                {"thresholds": {"extraQuestions": 0.1, "manualCheck": 0.4, "holdPayment": 0.9},
                 "randomControlShare": 0.015, "minCaseAmountSek": 2000}""");

        assertThat(p.basis()).isEqualTo("explicit");
        assertThat(new double[] {p.extraQuestions(), p.manualCheck(), p.holdPayment()})
                .containsExactly(0.1, 0.4, 0.9);
        assertThat(p.randomControlShare()).isEqualTo(0.015);
        assertThat(p.belowAmountLimit(1_999.99)).isTrue();
        assertThat(p.belowAmountLimit(2_000)).isFalse();
    }

    @Test
    void capacityChecksTheUnitsShareLessTheRandomSampleAndHoldsAFifthOfThem() throws Exception {
        // 40 checks a day in 2,000 applications: 2 %, of which the 1 % random control sample takes
        // half, so risk selects the top 1 %; a fifth of those (0.2 %) are held; 10 % asked questions.
        DecisionPolicy p = policy("""
                {"capacity": {"manualChecksPerDay": 40, "applicationsPerDay": 2000}, "randomControlShare": 0.01}""");

        assertThat(p.manualCheck()).isCloseTo(0.99, within(0.002));
        assertThat(p.holdPayment()).isCloseTo(0.998, within(0.001));
        assertThat(p.extraQuestions()).isCloseTo(0.90, within(0.005));
        assertThat(p.basis()).isEqualTo("capacity 40 checks/day of 2000 applications/day");

        DecisionPolicy halfHeld = policy("""
                {"capacity": {"manualChecksPerDay": 300, "applicationsPerDay": 1000, "holdShareOfChecks": 0.5,
                  "extraQuestionsShare": 0.05}, "randomControlShare": 0}""");
        assertThat(halfHeld.manualCheck()).isCloseTo(0.70, within(0.005));
        assertThat(halfHeld.holdPayment()).isCloseTo(0.85, within(0.005));
        // asking questions of fewer than are checked: the questions threshold cannot pass the check's
        assertThat(halfHeld.extraQuestions()).isEqualTo(halfHeld.manualCheck());
    }

    @Test
    void aCapacityTheRandomSampleTakesAloneOrABundleWithoutScoresIsRefused() throws Exception {
        assertThatThrownBy(() -> policy("""
                        {"capacity": {"manualChecksPerDay": 10, "applicationsPerDay": 1000}, "randomControlShare": 0.02}"""))
                .isInstanceOf(PolicyFile.PolicyException.class)
                .hasMessageContaining("taken by the random control sample");
        PolicyFile capacity = PolicyFile.parse(
                "{\"capacity\": {\"manualChecksPerDay\": 40, \"applicationsPerDay\": 2000}}", "test.json");
        assertThatThrownBy(() -> capacity.policy(TRAINED, null, 0.01))
                .isInstanceOf(PolicyFile.PolicyException.class)
                .hasMessageContaining("score distribution");
    }

    @Test
    void everyBadFileIsRefusedNamingTheKey() {
        String[][] cases = {
            {"[1]", "not a JSON object"},
            {"{\"treshold\": 1}", "unknown key 'treshold'"},
            {"{\"thresholds\": {\"manualCheck\": 0.5}}", "'thresholds.extraQuestions' must be a number"},
            {"{\"thresholds\": {\"extraQuestions\": 0.6, \"manualCheck\": 0.5, \"holdPayment\": 0.9}}", "thresholds:"},
            {
                "{\"thresholds\": {\"extraQuestions\": 0.1, \"manualCheck\": 0.5, \"holdPayment\": 0.9, \"x\": 1}}",
                "'thresholds.x'"
            },
            {"{\"thresholds\": {}, \"capacity\": {}}", "not both"},
            {"{\"capacity\": {\"manualChecksPerDay\": 0, \"applicationsPerDay\": 10}}", "'capacity.manualChecksPerDay'"
            },
            {
                "{\"capacity\": {\"manualChecksPerDay\": 5, \"applicationsPerDay\": \"10\"}}",
                "'capacity.applicationsPerDay'"
            },
            {
                "{\"capacity\": {\"manualChecksPerDay\": 5, \"applicationsPerDay\": 10, \"holdShareOfChecks\": 2}}",
                "'capacity.holdShareOfChecks'"
            },
            {"{\"randomControlShare\": 0.6}", "'randomControlShare' must be in"},
            {"{\"minCaseAmountSek\": -1}", "'minCaseAmountSek' must be in"},
            {"{\"questions\": {}}", "'questions' must be an array"},
            {"{\"questions\": [1]}", "'questions[0]' must be an object"},
            {"{\"questions\": [{\"code\": \"Q\", \"sv\": \"Fråga?\"}]}", "'questions[0].en'"},
            {
                "{\"questions\": [{\"code\": \"q lower\", \"sv\": \"a\", \"en\": \"b\"}]}",
                "'questions[0]': a question code"
            },
            {
                "{\"questions\": [{\"code\": \"Q\", \"sv\": \"a\", \"en\": \"b\", \"reasons\": [1]}]}",
                "'questions[0].reasons'"
            },
            {
                "{\"questions\": [{\"code\": \"Q\", \"sv\": \"a\", \"en\": \"b\"}, {\"code\": \"Q\", \"sv\": \"c\", \"en\": \"d\"}]}",
                "'questions[1].code' repeats"
            },
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> PolicyFile.parse(c[0], "test.json"))
                    .as(c[0])
                    .isInstanceOf(PolicyFile.PolicyException.class)
                    .hasMessageStartingWith("test.json: ")
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void questionsFollowingAReasonComeFirstThenTheGeneralOnesAtMostThree() throws Exception {
        DecisionPolicy p = policy("""
                {"questions": [
                  {"code": "GENERAL_1", "sv": "a", "en": "a"},
                  {"code": "CHILDCARE", "sv": "b", "en": "b", "reasons": ["CHILD_AT_CHILDCARE"]},
                  {"code": "INCOME", "sv": "c", "en": "c", "reasons": ["DECLARED_INCOME"]},
                  {"code": "GENERAL_2", "sv": "d", "en": "d"},
                  {"code": "GENERAL_3", "sv": "e", "en": "e"}]}""");
        Reason childcare = new Reason("CHILD_AT_CHILDCARE", "sv", "en", "child_present_on_claimed_days", 3, 0.4);

        assertThat(p.questionsFor(List.of(childcare)))
                .extracting(Question::code)
                .containsExactly("CHILDCARE", "GENERAL_1", "GENERAL_2");
        assertThat(p.questionsFor(List.of()))
                .extracting(Question::code)
                .containsExactly("GENERAL_1", "GENERAL_2", "GENERAL_3");
    }

    @Test
    void theProfilesFolderOverridesTheBuiltInDefault(@TempDir Path models) throws Exception {
        Path vab = Files.createDirectories(models.resolve("vab"));

        PolicyFile builtIn = PolicyFile.forProfile(vab, "vab");
        assertThat(builtIn.source()).isEqualTo("built-in policy/vab.policy.json");
        assertThat(builtIn.minCaseAmountSek()).isEqualTo(2_000);
        assertThat(PolicyFile.forProfile(models.resolve("other"), "other").source())
                .isEqualTo("none");

        Files.writeString(vab.resolve(PolicyFile.FILE_NAME), "{\"minCaseAmountSek\": 500}");
        PolicyFile own = PolicyFile.forProfile(vab, "vab");
        assertThat(own.minCaseAmountSek()).isEqualTo(500);
        assertThat(own.questions()).isEmpty();

        Files.writeString(vab.resolve(PolicyFile.FILE_NAME), "{\"minCaseAmount\": 500}");
        assertThatThrownBy(() -> PolicyFile.forProfile(vab, "vab"))
                .hasMessageStartingWith(vab.resolve(PolicyFile.FILE_NAME).toString())
                .hasMessageContaining("unknown key 'minCaseAmount'");
    }

    @Test
    void theBuiltInPoliciesParseAndTheirQuestionsFollowReasonsThatExist() throws Exception {
        Set<String> reasonCodes = new HashSet<>();
        for (FeatureDefinition f : ClaimFeatures.SCHEMA.features()) {
            if (f.reasonCode() != null) {
                reasonCodes.add(f.reasonCode());
            }
        }
        CompiledRules rules = CompiledRules.bundled("claim-v1.rules.json", ClaimFeatures.SCHEMA);
        for (Rule rule : rules.ruleSet().rules()) {
            reasonCodes.add(rule.code());
        }
        for (String profile : List.of("vab", "fp", "housing", "assistance", "all-benefits")) {
            PolicyFile file = PolicyFile.forProfile(Path.of("no-such-folder"), profile);
            assertThat(file.source()).as(profile).startsWith("built-in");
            assertThat(file.questions()).as(profile).isNotEmpty();
            for (Question q : file.questions()) {
                assertThat(reasonCodes).as(profile + " " + q.code()).containsAll(q.reasons());
            }
            assertThat(file.policy(TRAINED, null, 0.02).minCaseAmountSek()).isEqualTo(2_000);
        }
    }
}
