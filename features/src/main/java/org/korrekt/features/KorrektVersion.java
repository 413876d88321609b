package org.korrekt.features;

/**
 * korrekt's version as the build wrote it into every module's jar manifest
 * ({@code Implementation-Version}): what {@code --version} prints and a bundle's provenance records.
 */
public final class KorrektVersion {

    /** Reported when korrekt runs from compiled classes rather than from its jars (unit tests, an IDE). */
    public static final String UNPACKAGED = "development";

    private KorrektVersion() {}

    /** The version of the jar that holds this class, or {@link #UNPACKAGED}. */
    public static String get() {
        String version = KorrektVersion.class.getPackage().getImplementationVersion();
        return version != null ? version : UNPACKAGED;
    }

    /** The line {@code --version} prints, e.g. {@code korrekt training 0.1.0 (Java 17.0.15, Eclipse Adoptium)}. */
    public static String line(String side) {
        return "korrekt " + side + " " + get() + " (Java " + System.getProperty("java.version") + ", "
                + System.getProperty("java.vendor") + ")";
    }
}
