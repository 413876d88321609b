package org.korrekt.scoring.record;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local journal of decision records the database could not take: segment files of one JSON
 * record per line, each batch forced to disk before {@link #append} returns. Segments are replayed
 * oldest first and deleted once the database holds their records. A line cut short by a crash or
 * a failed append is skipped and logged; every complete line is kept. A record can be in two
 * segments (an append that failed, on an interrupt or a full disk, is made again, whole, to the
 * next), which the database's unique decision id makes harmless. Thread-safe: the recorder's writer appends, and its close appends what a writer still at work holds.
 */
public final class DecisionJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionJournal.class);
    private static final String PREFIX = "decisions-";
    private static final String SUFFIX = ".jsonl";

    private final Path directory;
    private FileChannel open;
    private long sequence;

    /**
     * Opens the journal in {@code directory}, creating it; segments left by an earlier run stay
     * pending.
     */
    public DecisionJournal(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        for (Path segment : segments()) {
            sequence = Math.max(sequence, sequenceOf(segment) + 1);
        }
    }

    /**
     * The journal the service writes to: as {@link #DecisionJournal(Path)}, and its folder made the
     * service user's only (mode 700), since the records hold pseudonyms, features and amounts, as the
     * keys beside them are. A reader of the records (a payment run's replay) leaves the folder as it is.
     */
    public static DecisionJournal forWriting(Path directory) throws IOException {
        DecisionJournal journal = new DecisionJournal(directory);
        if (posix(directory)) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        return journal;
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The journal's folder. */
    public Path directory() {
        return directory;
    }

    /** Appends {@code records} and forces them to disk. */
    public synchronized void append(List<DecisionRecord> records) throws IOException {
        if (records.isEmpty()) {
            return;
        }
        if (open == null) {
            Path path = directory.resolve(String.format("%s%012d%s", PREFIX, sequence++, SUFFIX));
            open = posix(directory)
                    ? FileChannel.open(
                            path,
                            java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        StringBuilder lines = new StringBuilder(records.size() * 1_024);
        for (DecisionRecord r : records) {
            lines.append(DecisionRecordJson.toJson(r).encode()).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                open.write(bytes);
            }
            open.force(false);
        } catch (IOException e) {
            // an interrupt of the writing thread closes the channel (ClosedByInterruptException), a
            // full disk fails the write part-way: either way the next append opens a new segment and
            // appends the records again whole, and a line this one cut short is skipped when read
            closeQuietly();
            throw e;
        }
    }

    /** Whether any records wait for the database. */
    public synchronized boolean hasPending() throws IOException {
        return open != null || !segments().isEmpty();
    }

    /**
     * Closes the segment being appended, so that every pending record is in a closed segment;
     * returns the closed segments, oldest first.
     */
    public synchronized List<Path> closedSegments() throws IOException {
        closeOpen();
        return segments();
    }

    /** The records of a segment, skipping (and logging) lines that are not complete records. */
    public synchronized List<DecisionRecord> read(Path segment) throws IOException {
        List<DecisionRecord> records = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(segment, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(DecisionRecordJson.fromJson(new JsonObject(line)));
                } catch (RuntimeException e) {
                    LOG.error(
                            "Journal {} line {} is not a complete decision record and is skipped: {}",
                            segment.getFileName(),
                            lineNumber,
                            e.getMessage());
                }
            }
        }
        return records;
    }

    /** Deletes a segment whose records the database now holds. */
    public synchronized void delete(Path segment) throws IOException {
        Files.deleteIfExists(segment);
    }

    /** The number of pending segment files. */
    public int segmentCount() throws IOException {
        return segments().size();
    }

    @Override
    public synchronized void close() throws IOException {
        closeOpen();
    }

    private void closeQuietly() {
        try {
            open.close();
        } catch (IOException e) {
            LOG.warn("Cannot close journal segment after a failed append: {}", e.getMessage());
        }
        open = null;
    }

    private void closeOpen() throws IOException {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
                    })
                    .sorted()
                    .toList();
        }
    }

    private static long sequenceOf(Path segment) {
        String name = segment.getFileName().toString();
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
