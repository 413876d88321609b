package org.korrekt.scoring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.db.TestDirectories;
import picocli.CommandLine;

/**
 * {@code korrekt serve} refuses what it cannot start with one line and exit status 2, not a stack
 * trace: bad option values before the database starts, and a port another process holds after.
 */
class ServeCommandIT {

    private record Run(int exit, String err) {}

    @Test
    void badOptionValuesAreOneLineBeforeAnythingStarts() throws Exception {
        Path work = TestDirectories.fresh("serve-options");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        String[] common = {"serve", "--profile", "test", "--models", models.toString(), "--work-dir", work.toString()};

        assertOneLine(serve(common, "--port", "99999"), "korrekt: --port must be in [0, 65535], was 99999");
        assertOneLine(serve(common, "--max-batch-items", "0"), "korrekt: --max-batch-items must be at least 1, was 0");
        assertOneLine(
                serve(common, "--rate-limit", "-1"),
                "korrekt: --rate-limit must be a number of requests a second, 0 or more (0 is off), was -1.0");
        assertOneLine(
                serve(common, "--random-control-share", "0.9"),
                "korrekt: --random-control-share must be in [0, 0.5], was 0.9");
        Path missing = work.resolve("nope.krkh");
        assertOneLine(
                serve(common, "--history", missing.toString()),
                "korrekt: --history " + missing
                        + " does not exist; it is the file korrekt history writes (korrekt history --data DIR --out FILE)");
        Path queues = work.resolve("queues.json");
        Files.writeString(queues, "not json");
        assertOneLine(
                serve(common, "--queues", queues.toString()),
                "korrekt: queue settings " + queues + " must be one JSON object (docs/operations.md, \"Work queues\")");
        Path absentKey = work.resolve("absent.pub");
        assertOneLine(
                serve(common, "--bundle-public-key", absentKey.toString()),
                "korrekt: cannot read the key " + absentKey + ": no such file");
        Path publicKey = work.resolve("signing.pub");
        BundleSignature.write(BundleSignature.generate(), work.resolve("signing.key"), publicKey);
        assertOneLine(
                serve(common, "--bundle-public-key", publicKey.toString()),
                "korrekt: " + models.resolve("test").resolve("20260101T000000Z")
                        + ": bundle.json is not signed: there is no bundle.json.sig; the service serves only bundles"
                        + " signed with its --bundle-public-key");
        // the bundle signed, its profile's policy not
        Path bundle = models.resolve("test").resolve("20260101T000000Z");
        BundleSignature.sign(
                bundle.resolve(org.korrekt.features.model.BundleManifest.FILE_NAME),
                BundleSignature.readPrivateKey(work.resolve("signing.key")));
        Path policy = models.resolve("test").resolve("policy.json");
        Files.writeString(policy, "{\"randomControlShare\": 0}");
        assertOneLine(
                serve(common, "--bundle-public-key", publicKey.toString()),
                "korrekt: " + bundle + ": its profile's decision policy: policy.json is not signed: there is no"
                        + " policy.json.sig; the service serves only policies signed with its --bundle-public-key:"
                        + " sign it with korrekt sign-policy " + policy.toAbsolutePath() + " --sign-key KEY");
        // several keys are trusted while the signing key is replaced; the same key given twice is named
        assertOneLine(
                serve(common, "--bundle-public-key", publicKey.toString(), "--bundle-public-key", publicKey.toString()),
                "korrekt: " + publicKey + " holds the same key as " + publicKey);
        // none of them started the embedded database
        assertThat(work.resolve("postgres")).doesNotExist();
    }

    @Test
    void aPortInUseIsOneLine() throws Exception {
        Path work = TestDirectories.fresh("serve-port");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = serve(
                    new String[] {
                        "serve", "--profile", "test", "--models", models.toString(), "--work-dir", work.toString()
                    },
                    "--port",
                    Integer.toString(taken.getLocalPort()));

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err().lines().filter(l -> l.startsWith("korrekt: ")).toList())
                    .singleElement()
                    .asString()
                    .contains("the HTTP server did not start")
                    .contains("Address already in use");
            assertThat(run.err()).doesNotContain("\tat ");
        }
    }

    private static void assertOneLine(Run run, String line) {
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err().strip()).isEqualTo(line);
    }

    private static Run serve(String[] common, String... more) {
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new ServeCommand()).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(previous);
        }
    }
}
