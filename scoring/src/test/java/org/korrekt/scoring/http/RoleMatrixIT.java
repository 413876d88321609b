package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.security.AuthConfig;
import org.korrekt.scoring.security.JwtIssuer;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;

/** Every endpoint against every role, allowed and denied, on a real server with real JWTs. */
class RoleMatrixIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String ITEM = "{\"applicationId\":\"A-role\",\"personPseudonym\":"
            + "\"p-0123456789abcdef0123456789abcdef\",\"benefit\":\"tfp\",\"channel\":\"paper\","
            + "\"submittedOn\":\"2025-06-01\",\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\","
            + "\"claimedDays\":5,\"amountSek\":4000,\"declaredMonthlyIncomeSek\":30000}";

    private static final String EVENTS = "{\"events\":[{\"eventId\":\"r-1\",\"type\":\"permit\","
            + "\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\",\"validTo\":\"2026-01-01\"}]}";

    /** The callers: a token per role, an investigator of another unit, an expired, a foreign and no token. */
    private static final Map<String, String> CALLERS = new LinkedHashMap<>();

    private static KorrektServer server;
    private static String tfpDecision;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("roles");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        TestModels.writeBundle(models, "test", "v2", TestModels.lateClaimModel());
        server = KorrektServer.start(TestServers.config(work, models, 10, 0));
        CALLERS.put("selfservice", TestTokens.token("web", Set.of(Role.SELFSERVICE), Set.of()));
        CALLERS.put("investigator", TestTokens.token("inv-tfp", Set.of(Role.INVESTIGATOR), Set.of("tfp")));
        CALLERS.put(
                "investigator of another unit", TestTokens.token("inv-fp", Set.of(Role.INVESTIGATOR), Set.of("fp")));
        CALLERS.put("datascientist", TestTokens.token("ds", Set.of(Role.DATASCIENTIST), Set.of()));
        CALLERS.put("feed", TestTokens.token("registers", Set.of(Role.FEED), Set.of()));
        CALLERS.put("auditor", TestTokens.token("revisor", Set.of(Role.AUDITOR), Set.of()));
        CALLERS.put("admin", TestTokens.ADMIN);
        CALLERS.put(
                "token signed with another key",
                JwtIssuer.of(
                                AuthConfig.hs256(
                                        "another secret, also thirty-two bytes long".getBytes(StandardCharsets.UTF_8)),
                                java.time.Clock.systemUTC())
                        .issue("intruder", Set.of(Role.ADMIN), Set.of(), Duration.ofHours(1)));
        CALLERS.put(
                "expired token",
                JwtIssuer.of(TestTokens.AUTH, java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofHours(-3)))
                        .issue("old", Set.of(Role.ADMIN), Set.of(), Duration.ofHours(1)));
        CALLERS.put("no token", null);
        HttpResponse<String> scored = send("POST", "/v1/score", ITEM, TestTokens.ADMIN);
        tfpDecision = new JsonObject(scored.body()).getString("decisionId");
        server.recorder().flush(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A route, the callers it serves, and those it answers 404 as if the resource did not exist. */
    private record Route(String method, String path, String body, Set<String> allowed, Set<String> hidden) {

        Route(String method, String path, String body, Set<String> allowed) {
            this(method, path, body, allowed, Set.of());
        }
    }

    @Test
    void everyEndpointAgainstEveryRole() throws Exception {
        Set<String> scorers = Set.of("selfservice", "admin");
        Set<String> readers = Set.of("investigator", "auditor", "admin");
        Set<String> modellers = Set.of("datascientist", "admin");
        Set<String> feeds = Set.of("feed", "admin");
        Set<String> everyone = CALLERS.keySet();
        List<Route> routes = List.of(
                new Route("POST", "/v1/score", ITEM, scorers),
                new Route("POST", "/v1/score/batch", "{\"items\":[" + ITEM + "]}", scorers),
                // another unit's decision is not found, as another unit's case is
                new Route("GET", "/v1/decisions/" + tfpDecision, null, readers, Set.of("investigator of another unit")),
                // any worker may ask; another unit's decisions are left out of the answer
                new Route(
                        "GET",
                        "/v1/decisions?applicationId=A-role",
                        null,
                        Set.of("investigator", "investigator of another unit", "auditor", "admin")),
                new Route("GET", "/v1/queues/tfp", null, readers),
                new Route("GET", "/v1/queues/tfp/claimed", null, readers),
                new Route("GET", "/v1/queues/tfp/closed", null, readers),
                new Route("GET", "/v1/queues/tfp/figures", null, readers),
                // an auditor reads and never changes
                new Route("PUT", "/v1/queues/tfp/capacity", "{\"casesPerDay\": 10}", Set.of("admin")),
                // the list of units: every worker, whatever units its token names
                new Route(
                        "GET",
                        "/v1/queues",
                        null,
                        Set.of("investigator", "investigator of another unit", "auditor", "admin")),
                new Route("GET", "/v1/models", null, Set.of("datascientist", "auditor", "admin")),
                new Route("POST", "/v1/models/test/v2/shadow", "", modellers),
                new Route("DELETE", "/v1/models/test/shadow", null, modellers),
                new Route("POST", "/v1/models/test/v2/activate", "", modellers),
                new Route("POST", "/v1/models/test/rollback", "", modellers),
                // this server keeps no person history, so the feed's callers get 409
                new Route("POST", "/v1/history/events", EVENTS, feeds),
                new Route("GET", "/health", null, everyone),
                new Route("GET", "/ready", null, everyone),
                new Route("GET", "/metrics", null, everyone),
                new Route("GET", "/openapi.yaml", null, everyone));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Route route : routes) {
            for (Map.Entry<String, String> caller : CALLERS.entrySet()) {
                HttpResponse<String> r = send(route.method(), route.path(), route.body(), caller.getValue());
                boolean allowed = route.allowed().contains(caller.getKey());
                int status = r.statusCode();
                boolean validToken = Set.of(
                                "selfservice",
                                "investigator",
                                "investigator of another unit",
                                "datascientist",
                                "feed",
                                "auditor",
                                "admin")
                        .contains(caller.getKey());
                boolean hidden = route.hidden().contains(caller.getKey());
                int refusal = hidden ? 404 : validToken ? 403 : 401;
                boolean ok = allowed ? status / 100 == 2 || status == 409 : status == refusal;
                if (!ok) {
                    wrong.add(route.method() + " " + route.path() + " as " + caller.getKey() + ": " + status + " "
                            + r.body());
                }
                if (!allowed && status / 100 == 4) {
                    String code =
                            new JsonObject(r.body()).getJsonObject("error").getString("code");
                    if (!code.equals(status == 401 ? "UNAUTHENTICATED" : status == 404 ? "NOT_FOUND" : "FORBIDDEN")) {
                        wrong.add(route.path() + " as " + caller.getKey() + ": code " + code);
                    }
                }
                checked++;
            }
        }
        System.out.printf("role matrix: %d routes x %d callers = %d checks%n", routes.size(), CALLERS.size(), checked);
        assertThat(wrong).isEmpty();
    }

    @Test
    void aClientOverItsRateLimitIsToldToWaitWhileOthersAreServed() throws Exception {
        Path work = TestDirectories.fresh("ratelimit");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        try (KorrektServer limited = KorrektServer.start(TestServers.config(work, models, 10, 2))) {
            String busy = TestTokens.token("busy", Set.of(Role.DATASCIENTIST), Set.of());
            int limitedCount = 0;
            String retryAfter = null;
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/v1/models"))
                                .header("Authorization", "Bearer " + busy)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 429) {
                    limitedCount++;
                    retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code"))
                            .isEqualTo("RATE_LIMITED");
                }
            }
            // a burst of 4 (twice 2 a second), then about 2 a second
            assertThat(limitedCount).isGreaterThanOrEqualTo(10);
            assertThat(retryAfter).isEqualTo("1");
            HttpResponse<String> other = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(limited.baseUrl() + "/v1/models"))
                            .header("Authorization", "Bearer " + TestTokens.ADMIN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode())
                    .as("another client has its own limit")
                    .isEqualTo(200);
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
