package org.korrekt.training.cli;

import java.net.URI;
import java.nio.file.Path;

/** Turns a command-line location into a Hadoop URI: a scheme ({@code hdfs://}, {@code file:}) or a local path. */
final class DataLocation {

    private DataLocation() {}

    static URI toUri(String location) {
        if (location.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*") || location.startsWith("file:")) {
            return URI.create(location);
        }
        return Path.of(location).toAbsolutePath().normalize().toUri();
    }
}
