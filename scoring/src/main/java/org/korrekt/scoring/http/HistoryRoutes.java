package org.korrekt.scoring.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.feed.HistoryFeed;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;

/**
 * The person history's feed route, {@code POST /v1/history/events}: decode the whole request (or
 * refuse it whole), record the events on the database workers, apply them, answer with the counts.
 */
final class HistoryRoutes {

    static final String ROUTE = "/v1/history/events";

    private final WorkerExecutor database;
    private final HistoryEventDecoder decoder;
    private final HistoryFeed feed;
    private final int maxEvents;
    private final long bodyLimit;

    /** {@code feed} is null when the service keeps no person history: the route then answers 409. */
    HistoryRoutes(
            WorkerExecutor database, HistoryEventDecoder decoder, HistoryFeed feed, int maxEvents, long bodyLimit) {
        this.database = database;
        this.decoder = decoder;
        this.feed = feed;
        this.maxEvents = maxEvents;
        this.bodyLimit = bodyLimit;
    }

    /** Adds the route; {@code /v1/*} is authenticated before it. */
    void register(Router router) {
        router.post(ROUTE).handler(ctx -> JsonBodies.requireJson(ctx, ROUTE));
        router.post(ROUTE)
                .handler(BodyHandler.create(false).setBodyLimit(bodyLimit))
                .handler(JsonBodies::checkBody)
                .handler(this::events);
    }

    private void events(RoutingContext ctx) {
        Principal caller = ScoringVerticle.require(ctx, Role.FEED);
        if (feed == null) {
            throw new RequestException(
                    ErrorCode.CONFLICT,
                    null,
                    "this service keeps no person history (started without --history), so it takes no history events");
        }
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        List<HistoryEventDecoder.FeedEvent> events = decoder.decodeRequest(body, maxEvents);
        database.<HistoryFeed.Appended>executeBlocking(() -> feed.append(events, caller.subject()), false)
                .onSuccess(done -> {
                    JsonArray conflicts = new JsonArray();
                    for (int i : done.conflicts()) {
                        conflicts.add(new JsonObject()
                                .put("index", i)
                                .put("eventId", events.get(i).eventId())
                                .put(
                                        "message",
                                        "an event with this eventId was recorded with other content; this one is not"
                                                + " applied"));
                    }
                    JsonArray refused = new JsonArray();
                    for (HistoryFeed.Refused r : done.refused()) {
                        refused.add(new JsonObject()
                                .put("index", r.index())
                                .put("eventId", events.get(r.index()).eventId())
                                .put("message", r.message()));
                    }
                    JsonObject answer = new JsonObject()
                            .put("received", done.received())
                            .put("recorded", done.recorded())
                            .put("duplicates", done.duplicates())
                            .put("conflicts", conflicts)
                            .put("refused", refused);
                    ScoringVerticle.sendJson(ctx, 200, answer.toBuffer().getBytes());
                })
                .onFailure(ctx::fail);
    }
}
