package org.korrekt.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.korrekt.training.train.ModelBundleWriter;

/**
 * Working folders of the integration tests, under {@code target/it-work} (which the embedded
 * PostgreSQL's unprivileged user can traverse). The folders of the latest test JVM stay for a look
 * after a failure; the first folder a JVM asks for removes those of earlier runs, which otherwise
 * pile up (a generated history, bundles and a PostgreSQL cluster each). Failsafe runs one test JVM
 * at a time per module.
 */
final class WorkFolders {

    private static final AtomicBoolean CLEARED = new AtomicBoolean();

    private WorkFolders() {}

    /** A new, empty folder whose name starts with {@code name}. */
    static Path fresh(String name) throws IOException {
        Path base = Path.of("target", "it-work").toAbsolutePath();
        Files.createDirectories(base);
        if (CLEARED.compareAndSet(false, true)) {
            try (Stream<Path> earlier = Files.list(base)) {
                for (Path folder : (Iterable<Path>) earlier::iterator) {
                    ModelBundleWriter.deleteRecursively(folder);
                }
            }
        }
        // base 36, not decimal: a decimal clock reading of 12 digits or more now and then holds a
        // valid personal identity number, and errors that quote such a path are withheld
        Path dir = base.resolve(name + "-" + Long.toString(System.nanoTime(), Character.MAX_RADIX));
        Files.createDirectories(dir);
        return dir;
    }
}
