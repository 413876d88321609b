package org.korrekt.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.GateOverride;
import org.korrekt.scoring.TestModels;

/** A bundle whose fairness gate failed is served only with a recorded override. */
class ModelBundleLoaderGateTest {

    @TempDir
    Path models;

    private final ModelBundleLoader loader = new ModelBundleLoader(ApplicationFeatures.SCHEMA_V1, 0);

    @Test
    void aFailedGateIsRefusedUntilAnOverrideRecordsWhoAndWhy() throws Exception {
        Path bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        withGate(bundle, BundleManifest.GATE_FAIL);

        assertThatThrownBy(() -> loader.loadLatest(models, "vab"))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("failed its fairness gate")
                .hasMessageContaining("korrekt override-gate " + bundle);

        new GateOverride(
                        "Reviewed with the DPO: the FPR gap is 3 cases",
                        "lead@unit-7",
                        Instant.parse("2026-11-22T10:00:00Z"))
                .write(bundle);
        assertThat(loader.loadLatest(models, "vab").version()).isEqualTo("v1");
        assertThat(GateOverride.read(bundle).by()).isEqualTo("lead@unit-7");
    }

    @Test
    void anOverrideWithoutAReasonIsRefused() throws Exception {
        Path bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        withGate(bundle, BundleManifest.GATE_FAIL);
        Files.writeString(
                bundle.resolve(GateOverride.FILE_NAME),
                "{\"reason\": \" \", \"by\": \"x\", \"at\": \"2026-11-22T10:00:00Z\"}");
        assertThatThrownBy(() -> loader.load(bundle))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("needs a reason");
    }

    @Test
    void passedAndUnevaluatedGatesLoad() throws Exception {
        Path passed = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        withGate(passed, BundleManifest.GATE_PASS);
        assertThat(loader.load(passed).profile()).isEqualTo("vab");
        Path older = TestModels.writeBundle(models, "fp", "v1", TestModels.lateClaimModel());
        try (InputStream in = Files.newInputStream(older.resolve(BundleManifest.FILE_NAME))) {
            assertThat(BundleManifest.read(in).gate()).isEqualTo(BundleManifest.GATE_NOT_EVALUATED);
        }
        assertThat(loader.load(older).profile()).isEqualTo("fp");
    }

    private static void withGate(Path bundle, String verdict) throws IOException {
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        } catch (org.korrekt.features.model.ArtifactException e) {
            throw new IOException(e);
        }
        try (OutputStream out = Files.newOutputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest.withGate(verdict).write(out);
        }
    }
}
