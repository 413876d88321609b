package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.scoring.api.ApplicationRequestDecoder;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.HistoryEventDecoder;
import org.korrekt.scoring.api.RequestException;
import org.yaml.snakeyaml.Yaml;

/**
 * The OpenAPI document says what the decoder does: the same fields, the same required ones, the
 * same codes, the same error codes. Requests are validated by the decoder; this test keeps the
 * document and the decoder from drifting apart.
 */
class OpenApiTest {

    private static final Map<String, Object> DOC =
            new Yaml().load(new String(OpenApi.document(), StandardCharsets.UTF_8));
    private static final ApplicationRequestDecoder DECODER = new ApplicationRequestDecoder(
            new Pseudonymizer("a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8)),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private static final Map<String, Object> VALID = new LinkedHashMap<>();

    static {
        VALID.put("applicationId", "A-1");
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

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return (T) current;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyOperationAndResponseHasOnlyTheKeysOpenApiAllows() {
        // an unquoted comma in a YAML flow mapping made one description three keys (helper-38):
        // lenient parsers mangle such a document, strict ones and code generators refuse it
        java.util.Set<String> operationKeys = java.util.Set.of(
                "summary",
                "description",
                "operationId",
                "parameters",
                "requestBody",
                "responses",
                "security",
                "tags",
                "deprecated");
        java.util.Set<String> responseKeys = java.util.Set.of("description", "headers", "content", "links");
        List<String> problems = new java.util.ArrayList<>();
        Map<String, Object> paths = at(DOC, "paths");
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (method.equals("parameters")) {
                return;
            }
            Map<String, Object> op = (Map<String, Object>) operation;
            for (String key : op.keySet()) {
                if (!operationKeys.contains(key)) {
                    problems.add(method + " " + path + ": key " + key);
                }
            }
            Map<Object, Object> responses = (Map<Object, Object>) op.get("responses");
            if (responses == null || responses.isEmpty()) {
                problems.add(method + " " + path + ": no responses");
                return;
            }
            responses.forEach((status, response) -> {
                Map<String, Object> r = (Map<String, Object>) response;
                if (r.containsKey("$ref")) {
                    if (r.size() != 1) {
                        problems.add(method + " " + path + " " + status + ": $ref with siblings " + r.keySet());
                    }
                    return;
                }
                if (!(r.get("description") instanceof String)) {
                    problems.add(method + " " + path + " " + status + ": no description text");
                }
                for (String key : r.keySet()) {
                    if (!responseKeys.contains(key)) {
                        problems.add(method + " " + path + " " + status + ": key " + key);
                    }
                }
            });
        }));
        checkSchemas(at(DOC, "components", "schemas"), "components.schemas", problems);
        assertThat(problems).isEmpty();
    }

    private static final java.util.Set<String> SCHEMA_KEYS = java.util.Set.of(
            "type",
            "items",
            "description",
            "enum",
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "pattern",
            "nullable",
            "properties",
            "required",
            "additionalProperties",
            "$ref",
            "oneOf",
            "anyOf",
            "allOf",
            "not",
            "example",
            "default",
            "minItems",
            "maxItems",
            "uniqueItems",
            "readOnly",
            "writeOnly",
            "deprecated",
            "title",
            "multipleOf");

    /** Every schema under {@code schemas} (a map of names to schemas) has only JSON Schema's keys. */
    @SuppressWarnings("unchecked")
    private static void checkSchemas(Map<String, Object> schemas, String where, List<String> problems) {
        schemas.forEach((name, value) -> {
            if (!(value instanceof Map)) {
                problems.add(where + "." + name + ": not a schema");
                return;
            }
            Map<String, Object> schema = (Map<String, Object>) value;
            for (String key : schema.keySet()) {
                if (!SCHEMA_KEYS.contains(key)) {
                    problems.add(where + "." + name + ": key " + key);
                }
            }
            if (schema.get("properties") instanceof Map<?, ?> properties) {
                checkSchemas((Map<String, Object>) properties, where + "." + name, problems);
            }
            if (schema.get("items") instanceof Map<?, ?> items) {
                checkSchemas(Map.of("items", items), where + "." + name, problems);
            }
        });
    }

    @Test
    void isAnOpenApi3DocumentWithEveryRoute() {
        assertThat(DOC.get("openapi").toString()).startsWith("3.");
        Map<String, Object> paths = at(DOC, "paths");
        assertThat(paths.keySet())
                .containsExactlyInAnyOrder(
                        "/v1/score",
                        "/v1/score/batch",
                        "/v1/decisions",
                        "/v1/decisions/{id}",
                        "/v1/me",
                        "/v1/queues",
                        "/v1/queues/{unit}",
                        "/v1/queues/{unit}/claim",
                        "/v1/queues/{unit}/claimed",
                        "/v1/queues/{unit}/closed",
                        "/v1/queues/{unit}/figures",
                        "/v1/queues/{unit}/capacity",
                        "/v1/cases/{id}",
                        "/v1/cases/{id}/release",
                        "/v1/cases/{id}/reassign",
                        "/v1/cases/{id}/notes",
                        "/v1/cases/{id}/outcome",
                        "/v1/cases/{id}/corrections",
                        "/v1/models",
                        "/v1/models/{profile}/{version}/activate",
                        "/v1/models/{profile}/{version}/shadow",
                        "/v1/models/{profile}/shadow",
                        "/v1/models/{profile}/rollback",
                        "/v1/history/events",
                        "/health",
                        "/ready",
                        "/metrics",
                        "/openapi.yaml");
    }

    @Test
    void theRequestSchemaHasExactlyTheDecodersFieldsAndRequiredOnes() {
        Map<String, Object> schema = at(DOC, "components", "schemas", "ScoreRequest");
        assertThat(schema.get("additionalProperties")).isEqualTo(false);
        Map<String, Object> properties = at(schema, "properties");
        List<String> required = at(schema, "required");
        // the decoder holds each field it reads in a field of the same name: none may be missing here
        // (but "seen", its record of which fields it has read)
        List<String> decoderFields = Arrays.stream(ApplicationRequestDecoder.class.getDeclaredClasses())
                .filter(c -> c.getSimpleName().equals("Fields"))
                .flatMap(c -> Arrays.stream(c.getDeclaredFields()))
                .filter(f -> !f.isSynthetic() && !f.getName().equals("seen"))
                .map(java.lang.reflect.Field::getName)
                .toList();
        assertThat(decoderFields).contains("applicationId", "providerId");
        assertThat(properties.keySet()).containsExactlyInAnyOrderElementsOf(decoderFields);
        for (String field : properties.keySet()) {
            // the decoder knows the field: null for it is never "unknown"
            RequestException e = decodeError(json(VALID).replaceFirst("\\{", "{\"" + field + "\":null,"), field);
            if (e != null) {
                assertThat(e.code()).as(field).isNotEqualTo(ErrorCode.UNKNOWN_FIELD);
            }
            // and each one given twice is refused, naming it, before anything else is checked
            RequestException twice = decodeError(
                    json(VALID).replaceFirst("\\{", "{\"" + field + "\":null,\"" + field + "\":null,"), field);
            assertThat(twice).as(field + " twice").isNotNull();
            assertThat(twice.code()).as(field + " twice").isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(twice.field()).as(field + " twice").isEqualTo(field);
            assertThat(twice.getMessage()).as(field + " twice").contains("appears more than once");
        }
        assertThat(decodeError(json(VALID).replaceFirst("\\{", "{\"colour\":1,"), "colour")
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_FIELD);
        for (String field : VALID.keySet()) {
            Map<String, Object> without = new LinkedHashMap<>(VALID);
            without.remove(field);
            if (required.contains(field)) {
                RequestException e = decodeError(json(without), field);
                assertThat(e).as(field + " is required").isNotNull();
                assertThat(e.code()).isEqualTo(ErrorCode.MISSING_FIELD);
                assertThat(e.field()).isEqualTo(field);
            } else if (!field.equals("personPseudonym")) {
                assertThatCode(() -> DECODER.decode(json(without).getBytes(StandardCharsets.UTF_8)))
                        .as(field + " is optional")
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void enumsMatchTheCode() {
        List<String> benefits = at(DOC, "components", "schemas", "ScoreRequest", "properties", "benefit", "enum");
        assertThat(benefits)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Benefit.values()).map(Benefit::code).toList());
        List<String> channels = at(DOC, "components", "schemas", "ScoreRequest", "properties", "channel", "enum");
        assertThat(channels)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(Channel.values()).map(Channel::code).toList());
        List<String> types = at(DOC, "components", "schemas", "HistoryEvent", "properties", "type", "enum");
        assertThat(types)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(HistoryEventDecoder.Kind.values())
                        .map(HistoryEventDecoder.Kind::type)
                        .toList());
        List<String> codes =
                at(DOC, "components", "schemas", "Error", "properties", "error", "properties", "code", "enum");
        assertThat(codes)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(Enum::name).toList());
    }

    private static RequestException decodeError(String body, String field) {
        return catchThrowableOfType(
                RequestException.class, () -> DECODER.decode(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String json(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append('"').append(k).append("\":");
            b.append(v instanceof String ? "\"" + v + "\"" : v.toString());
        });
        return b.append('}').toString();
    }
}
