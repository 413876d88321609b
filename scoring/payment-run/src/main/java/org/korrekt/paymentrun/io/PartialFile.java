package org.korrekt.paymentrun.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hidden temporary file, {@code .NAME.*.partial}, next to an output file: written in full, then
 * moved into place, so the output appears only when it is complete. Closing it without the move
 * deletes it. The partial files of a JVM that stops first (Ctrl-C, SIGTERM) are deleted by a
 * shutdown hook, so an interrupted run leaves no half-written file of scored rows and pseudonyms
 * behind; only a JVM killed outright (SIGKILL) or a crashed machine can. Thread-safe.
 */
public final class PartialFile implements Closeable {

    /** The partial files not yet moved into place or deleted, for the shutdown hook. */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(PartialFile::deleteOpen, "korrekt-partial-cleanup"));
    }

    private final Path path;
    private final Path target;

    private PartialFile(Path path, Path target) {
        this.path = path;
        this.target = target;
    }

    /**
     * Creates an empty partial file next to {@code target}, creating its folder if missing.
     *
     * @throws IOException if the folder or the file cannot be created
     */
    public static PartialFile nextTo(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path path = Files.createTempFile(parent, "." + absolute.getFileName() + ".", ".partial");
        OPEN.add(path);
        return new PartialFile(path, absolute);
    }

    /** The partial file, to write to. */
    public Path path() {
        return path;
    }

    /**
     * Moves the written file into place, replacing the target: atomically where the file system
     * can.
     *
     * @throws IOException if it cannot be moved (it is still deleted on {@link #close})
     */
    public void moveIntoPlace() throws IOException {
        try {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(path, target, StandardCopyOption.REPLACE_EXISTING);
        }
        OPEN.remove(path);
    }

    /** Deletes the partial file unless it was moved into place. */
    @Override
    public void close() throws IOException {
        try {
            Files.deleteIfExists(path);
        } finally {
            OPEN.remove(path);
        }
    }

    private static void deleteOpen() {
        for (Path path : OPEN) {
            try {
                if (Files.deleteIfExists(path)) {
                    // stopped (SIGTERM, Ctrl-C) before the end: say so, not only the status 143 or 130
                    System.err.println(
                            "korrekt: stopped before the end; no output written (" + path.getFileName() + " deleted)");
                }
            } catch (IOException e) {
                // the JVM is stopping: nothing to report to, and the other files still go
            }
        }
    }
}
