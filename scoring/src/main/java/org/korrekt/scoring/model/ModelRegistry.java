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
     * Records a change of the champion or the shadow durably, before it takes effect: {@link
     * #begin} writes the record without making it visible, the registry makes the change (for the
     * champion, writes its {@link ChampionRecord}), then commits the record; a change that fails
     * leaves no record, and a record that cannot be committed undoes the change.
     */
    public interface ChangeLog {

        /** Records nothing. */
        ChangeLog NONE = (action, current, next) -> Pending.NONE;

        /**
         * Begins recording a change.
         *
         * @param action {@code ACTIVATE}, {@code ROLLBACK}, {@code SHADOW} or {@code STOP_SHADOW}
         * @param current the state before the change
         * @param next the state after it
         * @throws BundleException if the change cannot be recorded; nothing changes
         */
        Pending begin(String action, State current, State next) throws BundleException;

        /** A record begun and not yet committed; closing it uncommitted abandons it. */
        interface Pending extends AutoCloseable {

            /** Nothing to commit. */
            Pending NONE = new Pending() {
                @Override
                public void commit() {}

                @Override
                public void close() {}
            };

            /**
             * Makes the record durable and visible.
             *
             * @throws BundleException if it cannot; the registry then undoes the change
             */
            void commit() throws BundleException;

            @Override
            void close();
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
        return activate(version, ChangeLog.NONE);
    }

    /**
     * As {@link #activate(String)}, recording the change in {@code log} first.
     *
     * @throws BundleException if the bundle does not exist or fails verification, or the choice
     *     cannot be recorded; nothing changes
     */
    public synchronized State activate(String version, ChangeLog log) throws BundleException {
        ModelBundle next = load(version);
        State current = state.get();
        if (current.champion().version().equals(next.version())) {
            return record("ACTIVATE", current, new State(next, current.previous(), current.shadow()), log);
        }
        ModelBundle shadow =
                current.shadow() != null && current.shadow().version().equals(next.version()) ? null : current.shadow();
        return record("ACTIVATE", current, new State(next, current.champion(), shadow), log);
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
        return rollback(ChangeLog.NONE);
    }

    /**
     * As {@link #rollback()}, recording the change in {@code log} first.
     *
     * @throws IllegalStateException if there is nothing to roll back to
     * @throws BundleException if the choice cannot be recorded; nothing changes
     */
    public synchronized State rollback(ChangeLog log) throws BundleException {
        State current = state.get();
        if (current.previous() == null) {
            throw new IllegalStateException("profile '" + profile + "' has no previous champion to roll back to");
        }
        return record("ROLLBACK", current, new State(current.previous(), null, current.shadow()), log);
    }

    /**
     * Records the change in {@code log} and the champion and the one to roll back to in the
     * champion file, then makes {@code next} the state. Should the log's record not commit, the
     * champion file is written back as it was (with a new time, so that other instances follow).
     */
    private State record(String action, State current, State next, ChangeLog log) throws BundleException {
        try (ChangeLog.Pending pending = log.begin(action, current, next)) {
            ChampionRecord record = writeChampion(next);
            try {
                pending.commit();
            } catch (BundleException e) {
                try {
                    followedAt = writeChampion(current).at();
                } catch (BundleException restoring) {
                    // the file names a change that is not on record: not this instance's to follow
                    refusedAt = record.at();
                    e.addSuppressed(restoring);
                }
                throw e;
            }
            followedAt = record.at();
            state.set(next);
            return next;
        }
    }

    private ChampionRecord writeChampion(State state) throws BundleException {
        Path profileDir = modelsDir.resolve(profile);
        ChampionRecord record = new ChampionRecord(
                state.champion().version(),
                state.previous() == null ? null : state.previous().version(),
                Instant.now());
        try {
            record.write(profileDir);
        } catch (IOException e) {
            throw new BundleException(
                    "cannot record the champion in " + profileDir.resolve(ChampionRecord.FILE_NAME) + ": "
                            + e.getMessage() + "; the champion is unchanged",
                    e);
        }
        return record;
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
        return follow(record -> null);
    }

    /**
     * Whether a champion record names a change that is on record ({@link ChangeLog}): every
     * change made through the model routes is recorded before its champion file is written.
     */
    @FunctionalInterface
    public interface OnRecord {
        /**
         * @return null when the record names the champion and the one to roll back to that the last
         *     change on record chose; otherwise what the last change on record chose, for the message
         * @throws BundleException if the changes on record cannot be read
         */
        String unrecorded(ChampionRecord record) throws BundleException;
    }

    /** How long a champion record may wait for its change's row to be committed: the writer writes the file first. */
    static final java.time.Duration UNRECORDED_GRACE = java.time.Duration.ofSeconds(10);

    /**
     * As {@link #follow()}, taking only a record that names the change last on record: a champion
     * file edited by hand, or copied from elsewhere, is not taken, since no one is on record as
     * having chosen it. A record younger than {@link #UNRECORDED_GRACE} may be waiting for its row,
     * which is committed just after the file is written: it is tried again at the next call.
     *
     * @throws BundleException also when the record names a change that is not on record; it is
     *     tried again at the next call, so that a row committed late is followed
     */
    public synchronized State follow(OnRecord onRecord) throws BundleException {
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
        String unrecorded = onRecord.unrecorded(record);
        if (unrecorded != null) {
            if (record.at().isAfter(Instant.now().minus(UNRECORDED_GRACE))) {
                return null;
            }
            throw new BundleException(modelsDir.resolve(profile).resolve(ChampionRecord.FILE_NAME)
                    + " names the champion "
                    + record.champion() + " (to roll back to: " + record.previous() + "), which no change on record"
                    + " chose (" + unrecorded + "); it is not taken: choose the champion through POST /v1/models/"
                    + profile + "/{version}/activate or .../rollback, which record who chose it");
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
        return shadow(version, ChangeLog.NONE);
    }

    /**
     * As {@link #shadow(String)}, recording the change in {@code log} first.
     *
     * @throws BundleException if the bundle does not exist or fails verification, or the change
     *     cannot be recorded; nothing changes
     */
    public synchronized State shadow(String version, ChangeLog log) throws BundleException {
        ModelBundle challenger = load(version);
        State current = state.get();
        return change("SHADOW", current, new State(current.champion(), current.previous(), challenger), log);
    }

    /** Stops the shadow, if any. */
    public synchronized State stopShadow() {
        State current = state.get();
        State updated = new State(current.champion(), current.previous(), null);
        state.set(updated);
        return updated;
    }

    /**
     * As {@link #stopShadow()}, recording the change in {@code log} first.
     *
     * @throws BundleException if the change cannot be recorded; the shadow goes on
     */
    public synchronized State stopShadow(ChangeLog log) throws BundleException {
        State current = state.get();
        return change("STOP_SHADOW", current, new State(current.champion(), current.previous(), null), log);
    }

    /** A change of the shadow: nothing to write but the log's record. */
    private State change(String action, State current, State next, ChangeLog log) throws BundleException {
        try (ChangeLog.Pending pending = log.begin(action, current, next)) {
            pending.commit();
            state.set(next);
            return next;
        }
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

    /**
     * A change that could not be recorded in its {@link ChangeLog} (the database is unavailable, say);
     * the change was not made, or was undone.
     */
    public static final class ChangeNotRecordedException extends BundleException {
        private static final long serialVersionUID = 1L;

        public ChangeNotRecordedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The named bundle does not exist. */
    public static final class BundleNotFoundException extends BundleException {
        private static final long serialVersionUID = 1L;

        BundleNotFoundException(String message) {
            super(message);
        }
    }
}
