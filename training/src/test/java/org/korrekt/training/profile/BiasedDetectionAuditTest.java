package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.training.data.HistoryWriter;
import org.korrekt.training.evaluation.AuditReport;
import org.korrekt.training.evaluation.FairnessAudit;
import org.korrekt.training.synthetic.HistoryConfig;
import org.korrekt.training.synthetic.HistoryGenerator;

/**
 * The label-bias audit of a bundle finds the generator's optional biased detection channel
 * (domain.md 7.9: notifications that detect errors of people born outside Europe more often) when
 * it is on, and finds nothing for that group when it is off. Same seed and scale both times; only
 * the switch differs.
 */
class BiasedDetectionAuditTest {

    private static final double SCALE = 0.003;
    private static final long SEED = 42;

    @TempDir
    Path dir;

    @Test
    void theLabelBiasAuditDetectsTheInjectedChannelAndOnlyWhenItIsOn() throws Exception {
        Judged on = outsideEurope(true);
        Judged off = outsideEurope(false);

        // on: of the incorrect applications of people born outside Europe, targeted controls find a
        // significantly larger share than of those born in Sweden
        assertThat(on.group().truePositiveRateRatio().low()).isGreaterThan(1.25);
        assertThat(on.status()).isEqualTo("FAIL");
        // off: the ratio's interval reaches into the gate's bounds, so the gate finds nothing
        assertThat(off.group().truePositiveRateRatio().low()).isLessThanOrEqualTo(1.25);
        assertThat(off.group().truePositiveRateRatio().high()).isGreaterThanOrEqualTo(0.8);
        assertThat(off.status()).isEqualTo("PASS");
    }

    private record Judged(FairnessAudit.GroupAudit group, String status) {}

    /** The outside-Europe group of the label-bias audit of the all-benefits profile, with its gate status. */
    private Judged outsideEurope(boolean biased) throws Exception {
        HistoryConfig config = new HistoryConfig(
                SCALE, HistoryConfig.DEFAULT_YEARS, HistoryConfig.DEFAULT_START_YEAR, SEED, Map.of(), biased, 0);
        Path folder = dir.resolve(biased ? "biased" : "plain");
        new HistoryWriter(new Configuration())
                .write(new HistoryGenerator(config).generate((s, d, t) -> {}), folder.toUri(), (t, w, n) -> {});
        ProfileDefinition profile = ProfileDefinition.builtIn(ProfileDefinition.ALL_BENEFITS);
        ProfileData data = new ProfileDataReader(new Configuration()).read(profile, folder.toUri(), s -> {});
        AuditReport report = ProfileEvaluation.historical(profile, data);
        assertThat(report.gate()).isEqualTo(ProfileEvaluation.LABEL_BIAS_GATE);
        FairnessAudit.AttributeAudit country = report.audits().stream()
                .filter(a -> a.attribute().equals("country_of_birth"))
                .findFirst()
                .orElseThrow();
        assertThat(country.reference()).isEqualTo("sweden");
        FairnessAudit.GroupAudit group = country.groups().stream()
                .filter(g -> g.group().equals("outside_europe"))
                .findFirst()
                .orElseThrow();
        return new Judged(
                group, report.verdict().groupStatus().get("country_of_birth").get("outside_europe"));
    }
}
