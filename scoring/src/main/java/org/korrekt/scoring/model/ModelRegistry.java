package org.korrekt.scoring.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.korrekt.features.model.BundleManifest;

/**
 * The bundles of the served profile: the champion that decides, the previous champion to roll
 * back to, and an optional challenger scored in shadow. Every change replaces one immutable
 * {@link State} atomically, so a request reads one consistent state and is never served by a mix
 * of versions. A bundle that fails verification (checksums, feature schema, gate) is refused and
 * the state is left as it was. Thread-safe.
 */
public final class ModelRegistry {

    /** Bundle versions are folder names: letters, digits, '-', '_' and '.', not starting with '.'. */
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private final Path modelsDir;
    private final String profile;
    private final ModelBundleLoader loader;
    private final Predicate<ModelBundle> fits;
    private final AtomicReference<State> state;
    /** When the champion record this instance last acted on, or wrote, was made; null before the first. */
    private Instant followedAt;
    /** When the champion record last refused by {@link #follow} was made: it is not tried again. */
    private Instant refusedAt;

    /**
     * The registry's state.
     *
     * @param champion the bundle that decides
     * @param previous the champion before it, or null
     * @param shadow the challenger scored in shadow, or null
     */
    public record State(ModelBundle champion, ModelBundle previous, ModelBundle shadow) {
        public State {
            Objects.requireNonNull(champion, "champion");
        }
    }

    /**
     * @param modelsDir the models folder ({@code MODELS/PROFILE/VERSION})
     * @param profile the served profile
     * @param loader verifies and loads bundles
     * @param fits whether the running service can score with a bundle (its feature schema)
     * @param champion the bundle to start with
     */
    public ModelRegistry(
            Path modelsDir,
            String profile,
            ModelBundleLoader loader,
            Predicate<ModelBundle> fits,
            ModelBundle champion) {
        this(modelsDir, profile, loader, fits, champion, null);
    }

    /**
     * @param modelsDir the models folder ({@code MODELS/PROFILE/VERSION})
     * @param profile the served profile
     * @param loader verifies and loads bundles
     * @param fits whether the running service can score with a bundle (its feature schema)
     * @param champion the bundle to start with
     * @param previous the bundle to roll back to, or null
     */
    public ModelRegistry(
            Path modelsDir,
            String profile,
            ModelBundleLoader loader,
            Predicate<ModelBundle> fits,
            ModelBundle champion,
            ModelBundle previous) {
        this.modelsDir = Objects.requireNonNull(modelsDir, "modelsDir");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.fits = Objects.requireNonNull(fits, "fits");
        this.state = new AtomicReference<>(new State(champion, previous, null));
    }

    /** The served profile. */
    public String profile() {
        return profile;
    }

    /** The current state: read it once per request. */
    public State state() {
        return state.get();
    }

    /**
     * Makes {@code version} the champion; the current champion becomes the one to roll back to.
     * A shadow of the same version stops shadowing. Activating the running champion's version
     * reloads it, with its profile's policy file as it now is, and keeps the one to roll back to.
     * The choice is recorded ({@link ChampionRecord}) before it takes effect, so that it holds
     * across restarts.
     *
     * @throws BundleException if the bundle does not exist or fails verification, or the choice
     *     cannot be recorded; nothing changes
     */
    public synchronized State activate(String version) throws BundleException {
        ModelBundle next = load(version);
        State current = state.get();
        if (current.champion().version().equals(next.version())) {
            return record(new State(next, current.previous(), current.shadow()));
        }
        ModelBundle shadow =
                current.shadow() != null && current.shadow().version().equals(next.version()) ? null : current.shadow();
        return record(new State(next, current.champion(), shadow));
    }

    /**
     * Makes the previous champion the champion again, recorded as {@link #activate} records. The
     * version rolled back from is not kept as the one to roll back to: a second rollback (a retry,
     * or a second operator) is refused rather than bringing it back; activating it does.
     *
     * @throws IllegalStateException if there is nothing to roll back to
     * @throws BundleException if the choice cannot be recorded; nothing changes
     */
    public synchronized State rollback() throws BundleException {
        State current = state.get();
        if (current.previous() == null) {
            throw new IllegalStateException("profile '" + profile + "' has no previous champion to roll back to");
        }
        return record(new State(current.previous(), null, current.shadow()));
    }

    /** Records the champion and the one to roll back to, then makes {@code next} the state. */
    private State record(State next) throws BundleException {
        Path profileDir = modelsDir.resolve(profile);
        ChampionRecord record = new ChampionRecord(
                next.champion().version(),
                next.previous() == null ? null : next.previous().version(),
                Instant.now());
        try {
            record.write(profileDir);
        } catch (IOException e) {
            throw new BundleException(
                    "cannot record the champion in " + profileDir.resolve(ChampionRecord.FILE_NAME) + ": "
                            + e.getMessage() + "; the champion is unchanged",
                    e);
        }
        followedAt = record.at();
        state.set(next);
        return next;
    }

    /**
     * Takes the champion that another instance serving the same models folder chose: when the
     * profile's {@link ChampionRecord} was written since this instance last acted on it, the bundles
     * it names are verified and loaded, and become the champion and the one to roll back to (a
     * previous version that no longer loads is dropped). A shadow of the new champion's version
     * stops. The record this instance started from, or wrote itself, changes nothing.
     *
     * @return the new state, or null when nothing changed
     * @throws BundleException if the record cannot be read, or its champion is missing or fails
     *     verification; the champion is unchanged, and the same record is not tried again
     */
    public synchronized State follow() throws BundleException {
        ChampionRecord record = ChampionRecord.read(modelsDir.resolve(profile));
        if (record == null || record.at().equals(followedAt) || record.at().equals(refusedAt)) {
            return null;
        }
        State current = state.get();
        String previousVersion =
                current.previous() == null ? null : current.previous().version();
        if (followedAt == null
                && record.champion().equals(current.champion().version())
                && Objects.equals(record.previous(), previousVersion)) {
            // the record the start served from
            followedAt = record.at();
            return null;
        }
        ModelBundle champion;
        try {
            champion = load(record.champion());
        } catch (BundleException e) {
            refusedAt = record.at();
            throw e;
        }
        ModelBundle previous = null;
        if (record.previous() != null) {
            try {
                previous = load(record.previous());
            } catch (BundleException e) {
                // nothing to roll back to, as after a start whose previous bundle is gone
            }
        }
        ModelBundle shadow =
                current.shadow() != null && current.shadow().version().equals(champion.version())
                        ? null
                        : current.shadow();
        State next = new State(champion, previous, shadow);
        followedAt = record.at();
        state.set(next);
        return next;
    }

    /**
     * Scores {@code version} in shadow beside the champion.
     *
     * @throws BundleException if the bundle does not exist or fails verification; nothing changes
     */
    public synchronized State shadow(String version) throws BundleException {
        ModelBundle challenger = load(version);
        State current = state.get();
        State updated = new State(current.champion(), current.previous(), challenger);
        state.set(updated);
        return updated;
    }

    /** Stops the shadow, if any. */
    public synchronized State stopShadow() {
        State current = state.get();
        State updated = new State(current.champion(), current.previous(), null);
        state.set(updated);
        return updated;
    }

    /** The versions of the profile on disk, oldest first. */
    public List<String> versions() throws BundleException {
        Path dir = modelsDir.resolve(profile);
        List<String> versions = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return versions;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(p -> Files.isRegularFile(p.resolve(BundleManifest.FILE_NAME)))
                    .map(p -> p.getFileName().toString())
                    .filter(v -> VERSION.matcher(v).matches())
                    .sorted()
                    .forEach(versions::add);
        } catch (IOException e) {
            throw new BundleException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return versions;
    }

    /** Whether {@code version} is a well-formed version name (it may still not exist). */
    public static boolean isVersionName(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    private ModelBundle load(String version) throws BundleException {
        if (!isVersionName(version)) {
            throw new BundleException("'" + version + "' is not a bundle version name");
        }
        Path dir = modelsDir.resolve(profile).resolve(version);
        if (!Files.isRegularFile(dir.resolve(BundleManifest.FILE_NAME))) {
            throw new BundleNotFoundException("profile '" + profile + "' has no bundle '" + version + "'");
        }
        ModelBundle bundle = loader.load(dir);
        if (!bundle.profile().equals(profile)) {
            throw new BundleException(
                    dir + ": the bundle is of profile '" + bundle.profile() + "', not '" + profile + "'");
        }
        if (!fits.test(bundle)) {
            throw new BundleException(dir + ": the bundle was trained on another feature schema than the running one");
        }
        return bundle;
    }

    /** The named bundle does not exist. */
    public static final class BundleNotFoundException extends BundleException {
        private static final long serialVersionUID = 1L;

        BundleNotFoundException(String message) {
            super(message);
        }
    }
}
