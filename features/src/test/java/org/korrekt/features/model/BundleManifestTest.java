package org.korrekt.features.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;

class BundleManifestTest {

    private static BundleManifest manifest() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("model.krkt", "a".repeat(64));
        files.put("report.html", "b".repeat(64));
        return BundleManifest.of(
                "vab",
                "20261122T120000Z",
                Instant.parse("2026-11-22T12:00:00.123Z"),
                BundleManifest.LOGISTIC_REGRESSION,
                ApplicationFeatures.SCHEMA_V1,
                new DecisionThresholds(0.1, 0.3, 0.7),
                files);
    }

    @Test
    void roundTrips() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        manifest().write(out);

        BundleManifest read = BundleManifest.read(new ByteArrayInputStream(out.toByteArray()));

        assertThat(read).isEqualTo(manifest());
        assertThat(read.sha256().keySet()).containsExactly("model.krkt", "report.html");
    }

    @Test
    void ignoresFieldsItDoesNotKnowButRefusesMissingOnes() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        manifest().write(out);
        String json = out.toString(StandardCharsets.UTF_8);
        String extended = json.replaceFirst("\\{", "{\"comment\":{\"by\":[\"someone\"]},");

        assertThat(BundleManifest.read(new ByteArrayInputStream(extended.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(manifest());

        String withoutThresholds = json.replaceAll("(?s)\"thresholds\" : \\{.*?\\},", "");
        assertThatThrownBy(() -> BundleManifest.read(
                        new ByteArrayInputStream(withoutThresholds.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("incomplete or invalid");
    }

    @Test
    void refusesAnotherFormatAndBrokenJson() {
        String future = "{\"formatVersion\":2}";
        assertThatThrownBy(() -> BundleManifest.read(new ByteArrayInputStream(future.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ArtifactException.class)
                .hasMessageContaining("bundle format 2 is not supported");
        assertThatThrownBy(() ->
                        BundleManifest.read(new ByteArrayInputStream("{\"profile\":".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ArtifactException.class);
    }

    @Test
    void thresholdsFromScoresTakeTheTopShares() {
        double[] scores = new double[1_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = (i + 1) / 1_000.0;
        }
        DecisionThresholds t = DecisionThresholds.fromScores(scores);

        assertThat(t.extraQuestions()).isEqualTo(0.900);
        assertThat(t.manualCheck()).isEqualTo(0.970);
        assertThat(t.holdPayment()).isEqualTo(0.995);
    }
}
