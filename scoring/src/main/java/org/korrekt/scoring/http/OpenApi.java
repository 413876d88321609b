package org.korrekt.scoring.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The API's OpenAPI 3 description, {@code openapi.yaml} on the class path, served at {@code /openapi.yaml}. */
public final class OpenApi {

    /** The resource's name. */
    public static final String RESOURCE = "/openapi.yaml";

    private OpenApi() {}

    /** The document's bytes. */
    public static byte[] document() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
