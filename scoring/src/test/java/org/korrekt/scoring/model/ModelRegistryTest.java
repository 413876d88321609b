package org.korrekt.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.scoring.TestModels;

/** The registry's state changes, on real bundles written to disk. */
class ModelRegistryTest {

    @TempDir
    Path models;

    private ModelRegistry registry() throws Exception {
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.lateClaimModel());
        ModelBundleLoader loader = new ModelBundleLoader(ApplicationFeatures.SCHEMA_V1, 0.02);
        return new ModelRegistry(models, "test", loader, b -> true, loader.load(models.resolve("test/v1")));
    }

    @Test
    void activateThenRollBackOnceAndActivateAgain() throws Exception {
        ModelRegistry registry = registry();
        assertThatThrownBy(registry::rollback)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no previous champion");
        registry.activate("v2");
        assertThat(registry.state().champion().version()).isEqualTo("v2");
        assertThat(registry.state().previous().version()).isEqualTo("v1");
        registry.rollback();
        assertThat(registry.state().champion().version()).isEqualTo("v1");
        // the version rolled back from is not the one to roll back to: a retried rollback does not bring it back
        assertThat(registry.state().previous()).isNull();
        assertThatThrownBy(registry::rollback)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no previous champion");
        assertThat(registry.state().champion().version()).isEqualTo("v1");
        registry.activate("v2");
        assertThat(registry.state().champion().version()).isEqualTo("v2");
        assertThat(registry.state().previous().version()).isEqualTo("v1");
    }

    @Test
    void aShadowOfTheVersionActivatedStopsShadowing() throws Exception {
        ModelRegistry registry = registry();
        registry.shadow("v2");
        assertThat(registry.state().shadow().version()).isEqualTo("v2");
        registry.activate("v2");
        assertThat(registry.state().shadow()).isNull();
    }

    /**
     * A change's record begins before the change, commits once the champion file names the new
     * champion, and a change whose record fails is not made (at the start) or undone (at the commit).
     */
    @Test
    void aChangeIsRecordedBeforeItTakesEffectAndUndoneWhenItsRecordFails() throws Exception {
        ModelRegistry registry = registry();
        List<String> seen = new ArrayList<>();
        ModelRegistry.ChangeLog log = (action, current, next) -> {
            seen.add("begin " + action + " " + current.champion().version() + " -> "
                    + next.champion().version()
                    + (next.shadow() == null ? "" : " shadow " + next.shadow().version()));
            return new ModelRegistry.ChangeLog.Pending() {
                @Override
                public void commit() throws BundleException {
                    seen.add("commit, file names "
                            + ChampionRecord.read(models.resolve("test")).champion() + ", serving "
                            + registry.state().champion().version());
                }

                @Override
                public void close() {
                    seen.add("close");
                }
            };
        };
        registry.activate("v2", log);
        registry.shadow("v1", log);
        registry.stopShadow(log);
        registry.rollback(log);
        assertThat(seen)
                .containsExactly(
                        "begin ACTIVATE v1 -> v2",
                        "commit, file names v2, serving v1",
                        "close",
                        "begin SHADOW v2 -> v2 shadow v1",
                        "commit, file names v2, serving v2",
                        "close",
                        "begin STOP_SHADOW v2 -> v2",
                        "commit, file names v2, serving v2",
                        "close",
                        "begin ROLLBACK v2 -> v1",
                        "commit, file names v1, serving v2",
                        "close");
        assertThat(registry.state().champion().version()).isEqualTo("v1");

        // the record cannot begin: nothing changes, the file included
        ChampionRecord before = ChampionRecord.read(models.resolve("test"));
        ModelRegistry.ChangeLog down = (action, current, next) -> {
            throw new ModelRegistry.ChangeNotRecordedException("the database is down", null);
        };
        assertThatThrownBy(() -> registry.activate("v2", down))
                .isInstanceOf(ModelRegistry.ChangeNotRecordedException.class);
        assertThatThrownBy(() -> registry.shadow("v2", down))
                .isInstanceOf(ModelRegistry.ChangeNotRecordedException.class);
        assertThat(ChampionRecord.read(models.resolve("test"))).isEqualTo(before);
        assertThat(registry.state().champion().version()).isEqualTo("v1");
        assertThat(registry.state().shadow()).isNull();

        // the record cannot commit: the champion file is written back, and the state never changed
        boolean[] closed = new boolean[1];
        ModelRegistry.ChangeLog lost = (action, current, next) -> new ModelRegistry.ChangeLog.Pending() {
            @Override
            public void commit() throws BundleException {
                throw new ModelRegistry.ChangeNotRecordedException("the commit failed", null);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThatThrownBy(() -> registry.activate("v2", lost)).hasMessage("the commit failed");
        assertThat(closed[0]).isTrue();
        ChampionRecord after = ChampionRecord.read(models.resolve("test"));
        assertThat(after.champion()).isEqualTo("v1");
        assertThat(after.previous()).isNull();
        assertThat(after.at()).isAfterOrEqualTo(before.at());
        assertThat(registry.state().champion().version()).isEqualTo("v1");
        // this instance wrote the record back itself, so it does not follow it as another's choice
        assertThat(registry.follow()).isNull();
    }

    @Test
    void refusesMissingMalformedAndUnfitBundlesWithoutChangingState() throws Exception {
        ModelRegistry registry = registry();
        ModelRegistry.State before = registry.state();
        assertThatThrownBy(() -> registry.activate("v9")).isInstanceOf(ModelRegistry.BundleNotFoundException.class);
        assertThatThrownBy(() -> registry.activate("../test/v2")).hasMessageContaining("not a bundle version name");
        ModelBundleLoader loader = new ModelBundleLoader(ApplicationFeatures.SCHEMA_V1, 0.02);
        ModelRegistry picky = new ModelRegistry(models, "test", loader, b -> false, before.champion());
        assertThatThrownBy(() -> picky.activate("v2")).hasMessageContaining("another feature schema");
        assertThat(registry.state()).isSameAs(before);
        assertThat(registry.versions()).containsExactly("v1", "v2");
    }

    @Test
    void followsARecordWrittenElsewhereButNotItsOwnNorTheOneItStartedFrom() throws Exception {
        ModelRegistry registry = registry();
        assertThat(registry.follow()).as("no record yet").isNull();
        Path profileDir = models.resolve("test");
        new ChampionRecord("v1", null, Instant.parse("2026-11-24T00:00:00Z")).write(profileDir);
        ModelRegistry.State started = registry.state();
        assertThat(registry.follow()).as("the record it serves").isNull();
        assertThat(registry.state()).isSameAs(started);

        registry.activate("v2");
        ModelRegistry.State own = registry.state();
        assertThat(registry.follow()).as("its own choice").isNull();
        assertThat(registry.state()).isSameAs(own);

        // another instance rolled back
        new ChampionRecord("v1", "v2", Instant.parse("2026-11-24T00:01:00Z")).write(profileDir);
        ModelRegistry.State followed = registry.follow();
        assertThat(followed.champion().version()).isEqualTo("v1");
        assertThat(followed.previous().version()).isEqualTo("v2");
        assertThat(registry.state()).isSameAs(followed);
        assertThat(registry.follow()).as("once").isNull();

        // a champion that is not there is refused once, and the state kept
        new ChampionRecord("v7", "v1", Instant.parse("2026-11-24T00:02:00Z")).write(profileDir);
        assertThatThrownBy(registry::follow).isInstanceOf(ModelRegistry.BundleNotFoundException.class);
        assertThat(registry.follow()).isNull();
        assertThat(registry.state()).isSameAs(followed);
        // a previous one that is not there leaves nothing to roll back to
        new ChampionRecord("v2", "v7", Instant.parse("2026-11-24T00:03:00Z")).write(profileDir);
        assertThat(registry.follow().previous()).isNull();
        assertThat(registry.state().champion().version()).isEqualTo("v2");
    }

    /**
     * A champion record that names no change on record (written by hand, or copied in) is not
     * taken: who decides would change with no one on record as having chosen it. A record younger
     * than the grace may be waiting for its row, which its writer commits just after the file.
     */
    @Test
    void followsOnlyARecordThatTheLastChangeOnRecordChose() throws Exception {
        ModelRegistry registry = registry();
        Path profileDir = models.resolve("test");
        new ChampionRecord("v1", null, Instant.parse("2026-11-24T00:00:00Z")).write(profileDir);
        assertThat(registry.follow()).as("the record it serves").isNull();
        ModelRegistry.State started = registry.state();
        java.util.concurrent.atomic.AtomicReference<String> onRecord =
                new java.util.concurrent.atomic.AtomicReference<>(
                        "the last, START by start: korrekt serve at 2026-11-24T00:00:00Z, chose v1 (to roll back to: null)");
        ModelRegistry.OnRecord check = record -> onRecord.get();

        // written by hand an hour ago
        new ChampionRecord("v2", "v1", Instant.now().minusSeconds(3600)).write(profileDir);
        assertThatThrownBy(() -> registry.follow(check))
                .isInstanceOf(BundleException.class)
                .hasMessage(profileDir.resolve(ChampionRecord.FILE_NAME)
                        + " names the champion v2 (to roll back to: v1),"
                        + " which no change on record chose (" + onRecord.get() + "); it is not taken: choose the"
                        + " champion through POST /v1/models/test/{version}/activate or .../rollback, which record"
                        + " who chose it");
        assertThat(registry.state()).isSameAs(started);
        // asked again: still refused, not forgotten as a bundle that failed verification is
        assertThatThrownBy(() -> registry.follow(check)).isInstanceOf(BundleException.class);

        // just written: its row may not be committed yet; nothing now, and taken once it is
        new ChampionRecord("v2", "v1", Instant.now()).write(profileDir);
        assertThat(registry.follow(check)).isNull();
        assertThat(registry.state()).isSameAs(started);
        onRecord.set(null);
        assertThat(registry.follow(check).champion().version()).isEqualTo("v2");
    }
}
