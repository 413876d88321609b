package org.korrekt.features;

/** Fingerprints of released feature schemas, as recorded in model artifacts trained on them. */
final class GoldenFingerprint {

    static final String APPLICATION_V1 = "971eb434b3330287dc85b7fdd4e7f945518b091a6c056ce75333c07d2c35d978";

    private GoldenFingerprint() {}
}
