package org.korrekt.training.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The help of every training command. Picocli passes each description through {@link
 * String#format}, so a literal percent sign must be written {@code %%}: an unescaped one ({@code
 * 95 % interval}) makes {@code --help} print a {@code [picocli WARN] Could not format} line for it.
 * The warning goes to the {@code System.err} picocli saw when it was loaded, and picocli formats an
 * option's description as the model hands it out, so the test formats the texts as they are written
 * in the annotations instead.
 */
class HelpTextTest {

    @Test
    void everyDescriptionFormatsAsPicocliFormatsIt() {
        List<Class<?>> commands = new ArrayList<>();
        commands.add(TrainingCli.class);
        TrainingCli.commandLine()
                .getSubcommands()
                .values()
                .forEach(c -> commands.add(c.getCommandSpec().userObject().getClass()));
        assertThat(commands).contains(GenerateCommand.class, AuditCommand.class, AnomalyCommand.class);

        for (Class<?> command : commands) {
            List<String> texts = new ArrayList<>();
            Command annotation = command.getAnnotation(Command.class);
            texts.addAll(List.of(annotation.description()));
            texts.addAll(List.of(annotation.header()));
            texts.addAll(List.of(annotation.footer()));
            for (Field field : command.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    texts.addAll(List.of(option.description()));
                }
                Parameters parameters = field.getAnnotation(Parameters.class);
                if (parameters != null) {
                    texts.addAll(List.of(parameters.description()));
                }
            }
            for (String text : texts) {
                assertThatCode(() -> String.format(Locale.ROOT, text))
                        .as("%s: %s", command.getSimpleName(), text)
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void auditHelpShowsItsPercentSigns() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = TrainingCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));

        int status = commandLine.execute("audit", "--help");

        assertThat(status).isZero();
        assertThat(out.toString().replaceAll("\\s+", " "))
                .contains("with 95 % confidence intervals")
                .contains("whole 95 % interval is");
    }
}
