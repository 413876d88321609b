package org.korrekt.training.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Claim;
import org.korrekt.features.rules.CompiledRules;
import org.korrekt.training.synthetic.GeneratedHistory;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/** The application rules on a generated history: each fires on the mechanism it targets. */
class RulesOnHistoryTest {

    private static final long SEED = 11;

    @Test
    void retroactiveClaimRulesFindLateClaims() throws Exception {
        GeneratedHistory history = new HistoryGenerator(HistoryConfig.defaults(0.001, SEED)).generate((s, d, t) -> {});
        CompiledRules rules;
        rules = CompiledRules.bundled("application-v1.rules.json", ApplicationFeatures.SCHEMA_V1);
        int vab = index(rules, "RETROACTIVE_VAB");
        int fp = index(rules, "RETROACTIVE_FP");
        long[][] counts = new long[2][3]; // [rule][hit&G3, hit, G3]
        double[] features = new double[ApplicationFeatures.SCHEMA_V1.size()];
        int[] hits = new int[rules.size()];
        for (Claim claim : history.applications()) {
            Benefit benefit = claim.application().benefit();
            if (benefit != Benefit.TFP && benefit != Benefit.FP) {
                continue;
            }
            int r = benefit == Benefit.TFP ? 0 : 1;
            int rule = r == 0 ? vab : fp;
            ApplicationFeatures.v1().extract(claim.application(), features);
            int n = rules.evaluate(features, hits);
            boolean hit = false;
            for (int i = 0; i < n; i++) {
                hit |= hits[i] == rule;
            }
            boolean late = "G3".equals(claim.mechanism());
            counts[r][0] += hit && late ? 1 : 0;
            counts[r][1] += hit ? 1 : 0;
            counts[r][2] += late ? 1 : 0;
        }
        for (int r = 0; r < 2; r++) {
            double precision = (double) counts[r][0] / counts[r][1];
            double recall = (double) counts[r][0] / counts[r][2];
            System.out.printf(
                    "%s vs G3 (seed %d): %d hits, precision %.3f, recall %.3f%n",
                    r == 0 ? "RETROACTIVE_VAB" : "RETROACTIVE_FP", SEED, counts[r][1], precision, recall);
            assertThat(counts[r][1]).isPositive();
            assertThat(precision).isGreaterThanOrEqualTo(0.95);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);
        }
    }

    private static int index(CompiledRules rules, String code) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.rule(i).code().equals(code)) {
                return i;
            }
        }
        throw new AssertionError("no rule " + code);
    }
}
