package org.korrekt.features.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.korrekt.features.FeatureSchema;

/**
 * The manifest of a model bundle, {@code bundle.json}: what the bundle is, which feature schema
 * it was trained on, its decision thresholds, and the SHA-256 of every other file in it. Training
 * writes it last, so a bundle with a manifest is complete; scoring reads it first and verifies
 * every listed file before loading the model.
 *
 * @param formatVersion the manifest format, {@value #FORMAT_VERSION}
 * @param profile the selection profile's name
 * @param version the bundle's version (default: the UTC time it was written, e.g. {@code 20261122T153000Z})
 * @param createdAt when it was written
 * @param modelKind the compiled model's kind, {@value #LOGISTIC_REGRESSION}
 * @param schemaName the feature schema's name
 * @param schemaVersion the feature schema's version
 * @param schemaFingerprint the feature schema's fingerprint
 * @param thresholds the decision thresholds
 * @param sha256 the SHA-256 of each file of the bundle, by file name, in the order written
 * @param gate the fairness gate's verdict: {@value #GATE_PASS}, {@value #GATE_FAIL} or {@value
 *     #GATE_NOT_EVALUATED} (bundles without a gate, e.g. the plain logistic-regression ones)
 * @param scores the test-period score distribution, or null in bundles written before it was
 *     recorded (those cannot have capacity-derived thresholds or a drift measure)
 */
public record BundleManifest(
        int formatVersion,
        String profile,
        String version,
        Instant createdAt,
        String modelKind,
        String schemaName,
        int schemaVersion,
        String schemaFingerprint,
        DecisionThresholds thresholds,
        Map<String, String> sha256,
        String gate,
        ScoreDistribution scores) {

    /** The manifest format this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest's file name. */
    public static final String FILE_NAME = "bundle.json";
    /** The model kind of a compiled logistic regression. */
    public static final String LOGISTIC_REGRESSION = "logistic-regression";
    /** The model kind of a compiled selection profile ({@link SelectionProfileModel}). */
    public static final String SELECTION_PROFILE = "selection-profile";

    /** Gate verdict: every judged group within the profile's bounds. */
    public static final String GATE_PASS = "PASS";
    /** Gate verdict: some group out of bounds; the bundle is not served without a recorded override. */
    public static final String GATE_FAIL = "FAIL";
    /** Gate verdict: no audit (no group could be judged, or the bundle has no gate). */
    public static final String GATE_NOT_EVALUATED = "NOT_EVALUATED";

    private static final JsonFactory JSON = new JsonFactory();

    public BundleManifest {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modelKind, "modelKind");
        Objects.requireNonNull(schemaName, "schemaName");
        Objects.requireNonNull(schemaFingerprint, "schemaFingerprint");
        Objects.requireNonNull(thresholds, "thresholds");
        sha256 = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
        if (gate == null) {
            gate = GATE_NOT_EVALUATED;
        }
        if (!gate.equals(GATE_PASS) && !gate.equals(GATE_FAIL) && !gate.equals(GATE_NOT_EVALUATED)) {
            throw new IllegalArgumentException("gate must be PASS, FAIL or NOT_EVALUATED, was '" + gate + "'");
        }
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException(
                    "bundle format " + formatVersion + " is not supported; this build reads " + FORMAT_VERSION);
        }
        if (version.isEmpty() || version.startsWith(".") || version.contains("/")) {
            throw new IllegalArgumentException("version must be a plain folder name, was '" + version + "'");
        }
    }

    /** A manifest of the current format for a model trained on {@code schema}. */
    public static BundleManifest of(
            String profile,
            String version,
            Instant createdAt,
            String modelKind,
            FeatureSchema schema,
            DecisionThresholds thresholds,
            Map<String, String> sha256) {
        return new BundleManifest(
                FORMAT_VERSION,
                profile,
                version,
                createdAt,
                modelKind,
                schema.name(),
                schema.version(),
                schema.fingerprint(),
                thresholds,
                sha256,
                GATE_NOT_EVALUATED,
                null);
    }

    /** This manifest with the fairness gate's verdict. */
    public BundleManifest withGate(String verdict) {
        return new BundleManifest(
                formatVersion,
                profile,
                version,
                createdAt,
                modelKind,
                schemaName,
                schemaVersion,
                schemaFingerprint,
                thresholds,
                sha256,
                verdict,
                scores);
    }

    /** This manifest with the test-period score distribution. */
    public BundleManifest withScores(ScoreDistribution distribution) {
        return new BundleManifest(
                formatVersion,
                profile,
                version,
                createdAt,
                modelKind,
                schemaName,
                schemaVersion,
                schemaFingerprint,
                thresholds,
                sha256,
                gate,
                distribution);
    }

    /** Writes the manifest as indented JSON. Does not close {@code out}. */
    public void write(OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("formatVersion", formatVersion);
            g.writeStringField("profile", profile);
            g.writeStringField("version", version);
            g.writeStringField("createdAt", createdAt.toString());
            g.writeStringField("modelKind", modelKind);
            g.writeObjectFieldStart("featureSchema");
            g.writeStringField("name", schemaName);
            g.writeNumberField("version", schemaVersion);
            g.writeStringField("fingerprint", schemaFingerprint);
            g.writeEndObject();
            g.writeObjectFieldStart("thresholds");
            g.writeNumberField("extraQuestions", thresholds.extraQuestions());
            g.writeNumberField("manualCheck", thresholds.manualCheck());
            g.writeNumberField("holdPayment", thresholds.holdPayment());
            g.writeEndObject();
            g.writeStringField("gate", gate);
            if (scores != null) {
                g.writeArrayFieldStart("scoreQuantiles");
                for (double q : scores.quantiles()) {
                    g.writeNumber(q);
                }
                g.writeEndArray();
            }
            g.writeObjectFieldStart("sha256");
            for (Map.Entry<String, String> file : sha256.entrySet()) {
                g.writeStringField(file.getKey(), file.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /**
     * Checks every file the manifest lists, in {@code directory}, against its SHA-256.
     *
     * @throws ArtifactException naming the first file that is outside the bundle, cannot be read, or
     *     fails its checksum
     */
    public void verifyFiles(Path directory) throws ArtifactException {
        verifyFiles(directory, sha256);
    }

    /**
     * Checks the files of {@code directory} named in {@code sha256} (file name to SHA-256 in hex, as
     * a manifest lists them) against their checksums.
     *
     * @throws ArtifactException naming the first file that is outside the bundle, cannot be read, or
     *     fails its checksum
     */
    public static void verifyFiles(Path directory, Map<String, String> sha256) throws ArtifactException {
        Path bundle = directory.normalize();
        for (Map.Entry<String, String> file : sha256.entrySet()) {
            Path path = bundle.resolve(file.getKey()).normalize();
            if (!bundle.equals(path.getParent())) {
                throw new ArtifactException("the manifest names a file outside the bundle: " + file.getKey());
            }
            String actual;
            try {
                actual = Checksums.sha256Hex(path);
            } catch (IOException e) {
                throw new ArtifactException("cannot read " + file.getKey() + ": " + e.getMessage(), e);
            }
            if (!actual.equals(file.getValue())) {
                throw new ArtifactException(
                        file.getKey() + " fails its checksum (expected " + file.getValue() + ", found " + actual + ")");
            }
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws ArtifactException if it is not valid JSON, lacks a field, or has an unsupported format
     */
    public static BundleManifest read(InputStream in) throws ArtifactException {
        Fields f = new Fields();
        try (JsonParser p = JSON.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the manifest");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "formatVersion" -> f.formatVersion = p.getIntValue();
                    case "profile" -> f.profile = p.getValueAsString();
                    case "version" -> f.version = p.getValueAsString();
                    case "createdAt" -> f.createdAt = Instant.parse(p.getValueAsString());
                    case "modelKind" -> f.modelKind = p.getValueAsString();
                    case "featureSchema" -> readSchema(p, f);
                    case "thresholds" -> readThresholds(p, f);
                    case "sha256" -> readDigests(p, f);
                    case "gate" -> f.gate = p.getValueAsString();
                    case "scoreQuantiles" -> readQuantiles(p, f);
                    default -> p.skipChildren(); // fields of later minor additions are ignored
                }
            }
        } catch (JsonProcessingException | DateTimeParseException e) {
            throw new ArtifactException("bundle manifest is not valid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ArtifactException("cannot read bundle manifest: " + e.getMessage(), e);
        }
        if (f.formatVersion != FORMAT_VERSION) {
            throw new ArtifactException(
                    "bundle format " + f.formatVersion + " is not supported; this build reads " + FORMAT_VERSION);
        }
        try {
            return new BundleManifest(
                    f.formatVersion,
                    f.profile,
                    f.version,
                    f.createdAt,
                    f.modelKind,
                    f.schemaName,
                    f.schemaVersion,
                    f.schemaFingerprint,
                    new DecisionThresholds(f.extraQuestions, f.manualCheck, f.holdPayment),
                    f.sha256,
                    f.gate,
                    f.quantiles == null ? null : new ScoreDistribution(f.quantiles));
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new ArtifactException("bundle manifest is incomplete or invalid: " + e.getMessage(), e);
        }
    }

    private static void readSchema(JsonParser p, Fields f) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "featureSchema");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "name" -> f.schemaName = p.getValueAsString();
                case "version" -> f.schemaVersion = p.getIntValue();
                case "fingerprint" -> f.schemaFingerprint = p.getValueAsString();
                default -> p.skipChildren();
            }
        }
    }

    private static void readThresholds(JsonParser p, Fields f) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "thresholds");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "extraQuestions" -> f.extraQuestions = p.getDoubleValue();
                case "manualCheck" -> f.manualCheck = p.getDoubleValue();
                case "holdPayment" -> f.holdPayment = p.getDoubleValue();
                default -> p.skipChildren();
            }
        }
    }

    private static void readQuantiles(JsonParser p, Fields f) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, "scoreQuantiles must be a JSON array");
        }
        java.util.List<Double> values = new java.util.ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(p.getDoubleValue());
        }
        f.quantiles = values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void readDigests(JsonParser p, Fields f) throws IOException {
        expect(p.currentToken(), JsonToken.START_OBJECT, "sha256");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String file = p.currentName();
            p.nextToken();
            f.sha256.put(file, p.getValueAsString());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) throws JsonProcessingException {
        if (actual != expected) {
            throw new com.fasterxml.jackson.core.JsonParseException(null, what + " must be a JSON object");
        }
    }

    /** The fields as read; null or NaN where absent. */
    private static final class Fields {
        int formatVersion = -1;
        String profile;
        String version;
        Instant createdAt;
        String modelKind;
        String schemaName;
        int schemaVersion;
        String schemaFingerprint;
        double extraQuestions = Double.NaN;
        double manualCheck = Double.NaN;
        double holdPayment = Double.NaN;
        final Map<String, String> sha256 = new LinkedHashMap<>();
        String gate;
        double[] quantiles;
    }
}
