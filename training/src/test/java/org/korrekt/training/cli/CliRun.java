package org.korrekt.training.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A training-side command run in-process through {@link TrainingCli}, with what it wrote to its out
 * and err writers.
 *
 * @param status the exit status
 * @param out what it printed to out
 * @param err what it printed to err
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code korrekt ARGS...}. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = TrainingCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }
}
