package org.korrekt.scoring.http;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import org.korrekt.features.model.ArtifactException;
import org.korrekt.features.model.BundleManifest;
import org.korrekt.features.model.GateOverride;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.model.BundleException;
import org.korrekt.scoring.model.ModelBundle;
import org.korrekt.scoring.model.ModelRegistry;
import org.korrekt.scoring.record.ModelChanges;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model routes ({@code /v1/models...}): the served profile's champion, previous champion and
 * shadow, and changing them through the {@link ModelRegistry} off the event loop. Errors go to
 * {@link ScoringVerticle}'s failure handler like every other route's.
 */
final class ModelRoutes {

    // the service's log names the events models_changed and bundle_refused under this logger, as before
    private static final Logger LOG = LoggerFactory.getLogger(ScoringVerticle.class);

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final ModelChanges changes;

    ModelRoutes(Vertx vertx, ModelRegistry registry, ModelChanges changes) {
        this.vertx = vertx;
        this.registry = registry;
        this.changes = changes;
    }

    /** Adds the routes; {@code /v1/*} is authenticated before them. */
    void register(Router router) {
        router.get("/v1/models").handler(this::models);
        router.post("/v1/models/:profile/rollback").handler(this::rollback);
        router.delete("/v1/models/:profile/shadow").handler(this::stopShadow);
        router.post("/v1/models/:profile/:version/activate").handler(this::activate);
        router.post("/v1/models/:profile/:version/shadow").handler(this::shadow);
    }

    private void models(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/models");
        Principal caller = ctx.get(ScoringVerticle.PRINCIPAL_KEY);
        if (caller == null || !caller.has(Role.AUDITOR)) {
            ScoringVerticle.require(ctx, Role.DATASCIENTIST); // an auditor reads the models too
        }
        vertx.<byte[]>executeBlocking(() -> modelsBody(registry.state()), false)
                .onSuccess(body -> ScoringVerticle.sendJson(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    private byte[] modelsBody(ModelRegistry.State state) throws BundleException {
        JsonObject body = new JsonObject()
                .put("profile", registry.profile())
                .put("champion", bundleJson(state.champion()))
                .put("previous", bundleJson(state.previous()))
                .put("shadow", bundleJson(state.shadow()))
                .put("versions", new JsonArray(new ArrayList<Object>(registry.versions())));
        return body.toBuffer().getBytes();
    }

    private static Object bundleJson(ModelBundle bundle) throws BundleException {
        if (bundle == null) {
            return null;
        }
        // the fairness gate it was served under, and who decided to serve it despite a failure
        String gate = null;
        GateOverride override = null;
        if (bundle.directory() != null) {
            try (java.io.InputStream in =
                    java.nio.file.Files.newInputStream(bundle.directory().resolve(BundleManifest.FILE_NAME))) {
                gate = BundleManifest.read(in).gate();
                override = BundleManifest.GATE_FAIL.equals(gate) ? GateOverride.read(bundle.directory()) : null;
                if (override != null && !override.isFor(bundle.directory())) {
                    // one copied beside the bundle since it was verified is not its decision
                    override = null;
                }
            } catch (java.io.IOException | ArtifactException e) {
                throw new BundleException(bundle.directory() + ": " + e.getMessage(), e);
            }
        }
        return new JsonObject()
                .put("version", bundle.version())
                .put("gate", gate)
                .put(
                        "gateOverride",
                        override == null
                                ? null
                                : new JsonObject()
                                        .put("by", override.by())
                                        .put("at", override.at().toString())
                                        .put("reason", override.reason()))
                .put("schemaFingerprint", bundle.model().schemaFingerprint())
                .put(
                        "thresholds",
                        new JsonObject()
                                .put("extraQuestions", bundle.policy().extraQuestions())
                                .put("manualCheck", bundle.policy().manualCheck())
                                .put("holdPayment", bundle.policy().holdPayment())
                                .put("randomControlShare", bundle.policy().randomControlShare()))
                .put(
                        "policy",
                        new JsonObject()
                                .put("basis", bundle.policy().basis())
                                .put("minCaseAmountSek", bundle.policy().minCaseAmountSek())
                                .put(
                                        "questions",
                                        new JsonArray(bundle.policy().questions().stream()
                                                .map(q -> (Object) q.code())
                                                .toList())));
    }

    private void activate(RoutingContext ctx) {
        changeModels(ctx, "/v1/models/{profile}/{version}/activate", log -> registry.activate(version(ctx), log));
    }

    private void shadow(RoutingContext ctx) {
        changeModels(ctx, "/v1/models/{profile}/{version}/shadow", log -> registry.shadow(version(ctx), log));
    }

    private void stopShadow(RoutingContext ctx) {
        changeModels(ctx, "/v1/models/{profile}/shadow", registry::stopShadow);
    }

    private void rollback(RoutingContext ctx) {
        changeModels(ctx, "/v1/models/{profile}/rollback", log -> {
            try {
                return registry.rollback(log);
            } catch (IllegalStateException e) {
                throw new RequestException(ErrorCode.CONFLICT, null, e.getMessage());
            }
        });
    }

    private interface ModelChange {
        ModelRegistry.State apply(ModelRegistry.ChangeLog log) throws BundleException;
    }

    /** Runs a registry change off the event loop (loading a bundle reads and hashes its files). */
    private void changeModels(RoutingContext ctx, String route, ModelChange change) {
        ctx.put(ScoringVerticle.ROUTE_KEY, route);
        String subject = ScoringVerticle.require(ctx, Role.DATASCIENTIST).subject();
        String profile = ctx.pathParam("profile");
        if (!registry.profile().equals(profile)) {
            refused(route, profile, subject, ErrorCode.NOT_FOUND, "no profile '" + profile + "' here");
            throw new RequestException(
                    ErrorCode.NOT_FOUND, "profile", "this service serves profile '" + registry.profile() + "' only");
        }
        vertx.<byte[]>executeBlocking(
                        () -> {
                            try {
                                // recorded in the database before it takes effect, under the caller's subject
                                ModelRegistry.State state = change.apply(changes.by(subject));
                                LOG.atInfo()
                                        .addKeyValue("event", "models_changed")
                                        .addKeyValue("route", route)
                                        .addKeyValue("profile", profile)
                                        .addKeyValue(
                                                "champion", state.champion().version())
                                        .addKeyValue(
                                                "previous",
                                                state.previous() == null
                                                        ? null
                                                        : state.previous().version())
                                        .addKeyValue(
                                                "shadow",
                                                state.shadow() == null
                                                        ? null
                                                        : state.shadow().version())
                                        .addKeyValue(
                                                "policy",
                                                state.champion().policy().basis())
                                        .addKeyValue("subject", subject)
                                        .log(
                                                "Models of {} changed: champion {}",
                                                profile,
                                                state.champion().version());
                                return modelsBody(state);
                            } catch (ModelRegistry.BundleNotFoundException e) {
                                refused(route, profile, subject, ErrorCode.NOT_FOUND, e.getMessage());
                                throw new RequestException(ErrorCode.NOT_FOUND, "version", e.getMessage());
                            } catch (RequestException e) {
                                // a rollback with nothing to roll back to, say
                                refused(route, profile, subject, e.code(), e.getMessage());
                                throw e;
                            } catch (ModelRegistry.ChangeNotRecordedException e) {
                                LOG.atWarn()
                                        .addKeyValue("event", "models_change_not_recorded")
                                        .addKeyValue("route", route)
                                        .addKeyValue("profile", profile)
                                        .addKeyValue("subject", subject)
                                        .log("A change of the models of {} was not made: {}", profile, e.getMessage());
                                throw new RequestException(ErrorCode.UNAVAILABLE, null, e.getMessage());
                            } catch (BundleException e) {
                                LOG.atWarn()
                                        .addKeyValue("event", "bundle_refused")
                                        .addKeyValue("route", route)
                                        .addKeyValue("profile", profile)
                                        .addKeyValue("subject", subject)
                                        .log("Refused a bundle of {}: {}", profile, e.getMessage());
                                throw new RequestException(ErrorCode.BUNDLE_REFUSED, "version", e.getMessage());
                            }
                        },
                        true)
                .onSuccess(body -> ScoringVerticle.sendJson(ctx, 200, body))
                .onFailure(ctx::fail);
    }

    /** Logs a change that was asked for and not made, with who asked, as a made one is logged. */
    private static void refused(String route, String profile, String subject, ErrorCode code, String message) {
        LOG.atWarn()
                .addKeyValue("event", "models_change_refused")
                .addKeyValue("route", route)
                .addKeyValue("profile", profile)
                .addKeyValue("subject", subject)
                .addKeyValue("code", code.name())
                .log("Refused a change of the models of {}: {}", profile, message);
    }

    private static String version(RoutingContext ctx) {
        String version = ctx.pathParam("version");
        if (!ModelRegistry.isVersionName(version)) {
            throw new RequestException(ErrorCode.INVALID_PARAMETER, "version", "not a bundle version name");
        }
        return version;
    }
}
