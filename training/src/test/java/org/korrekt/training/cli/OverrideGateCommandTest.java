package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.Checksums;
import org.korrekt.features.model.DecisionThresholds;
import org.korrekt.features.model.GateOverride;

/**
 * {@code korrekt override-gate} on a bundle folder whose manifest says its fairness gate failed: it
 * records who decided and why once, and only for the bundle as training wrote it.
 */
class OverrideGateCommandTest {

    @Test
    void recordsWhoDecidedAndWhy(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_FAIL);

        CliRun output = run(bundle.toString(), "--reason", "groups too small to judge", "--by", "A. Lead");

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.out()).contains("may be served despite its failed fairness gate (by A. Lead");
        GateOverride recorded = GateOverride.read(bundle);
        assertThat(recorded.by()).isEqualTo("A. Lead");
        assertThat(recorded.reason()).isEqualTo("groups too small to judge");
        // the decision names the bundle it is about
        assertThat(recorded.isFor(bundle)).isTrue();
        assertThat(recorded.bundleSha256()).isEqualTo(GateOverride.manifestSha256(bundle));
    }

    /**
     * An override copied beside another bundle is not that bundle's decision: recording one replaces
     * it, saying so (a second decision about the same bundle is refused, as before).
     */
    @Test
    void anOverrideOfAnotherBundleIsReplacedByThisBundlesDecision(@TempDir Path dir) throws Exception {
        Path first = bundle(dir.resolve("a"), BundleManifest.GATE_FAIL);
        assertThat(run(first.toString(), "--reason", "reviewed", "--by", "A. Lead")
                        .status())
                .isZero();
        Path second = bundle(dir.resolve("b"), BundleManifest.GATE_FAIL);
        java.nio.file.Files.writeString(
                second.resolve(BundleManifest.FILE_NAME),
                java.nio.file.Files.readString(second.resolve(BundleManifest.FILE_NAME)) + "\n");
        java.nio.file.Files.copy(first.resolve(GateOverride.FILE_NAME), second.resolve(GateOverride.FILE_NAME));
        assertThat(GateOverride.read(second).isFor(second)).isFalse();

        CliRun output = run(second.toString(), "--reason", "reviewed again", "--by", "B. Lead");

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.err()).contains("was recorded for another bundle; it is replaced by this decision");
        assertThat(GateOverride.read(second).by()).isEqualTo("B. Lead");
        assertThat(GateOverride.read(second).isFor(second)).isTrue();
        assertThat(run(second.toString(), "--reason", "third", "--by", "C").status())
                .isEqualTo(AuditCommand.USER_ERROR);
    }

    @Test
    void withAKeyFromKeygenTheOverrideIsSigned(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_FAIL);
        Path keys = dir.resolve("keys");
        CliRun keygen = CliRun.of("keygen", "--out", keys.toString());
        assertThat(keygen.status()).as(keygen.err()).isZero();
        assertThat(keygen.out())
                .contains(keys.resolve(KeygenCommand.PRIVATE_FILE).toString());
        CliRun again = CliRun.of("keygen", "--out", keys.toString());
        assertThat(again.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(again.err().strip())
                .isEqualTo("korrekt keygen: " + keys.resolve(KeygenCommand.PRIVATE_FILE)
                        + " exists already; a key is never overwritten");

        CliRun output = run(
                bundle.toString(),
                "--reason",
                "groups too small to judge",
                "--by",
                "A. Lead",
                "--sign-key",
                keys.resolve(KeygenCommand.PRIVATE_FILE).toString());

        assertThat(output.status()).as(output.err()).isZero();
        assertThat(output.out()).contains(GateOverride.FILE_NAME + " (signed)");
        BundleSignature.verify(
                bundle.resolve(GateOverride.FILE_NAME),
                BundleSignature.readPublicKey(keys.resolve(KeygenCommand.PUBLIC_FILE)));

        CliRun badKey = run(
                bundle(dir.resolve("other"), BundleManifest.GATE_FAIL).toString(),
                "--reason",
                "r",
                "--by",
                "A. Lead",
                "--sign-key",
                keys.resolve(KeygenCommand.PUBLIC_FILE).toString());
        assertThat(badKey.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(badKey.err()).contains("is not a PEM private key");
    }

    /**
     * An override recorded without a key, for a service that then starts checking signatures, is
     * signed as it was recorded when its reason and name are given again; other words are refused,
     * so that signing cannot re-word a decision, and a signed record is not signed again.
     */
    @Test
    void anOverrideRecordedWithoutAKeyIsSignedAsItWasRecorded(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_FAIL);
        Path keys = dir.resolve("keys");
        assertThat(CliRun.of("keygen", "--out", keys.toString()).status()).isZero();
        String key = keys.resolve(KeygenCommand.PRIVATE_FILE).toString();
        assertThat(run(bundle.toString(), "--reason", "first", "--by", "A. Lead")
                        .status())
                .isZero();
        Path recorded = bundle.resolve(GateOverride.FILE_NAME);
        String first = Files.readString(recorded);

        CliRun reworded = run(bundle.toString(), "--reason", "another reason", "--by", "A. Lead", "--sign-key", key);
        assertThat(reworded.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(reworded.err().strip())
                .startsWith(
                        "korrekt override-gate: " + bundle + ": an unsigned override is recorded already (by A. Lead, ")
                .endsWith(": first); to sign it as it was recorded, give its --reason and --by as they are; it is"
                        + " not changed");
        assertThat(BundleSignature.signatureOf(recorded)).doesNotExist();

        CliRun signed = run(bundle.toString(), "--reason", "first", "--by", "A. Lead", "--sign-key", key);
        assertThat(signed.status()).as(signed.err()).isZero();
        assertThat(signed.out()).startsWith("signed " + recorded + ", the override recorded by A. Lead at ");
        assertThat(Files.readString(recorded)).isEqualTo(first);
        BundleSignature.verify(recorded, BundleSignature.readPublicKey(keys.resolve(KeygenCommand.PUBLIC_FILE)));

        CliRun again = run(bundle.toString(), "--reason", "first", "--by", "A. Lead", "--sign-key", key);
        assertThat(again.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(again.err()).contains("an override is recorded already");
    }

    @Test
    void keepsTheFirstRecordAndRefusesASecond(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_FAIL);
        assertThat(run(bundle.toString(), "--reason", "first", "--by", "A. Lead")
                        .status())
                .isZero();
        String first = Files.readString(bundle.resolve(GateOverride.FILE_NAME));

        CliRun second = run(bundle.toString(), "--reason", "again", "--by", "B. Other");

        assertThat(second.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(second.err().strip())
                .startsWith("korrekt override-gate: " + bundle + ": an override is recorded already (by A. Lead, ")
                .endsWith(": first); it is kept as the record of that decision");
        assertThat(Files.readString(bundle.resolve(GateOverride.FILE_NAME))).isEqualTo(first);
    }

    @Test
    void refusesABundleThatIsNotAsTrainingWroteIt(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_FAIL);
        try (OutputStream out = Files.newOutputStream(bundle.resolve("model.krkt"), StandardOpenOption.APPEND)) {
            out.write(0);
        }

        CliRun output = run(bundle.toString(), "--reason", "r", "--by", "A. Lead");

        assertThat(output.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(output.err().strip())
                .startsWith("korrekt override-gate: " + bundle + ": model.krkt fails its checksum (expected ")
                .endsWith("; the bundle is not as training wrote it, and is not served");
        assertThat(bundle.resolve(GateOverride.FILE_NAME)).doesNotExist();
    }

    @Test
    void hasNothingToOverrideWhenTheGatePassed(@TempDir Path dir) throws Exception {
        Path bundle = bundle(dir, BundleManifest.GATE_PASS);

        CliRun output = run(bundle.toString(), "--reason", "r", "--by", "A. Lead");

        assertThat(output.status()).isEqualTo(AuditCommand.USER_ERROR);
        assertThat(output.err().strip())
                .isEqualTo("korrekt override-gate: " + bundle
                        + ": its fairness gate is PASS, there is nothing to override");
        assertThat(bundle.resolve(GateOverride.FILE_NAME)).doesNotExist();
    }

    /** A bundle folder: a model file and the manifest that lists its checksum, with the gate's verdict. */
    static Path bundle(Path dir, String gate) throws IOException {
        Path bundle = dir.resolve("vab").resolve("vab-20261123-120000-0123456789ab");
        Files.createDirectories(bundle);
        Path model = bundle.resolve("model.krkt");
        Files.write(model, "not a real model, but bytes with a checksum".getBytes(StandardCharsets.UTF_8));
        BundleManifest manifest = BundleManifest.of(
                        "vab",
                        bundle.getFileName().toString(),
                        Instant.parse("2026-11-23T12:00:00Z"),
                        BundleManifest.SELECTION_PROFILE,
                        ApplicationFeatures.SCHEMA_V1,
                        new DecisionThresholds(0.5, 0.7, 0.9),
                        Map.of("model.krkt", Checksums.sha256Hex(model)))
                .withGate(gate);
        try (OutputStream out = Files.newOutputStream(bundle.resolve(BundleManifest.FILE_NAME))) {
            manifest.write(out);
        }
        return bundle;
    }

    private static CliRun run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "override-gate";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }
}
