package org.korrekt.scoring.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.korrekt.features.ClaimFeatures;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.BundleSignature;
import org.korrekt.features.model.CompiledModel;
import org.korrekt.features.model.GateOverride;
import org.korrekt.features.model.ModelArtifacts;
import org.korrekt.scoring.DecisionPolicy;
import org.korrekt.scoring.PolicyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads model bundles written by training ({@code MODELS/PROFILE/VERSION/bundle.json} and the
 * files it lists), verifying every file's SHA-256 and the feature-schema fingerprint. A bundle
 * whose fairness gate failed is refused unless a {@link GateOverride} records who decided to serve
 * it and why.
 */
public final class ModelBundleLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundleLoader.class);

    private final List<FeatureSchema> schemas;
    private final double randomControlShare;
    private final List<PublicKey> signedBy;

    /**
     * @param schema the running feature schema; bundles trained on another are refused
     * @param randomControlShare the service's random control share, for profiles whose policy file sets none
     */
    public ModelBundleLoader(FeatureSchema schema, double randomControlShare) {
        this(List.of(schema), randomControlShare);
    }

    /**
     * @param schemas the running feature schemas (e.g. the application schema and, with a person
     *     history, the claim schema); a bundle must be trained on one of them
     * @param randomControlShare the service's random control share, for profiles whose policy file sets none
     */
    public ModelBundleLoader(List<FeatureSchema> schemas, double randomControlShare) {
        this(schemas, randomControlShare, List.of());
    }

    /**
     * @param schemas the running feature schemas; a bundle must be trained on one of them
     * @param randomControlShare the service's random control share, for profiles whose policy file sets none
     * @param signedBy the public key every bundle's {@code bundle.json} (and a failed bundle's
     *     gate override, and the profile's {@code policy.json} if it has one) must be signed with
     *     ({@link BundleSignature}), or null to check no signature
     */
    public ModelBundleLoader(List<FeatureSchema> schemas, double randomControlShare, PublicKey signedBy) {
        this(schemas, randomControlShare, signedBy == null ? List.of() : List.of(signedBy));
    }

    /**
     * @param schemas the running feature schemas; a bundle must be trained on one of them
     * @param randomControlShare the service's random control share, for profiles whose policy file sets none
     * @param signedBy the public keys, one of which must have signed every bundle's {@code bundle.json}
     *     (and a failed bundle's gate override, and the profile's {@code policy.json} if it has one;
     *     {@link BundleSignature}); several while a signing key is replaced, none to check no signature
     */
    public ModelBundleLoader(List<FeatureSchema> schemas, double randomControlShare, List<PublicKey> signedBy) {
        this.schemas = List.copyOf(schemas);
        this.randomControlShare = randomControlShare;
        this.signedBy = List.copyOf(signedBy);
    }

    /** Whether bundles must be signed. */
    public boolean checksSignatures() {
        return !signedBy.isEmpty();
    }

    /**
     * The bundles a service of {@code profile} starts with: the champion and the one to roll back
     * to that {@link ChampionRecord} records, or, without a record, the newest bundle and none.
     *
     * @param champion the bundle that decides
     * @param previous the bundle to roll back to, or null
     */
    public record Served(ModelBundle champion, ModelBundle previous) {}

    /**
     * Loads the bundles {@code profile} is served with: the recorded champion (an activation or
     * rollback through the model routes holds across restarts), else the newest. A recorded
     * champion that is missing or fails verification is refused, not replaced by another: serving a
     * version someone rolled back would undo their decision. A recorded previous one that fails is
     * left out (nothing to roll back to).
     *
     * @throws BundleException if there is no bundle, or the one to serve fails verification
     */
    public Served loadServed(Path modelsDir, String profile) throws BundleException {
        Path profileDir = modelsDir.resolve(profile);
        ChampionRecord record = ChampionRecord.read(profileDir);
        if (record == null) {
            return new Served(loadLatest(modelsDir, profile), null);
        }
        Path championDir = profileDir.resolve(record.champion());
        if (!Files.isRegularFile(championDir.resolve(BundleManifest.FILE_NAME))) {
            throw new BundleException(profileDir.resolve(ChampionRecord.FILE_NAME) + " names the champion "
                    + record.champion() + ", which is not a bundle in " + profileDir
                    + "; remove the file to serve the newest bundle");
        }
        ModelBundle champion = load(championDir);
        ModelBundle previous = null;
        if (record.previous() != null) {
            try {
                previous = load(profileDir.resolve(record.previous()));
            } catch (BundleException e) {
                LOG.warn(
                        "The recorded previous champion is left out: there is nothing to roll back to ({})",
                        e.getMessage());
            }
        }
        return new Served(champion, previous);
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
                        .filter(p -> Files.isRegularFile(p.resolve(BundleManifest.FILE_NAME)))
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
        if (checksSignatures()) {
            try {
                BundleSignature.verify(directory.resolve(BundleManifest.FILE_NAME), signedBy);
            } catch (ArtifactException e) {
                throw new BundleException(
                        directory + ": " + e.getMessage()
                                + "; the service serves only bundles signed with its --bundle-public-key",
                        e);
            }
        }
        BundleManifest manifest;
        try (InputStream in = Files.newInputStream(directory.resolve(BundleManifest.FILE_NAME))) {
            manifest = BundleManifest.read(in);
        } catch (IOException | ArtifactException e) {
            throw new BundleException(directory + ": " + e.getMessage(), e);
        }
        Path folder = directory.getFileName();
        if (folder != null && !manifest.version().equals(folder.toString())) {
            // records name the version; it must name one folder only, the one training wrote
            throw new BundleException(directory + ": bundle.json names the version " + manifest.version()
                    + ", not the folder's name; a bundle is served from the folder training named after its version"
                    + " (rename it back, or train again)");
        }
        if (!BundleManifest.LOGISTIC_REGRESSION.equals(manifest.modelKind())
                && !BundleManifest.SELECTION_PROFILE.equals(manifest.modelKind())) {
            throw new BundleException(directory + ": unsupported model kind '" + manifest.modelKind() + "'");
        }
        if (!manifest.sha256().containsKey(ModelArtifacts.FILE_NAME)) {
            throw new BundleException(directory + ": the manifest lists no checksum for " + ModelArtifacts.FILE_NAME);
        }
        try {
            manifest.verifyFiles(directory);
        } catch (ArtifactException e) {
            throw new BundleException(directory + ": " + e.getMessage(), e);
        }
        GateOverride override = null;
        if (BundleManifest.GATE_FAIL.equals(manifest.gate())) {
            try {
                override = GateOverride.read(directory);
            } catch (ArtifactException e) {
                throw new BundleException(directory + ": " + e.getMessage(), e);
            }
            if (override == null) {
                throw new BundleException(directory + ": the profile failed its fairness gate (see report.html and"
                        + " evaluation.json in the bundle) and is not served; to serve it anyway record why with:"
                        + " korrekt override-gate " + directory + " --reason \"...\" --by NAME"
                        + (checksSignatures() ? " --sign-key KEY" : ""));
            }
            boolean forThisBundle;
            try {
                forThisBundle = override.isFor(directory);
            } catch (ArtifactException e) {
                throw new BundleException(directory + ": " + e.getMessage(), e);
            }
            if (!forThisBundle) {
                // a decision about another bundle (copied beside this one, signature and all) decides nothing here
                throw new BundleException(directory + ": the profile failed its fairness gate, and its "
                        + GateOverride.FILE_NAME + " (by " + override.by() + ", " + override.at() + ") "
                        + (override.bundleSha256() == null
                                ? "names no bundle (written by an older korrekt)"
                                : "was recorded for another bundle")
                        + "; record the decision about this bundle with: korrekt override-gate " + directory
                        + " --reason \"...\" --by NAME" + (checksSignatures() ? " --sign-key KEY" : ""));
            }
            if (checksSignatures()) {
                try {
                    BundleSignature.verify(directory.resolve(GateOverride.FILE_NAME), signedBy);
                } catch (ArtifactException e) {
                    throw new BundleException(
                            directory + ": the profile failed its fairness gate and its override "
                                    + "is not trusted: " + e.getMessage()
                                    + "; sign it as it was recorded with korrekt override-gate " + directory
                                    + " --reason \"" + override.reason() + "\" --by \"" + override.by()
                                    + "\" --sign-key KEY",
                            e);
                }
            }
        }
        if (ClaimFeatures.SCHEMA.name().equals(manifest.schemaName())
                && schemas.stream().noneMatch(s -> s.name().equals(manifest.schemaName()))) {
            throw new BundleException(directory + ": the bundle was trained on the claim features (schema "
                    + manifest.schemaName() + " v" + manifest.schemaVersion() + "), which read the person history:"
                    + " give it with --history FILE (written by korrekt history); without it only bundles of the "
                    + schemas.get(0).name() + " features are served");
        }
        CompiledModel model;
        try (InputStream in = Files.newInputStream(directory.resolve(ModelArtifacts.FILE_NAME))) {
            model = ModelArtifacts.readModel(in, schemaNamed(manifest.schemaName()));
        } catch (IOException | ArtifactException e) {
            throw new BundleException(directory + ": " + e.getMessage(), e);
        }
        PolicyFile file;
        DecisionPolicy policy;
        try {
            file = PolicyFile.forProfile(directory.toAbsolutePath().getParent(), manifest.profile(), signedBy);
            policy = file.policy(manifest.thresholds(), manifest.scores(), randomControlShare);
        } catch (PolicyFile.PolicyException e) {
            throw new BundleException(directory + ": its profile's decision policy: " + e.getMessage(), e);
        }
        return new ModelBundle(
                manifest.profile(),
                manifest.version(),
                directory,
                model,
                policy,
                manifest.scores(),
                new ModelBundle.Provenance(
                        manifest.gate(), override, checksSignatures(), file.source(), file.sha256()));
    }

    private FeatureSchema schemaNamed(String name) {
        for (FeatureSchema s : schemas) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return schemas.get(0); // reading then reports the mismatch with the running schema
    }
}
