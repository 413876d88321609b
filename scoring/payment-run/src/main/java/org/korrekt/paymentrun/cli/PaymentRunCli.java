package org.korrekt.paymentrun.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** Entry point of {@code korrekt score}. */
@Command(
        name = "korrekt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        description =
                "korrekt payment run: score a file of upcoming payments offline; export investigators' outcomes as labels.",
        subcommands = {ScoreCommand.class, ExportLabelsCommand.class})
public final class PaymentRunCli {

    private PaymentRunCli() {}

    /** The command line, for tests and {@link #main}. */
    public static CommandLine commandLine() {
        return new CommandLine(new PaymentRunCli());
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
