package org.korrekt.training.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** Entry point of the training side's commands. */
@Command(
        name = "korrekt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        description = "korrekt training: synthetic claims, Parquet, selection profiles, anomaly detection.",
        subcommands = {
            GenerateCommand.class,
            TrainCommand.class,
            HistoryCommand.class,
            AnomalyCommand.class,
            AuditCommand.class,
            CompareCommand.class,
            OverrideGateCommand.class,
            KeygenCommand.class
        })
public final class TrainingCli {

    private TrainingCli() {}

    /** Runs a command and exits with its status. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new TrainingCli());
    }
}
