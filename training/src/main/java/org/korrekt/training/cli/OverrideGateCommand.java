package org.korrekt.training.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.GateOverride;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt override-gate BUNDLE --reason R --by NAME}: records the decision to serve a bundle
 * whose fairness gate failed. The scoring service refuses such a bundle without this record.
 */
@Command(
        name = "override-gate",
        mixinStandardHelpOptions = true,
        description = "Record who decided to serve a bundle whose fairness gate failed, and why (the scoring"
                + " service refuses a failed bundle without this record).")
public final class OverrideGateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The bundle's folder (MODELS/PROFILE/VERSION).")
    Path bundle;

    @Option(names = "--reason", required = true, description = "Why the failed gate is overridden.")
    String reason;

    @Option(names = "--by", required = true, description = "Who decided.")
    String by;

    @Option(
            names = "--sign-key",
            paramLabel = "KEY",
            description = "PEM private key (korrekt keygen): sign the override (gate-override.json.sig), as a"
                    + " service started with --bundle-public-key requires.")
    Path signKey;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Path manifestFile = bundle.resolve(BundleManifest.FILE_NAME);
            if (!Files.isRegularFile(manifestFile)) {
                throw new IllegalArgumentException(bundle + " is not a bundle: it has no " + BundleManifest.FILE_NAME);
            }
            BundleManifest manifest;
            try (InputStream in = Files.newInputStream(manifestFile)) {
                manifest = BundleManifest.read(in);
            }
            if (!BundleManifest.GATE_FAIL.equals(manifest.gate())) {
                throw new IllegalArgumentException(
                        bundle + ": its fairness gate is " + manifest.gate() + ", there is nothing to override");
            }
            PrivateKey signer = signKey == null ? null : BundleSignature.readPrivateKey(signKey);
            // the decision is about the bundle training wrote, not one damaged or edited since
            try {
                manifest.verifyFiles(bundle);
            } catch (ArtifactException e) {
                throw new IllegalArgumentException(
                        bundle + ": " + e.getMessage() + "; the bundle is not as training wrote it, and is not served",
                        e);
            }
            GateOverride earlier = GateOverride.read(bundle);
            Path recorded = bundle.resolve(GateOverride.FILE_NAME);
            if (earlier != null
                    && earlier.isFor(bundle)
                    && signer != null
                    && !Files.exists(BundleSignature.signatureOf(recorded))) {
                // recorded without a key, for a service that now checks signatures: the record is signed as
                // it is, and the caller repeats its reason and name, so that signing cannot re-word it
                if (!earlier.reason().equals(reason) || !earlier.by().equals(by)) {
                    throw new IllegalArgumentException(bundle + ": an unsigned override is recorded already (by "
                            + earlier.by() + ", " + earlier.at() + ": " + earlier.reason() + "); to sign it as it"
                            + " was recorded, give its --reason and --by as they are; it is not changed");
                }
                BundleSignature.sign(recorded, signer);
                out.println("signed " + recorded + ", the override recorded by " + earlier.by() + " at " + earlier.at()
                        + ", as it is: " + manifest.version() + " may be served by a service that checks signatures");
                out.flush();
                return 0;
            }
            if (earlier != null && earlier.isFor(bundle)) {
                throw new IllegalArgumentException(bundle + ": an override is recorded already (by " + earlier.by()
                        + ", " + earlier.at() + ": " + earlier.reason() + "); it is kept as the record of that"
                        + " decision");
            }
            if (earlier != null) {
                // copied from another bundle, or from before overrides named theirs: no decision about this one
                err.println("korrekt override-gate: " + bundle.resolve(GateOverride.FILE_NAME) + " (by " + earlier.by()
                        + ", " + earlier.at() + ") "
                        + (earlier.bundleSha256() == null ? "names no bundle" : "was recorded for another bundle")
                        + "; it is replaced by this decision");
                err.flush();
            }
            GateOverride override = GateOverride.of(reason, by, Instant.now(), bundle);
            override.write(bundle);
            if (signer != null) {
                BundleSignature.sign(bundle.resolve(GateOverride.FILE_NAME), signer);
            }
            out.println("recorded in " + bundle.resolve(GateOverride.FILE_NAME) + (signer == null ? "" : " (signed)")
                    + ": " + manifest.version() + " may be served despite its failed fairness gate (by " + by + ": "
                    + reason + ")");
            out.flush();
            return 0;
        } catch (IllegalArgumentException | IOException | ArtifactException e) {
            err.println("korrekt override-gate: " + e.getMessage());
            err.flush();
            return AuditCommand.USER_ERROR;
        }
    }
}
