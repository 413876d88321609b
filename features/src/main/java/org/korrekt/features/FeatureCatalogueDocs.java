package org.korrekt.features;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes docs/features.md from the {@link FeatureCatalogue}. */
public final class FeatureCatalogueDocs {

    private FeatureCatalogueDocs() {}

    /** Writes the catalogue to {@code args[0]}, e.g. {@code docs/features.md}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: FeatureCatalogueDocs <output.md>");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), FeatureCatalogue.markdown(), StandardCharsets.UTF_8);
    }
}
