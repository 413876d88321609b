package org.korrekt.scoring.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Working folders for tests that start the embedded PostgreSQL: under {@code target/} (which
 * every user can traverse, unlike JUnit's private temporary folders, so that the server can run
 * unprivileged when the build runs as root), with the binaries extracted once per module.
 *
 * <p>The folders of the latest test JVM stay for a look after a failure; the first folder a JVM asks
 * for removes those of earlier runs (each holds a PostgreSQL cluster of about 50 MB, and repeated
 * builds once left 14 GB). Surefire and Failsafe run one test JVM at a time per module.
 */
public final class TestDirectories {

    private static final String BINARIES = "postgres-binaries";
    private static final AtomicBoolean CLEARED = new AtomicBoolean();

    private TestDirectories() {}

    /** A new, empty working folder whose name starts with {@code name}. */
    public static Path fresh(String name) throws IOException {
        Path base = Path.of("target", "it-work").toAbsolutePath();
        Files.createDirectories(base);
        if (CLEARED.compareAndSet(false, true)) {
            clearEarlierRuns(base);
        }
        // base 36, not decimal: a decimal clock reading of 12 digits or more now and then holds a
        // valid personal identity number, and errors that quote such a path are withheld
        Path dir = base.resolve(name + "-" + Long.toString(System.nanoTime(), Character.MAX_RADIX));
        Files.createDirectories(dir);
        // Share the extracted binaries between tests: extraction takes seconds.
        Path binaries = base.resolve(BINARIES);
        Files.createDirectories(binaries);
        Files.createSymbolicLink(dir.resolve(BINARIES), binaries);
        return dir;
    }

    private static void clearEarlierRuns(Path base) throws IOException {
        try (Stream<Path> earlier = Files.list(base)) {
            for (Path folder : (Iterable<Path>) earlier::iterator) {
                if (!folder.getFileName().toString().equals(BINARIES)) {
                    EmbeddedPostgres.deleteTree(folder);
                }
            }
        }
    }
}
