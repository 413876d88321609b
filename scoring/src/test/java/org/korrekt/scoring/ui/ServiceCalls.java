package org.korrekt.scoring.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.korrekt.scoring.server.KorrektServer;

/** The browser tests' calls of the service's API beside the browser: to seed cases and check what the UI shows. */
final class ServiceCalls {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ServiceCalls() {}

    /** {@code method path} with {@code token}, and {@code body} as JSON when not null. */
    static HttpResponse<String> send(KorrektServer server, String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("Authorization", "Bearer " + token);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON, which must be a 200. */
    static JsonObject ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body());
    }
}
