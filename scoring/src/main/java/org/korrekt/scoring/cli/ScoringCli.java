package org.korrekt.scoring.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** Entry point of the scoring side's commands. */
@Command(
        name = "korrekt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
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

    /** The command line, for tests and {@link #main}. */
    public static CommandLine commandLine() {
        return new CommandLine(new ScoringCli());
    }

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        int status = commandLine().execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }
}
