package org.korrekt.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.Checksums;
import org.korrekt.scoring.PolicyFile;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundleLoader;
import picocli.CommandLine;

/**
 * A service that serves only signed bundles serves a profile's {@code policy.json} only as its
 * owner signed it with {@code korrekt sign-policy}: a policy edited in the models folder could
 * otherwise turn the random control sample off or check nobody, under bundles that are all signed.
 */
class SignPolicyCommandTest {

    @TempDir
    Path work;

    private Path bundle;
    private Path policy;
    private Path privateKey;
    private ModelBundleLoader signed;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void signedBundle() throws Exception {
        KeyPair keys = BundleSignature.generate();
        privateKey = work.resolve("bundle-signing.key");
        BundleSignature.write(keys, privateKey, work.resolve("bundle-signing.pub"));
        Path models = work.resolve("models");
        bundle = TestModels.writeBundle(models, "vab", "v1", TestModels.lateClaimModel());
        BundleSignature.sign(bundle.resolve(BundleManifest.FILE_NAME), keys.getPrivate());
        policy = models.resolve("vab").resolve(PolicyFile.FILE_NAME);
        signed = new ModelBundleLoader(List.of(ApplicationFeatures.SCHEMA_V1), 0.02, keys.getPublic());
    }

    private int signPolicy(String... args) {
        return new CommandLine(new SignPolicyCommand())
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void aPolicyIsServedOnlyAsItWasSigned() throws Exception {
        // no policy file: korrekt's built-in default, which ships with the code, needs no signature
        assertThat(signed.load(bundle).policy().minCaseAmountSek()).isEqualTo(2000);

        Files.writeString(policy, "{\"randomControlShare\": 0.05, \"minCaseAmountSek\": 500}");
        assertThatThrownBy(() -> signed.load(bundle))
                .isInstanceOf(BundleException.class)
                .hasMessage(bundle + ": its profile's decision policy: policy.json is not signed: there is no"
                        + " policy.json.sig; the service serves only policies signed with its --bundle-public-key:"
                        + " sign it with korrekt sign-policy " + policy + " --sign-key KEY");

        assertThat(signPolicy(policy.toString(), "--sign-key", privateKey.toString()))
                .as(err.toString())
                .isZero();
        assertThat(out.toString().strip())
                .isEqualTo(
                        "signed " + policy + " (SHA-256 " + Checksums.sha256Hex(policy) + "): " + policy
                                + ".sig; the bundle's thresholds, random control share 0.05, amount limit 500 SEK, 0 questions");
        assertThat(signed.load(bundle).policy().randomControlShare()).isEqualTo(0.05);
        assertThat(signed.load(bundle).policy().minCaseAmountSek()).isEqualTo(500);

        // edited after it was signed: the random control sample turned off
        Files.writeString(policy, "{\"randomControlShare\": 0, \"minCaseAmountSek\": 500}");
        assertThatThrownBy(() -> signed.load(bundle))
                .hasMessage(bundle + ": its profile's decision policy: policy.json does not match its signature"
                        + " policy.json.sig: it was changed since it was signed, or another key signed it; the service"
                        + " serves only policies signed with its --bundle-public-key: sign it with korrekt sign-policy "
                        + policy + " --sign-key KEY");
        assertThat(new ModelBundleLoader(ApplicationFeatures.SCHEMA_V1, 0.02)
                        .load(bundle)
                        .policy()
                        .randomControlShare())
                .as("without a key the policy is read as it is")
                .isZero();

        // signed with another key
        Path otherKey = work.resolve("other.key");
        BundleSignature.write(BundleSignature.generate(), otherKey, work.resolve("other.pub"));
        assertThat(signPolicy(policy.toString(), "--sign-key", otherKey.toString()))
                .isZero();
        assertThatThrownBy(() -> signed.load(bundle)).hasMessageContaining("does not match its signature");

        // a signed policy removed, its signature left: not quietly the built-in default
        assertThat(signPolicy(policy.toString(), "--sign-key", privateKey.toString()))
                .isZero();
        Files.delete(policy);
        assertThatThrownBy(() -> signed.load(bundle))
                .hasMessage(bundle + ": its profile's decision policy: " + policy + " is missing but its signature "
                        + policy + ".sig is there: a signed policy was removed. Put it back, or remove the signature"
                        + " too to serve korrekt's built-in default");
        Files.delete(BundleSignature.signatureOf(policy));
        assertThat(signed.load(bundle).policy().minCaseAmountSek()).isEqualTo(2000);
    }

    @Test
    void aPolicyTheServiceWouldRefuseIsNotSigned() throws Exception {
        Files.writeString(policy, "{\"randomControlShare\": 0.9}");
        assertThat(signPolicy(policy.toString(), "--sign-key", privateKey.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("korrekt sign-policy: " + policy + ": 'randomControlShare' must be in [0.0, 0.5], was 0.9;"
                        + " not signed");
        assertThat(BundleSignature.signatureOf(policy)).doesNotExist();

        // a capacity the random control sample takes alone, at the file's share or at the service's
        Files.writeString(policy, "{\"capacity\": {\"manualChecksPerDay\": 40, \"applicationsPerDay\": 4000}}");
        err.getBuffer().setLength(0);
        assertThat(signPolicy(policy.toString(), "--sign-key", privateKey.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("korrekt sign-policy: " + policy + ": 'capacity' of 40 checks a day in 4000 applications"
                        + " (1.00 %) is taken by the random control sample (2.00 %) alone: raise the capacity or lower"
                        + " randomControlShare; not signed");
        assertThat(BundleSignature.signatureOf(policy)).doesNotExist();
        assertThat(signPolicy(
                        policy.toString(), "--sign-key", privateKey.toString(), "--random-control-share", "0.005"))
                .isZero();
        // served by a service started with that share
        assertThat(new ModelBundleLoader(
                                List.of(ApplicationFeatures.SCHEMA_V1),
                                0.005,
                                BundleSignature.readPublicKey(work.resolve("bundle-signing.pub")))
                        .load(bundle)
                        .policy()
                        .basis())
                .isEqualTo("capacity 40 checks/day of 4000 applications/day");
        Files.delete(BundleSignature.signatureOf(policy));
        out.getBuffer().setLength(0);

        // an empty file: one line, though the JSON parser's message has two
        err.getBuffer().setLength(0);
        Files.writeString(policy, "");
        assertThat(signPolicy(policy.toString(), "--sign-key", privateKey.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .startsWith("korrekt sign-policy: " + policy + ": not a JSON object: ")
                .endsWith("; not signed")
                .doesNotContain("\n");
        assertThat(BundleSignature.signatureOf(policy)).doesNotExist();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aMissingFileOrKeyIsOneLine() throws Exception {
        Path absent = work.resolve("models").resolve("fp").resolve(PolicyFile.FILE_NAME);
        assertThat(signPolicy(absent.toString(), "--sign-key", privateKey.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("korrekt sign-policy: " + absent + " does not exist");

        err.getBuffer().setLength(0);
        Files.writeString(policy, "{\"minCaseAmountSek\": 500}");
        Path publicKey = work.resolve("bundle-signing.pub");
        assertThat(signPolicy(policy.toString(), "--sign-key", publicKey.toString()))
                .isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo("korrekt sign-policy: " + publicKey
                        + " is not a PEM private key ('-----BEGIN PRIVATE KEY-----' ... '-----END PRIVATE KEY-----')");
        assertThat(BundleSignature.signatureOf(policy)).doesNotExist();
    }
}
