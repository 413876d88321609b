package org.korrekt.paymentrun.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code korrekt score}. */
@Command(
        name = "korrekt",
        mixinStandardHelpOptions = true,
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
