package org.korrekt.scoring.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Working folders for tests that start the embedded PostgreSQL: under {@code target/} (which
 * every user can traverse, unlike JUnit's private temporary folders, so that the server can run
 * unprivileged when the build runs as root), with the binaries extracted once per module.
 */
public final class TestDirectories {

    private TestDirectories() {}

    /** A new, empty working folder whose name starts with {@code name}. */
    public static Path fresh(String name) throws IOException {
        Path base = Path.of("target", "it-work").toAbsolutePath();
        Files.createDirectories(base);
        Path dir = base.resolve(name + "-" + System.nanoTime());
        Files.createDirectories(dir);
        // Share the extracted binaries between tests: extraction takes seconds.
        Path binaries = base.resolve("postgres-binaries");
        Files.createDirectories(binaries);
        Files.createSymbolicLink(dir.resolve("postgres-binaries"), binaries);
        return dir;
    }
}
