package org.korrekt.training.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.hadoop.conf.Configuration;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.history.HistoryEvents;
import org.korrekt.features.history.HistoryLog;
import org.korrekt.training.data.ClaimsParquet;
import org.korrekt.training.data.HistoryParquet;
import org.korrekt.training.data.IoProblems;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code korrekt history}: the Parquet history as the event log the scoring service loads at start. */
@Command(
        name = "history",
        mixinStandardHelpOptions = true,
        description = "Extract the person history the scoring service keeps in memory (applications, payments,"
                + " employer declarations, attendance, timesheets, registrations, permits) from a history folder"
                + " into korrekt's history log")
public final class HistoryCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "The history folder (local path or hdfs:// URI).")
    String data;

    /** How far --as-of may lie ahead of this machine's clock: the export's clock may run ahead of it. */
    static final Duration AS_OF_CLOCK_SKEW = Duration.ofMinutes(5);

    @Option(names = "--out", required = true, description = "The history log to write, e.g. korrekt-data/history.krkh.")
    Path out;

    @Option(
            names = "--as-of",
            description = "When the registers' export in --data was taken, as an ISO-8601 instant (e.g."
                    + " 2026-11-02T06:00:00Z); default: now. The scoring service applies the events its live"
                    + " feed received after this time on top of the log, and takes those before to be in it.")
    String asOf;

    @Override
    public Integer call() throws Exception {
        Instant exportedAt;
        try {
            exportedAt = (asOf == null ? Instant.now() : Instant.parse(asOf)).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            System.err.println("korrekt history: --as-of " + asOf
                    + " is not an ISO-8601 instant; give it as 2026-11-02T06:00:00Z");
            return 2;
        }
        // an export cannot be taken later than now; a typo there would make every service start take
        // every feed event received before it to be in the log, and drop it
        Instant now = Instant.now();
        if (exportedAt.isAfter(now.plus(AS_OF_CLOCK_SKEW))) {
            System.err.println("korrekt history: --as-of " + asOf + " is later than now ("
                    + now.truncatedTo(ChronoUnit.SECONDS) + "); it is when the registers' export in --data was taken");
            return 2;
        }
        URI folder = DataLocation.toUri(data);
        HistoryEvents.Collector collected;
        try (ProgressBar bar = GenerateCommand.bar("Reading " + folder, 8)) {
            collected = new HistoryParquet(new ClaimsParquet(new Configuration())).events(folder, table -> {
                bar.setExtraMessage(table);
                bar.step();
            });
        } catch (IOException e) {
            // a missing table, a file that is not Parquet, a column of another type: the input, not a bug
            System.err.println("korrekt history: cannot read " + data + ": " + IoProblems.describe(e));
            return 2;
        } catch (IllegalArgumentException e) {
            // a row that is not valid (an unknown benefit code, say), named by its file and row
            System.err.println("korrekt history: cannot read " + data + ": " + e.getMessage());
            return 2;
        }
        List<HistoryEvent> events = collected.sorted();
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        // people's histories, pseudonymised: readable by the owner only, from the first byte on
        Files.deleteIfExists(partial);
        if (partial.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(
                    partial,
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        }
        try (OutputStream stream = Files.newOutputStream(partial)) {
            HistoryLog.write(events, events.size(), exportedAt, stream);
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "Wrote %,d history events (%,d people, %,d applications, %,d payments, %,d employer declarations)"
                        + " to %s (%,d bytes), as of %s%s%n",
                events.size(),
                collected.persons(),
                collected.claims(),
                collected.payments(),
                collected.declarations(),
                target,
                Files.size(target),
                exportedAt,
                asOf == null ? " (now; give --as-of the time the export was taken)" : "");
        return 0;
    }
}
