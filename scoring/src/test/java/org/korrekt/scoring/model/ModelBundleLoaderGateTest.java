package org.korrekt.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
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

        // an override that names no bundle (as korrekt wrote them before) decides nothing
        new GateOverride("Reviewed", "lead@unit-7", Instant.parse("2026-11-22T09:00:00Z"), null).write(bundle);
        assertThatThrownBy(() -> loader.loadLatest(models, "vab"))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("names no bundle (written by an older korrekt)");

        GateOverride.of(
                        "Reviewed with the DPO: the FPR gap is 3 cases",
                        "lead@unit-7",
                        Instant.parse("2026-11-22T10:00:00Z"),
                        bundle)
                .write(bundle);
        assertThat(loader.loadLatest(models, "vab").version()).isEqualTo("v1");
        assertThat(GateOverride.read(bundle).by()).isEqualTo("lead@unit-7");
    }

    /**
     * An override, signed or not, is a decision about one bundle: copied beside another failed
     * bundle it lets nothing be served (it was: the signature checked out, the bundle was served).
     */
    @Test
    void anOverrideCopiedFromAnotherBundleIsRefused() throws Exception {
        KeyPair keys = BundleSignature.generate();
        ModelBundleLoader signed = new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0, keys.getPublic());
        Path decided = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        Path other = TestModels.writeBundle(models, "vab", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        for (Path bundle : List.of(decided, other)) {
            withGate(bundle, BundleManifest.GATE_FAIL);
            BundleSignature.sign(bundle.resolve(BundleManifest.FILE_NAME), keys.getPrivate());
        }
        GateOverride.of("Reviewed", "lead@unit-7", Instant.parse("2026-11-22T10:00:00Z"), decided)
                .write(decided);
        BundleSignature.sign(decided.resolve(GateOverride.FILE_NAME), keys.getPrivate());
        assertThat(signed.load(decided).version()).isEqualTo("v1");

        Files.copy(decided.resolve(GateOverride.FILE_NAME), other.resolve(GateOverride.FILE_NAME));
        Files.copy(decided.resolve(GateOverride.FILE_NAME + ".sig"), other.resolve(GateOverride.FILE_NAME + ".sig"));
        assertThatThrownBy(() -> signed.load(other))
                .isInstanceOf(BundleException.class)
                .hasMessage(
                        other + ": the profile failed its fairness gate, and its gate-override.json (by lead@unit-7,"
                                + " 2026-11-22T10:00:00Z) was recorded for another bundle; record the decision about this"
                                + " bundle with: korrekt override-gate " + other
                                + " --reason \"...\" --by NAME --sign-key KEY");
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

    @Test
    void withAPublicKeyOnlyBundlesSignedWithItsPrivateKeyAreServed() throws Exception {
        KeyPair keys = BundleSignature.generate();
        ModelBundleLoader signed = new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0, keys.getPublic());
        Path bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        Path manifest = bundle.resolve(BundleManifest.FILE_NAME);
        assertThatThrownBy(() -> signed.load(bundle))
                .isInstanceOf(BundleException.class)
                .hasMessage(bundle + ": bundle.json is not signed: there is no bundle.json.sig; the service serves"
                        + " only bundles signed with its --bundle-public-key");

        BundleSignature.sign(manifest, BundleSignature.generate().getPrivate());
        assertThatThrownBy(() -> signed.load(bundle)).hasMessageContaining("does not match its signature");

        withGate(bundle, BundleManifest.GATE_PASS);
        BundleSignature.sign(manifest, keys.getPrivate());
        assertThat(signed.load(bundle).version()).isEqualTo("v1");

        // the gate's verdict edited after signing: refused, where the checksums alone let it through
        String text = Files.readString(manifest);
        withGate(bundle, BundleManifest.GATE_FAIL);
        BundleSignature.sign(manifest, keys.getPrivate());
        Files.writeString(manifest, Files.readString(manifest).replace("\"FAIL\"", "\"PASS\""));
        assertThat(Files.readString(manifest)).isEqualTo(text);
        assertThatThrownBy(() -> signed.load(bundle))
                .hasMessageStartingWith(bundle + ": bundle.json does not match its signature bundle.json.sig");
        assertThat(loader.load(bundle).version())
                .as("without a key only the checksums are checked, and they do not cover the manifest")
                .isEqualTo("v1");
    }

    /**
     * A signing key is replaced without signing every bundle again: the service trusts the old and
     * the new public key until no bundle it may roll back to was signed with the old one.
     */
    @Test
    void whileASigningKeyIsReplacedWhatEitherKeySignedIsServed() throws Exception {
        KeyPair old = BundleSignature.generate();
        KeyPair replacement = BundleSignature.generate();
        Path first = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        Path second = TestModels.writeBundle(models, "vab", "v2", TestModels.shifted(TestModels.lateClaimModel(), 1.0));
        BundleSignature.sign(first.resolve(BundleManifest.FILE_NAME), old.getPrivate());
        BundleSignature.sign(second.resolve(BundleManifest.FILE_NAME), replacement.getPrivate());
        Path policy = models.resolve("vab").resolve(org.korrekt.scoring.PolicyFile.FILE_NAME);
        Files.writeString(policy, "{\"minCaseAmountSek\": 500}");
        BundleSignature.sign(policy, replacement.getPrivate());

        ModelBundleLoader both = new ModelBundleLoader(
                List.of(ApplicationFeatures.SCHEMA_V1), 0, List.of(old.getPublic(), replacement.getPublic()));
        assertThat(both.load(first).version()).isEqualTo("v1");
        assertThat(both.load(second).policy().minCaseAmountSek()).isEqualTo(500);

        ModelBundleLoader replacementOnly =
                new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0, replacement.getPublic());
        assertThat(replacementOnly.load(second).version()).isEqualTo("v2");
        assertThatThrownBy(() -> replacementOnly.load(first))
                .hasMessageStartingWith(first + ": bundle.json does not match its signature bundle.json.sig");
        ModelBundleLoader oldOnly = new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0, old.getPublic());
        assertThatThrownBy(() -> oldOnly.load(first))
                .as("the policy was signed with the new key only")
                .hasMessageContaining("its profile's decision policy: policy.json does not match its signature");
    }

    @Test
    void withAPublicKeyAFailedGatesOverrideMustBeSignedToo() throws Exception {
        KeyPair keys = BundleSignature.generate();
        ModelBundleLoader signed = new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0, keys.getPublic());
        Path bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        withGate(bundle, BundleManifest.GATE_FAIL);
        BundleSignature.sign(bundle.resolve(BundleManifest.FILE_NAME), keys.getPrivate());
        assertThatThrownBy(() -> signed.load(bundle))
                .hasMessageContaining("failed its fairness gate")
                .hasMessageEndingWith("--by NAME --sign-key KEY");

        GateOverride.of("Reviewed with the DPO", "lead@unit-7", Instant.parse("2026-11-22T10:00:00Z"), bundle)
                .write(bundle);
        assertThatThrownBy(() -> signed.load(bundle))
                .hasMessage(bundle + ": the profile failed its fairness gate and its override is not trusted:"
                        + " gate-override.json is not signed: there is no gate-override.json.sig; sign it as it was"
                        + " recorded with korrekt override-gate " + bundle + " --reason \"Reviewed with the DPO\" --by"
                        + " \"lead@unit-7\" --sign-key KEY");
        BundleSignature.sign(bundle.resolve(GateOverride.FILE_NAME), keys.getPrivate());
        assertThat(signed.load(bundle).version()).isEqualTo("v1");
    }

    /**
     * A bundle copied to a folder of another name would be served and recorded under its manifest's
     * version: two folders, one version in every record. It is refused.
     */
    @Test
    void aBundleInAFolderNotNamedAfterItsVersionIsRefused() throws Exception {
        Path bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        Path copy = Files.createDirectories(models.resolve("vab").resolve("v9"));
        try (java.util.stream.Stream<Path> files = Files.list(bundle)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        assertThatThrownBy(() -> loader.load(copy))
                .isInstanceOf(BundleException.class)
                .hasMessage(copy + ": bundle.json names the version v1, not the folder's name; a bundle is served from"
                        + " the folder training named after its version (rename it back, or train again)");
        assertThat(loader.load(bundle).version()).isEqualTo("v1");
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
