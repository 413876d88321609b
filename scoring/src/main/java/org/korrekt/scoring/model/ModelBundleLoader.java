package org.korrekt.scoring.model;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.LogisticRegressionModel;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.Digests;

/**
 * Loads model bundles written by training ({@code MODELS/PROFILE/VERSION/bundle.json} and the
 * files it lists), verifying every file's SHA-256 and the feature-schema fingerprint.
 */
public final class ModelBundleLoader {

    /** The manifest's name. */
    public static final String MANIFEST = "bundle.json";
    /** The manifest format this code reads. */
    public static final int SUPPORTED_FORMAT = 1;

    private final FeatureSchema schema;
    private final double randomControlShare;

    /**
     * @param schema the running feature schema; bundles trained on another are refused
     * @param randomControlShare the service's random control share, added to every bundle's policy
     */
    public ModelBundleLoader(FeatureSchema schema, double randomControlShare) {
        this.schema = schema;
        this.randomControlShare = randomControlShare;
    }

    /**
     * Loads the newest version of {@code profile} under {@code modelsDir} (versions sort by name;
     * the default versions are UTC timestamps).
     *
     * @throws BundleException if there is no bundle, or the newest one fails verification
     */
    public ModelBundle loadLatest(Path modelsDir, String profile) throws BundleException {
        Path profileDir = modelsDir.resolve(profile);
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(profileDir)) {
            try (Stream<Path> children = Files.list(profileDir)) {
                children.filter(p -> !p.getFileName().toString().startsWith("."))
                        .filter(p -> Files.isRegularFile(p.resolve(MANIFEST)))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new BundleException("cannot list " + profileDir + ": " + e.getMessage(), e);
            }
        }
        if (versions.isEmpty()) {
            throw new BundleException("no model bundle for profile '" + profile + "' under " + modelsDir
                    + "; train one with: korrekt train --data ... --models " + modelsDir);
        }
        versions.sort(null);
        return load(versions.get(versions.size() - 1));
    }

    /**
     * Loads and verifies the bundle in {@code directory}.
     *
     * @throws BundleException naming the bundle and what is wrong with it
     */
    public ModelBundle load(Path directory) throws BundleException {
        JsonObject manifest;
        try {
            manifest = new JsonObject(Files.readString(directory.resolve(MANIFEST), StandardCharsets.UTF_8));
        } catch (IOException | DecodeException e) {
            throw new BundleException("cannot read " + directory.resolve(MANIFEST) + ": " + e.getMessage(), e);
        }
        try {
            int format = manifest.getInteger("formatVersion", -1);
            if (format != SUPPORTED_FORMAT) {
                throw new BundleException(directory + ": bundle format " + format
                        + " is not supported (this build reads " + SUPPORTED_FORMAT + ")");
            }
            if (!"logistic-regression".equals(manifest.getString("modelKind"))) {
                throw new BundleException(directory + ": unsupported model kind " + manifest.getString("modelKind"));
            }
            JsonObject digests = manifest.getJsonObject("sha256");
            if (digests == null || !digests.containsKey(ModelArtifacts.FILE_NAME)) {
                throw new BundleException(directory + ": manifest lists no checksum for " + ModelArtifacts.FILE_NAME);
            }
            for (String file : digests.fieldNames()) {
                Path path = directory.resolve(file).normalize();
                if (!path.startsWith(directory)) {
                    throw new BundleException(directory + ": manifest names a file outside the bundle: " + file);
                }
                String actual = Digests.sha256Hex(path);
                if (!actual.equals(digests.getString(file))) {
                    throw new BundleException(directory + ": " + file + " fails its checksum (expected "
                            + digests.getString(file) + ", found " + actual + ")");
                }
            }
            LogisticRegressionModel model;
            try (InputStream in = Files.newInputStream(directory.resolve(ModelArtifacts.FILE_NAME))) {
                model = ModelArtifacts.read(in, schema);
            } catch (ArtifactException e) {
                throw new BundleException(directory + ": " + e.getMessage(), e);
            }
            JsonObject policy = manifest.getJsonObject("policy");
            DecisionPolicy decisionPolicy = new DecisionPolicy(
                    policy.getDouble("extraQuestions"),
                    policy.getDouble("manualCheck"),
                    policy.getDouble("holdPayment"),
                    randomControlShare);
            return new ModelBundle(
                    manifest.getString("profile"), manifest.getString("version"), directory, model, decisionPolicy);
        } catch (IOException | ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new BundleException(directory + ": invalid bundle: " + e, e);
        }
    }
}
