package org.korrekt.scoring.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.concurrent.Callable;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.Checksums;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.PolicyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt sign-policy FILE --sign-key KEY}: checks a profile's decision policy and signs it
 * with the bundle signing key, writing {@code FILE.sig} beside it. A service started with {@code
 * --bundle-public-key} serves a profile's {@code policy.json} only with such a signature, as it
 * serves only signed bundles: whoever may write the models folder could otherwise turn the random
 * control sample off, or set the thresholds so that nobody is checked (docs/operations.md, "Signed
 * bundles").
 */
@Command(
        name = "sign-policy",
        mixinStandardHelpOptions = true,
        description = "Check a profile's decision policy file (MODELS/PROFILE/policy.json) and sign it, writing"
                + " FILE.sig beside it; a service started with --bundle-public-key serves only signed policies.")
public final class SignPolicyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy file, MODELS/PROFILE/policy.json.")
    Path file;

    @Option(
            names = "--sign-key",
            required = true,
            paramLabel = "KEY",
            description = "PEM private key (korrekt keygen's bundle-signing.key), the pair of the service's"
                    + " --bundle-public-key.")
    Path signKey;

    @Option(
            names = "--random-control-share",
            paramLabel = "S",
            description = "The service's --random-control-share, which a policy that sets no randomControlShare"
                    + " takes; a capacity must leave checks to the scores after it (default: ${DEFAULT-VALUE}).")
    double randomControlShare = DecisionPolicy.DEFAULT_RANDOM_CONTROL_SHARE;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(randomControlShare >= 0 && randomControlShare <= 0.5)) {
            err.println("korrekt sign-policy: --random-control-share must be in [0, 0.5], was " + randomControlShare);
            return 2;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            err.println("korrekt sign-policy: " + file + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("korrekt sign-policy: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        PolicyFile policy;
        try {
            // a policy the service would refuse is not signed: signing says it was read and meant
            policy = PolicyFile.parse(new String(content, StandardCharsets.UTF_8), file.toString());
            policy.check(randomControlShare);
        } catch (PolicyFile.PolicyException e) {
            err.println("korrekt sign-policy: " + e.getMessage() + "; not signed");
            return 2;
        }
        PrivateKey key;
        try {
            key = BundleSignature.readPrivateKey(signKey);
        } catch (ArtifactException e) {
            err.println("korrekt sign-policy: " + e.getMessage());
            return 2;
        }
        Path signature;
        try {
            // the bytes checked above: a file changed since then does not match its signature, and is refused
            signature = BundleSignature.sign(file, content, key);
        } catch (IOException e) {
            err.println("korrekt sign-policy: cannot sign " + file + ": " + e.getMessage());
            return 1;
        }
        out.printf("signed %s (SHA-256 %s): %s; %s%n", file, Checksums.sha256Hex(content), signature, describe(policy));
        out.flush();
        return 0;
    }

    /** What the policy sets, so that whoever signs sees what they sign. */
    private static String describe(PolicyFile policy) {
        StringBuilder s = new StringBuilder();
        if (policy.thresholds() != null) {
            s.append("explicit thresholds ")
                    .append(policy.thresholds().extraQuestions())
                    .append(" / ")
                    .append(policy.thresholds().manualCheck())
                    .append(" / ")
                    .append(policy.thresholds().holdPayment());
        } else if (policy.capacity() != null) {
            s.append(String.format(
                    java.util.Locale.ROOT,
                    "capacity %s checks a day of %s applications",
                    number(policy.capacity().manualChecksPerDay()),
                    number(policy.capacity().applicationsPerDay())));
        } else {
            s.append("the bundle's thresholds");
        }
        s.append(", random control share ")
                .append(
                        Double.isNaN(policy.randomControlShare())
                                ? "the service's --random-control-share"
                                : number(policy.randomControlShare()));
        s.append(", amount limit ")
                .append(Double.isNaN(policy.minCaseAmountSek()) ? "none" : number(policy.minCaseAmountSek()) + " SEK");
        s.append(", ").append(policy.questions().size()).append(" question");
        if (policy.questions().size() != 1) {
            s.append('s');
        }
        return s.toString();
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }
}
