package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.security.Role;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;

/**
 * The load benchmark's baseline route on a real service started with it enabled: the body comes
 * back byte for byte, behind the same authentication, role, media type and body limit as {@code
 * /v1/score}, and nothing is scored or recorded. That it is off by default is checked in {@link
 * ScoringServiceIT}.
 */
class BenchEchoIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String SCORER = TestTokens.token("echo-scorer", Set.of(Role.SELFSERVICE), Set.of());
    private static final String APPLICATION = "{\"applicationId\":\"A-echo-1\",\"personPseudonym\":\""
            + TestModels.PERSON + "\",\"benefit\":\"tfp\",\"channel\":\"paper\",\"submittedOn\":\"2025-08-01\","
            + "\"periodStart\":\"2025-02-03\",\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":4000,"
            + "\"declaredMonthlyIncomeSek\":30000}";

    private static KorrektServer server;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("bench-echo");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        ServerConfig config = TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0)
                .withBenchEcho(true);
        server = KorrektServer.start(config);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void answersTheBodyAsItCameAndScoresNothing() throws Exception {
        // not valid for /v1/score (an unknown field): the echo reads no JSON
        String body = APPLICATION.replace("}", ",\"note\":\"å ä ö\"}");

        HttpResponse<byte[]> echoed = post(SCORER, "application/json", body.getBytes(StandardCharsets.UTF_8));

        assertThat(echoed.statusCode()).isEqualTo(200);
        assertThat(echoed.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(echoed.body()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        server.recorder().flush(java.time.Duration.ofSeconds(5));
        assertThat(server.recorder().written()).isZero();
        assertThat(metrics()).contains("korrekt_http_requests_total{route=\"/v1/bench/echo\",status=\"200\"}");
    }

    @Test
    void goesThroughTheSameChecksAsScoring() throws Exception {
        byte[] body = APPLICATION.getBytes(StandardCharsets.UTF_8);
        String investigator = TestTokens.token("echo-investigator", Set.of(Role.INVESTIGATOR), Set.of("tfp"));

        assertThat(post(null, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(post(investigator, "application/json", body).statusCode()).isEqualTo(403);
        assertThat(post(SCORER, "text/plain", body).statusCode()).isEqualTo(415);
        assertThat(post(SCORER, "application/json", new byte[ServerConfig.DEFAULT_MAX_BODY_BYTES + 1])
                        .statusCode())
                .isEqualTo(413);
    }

    private static HttpResponse<byte[]> post(String token, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + ScoringVerticle.ECHO_ROUTE))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String metrics() throws Exception {
        return CLIENT.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
