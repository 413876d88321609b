package org.korrekt.scoring.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.korrekt.features.Codes;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.scoring.ScoringService;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.queue.CaseStore;
import org.korrekt.scoring.queue.DecisionStore;
import org.korrekt.scoring.queue.QueueCase;
import org.korrekt.scoring.security.Principal;

/**
 * The control units' work routes ({@code /v1/me}, {@code /v1/queues/...}, {@code /v1/cases/...}):
 * decode, call the {@link CaseStore} on the database workers, encode with {@link CaseJson}. Errors
 * go to {@link ScoringVerticle}'s failure handler like every other route's.
 */
final class WorkRoutes {

    /**
     * The largest body of a work route: a note of 10,000 characters fits even when every one is
     * sent as a six-byte JSON escape (a backslash, {@code u} and four hex digits).
     */
    static final int BODY_LIMIT = 64 * 1024;

    private static final int DEFAULT_LIST_LIMIT = 50;

    private final WorkerExecutor database;
    private final CaseStore cases;
    private final DecisionStore store;
    private final ScoringService scoring;

    WorkRoutes(WorkerExecutor database, CaseStore cases, DecisionStore store, ScoringService scoring) {
        this.database = database;
        this.cases = cases;
        this.store = store;
        this.scoring = scoring;
    }

    /** Adds the routes; {@code /v1/*} is authenticated before them. */
    void register(Router router) {
        router.get("/v1/me").handler(this::me);
        router.get("/v1/queues").handler(this::units);
        router.get("/v1/queues/:unit").handler(this::queue);
        router.get("/v1/queues/:unit/claimed").handler(this::claimed);
        router.get("/v1/queues/:unit/closed").handler(this::closed);
        router.get("/v1/queues/:unit/figures").handler(this::figures);
        // a claim takes no body, or {} as the UI sends, like a release; anything else is refused
        router.post("/v1/queues/:unit/claim").handler(ctx -> JsonBodies.requireJson(ctx, "/v1/queues/{unit}/claim"));
        router.post("/v1/queues/:unit/claim")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(JsonBodies::checkBody)
                .handler(this::claim);
        router.put("/v1/queues/:unit/capacity")
                .handler(ctx -> JsonBodies.requireJson(ctx, "/v1/queues/{unit}/capacity"));
        router.put("/v1/queues/:unit/capacity")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(JsonBodies::checkBody)
                .handler(this::capacity);
        router.get("/v1/cases/:id").handler(this::caseDetail);
        router.post("/v1/cases/:id/:change")
                .handler(ctx -> JsonBodies.requireJson(ctx, caseChangeRoute(ctx.pathParam("change"))));
        router.post("/v1/cases/:id/:change")
                .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
                .handler(JsonBodies::checkBody)
                .handler(this::caseChange);
    }

    /**
     * The metrics' name of a case change's route: one of the five changes, else the template. A
     * caller's path never becomes a name, which would put what it holds (an identity number, a
     * forged metrics line) on {@code /metrics} and grow its map by one entry per name.
     */
    static String caseChangeRoute(String change) {
        return switch (change) {
            case "release", "reassign", "notes", "outcome", "corrections" -> "/v1/cases/{id}/" + change;
            default -> "/v1/cases/{id}/{change}";
        };
    }

    /** Whether {@code path} is one of these routes'. */
    static boolean isWorkRoute(String path) {
        return path.startsWith("/v1/queues/") || path.startsWith("/v1/cases/");
    }

    private void me(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/me");
        Principal p = ctx.get(ScoringVerticle.PRINCIPAL_KEY);
        ScoringVerticle.sendJson(ctx, 200, CaseJson.me(p).toBuffer().getBytes());
    }

    /**
     * Every control unit of this instance, sorted: those {@code --queues} routes benefits to, else one
     * per benefit. An admin's token names no units, so the UI offers an admin these. Callers need a
     * work role, as for a unit's queue; which units they may open is in their token.
     */
    private void units(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/queues");
        ScoringVerticle.requireReader(ctx);
        JsonObject body = new JsonObject()
                .put(
                        "units",
                        new io.vertx.core.json.JsonArray(
                                List.<Object>copyOf(cases.settings().units())));
        ScoringVerticle.sendJson(ctx, 200, body.toBuffer().getBytes());
    }

    /** A unit the caller may work, by its configured name, and the caller. */
    private record Unit(String name, Principal caller) {}

    /**
     * The unit named in the path, known to the routing, that the caller may work ({@code work}) or
     * read. Its name is matched regardless of case, as benefit codes are elsewhere ({@code
     * /v1/queues/TFP} is tfp's).
     */
    private Unit unit(RoutingContext ctx, String route, boolean work) {
        ctx.put(ScoringVerticle.ROUTE_KEY, route);
        // a token without the role learns nothing of the units
        if (work) {
            ScoringVerticle.requireWorkRole(ctx);
        } else {
            ScoringVerticle.requireReader(ctx);
        }
        String named = ctx.pathParam("unit");
        String unit = cases.settings().units().stream()
                .filter(u -> Codes.equalsIgnoringAsciiCase(u, named))
                .findFirst()
                .orElseThrow(() -> new RequestException(
                        ErrorCode.NOT_FOUND,
                        "unit",
                        "no queue named '" + PersonalIdentityNumber.quotable(named) + "'; the units are "
                                + cases.settings().units()));
        return new Unit(unit, ScoringVerticle.requireUnit(ctx, unit, work));
    }

    private void queue(RoutingContext ctx) {
        String unit = unit(ctx, "/v1/queues/{unit}", false).name();
        int limit = limit(QueryParameters.of(ctx, "limit"));
        database.<CaseStore.OpenQueue>executeBlocking(() -> cases.openQueue(unit, limit), false)
                .onSuccess(found -> ScoringVerticle.sendJson(ctx, 200, CaseJson.openQueue(unit, found, cases.today())))
                .onFailure(ctx::fail);
    }

    private void claimed(RoutingContext ctx) {
        String unit = unit(ctx, "/v1/queues/{unit}/claimed", false).name();
        database.<CaseStore.ClaimedCases>executeBlocking(() -> cases.claimedCases(unit, CaseStore.MAX_LIST), false)
                .onSuccess(
                        found -> ScoringVerticle.sendJson(ctx, 200, CaseJson.claimedCases(unit, found, cases.today())))
                .onFailure(ctx::fail);
    }

    /**
     * The unit's closed cases, most recently closed first, with their outcomes as they count now: a
     * page of {@code limit} after the case {@code before}, the last case of the page before.
     */
    private void closed(RoutingContext ctx) {
        String unit = unit(ctx, "/v1/queues/{unit}/closed", false).name();
        QueryParameters parameters = QueryParameters.of(ctx, "limit", "before");
        int limit = limit(parameters);
        Long before = before(parameters.get("before"));
        database.<List<CaseStore.ClosedCase>>executeBlocking(() -> cases.closedCases(unit, limit, before), false)
                .onSuccess(found ->
                        ScoringVerticle.sendJson(ctx, 200, CaseJson.closedCases(unit, found, limit, cases.today())))
                .onFailure(ctx::fail);
    }

    /** The {@code before} parameter of a closed-case page: a case id, or null when absent. */
    private static Long before(String value) {
        return value == null ? null : caseId(value, "before");
    }

    private void claim(RoutingContext ctx) {
        Unit named = unit(ctx, "/v1/queues/{unit}/claim", true);
        String unit = named.name();
        Principal caller = named.caller();
        CaseJson.body(ctx.body().buffer(), java.util.Set.of());
        database.<QueueCase>executeBlocking(() -> cases.claimNext(unit, caller.subject()), false)
                .onSuccess(claimed -> {
                    if (claimed == null) {
                        ScoringVerticle.sendError(
                                ctx,
                                ErrorCode.NOT_FOUND,
                                "no released case left to claim in unit '" + unit + "'",
                                null);
                    } else {
                        ScoringVerticle.sendJson(
                                ctx,
                                200,
                                CaseJson.summary(claimed, cases.today())
                                        .toBuffer()
                                        .getBytes());
                    }
                })
                .onFailure(ctx::fail);
    }

    private void figures(RoutingContext ctx) {
        String unit = unit(ctx, "/v1/queues/{unit}/figures", false).name();
        int weeks = QueryParameters.of(ctx, "weeks").integer("weeks", 8, 1, CaseStore.MAX_WEEKS);
        database.<org.korrekt.scoring.queue.UnitFigures>executeBlocking(() -> cases.figures(unit, weeks), false)
                .onSuccess(f -> ScoringVerticle.sendJson(
                        ctx, 200, CaseJson.figures(f).toBuffer().getBytes()))
                .onFailure(ctx::fail);
    }

    private void capacity(RoutingContext ctx) {
        Unit named = unit(ctx, "/v1/queues/{unit}/capacity", true);
        String unit = named.name();
        Principal caller = named.caller();
        JsonObject body = CaseJson.body(ctx.body().buffer(), java.util.Set.of("casesPerDay"));
        int perDay =
                CaseJson.integer(body, "casesPerDay", 0, org.korrekt.scoring.queue.QueueSettings.MAX_CASES_PER_DAY);
        database.<org.korrekt.scoring.queue.UnitFigures>executeBlocking(
                        () -> {
                            cases.setCapacity(unit, perDay, caller);
                            return cases.figures(unit, 8);
                        },
                        false)
                .onSuccess(f -> ScoringVerticle.sendJson(
                        ctx, 200, CaseJson.figures(f).toBuffer().getBytes()))
                .onFailure(ctx::fail);
    }

    private static long caseId(RoutingContext ctx) {
        return caseId(ctx.pathParam("id"), "id");
    }

    /** {@code value} as a case id, a whole number above 0; else 400 naming {@code field}. */
    private static long caseId(String value, String field) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RequestException(
                ErrorCode.INVALID_PARAMETER,
                field,
                "a case id is a positive whole number, was '"
                        + org.korrekt.features.identity.PersonalIdentityNumber.quotable(value) + "'");
    }

    private void caseDetail(RoutingContext ctx) {
        ctx.put(ScoringVerticle.ROUTE_KEY, "/v1/cases/{id}");
        Principal caller = ScoringVerticle.requireReader(ctx);
        long id = caseId(ctx);
        database.<org.korrekt.scoring.queue.CaseDetail>executeBlocking(() -> cases.detail(id, caller, store), false)
                .onSuccess(detail -> {
                    DecisionRoutes.logRead(
                            caller, "case", Long.toString(id), detail.summary().unit());
                    ScoringVerticle.sendJson(
                            ctx,
                            200,
                            CaseJson.detail(detail, scoring.schema(), cases.today())
                                    .toBuffer()
                                    .getBytes());
                })
                .onFailure(ctx::fail);
    }

    private void caseChange(RoutingContext ctx) {
        Principal caller = ScoringVerticle.requireWorkRole(ctx);
        long id = caseId(ctx);
        String change = ctx.pathParam("change");
        io.vertx.core.buffer.Buffer raw = ctx.body().buffer();
        java.util.concurrent.Callable<Object> work;
        int status = 200;
        switch (change) {
            case "release" -> {
                CaseJson.body(raw, java.util.Set.of());
                work = () -> cases.release(id, caller);
            }
            case "reassign" -> {
                JsonObject body = CaseJson.body(raw, java.util.Set.of("assignee"));
                String assignee = CaseJson.name(body, "assignee", 200);
                work = () -> cases.reassign(id, assignee, caller);
            }
            case "notes" -> {
                JsonObject body = CaseJson.body(raw, java.util.Set.of("body"));
                String text = CaseJson.text(body, "body", 10_000);
                work = () -> cases.addNote(id, text, caller);
                status = 201;
            }
            case "outcome" -> {
                org.korrekt.scoring.queue.Outcome outcome = CaseJson.outcome(raw);
                work = () -> cases.recordOutcome(id, outcome, caller);
            }
            case "corrections" -> {
                CaseJson.OutcomeCorrection correction = CaseJson.correction(raw);
                work = () -> cases.correctOutcome(id, correction.outcome(), correction.reason(), caller);
                status = 201;
            }
            default ->
                throw new RequestException(
                        ErrorCode.NOT_FOUND,
                        null,
                        "no such resource: " + ctx.request().path());
        }
        int answered = status;
        database.executeBlocking(work, false)
                .onSuccess(result -> ScoringVerticle.sendJson(
                        ctx,
                        answered,
                        (result instanceof QueueCase c
                                        ? CaseJson.summary(c, cases.today())
                                        : CaseJson.note((org.korrekt.scoring.queue.CaseDetail.Note) result))
                                .toBuffer()
                                .getBytes()))
                .onFailure(ctx::fail);
    }

    /** The {@code limit} of a list: 1 to {@link CaseStore#MAX_LIST}, 50 when not given. */
    private static int limit(QueryParameters parameters) {
        return parameters.integer("limit", DEFAULT_LIST_LIMIT, 1, CaseStore.MAX_LIST);
    }
}
