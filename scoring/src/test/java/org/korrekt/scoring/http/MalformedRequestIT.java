package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.server.KorrektServer;

/**
 * Bad input never yields a 5xx: thousands of seeded malformed, truncated, oversized, wrong-typed
 * and out-of-range requests, each answered with a 4xx whose JSON body holds a stable error code
 * and, where one field is to blame, names it.
 */
class MalformedRequestIT {

    private static final String TOKEN = TestTokens.ADMIN;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final long SEED = 20261122L;
    private static final int CASES = 3_000;

    private static final Map<String, Object> VALID = new java.util.LinkedHashMap<>();

    static {
        VALID.put("applicationId", "A-fuzz");
        VALID.put("personPseudonym", "p-0123456789abcdef0123456789abcdef");
        VALID.put("benefit", "tfp");
        VALID.put("channel", "paper");
        VALID.put("submittedOn", "2025-03-01");
        VALID.put("periodStart", "2025-02-03");
        VALID.put("periodEnd", "2025-02-07");
        VALID.put("claimedDays", 5);
        VALID.put("amountSek", 4000);
        VALID.put("declaredMonthlyIncomeSek", 30000);
    }

    /** Values of the wrong JSON type for a field, as JSON text. */
    private static final String[] WRONG_TYPES = {"true", "[]", "{}", "[1,2]", "{\"a\":1}", "12", "\"x\"", "-0.5"};

    /** Out-of-range values per field, as JSON text. */
    private static final Map<String, String[]> OUT_OF_RANGE = Map.of(
            "amountSek", new String[] {"-1", "1e300", "-0.01", "1e20"},
            "claimedDays", new String[] {"-1", "99999", "4000000000", "6"},
            "declaredMonthlyIncomeSek", new String[] {"-5", "1e300"},
            "submittedOn", new String[] {"\"1999-12-31\"", "\"2101-01-01\"", "\"2999-01-01\""},
            "periodEnd", new String[] {"\"2025-02-01\"", "\"1900-01-01\""},
            "periodStart", new String[] {"\"2025-02-09\"", "\"1800-01-01\""},
            "benefit", new String[] {"\"xyz\"", "\"TFP \"", "\"\""},
            "channel", new String[] {"\"fax\"", "\"\""},
            "applicationId", new String[] {"\"\"", "\"has space\"", "\"" + "x".repeat(300) + "\""},
            "personPseudonym", new String[] {"\"\""});

    private static KorrektServer server;

    @BeforeAll
    static void start() throws Exception {
        Path work = TestDirectories.fresh("fuzz");
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "v1", TestModels.lateClaimModel());
        server = KorrektServer.start(TestServers.config(work, models, 20, 0));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** One generated request: what to send and what must come back. */
    private record Case(String kind, String path, String contentType, byte[] body, String field) {}

    @Test
    void thousandsOfBadRequestsEachGetA4xxWithAStableCodeAndTheField() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, Integer> byKind = new TreeMap<>();
        Map<String, Integer> byCode = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        java.util.Set<String> codes =
                EnumSet.allOf(ErrorCode.class).stream().map(Enum::name).collect(Collectors.toSet());
        for (int i = 0; i < CASES; i++) {
            Case c = generate(random, i);
            HttpResponse<String> r = send(c);
            byKind.merge(c.kind(), 1, Integer::sum);
            String problem = check(c, r, codes);
            if (problem != null) {
                failures.add(c.kind() + " #" + i + ": " + problem + " for "
                        + new String(c.body(), 0, Math.min(200, c.body().length), StandardCharsets.UTF_8));
            } else {
                byCode.merge(new JsonObject(r.body()).getJsonObject("error").getString("code"), 1, Integer::sum);
            }
        }
        System.out.println("malformed requests by kind: " + byKind);
        System.out.println("answered by error code: " + byCode);
        assertThat(failures)
                .as("first failures: %s", failures.stream().limit(10).toList())
                .isEmpty();
        assertThat(byKind).hasSizeGreaterThanOrEqualTo(10);
    }

    private static String check(Case c, HttpResponse<String> r, java.util.Set<String> codes) {
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            return "status " + r.statusCode() + " " + r.body();
        }
        JsonObject error;
        try {
            error = new JsonObject(r.body()).getJsonObject("error");
        } catch (RuntimeException e) {
            return "body is not a JSON error: " + r.body();
        }
        if (error == null || !codes.contains(error.getString("code"))) {
            return "no stable error code: " + r.body();
        }
        if (c.field() != null && !c.field().equals(error.getString("field"))) {
            return "field " + error.getString("field") + ", expected " + c.field() + ": " + r.body();
        }
        return null;
    }

    private static Case generate(SplittableRandom random, int i) {
        String valid = json(VALID);
        List<String> fields = new ArrayList<>(VALID.keySet());
        String field = fields.get(random.nextInt(fields.size()));
        switch (i % 12) {
            case 0 -> {
                int cut = random.nextInt(valid.length() - 1);
                return score("truncated", valid.substring(0, cut), null);
            }
            case 1 -> {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return new Case("bytes flipped", "/v1/score", "application/json", flipToInvalid(bytes), null);
            }
            case 2 -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>(VALID);
                m.put(field, new Raw(WRONG_TYPES[random.nextInt(WRONG_TYPES.length)]));
                String body = json(m);
                // a number where a number belongs, or a string where a string belongs, is not a wrong type
                return wrongTypeIsReallyWrong(field, ((Raw) m.get(field)).text)
                        ? score("wrong type", body, field)
                        : score("wrong type", json(without(VALID, field)), field);
            }
            case 3 -> {
                String f = new ArrayList<>(OUT_OF_RANGE.keySet()).get(random.nextInt(OUT_OF_RANGE.size()));
                String[] values = OUT_OF_RANGE.get(f);
                Map<String, Object> m = new java.util.LinkedHashMap<>(VALID);
                m.put(f, new Raw(values[random.nextInt(values.length)]));
                return score("out of range", json(m), f.equals("periodStart") ? null : f);
            }
            case 4 -> {
                String f = field.equals("declaredMonthlyIncomeSek") ? "amountSek" : field;
                return score("missing field", json(without(VALID, f)), f);
            }
            case 5 -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>(VALID);
                String name = "x" + Integer.toHexString(random.nextInt());
                m.put(name, 1);
                return score("unknown field", json(m), name);
            }
            case 6 -> {
                char[] padding = new char[70_000 + random.nextInt(50_000)];
                Arrays.fill(padding, ' ');
                return new Case(
                        "oversized",
                        random.nextBoolean() ? "/v1/score" : "/v1/score/batch",
                        "application/json",
                        (valid + new String(padding)).getBytes(StandardCharsets.UTF_8),
                        null);
            }
            case 7 -> {
                String[] garbage = {
                    "",
                    "null",
                    "[]",
                    "[{}]",
                    "\"text\"",
                    "42",
                    "{",
                    "}",
                    "{}{}",
                    "\u0000\u0001",
                    "{\"a\":" + "[".repeat(50) + "]".repeat(50) + "}",
                    valid + valid,
                    valid + " x"
                };
                return score("not one object", garbage[random.nextInt(garbage.length)], null);
            }
            case 8 -> {
                String[] types = {"text/plain", "application/x-www-form-urlencoded", "application/xml"};
                return new Case(
                        "wrong media type",
                        "/v1/score",
                        types[random.nextInt(types.length)],
                        valid.getBytes(StandardCharsets.UTF_8),
                        null);
            }
            case 9 -> {
                String[] envelopes = {
                    "{}",
                    "{\"items\":{}}",
                    "{\"items\":[]}",
                    "{\"rows\":[]}",
                    "{\"items\":[" + valid + "],\"items\":[]}",
                    "{\"items\":[" + valid + ","
                };
                String[] blame = {"items", "items", "items", "rows", "items", null};
                int k = random.nextInt(envelopes.length);
                return new Case(
                        "bad batch envelope",
                        "/v1/score/batch",
                        "application/json",
                        envelopes[k].getBytes(StandardCharsets.UTF_8),
                        blame[k]);
            }
            case 10 -> {
                StringBuilder b = new StringBuilder("{\"items\":[");
                for (int k = 0; k < 21; k++) {
                    b.append(k == 0 ? "" : ",").append(valid);
                }
                return new Case(
                        "batch too large",
                        "/v1/score/batch",
                        "application/json",
                        b.append("]}").toString().getBytes(StandardCharsets.UTF_8),
                        "items");
            }
            default -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>(VALID);
                String[] ids = {"1234", "19121212121", "191212121213", "abcdefghijkl", "19121312-1212"};
                m.remove("personPseudonym");
                m.put("personalIdentityNumber", ids[random.nextInt(ids.length)]);
                return score("bad identity number", json(m), "personalIdentityNumber");
            }
        }
    }

    /** Makes sure a byte-flipped body is not accidentally still valid JSON of a valid application. */
    private static byte[] flipToInvalid(byte[] bytes) {
        byte[] out = Arrays.copyOf(bytes, bytes.length + 1);
        out[bytes.length] = '}';
        return out;
    }

    private static boolean wrongTypeIsReallyWrong(String field, String value) {
        boolean numeric = field.equals("claimedDays") || field.endsWith("Sek");
        boolean isNumber = value.matches("-?[0-9.]+");
        boolean isString = value.startsWith("\"");
        if (field.equals("claimedDays") && value.equals("-0.5")) {
            return true;
        }
        return numeric ? !isNumber : !isString;
    }

    private static Map<String, Object> without(Map<String, Object> m, String field) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(m);
        copy.remove(field);
        return copy;
    }

    private static Case score(String kind, String body, String field) {
        return new Case(kind, "/v1/score", "application/json", body.getBytes(StandardCharsets.UTF_8), field);
    }

    /** A value written as is. */
    private record Raw(String text) {}

    private static String json(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(e.getKey()).append("\":");
            Object v = e.getValue();
            if (v instanceof Raw raw) {
                b.append(raw.text());
            } else if (v instanceof String s) {
                b.append('"').append(s).append('"');
            } else {
                b.append(v);
            }
        }
        return b.append('}').toString();
    }

    @Test
    void aWrongMethodIsAnswered405NamingTheMethodsTheResourceHas() throws Exception {
        Map<String, String> allowedByRequest = new java.util.LinkedHashMap<>();
        allowedByRequest.put("GET /v1/score", "POST");
        allowedByRequest.put("DELETE /v1/cases/12/outcome", "POST");
        allowedByRequest.put("PUT /v1/queues/tfp", "GET");
        allowedByRequest.put("POST /health", "GET");
        for (Map.Entry<String, String> e : allowedByRequest.entrySet()) {
            String[] request = e.getKey().split(" ");
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + request[1]))
                            .header("Authorization", "Bearer " + TOKEN)
                            .method(request[0], HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(e.getKey()).hasValue(e.getValue());
            assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code"))
                    .isEqualTo("METHOD_NOT_ALLOWED");
        }
    }

    @Test
    void aRequestThatStopsHalfWayIsClosedAfterTheIdleTimeout() throws Exception {
        URI base = URI.create(server.baseUrl());
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout((ScoringVerticle.IDLE_TIMEOUT_SECONDS + 30) * 1_000);
            long start = System.nanoTime();
            // half the headers, then nothing
            socket.getOutputStream()
                    .write("POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 60000\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            int read = socket.getInputStream().read();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(read).as("the server closed the connection").isEqualTo(-1);
            assertThat(seconds)
                    .isBetween(ScoringVerticle.IDLE_TIMEOUT_SECONDS - 1.0, ScoringVerticle.IDLE_TIMEOUT_SECONDS + 15.0);
        }
    }

    @Test
    void aTokenOfUpTo8KiBFitsInTheHeaders() throws Exception {
        // many units (an identity provider may list every group) make a valid token just under the
        // 8 KiB a token may have: it was 431 with no body
        String token = null;
        java.util.Set<String> units = new java.util.HashSet<>();
        while (token == null || token.length() < 8_150) {
            units.add(String.format("u%04d", units.size()));
            token = TestTokens.token(
                    "s", java.util.Set.of(org.korrekt.scoring.security.Role.SELFSERVICE), java.util.Set.copyOf(units));
        }
        assertThat(token.length()).isBetween(8_150, org.korrekt.scoring.security.AuthConfig.DEFAULT_MAX_TOKEN_LENGTH);
        HttpResponse<String> answer = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json(VALID)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void aBodyMustBeDeclaredJsonInUtf8() throws Exception {
        byte[] valid = json(VALID).getBytes(StandardCharsets.UTF_8);
        Map<String, Integer> statusByType = new TreeMap<>();
        for (String type : List.of(
                "application/jsonfoo",
                "application/jsonp-evil",
                "text/plain",
                "application/json; charset=iso-8859-1",
                "application/json; boundary=x",
                "application/json",
                "Application/JSON; charset=\"UTF-8\"")) {
            statusByType.put(
                    type, send(new Case("type", "/v1/score", type, valid, null)).statusCode());
        }
        HttpResponse<String> untyped = CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/score"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(valid))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        statusByType.put("(none)", untyped.statusCode());
        assertThat(statusByType)
                .containsEntry("application/jsonfoo", 415)
                .containsEntry("application/jsonp-evil", 415)
                .containsEntry("text/plain", 415)
                .containsEntry("application/json; charset=iso-8859-1", 415)
                .containsEntry("application/json; boundary=x", 415)
                .containsEntry("(none)", 415)
                .containsEntry("application/json", 200)
                .containsEntry("Application/JSON; charset=\"UTF-8\"", 200);
    }

    @Test
    void aBodyInUtf16OrUtf32IsRefusedAndAUtf8ByteOrderMarkIsRead() throws Exception {
        String text = json(VALID);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8WithBom = new byte[bom.length + utf8.length];
        System.arraycopy(bom, 0, utf8WithBom, 0, bom.length);
        System.arraycopy(utf8, 0, utf8WithBom, bom.length, utf8.length);
        Map<String, byte[]> refused = new TreeMap<>();
        refused.put("UTF-16 (big-endian, with its byte order mark)", text.getBytes(StandardCharsets.UTF_16));
        refused.put("UTF-16LE", text.getBytes(StandardCharsets.UTF_16LE));
        refused.put("UTF-16BE", text.getBytes(StandardCharsets.UTF_16BE));
        refused.put("UTF-32", text.getBytes(java.nio.charset.Charset.forName("UTF-32")));
        for (Map.Entry<String, byte[]> e : refused.entrySet()) {
            for (String path : List.of("/v1/score", "/v1/score/batch", "/v1/history/events", "/v1/cases/1/notes")) {
                HttpResponse<String> r =
                        send(new Case("utf", path, "application/json; charset=utf-8", e.getValue(), null));
                assertThat(r.statusCode())
                        .as(e.getKey() + " to " + path + ": " + r.body())
                        .isEqualTo(400);
                assertThat(new JsonObject(r.body()).getJsonObject("error").getString("code"))
                        .isEqualTo("MALFORMED_JSON");
                assertThat(r.body()).contains("must be UTF-8");
            }
        }
        HttpResponse<String> withBom = send(new Case("bom", "/v1/score", "application/json", utf8WithBom, null));
        assertThat(withBom.statusCode()).as(withBom.body()).isEqualTo(200);
    }

    @Test
    void anHttp2BodyWithNeitherLengthNorTypeIsRefused() throws Exception {
        HttpClient h2 =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // the first request upgrades the connection (h2c); the ones after it are HTTP/2 streams
        h2.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        byte[] valid = json(VALID).getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/v1/score", "/v1/cases/1/notes")) {
            // a body of unknown length: no Content-Length, and HTTP/2 has no Transfer-Encoding
            HttpResponse<String> r = h2.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                            .header("Authorization", "Bearer " + TOKEN)
                            .POST(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofByteArray(valid)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(415);
        }
        // a request without a body still needs no header
        HttpResponse<String> claim = h2.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/queues/tfp/claim"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(claim.statusCode()).as(claim.body()).isNotEqualTo(415);
    }

    @Test
    void anErrorNeverRepeatsAnIdentityNumber() throws Exception {
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (String path : List.of(
                "/v1/queues/198001011231",
                "/v1/cases/198001011231x",
                "/v1/nothing/800101-1231",
                "/v1/nope/%31%39%38%30%30%31%30%31%31%32%33%31", // helper-40: percent-encoded
                "/v1/queues/tfp?limit=198001011231", // a value was quoted back whole
                "/v1/queues/tfp/figures?weeks=800101-1231",
                "/v1/queues/tfp/closed?before=198001011231",
                "/v1/queues/tfp?198001011231=1",
                "/v1/decisions?applicationId=A-198001011231")) {
            answers.add(CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        answers.add(send(new Case(
                "repeated",
                "/v1/cases/1/notes",
                "application/json",
                "{\"198001011231\":1,\"198001011231\":2}".getBytes(StandardCharsets.UTF_8),
                null)));
        answers.add(send(new Case(
                "repeated",
                "/v1/history/events",
                "application/json",
                "{\"events\":[{\"198001011231\":1,\"198001011231\":2}]}".getBytes(StandardCharsets.UTF_8),
                null)));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).isBetween(400, 499);
            assertThat(answer.body())
                    .doesNotContain("1231")
                    .doesNotContain("%31%32%33%31")
                    .contains("\"code\"");
        }
    }

    @Test
    void aQueryParameterIsGivenOnceAndOnlyWhereTheRouteTakesIt() throws Exception {
        Map<String, String> fieldByQuery = new java.util.LinkedHashMap<>();
        fieldByQuery.put("/v1/queues/tfp?limit=5&limit=500", "limit"); // was read as 5
        fieldByQuery.put("/v1/queues/tfp?limt=5", "limt"); // was read as the default, 50
        fieldByQuery.put("/v1/queues/tfp?limit=5&before=9", "before"); // only the closed list pages
        fieldByQuery.put("/v1/queues/tfp/closed?limit=5&before=9&before=10", "before");
        fieldByQuery.put("/v1/queues/tfp/figures?weeks=2&weeks=3", "weeks");
        fieldByQuery.put("/v1/queues/tfp/figures?week=2", "week");
        fieldByQuery.put("/v1/decisions?applicationId=A-1&applicationId=A-2", "applicationId");
        fieldByQuery.put("/v1/decisions?applicationid=A-1", "applicationid");
        for (Map.Entry<String, String> e : fieldByQuery.entrySet()) {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + e.getKey()))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            JsonObject error = new JsonObject(r.body()).getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("INVALID_PARAMETER");
            assertThat(error.getString("field")).as(e.getKey()).isEqualTo(e.getValue());
        }
        for (String query : List.of(
                "/v1/queues/tfp?limit=5",
                "/v1/queues/tfp/closed?limit=5",
                "/v1/queues/tfp/figures?weeks=2",
                "/v1/decisions?applicationId=A-1")) {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + query))
                            .header("Authorization", "Bearer " + TOKEN)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        }
    }

    @Test
    void aClaimTakesNoBodyOrAnEmptyObjectAsARelease() throws Exception {
        // it read no body, so anything was taken: a form, a misdirected application
        Map<String, Integer> statusByBody = new java.util.LinkedHashMap<>();
        statusByBody.put("text/plain|hello", 415);
        statusByBody.put("application/json|{\"unit\":\"tfp\"}", 400);
        statusByBody.put("application/json|[]", 400);
        statusByBody.put("application/json|{}", 200); // 200 or 404: whether a case is left to claim
        statusByBody.put("|", 200);
        for (Map.Entry<String, Integer> e : statusByBody.entrySet()) {
            String[] typeAndBody = e.getKey().split("\\|", -1);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/queues/tfp/claim"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(typeAndBody[1]));
            if (!typeAndBody[0].isEmpty()) {
                request.header("Content-Type", typeAndBody[0]);
            }
            HttpResponse<String> r = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (e.getValue() == 200) {
                assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isIn(200, 404);
            } else {
                assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void aPathNeverBecomesAMetricsLabel() throws Exception {
        // a forged sample and an identity number, in a path segment that names the route
        String forged = "/v1/cases/1/198001011231%22%7D%201%0Akorrekt_decision_writer_up%200%0A%23";
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> r = CLIENT.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + forged + "x" + i))
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + TestTokens.token(
                                                    "feed-client",
                                                    java.util.Set.of(org.korrekt.scoring.security.Role.FEED),
                                                    java.util.Set.of()))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(403);
        }
        String metrics = CLIENT.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).doesNotContain("198001011231").doesNotContain("korrekt_decision_writer_up 0");
        assertThat(metrics)
                .contains("korrekt_http_requests_total{route=\"/v1/cases/{id}/{change}\",status=\"403\"} 50");
    }

    private static HttpResponse<String> send(Case c) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + c.path()))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", c.contentType())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
