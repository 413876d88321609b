package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.korrekt.features.KorrektVersion;
import picocli.CommandLine;

/** {@code -V} answers on every command, not only on the top one (subcommands inherit it). */
class VersionOptionTest {

    @Test
    void everyCommandPrintsTheVersion() {
        CommandLine top = TrainingCli.commandLine();
        assertThat(top.getSubcommands()).isNotEmpty();
        for (String name : top.getSubcommands().keySet()) {
            StringWriter out = new StringWriter();
            CommandLine cli = TrainingCli.commandLine();
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute(name, "-V")).as(name).isZero();
            assertThat(out.toString()).as(name).startsWith(KorrektVersion.line("training"));
        }
    }
}
