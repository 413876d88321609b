package org.korrekt.training.cli;

import java.net.URI;
import java.nio.file.Path;

/**
 * Turns a command-line location into a Hadoop URI: a scheme ({@code hdfs://}, {@code file:}) or a
 * local path. A location may be a glob ({@code hdfs://namenode/claims/part-*.parquet},
 * {@code data/year={2023,2024}}); characters that a URI does not allow, such as a glob's brackets
 * and braces, are taken literally and quoted, so the file system sees the glob as written.
 */
final class DataLocation {

    private DataLocation() {}

    static URI toUri(String location) {
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:")) {
            try {
                return URI.create(location);
            } catch (IllegalArgumentException notAUri) {
                // Hadoop's Path splits scheme, authority and path, and quotes what a URI forbids.
                return new org.apache.hadoop.fs.Path(location).toUri();
            }
        }
        return Path.of(location).toAbsolutePath().normalize().toUri();
    }
}
