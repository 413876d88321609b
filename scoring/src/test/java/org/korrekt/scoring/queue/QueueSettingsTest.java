package org.korrekt.scoring.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsRouteEachBenefitToItsOwnUnitAndValueMonthlyBenefitsSixPayments() {
        QueueSettings d = QueueSettings.defaults();
        assertThat(d.unitFor("tfp")).isEqualTo("tfp");
        assertThat(d.units()).hasSize(11).contains("bob", "ass");
        assertThat(d.futureSek("bob", 1_000)).isEqualTo(6_000);
        assertThat(d.futureSek("tfp", 1_000)).isZero();
        assertThat(d.defaultCasesPerDay()).isEqualTo(50);
    }

    @Test
    void aFileRoutesBenefitsAndKeepsTheDefaultsItLeavesOut() throws Exception {
        Path file = dir.resolve("queues.json");
        Files.writeString(
                file,
                "{\"unitByBenefit\": {\"tfp\": \"family\", \"fp\": \"family\"}, \"futureMonths\": {\"bob\": 12}}");
        QueueSettings s = QueueSettings.read(file);
        assertThat(s.unitFor("tfp")).isEqualTo("family");
        assertThat(s.unitFor("sp")).isEqualTo("sp");
        assertThat(s.units()).contains("family").doesNotContain("tfp", "fp");
        assertThat(s.futureSek("bob", 100)).isEqualTo(1_200);
        assertThat(s.futureSek("uhs", 100)).isEqualTo(600);
        assertThat(s.holdDays()).isEqualTo(5);
    }

    @Test
    void aBadFileIsRefusedNamingTheFileAndKey() throws Exception {
        Path file = dir.resolve("bad.json");
        for (String[] bad : List.of(
                new String[] {"{\"unitByBenefit\": {\"xyz\": \"a\"}}", "'xyz' is not a benefit code"},
                new String[] {"{\"unitByBenefit\": {\"tfp\": \"Family Unit\"}}", "unitByBenefit.tfp"},
                new String[] {"{\"defaultCasesPerDay\": -1}", "defaultCasesPerDay"},
                new String[] {"{\"zone\": \"Mars/Olympus\"}", "Mars/Olympus"},
                new String[] {"{\"capacity\": 3}", "unknown key 'capacity'"},
                new String[] {"{not json", "bad.json"})) {
            Files.writeString(file, bad[0]);
            assertThatThrownBy(() -> QueueSettings.read(file))
                    .as(bad[0])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining(bad[1]);
        }
    }

    @Test
    void randomControlCasesAreSpreadEvenlyAmongTheModelsCases() {
        long[] order = DailyRelease.interleave(List.of(1L, 2L, 3L, 4L, 5L, 6L), List.of(101L, 102L));
        assertThat(order).containsExactly(1, 2, 101, 3, 4, 102, 5, 6);
        assertThat(DailyRelease.interleave(List.of(), List.of(7L))).containsExactly(7);
        assertThat(DailyRelease.interleave(List.of(1L, 2L), List.of())).containsExactly(1, 2);
    }
}
