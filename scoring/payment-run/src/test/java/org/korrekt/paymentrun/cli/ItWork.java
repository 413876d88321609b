package org.korrekt.paymentrun.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Work folders of the integration tests that start the embedded PostgreSQL: under {@code
 * target/it-work} and not private (as a temporary folder is), so that the unprivileged user
 * PostgreSQL runs as when the build runs as root can traverse them. A folder is kept after a
 * failure, for a look, and removed by the next run of the same test.
 */
final class ItWork {

    private ItWork() {}

    /** A new folder named {@code prefix} and a number, after removing earlier ones of that prefix. */
    static Path fresh(String prefix) throws IOException {
        Path base = Files.createDirectories(Path.of("target", "it-work").toAbsolutePath());
        try (Stream<Path> earlier = Files.list(base)) {
            for (Path folder : earlier.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .toList()) {
                deleteTree(folder);
            }
        }
        return Files.createDirectory(base.resolve(prefix + System.nanoTime()));
    }

    /** Deletes {@code folder} and everything in it (a PostgreSQL cluster and its binaries: about 100 MB). */
    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
