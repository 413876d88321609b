package org.korrekt.training.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FairnessGateTest {

    private static final Map<String, FairnessGate.Bounds> RATE =
            Map.of("selectionRateRatio", new FairnessGate.Bounds(0.8, 1.25));

    @Test
    void onTheEstimateCountsTheFailuresWhoseIntervalReachesIntoTheBounds() {
        FairnessAudit.AttributeAudit sex = audit(
                "sex",
                group("m", Interval.ONE),
                // out of bounds, but its interval holds 1: a selection of a few rows
                group("f", new Interval(0.5, 0.2, 1.1, Double.NaN)),
                // out of bounds, and so is its whole interval
                group("x", new Interval(2.0, 1.5, 2.6, Double.NaN)),
                group("y", new Interval(1.0, 0.9, 1.1, Double.NaN)));

        FairnessGate.Verdict estimate = new FairnessGate(RATE, 1, FairnessGate.Decision.ESTIMATE).judge(List.of(sex));
        FairnessGate.Verdict interval = new FairnessGate(RATE, 1, FairnessGate.Decision.INTERVAL).judge(List.of(sex));

        assertThat(estimate.outcome()).isEqualTo(FairnessGate.Outcome.FAIL);
        assertThat(estimate.failures())
                .containsExactly(
                        "sex=f: selectionRateRatio 0.500 (0.200-1.100) outside [0.800, 1.250]",
                        "sex=x: selectionRateRatio 2.000 (1.500-2.600) outside [0.800, 1.250]");
        assertThat(estimate.failuresNotShown()).isEqualTo(1);
        // on the interval only the disparity the interval shows fails, so none is unshown
        assertThat(interval.failures())
                .containsExactly("sex=x: selectionRateRatio 2.000 (1.500-2.600) outside [0.800, 1.250]");
        assertThat(interval.failuresNotShown()).isZero();
        assertThat(interval.groupStatus().get("sex")).containsEntry("f", "PASS").containsEntry("x", "FAIL");
    }

    @Test
    void anEstimateWithoutAnIntervalIsNotCountedAsUnshown() {
        FairnessAudit.AttributeAudit sex = audit(
                "sex", group("m", Interval.ONE), group("f", new Interval(0.5, Double.NaN, Double.NaN, Double.NaN)));

        FairnessGate.Verdict verdict = new FairnessGate(RATE, 1, FairnessGate.Decision.ESTIMATE).judge(List.of(sex));

        assertThat(verdict.outcome()).isEqualTo(FairnessGate.Outcome.FAIL);
        assertThat(verdict.failuresNotShown()).isZero();
    }

    private static FairnessAudit.AttributeAudit audit(String attribute, FairnessAudit.GroupAudit... groups) {
        return new FairnessAudit.AttributeAudit(attribute, groups[0].group(), true, List.of(groups));
    }

    private static FairnessAudit.GroupAudit group(String name, Interval selectionRateRatio) {
        Interval u = Interval.UNDEFINED;
        return new FairnessAudit.GroupAudit(
                name, 100, 5, 10, 20, 0.25, 0.25, 0.25, u, u, u, u, u, u, selectionRateRatio, u, u, u);
    }
}
