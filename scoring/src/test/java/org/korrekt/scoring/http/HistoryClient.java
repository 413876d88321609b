package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.server.KorrektServer;

/**
 * What the person history tests send and read over HTTP: VAB claims, decisions and features as an
 * admin, and history feed events as whoever the token names.
 */
public final class HistoryClient {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private HistoryClient() {}

    /** A VAB application for five days from {@code start}, 4,000 SEK, for {@code child}. */
    static String vab(String id, String person, String child, LocalDate start, LocalDate submitted) {
        return new JsonObject()
                .put("applicationId", id)
                .put("personPseudonym", person)
                .put("childPseudonym", child)
                .put("benefit", "tfp")
                .put("channel", "e-service")
                .put("submittedOn", submitted.toString())
                .put("periodStart", start.toString())
                .put("periodEnd", start.plusDays(4).toString())
                .put("claimedDays", 5)
                .put("amountSek", 4000)
                .put("declaredMonthlyIncomeSek", 30000)
                .encode();
    }

    /** The decision on {@code body}, which must be answered 200. */
    static JsonObject score(KorrektServer server, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** The decision record of {@code decided}. */
    static JsonObject decision(KorrektServer server, JsonObject decided) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(
                                URI.create(server.baseUrl() + "/v1/decisions/" + decided.getString("decisionId")))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }

    /** The features the decision on {@code decided} was made on. */
    static JsonArray features(KorrektServer server, JsonObject decided) throws Exception {
        return decision(server, decided).getJsonArray("features");
    }

    /** Posts {@code body} to {@code POST /v1/history/events} with {@code token}; any status. */
    public static HttpResponse<String> postEvents(KorrektServer server, String token, String body) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/history/events"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The body of {@code GET path} (no token), which must be answered 200. */
    static String get(KorrektServer server, String path) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The codes of a decision's reasons. */
    static List<String> codes(JsonObject decided) {
        return decided.getJsonArray("reasons").stream()
                .map(r -> ((JsonObject) r).getString("code"))
                .toList();
    }
}
