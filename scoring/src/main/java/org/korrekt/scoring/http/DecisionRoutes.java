package org.korrekt.scoring.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.korrekt.features.Application;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.record.DecisionRecord;
import org.korrekt.scoring.record.DecisionRecordJson;
import org.korrekt.scoring.record.DecisionRecorder;
import org.korrekt.scoring.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision routes ({@code /v1/decisions...}): a decision record, and the decisions of an
 * application, for the control units that may read them; and the log of who read a record of a
 * person. Errors go to {@link ScoringVerticle}'s failure handler like every other route's.
 */
final class DecisionRoutes {

    // the service's log names the event record_read under this logger, as the other routes' events
    private static final Logger LOG = LoggerFactory.getLogger(ScoringVerticle.class);

    private final WorkerExecutor database;
    private final DecisionStore store;
    private final DecisionRecorder recorder;
    private final ScoringService scoring;

    DecisionRoutes(WorkerExecutor database, DecisionStore store, DecisionRecorder recorder, ScoringService scoring) {
        this.database = database;
        this.store = store;
        this.recorder = recorder;
        this.scoring = scoring;
    }

    /** Adds the routes; {@code /v1/*} is authenticated before them. */
    void register(Router router) {
        router.get("/v1/decisions").handler(this::decisionsOfApplication);
        router.get("/v1/decisions/:id").handler(this::decisionRecord);
    }

    /**
     * A decision of a control unit outside the caller's is answered 404, as if it did not exist, as
     * a case is.
     */
    private void decisionRecord(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/decisions/{id}");
        Principal caller = ScoringVerticle.requireReader(ctx);
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new RequestException(ErrorCode.INVALID_PARAMETER, "id", "the decision id must be a UUID");
        }
        DecisionRecord pending = recorder.unwritten(id);
        if (pending != null) {
            if (!caller.mayReadUnit(pending.unit())) {
                throw new RequestException(ErrorCode.NOT_FOUND, "id", "no decision " + id);
            }
            logRead(caller, "decision", id, pending.unit());
            ScoringVerticle.sendJson(ctx, 200, recordJson(pending));
            return;
        }
        database.<DecisionRecord>executeBlocking(() -> store.find(id), false)
                .onSuccess(found -> {
                    if (found == null || !caller.mayReadUnit(found.unit())) {
                        ScoringVerticle.sendError(ctx, ErrorCode.NOT_FOUND, "no decision " + id, "id");
                        return;
                    }
                    logRead(caller, "decision", id, found.unit());
                    ScoringVerticle.sendJson(ctx, 200, recordJson(found));
                })
                .onFailure(ctx::fail);
    }

    /**
     * {@code GET /v1/decisions?applicationId=A}: the decisions recorded about an application that the
     * caller's units may read, oldest first; an auditor's way from an application to its records. A
     * page holds at most {@link DecisionStore#MAX_DECISIONS_OF_APPLICATION}; {@code &after=} the last
     * one's {@code decisionId} gives the next.
     */
    private void decisionsOfApplication(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/decisions");
        Principal caller = ScoringVerticle.requireReader(ctx);
        QueryParameters parameters = QueryParameters.of(ctx, "applicationId", "after");
        String applicationId = parameters.get("applicationId");
        if (applicationId == null || applicationId.isEmpty()) {
            throw new RequestException(
                    ErrorCode.INVALID_PARAMETER, "applicationId", "give the application's id: ?applicationId=...");
        }
        if (applicationId.length() > Application.MAX_ID_LENGTH
                || !ApplicationRequestDecoder.isIdentifier(applicationId)
                || PersonalIdentityNumber.occursIn(applicationId)) {
            // no application id holds an identity number (scoring refuses one), so none is looked up or logged
            throw new RequestException(
                    ErrorCode.INVALID_PARAMETER,
                    "applicationId",
                    "an application id has 1 to " + Application.MAX_ID_LENGTH
                            + " characters of A-Z a-z 0-9 . _ : - and holds no personal identity number");
        }
        UUID after = after(parameters.get("after"));
        // the units filter in the query, so that the limit counts the caller's decisions only
        Set<String> units = caller.readsEveryUnit() ? null : caller.units();
        database.<List<DecisionStore.DecisionSummary>>executeBlocking(
                        () -> store.decisionsOf(applicationId, units, after), false)
                .onSuccess(found -> {
                    JsonArray decisions = new JsonArray();
                    // the oldest ones after `after`; more than a page, and the answer says so and names the next
                    boolean truncated = found.size() > DecisionStore.MAX_DECISIONS_OF_APPLICATION;
                    for (DecisionStore.DecisionSummary d :
                            truncated ? found.subList(0, DecisionStore.MAX_DECISIONS_OF_APPLICATION) : found) {
                        decisions.add(new JsonObject()
                                .put("decisionId", d.decisionId().toString())
                                .put("decidedAt", d.decidedAt().toString())
                                .put("unit", d.unit())
                                .put("modelVersion", d.modelVersion())
                                .put("action", d.action())
                                .put("score", d.score())
                                .put("randomControl", d.randomControl()));
                    }
                    logRead(caller, "decisions of application", applicationId, null);
                    ScoringVerticle.sendJson(
                            ctx,
                            200,
                            new JsonObject()
                                    .put("applicationId", applicationId)
                                    .put("decisions", decisions)
                                    .put("truncated", truncated)
                                    .put(
                                            "next",
                                            truncated
                                                    ? decisions
                                                            .getJsonObject(decisions.size() - 1)
                                                            .getString("decisionId")
                                                    : null)
                                    .toBuffer()
                                    .getBytes());
                })
                .onFailure(ctx::fail);
    }

    /** The decision {@code after} which a page of an application's decisions starts, or null. */
    private static UUID after(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new RequestException(
                    ErrorCode.INVALID_PARAMETER,
                    "after",
                    "after must be the decisionId of the last decision of the page before, was '"
                            + PersonalIdentityNumber.quotable(value) + "'");
        }
    }

    /** The names of a decision record's {@code thresholds}, in their order. */
    static final List<String> THRESHOLD_NAMES =
            List.of("extraQuestions", "manualCheck", "holdPayment", "randomControlShare", "minCaseAmountSek");

    /**
     * A decision record as the route answers it: as kept, with the names of its thresholds and, when
     * it was scored with the feature schema this service runs, of its features.
     */
    private byte[] recordJson(DecisionRecord r) {
        JsonObject json = DecisionRecordJson.toJson(r);
        // which client request it answered is the service's own bookkeeping, a digest that tells a reader nothing
        json.remove("request");
        json.put("thresholdNames", new JsonArray(new ArrayList<Object>(THRESHOLD_NAMES)));
        if (scoring.schema().fingerprint().equals(r.schemaFingerprint())) {
            json.put(
                    "featureNames",
                    new JsonArray(new ArrayList<Object>(scoring.schema().names())));
        }
        return json.toBuffer().getBytes();
    }

    /**
     * Logs who read a record of a person (a decision, a case): no request is logged otherwise, and a
     * data-protection officer asks who looked at what. Ids and the unit only, never personal data.
     */
    static void logRead(Principal caller, String kind, Object id, String unit) {
        // the id as a field only: a decision's UUID is logged as the service made it, while a message
        // holding one would be withheld whole on the rare UUID whose digits make a person's number
        LOG.atInfo()
                .addKeyValue("event", "record_read")
                .addKeyValue("kind", kind)
                .addKeyValue("id", id)
                .addKeyValue("unit", unit)
                .addKeyValue("subject", caller.subject())
                .log("{} read by {}", kind, caller.subject());
    }
}
