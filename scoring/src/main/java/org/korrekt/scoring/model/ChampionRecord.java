package org.korrekt.scoring.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Which version of a profile is the champion, and which to roll back to, as last chosen through
 * the model routes: {@code MODELS/PROFILE/champion.json}. A service starts with the champion it
 * records, so an activation or a rollback holds across restarts; without the file it starts with
 * the newest bundle.
 *
 * @param champion the champion's version
 * @param previous the version to roll back to, or null
 * @param at when the choice was made
 */
public record ChampionRecord(String champion, String previous, Instant at) {

    /** The file name, in the profile's folder of bundles. */
    public static final String FILE_NAME = "champion.json";

    public ChampionRecord {
        Objects.requireNonNull(champion, "champion");
        Objects.requireNonNull(at, "at");
    }

    /**
     * The record in {@code profileDir}, or null when there is none.
     *
     * @throws BundleException if the file cannot be read or is not a valid record
     */
    public static ChampionRecord read(Path profileDir) throws BundleException {
        Path file = profileDir.resolve(FILE_NAME);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonObject json = new JsonObject(text);
            String champion = json.getString("champion");
            if (!ModelRegistry.isVersionName(champion)) {
                throw new IllegalArgumentException("'champion' must be a bundle version, was " + champion);
            }
            String previous = json.getString("previous");
            if (previous != null && !ModelRegistry.isVersionName(previous)) {
                throw new IllegalArgumentException("'previous' must be a bundle version or null, was " + previous);
            }
            return new ChampionRecord(champion, previous, Instant.parse(json.getString("at", "")));
        } catch (DecodeException | ClassCastException | IllegalArgumentException | DateTimeParseException e) {
            throw new BundleException(
                    file + " is not a champion record (" + e.getMessage() + "); it names the version"
                            + " to serve: activate one through POST /v1/models/{profile}/{version}/activate, or remove the"
                            + " file to serve the newest",
                    e);
        }
    }

    /** Writes the record into {@code profileDir}, replacing the one there at once (never half-written). */
    public void write(Path profileDir) throws IOException {
        JsonObject json = new JsonObject()
                .put("champion", champion)
                .put("previous", previous)
                .put("at", at.toString());
        // a file of its own: instances serving the same models folder may write at the same moment
        Path tmp = Files.createTempFile(profileDir, "." + FILE_NAME, ".tmp");
        try {
            Files.writeString(tmp, json.encodePrettily() + "\n", StandardCharsets.UTF_8);
            Files.move(
                    tmp,
                    profileDir.resolve(FILE_NAME),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
