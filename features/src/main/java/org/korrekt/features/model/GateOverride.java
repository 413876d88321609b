package org.korrekt.features.model;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Objects;

/**
 * The recorded decision to serve a bundle whose fairness gate failed: {@code gate-override.json}
 * beside its {@code bundle.json}. It is written after the bundle (the bundle's own files and
 * checksums stay as training wrote them) and says who decided, when, and why. Without it a
 * failed bundle is refused.
 *
 * @param reason why the failed gate is overridden (required, not blank)
 * @param by who decided
 * @param at when
 * @param bundleSha256 the SHA-256 of the {@code bundle.json} decided on (which names the version and
 *     the checksum of every file), so that the decision, signed or not, holds for that bundle only;
 *     null in an override written before korrekt recorded it, which no bundle is served with
 */
public record GateOverride(String reason, String by, Instant at, String bundleSha256) {

    /** The file name, in the bundle's folder. */
    public static final String FILE_NAME = "gate-override.json";

    private static final JsonFactory JSON = new JsonFactory();

    public GateOverride {
        Objects.requireNonNull(at, "at");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an override of the fairness gate needs a reason");
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("an override of the fairness gate needs the name of who decided");
        }
    }

    /** An override of the bundle in folder {@code bundle}, as it is now. */
    public static GateOverride of(String reason, String by, Instant at, Path bundle) throws ArtifactException {
        return new GateOverride(reason, by, at, manifestSha256(bundle));
    }

    /** The SHA-256 of {@code bundle}'s {@code bundle.json}, in hex. */
    public static String manifestSha256(Path bundle) throws ArtifactException {
        try {
            return Checksums.sha256Hex(bundle.resolve(BundleManifest.FILE_NAME));
        } catch (IOException e) {
            throw new ArtifactException(
                    "cannot read " + bundle.resolve(BundleManifest.FILE_NAME) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether this override was recorded for the bundle in folder {@code bundle}: it names the
     * SHA-256 of that bundle's {@code bundle.json}. One copied from another bundle, or written before
     * overrides named their bundle, is not.
     */
    public boolean isFor(Path bundle) throws ArtifactException {
        return bundleSha256 != null && bundleSha256.equals(manifestSha256(bundle));
    }

    /** Writes {@code gate-override.json} into {@code bundle} (atomically; an earlier override is replaced). */
    public void write(Path bundle) throws IOException {
        Path tmp = bundle.resolve("." + FILE_NAME + ".tmp");
        try (JsonGenerator g = JSON.createGenerator(tmp.toFile(), JsonEncoding.UTF8)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("reason", reason);
            g.writeStringField("by", by);
            g.writeStringField("at", at.toString());
            if (bundleSha256 != null) {
                g.writeStringField("bundleSha256", bundleSha256);
            }
            g.writeEndObject();
        }
        Files.move(tmp, bundle.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The override recorded in {@code bundle}, or null when there is none.
     *
     * @throws ArtifactException if the file exists but is not a valid override
     */
    public static GateOverride read(Path bundle) throws ArtifactException {
        Path file = bundle.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        String reason = null;
        String by = null;
        String at = null;
        String bundleSha256 = null;
        try (InputStream in = Files.newInputStream(file);
                JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ArtifactException(file + " must hold a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "reason" -> reason = p.getValueAsString();
                    case "by" -> by = p.getValueAsString();
                    case "at" -> at = p.getValueAsString();
                    case "bundleSha256" -> bundleSha256 = p.getValueAsString();
                    default -> p.skipChildren();
                }
            }
            return new GateOverride(reason, by, Instant.parse(Objects.requireNonNull(at, "at")), bundleSha256);
        } catch (JsonProcessingException e) {
            throw new ArtifactException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ArtifactException(file + " is not a valid override: " + e.getMessage(), e);
        }
    }
}
