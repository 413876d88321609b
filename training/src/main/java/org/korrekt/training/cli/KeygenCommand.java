package org.korrekt.training.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.training.data.IoProblems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code korrekt keygen --out DIR}: a new Ed25519 key pair for signing bundles. The private key
 * stays with whoever trains and overrides gates; the scoring service gets the public key.
 */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Make an Ed25519 key pair for signing bundles: bundle-signing.key (private: give it to korrekt"
                + " train --sign-key and override-gate --sign-key, and keep it away from the models folder) and"
                + " bundle-signing.pub (give it to korrekt serve --bundle-public-key).")
public final class KeygenCommand implements Callable<Integer> {

    /** The private key's file name. */
    public static final String PRIVATE_FILE = "bundle-signing.key";
    /** The public key's file name. */
    public static final String PUBLIC_FILE = "bundle-signing.pub";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            description = "The folder to write the two key files into (made if missing).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path privateFile = out.resolve(PRIVATE_FILE);
        Path publicFile = out.resolve(PUBLIC_FILE);
        try {
            for (Path file : new Path[] {privateFile, publicFile}) {
                if (Files.exists(file)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
            }
            Files.createDirectories(out);
            BundleSignature.write(BundleSignature.generate(), privateFile, publicFile);
        } catch (FileAlreadyExistsException e) {
            err.println("korrekt keygen: " + e.getFile() + " exists already; a key is never overwritten");
            err.flush();
            return AuditCommand.USER_ERROR;
        } catch (IOException e) {
            err.println("korrekt keygen: cannot write the keys into " + out + ": " + IoProblems.describe(e));
            err.flush();
            return AuditCommand.USER_ERROR;
        }
        stdout.println("private key: " + privateFile + " (sign with korrekt train --sign-key; keep it secret)");
        stdout.println("public key:  " + publicFile + " (check with korrekt serve --bundle-public-key)");
        stdout.flush();
        return 0;
    }
}
