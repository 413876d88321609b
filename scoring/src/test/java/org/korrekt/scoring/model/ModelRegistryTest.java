package org.korrekt.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
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
}
