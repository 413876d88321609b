package org.korrekt.scoring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the scoring side's commands. */
@Command(
        name = "korrekt",
        mixinStandardHelpOptions = true,
        description = "korrekt scoring: the real-time scoring service and work queues.",
        subcommands = {
            ServeCommand.class,
            DemoCommand.class,
            TokenCommand.class,
            MigrateCommand.class,
            SignPolicyCommand.class
        })
public final class ScoringCli {

    private ScoringCli() {}

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        int status = new CommandLine(new ScoringCli()).execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
