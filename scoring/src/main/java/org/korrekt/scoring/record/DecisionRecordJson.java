package org.korrekt.scoring.record;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.ShadowScore;

/**
 * The JSON form of a {@link DecisionRecord}: one line of the journal, the {@code reasons} and
 * {@code shadow} columns, and the body of {@code GET /v1/decisions/{id}}.
 */
public final class DecisionRecordJson {

    private DecisionRecordJson() {}

    /** The record as a JSON object. */
    public static JsonObject toJson(DecisionRecord r) {
        JsonObject json = new JsonObject()
                .put("decisionId", r.decisionId().toString())
                .put("decidedAt", r.decidedAt().toString())
                .put("applicationId", r.applicationId())
                .put("personPseudonym", r.personPseudonym())
                .put("benefit", r.benefit())
                .put("unit", r.unit())
                .put("profile", r.profile())
                .put("modelVersion", r.modelVersion())
                .put("schemaFingerprint", r.schemaFingerprint())
                .put("rules", r.rules())
                .put("inputDigest", r.inputDigest())
                .put("features", numbers(r.features()))
                .put("amountSek", r.amountSek())
                .put("score", r.score())
                .put("expectedIncorrectSek", r.expectedIncorrectSek())
                .put("band", r.band())
                .put("action", r.action())
                .put("randomControl", r.randomControl())
                .put("thresholds", numbers(r.thresholds()))
                .put("policy", r.policy())
                .put("questions", new JsonArray(new java.util.ArrayList<Object>(r.questions())))
                .put("reasons", reasons(r.reasons()))
                .put("shadow", shadow(r.shadow()))
                .put("claim", claim(r.claim()))
                .put("belowAmountLimit", r.belowAmountLimit());
        if (r.request() != null) {
            json.put(
                    "request",
                    new JsonObject()
                            .put("key", r.request().key())
                            .put("item", r.request().item()));
        }
        return json;
    }

    private static JsonObject claim(ScoredClaim c) {
        if (c == null) {
            return null;
        }
        return new JsonObject()
                .put("submittedOn", c.submittedOn().toString())
                .put("periodStart", c.periodStart().toString())
                .put("claimedDays", c.claimedDays())
                .put("childPseudonym", c.childPseudonym());
    }

    private static DecisionRecord.Request request(JsonObject o) {
        // journals written before requests were recorded, and decisions of a request without a key
        return o == null ? null : new DecisionRecord.Request(o.getString("key"), o.getInteger("item"));
    }

    private static ScoredClaim claim(JsonObject o) {
        if (o == null) {
            return null; // journals written before the claim was recorded
        }
        return new ScoredClaim(
                LocalDate.parse(o.getString("submittedOn")),
                LocalDate.parse(o.getString("periodStart")),
                o.getInteger("claimedDays"),
                o.getString("childPseudonym"));
    }

    /**
     * The record of a JSON object written by {@link #toJson}.
     *
     * @throws IllegalArgumentException if a field is missing or has the wrong type
     */
    public static DecisionRecord fromJson(JsonObject o) {
        try {
            return new DecisionRecord(
                    UUID.fromString(o.getString("decisionId")),
                    Instant.parse(o.getString("decidedAt")),
                    o.getString("applicationId"),
                    o.getString("personPseudonym"),
                    o.getString("benefit"),
                    o.getString("unit"),
                    o.getString("profile"),
                    o.getString("modelVersion"),
                    o.getString("schemaFingerprint"),
                    o.getString("rules"),
                    // a journal written before V14 holds an unkeyed inputSha256: not kept, not served
                    o.getString("inputDigest"),
                    doubles(o.getJsonArray("features")),
                    o.getDouble("amountSek"),
                    o.getDouble("score"),
                    o.getDouble("expectedIncorrectSek"),
                    o.getString("band"),
                    o.getString("action"),
                    o.getBoolean("randomControl"),
                    doubles(o.getJsonArray("thresholds")),
                    o.getString("policy", ""), // journals written before policy and questions were recorded
                    o.containsKey("questions")
                            ? o.getJsonArray("questions").stream()
                                    .map(String.class::cast)
                                    .toList()
                            : List.of(),
                    reasons(o.getJsonArray("reasons")),
                    shadow(o.getJsonArray("shadow")),
                    claim(o.getJsonObject("claim")),
                    o.getBoolean("belowAmountLimit"), // null in journals written before it was recorded
                    request(o.getJsonObject("request")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a decision record: " + e.getMessage(), e);
        }
    }

    /** The reasons as a JSON array. */
    public static JsonArray reasons(List<Reason> reasons) {
        JsonArray array = new JsonArray();
        for (Reason reason : reasons) {
            array.add(new JsonObject()
                    .put("code", reason.code())
                    .put("textSv", reason.textSv())
                    .put("textEn", reason.textEn())
                    .put("feature", reason.feature())
                    .put("value", finite(reason.value()))
                    .put("contribution", finite(reason.contribution())));
        }
        return array;
    }

    /** The shadow scores as a JSON array. */
    public static JsonArray shadow(List<ShadowScore> shadow) {
        JsonArray array = new JsonArray();
        for (ShadowScore s : shadow) {
            array.add(new JsonObject()
                    .put("profile", s.profile())
                    .put("modelVersion", s.modelVersion())
                    .put("score", s.score())
                    .put("action", s.action().name()));
        }
        return array;
    }

    /** The reasons of a JSON array text written by {@link #reasons(List)}. */
    public static List<Reason> reasonsOf(String json) {
        return reasons(new JsonArray(json));
    }

    /** The shadow scores of a JSON array text written by {@link #shadow(List)}. */
    public static List<ShadowScore> shadowOf(String json) {
        return shadow(new JsonArray(json));
    }

    static List<Reason> reasons(JsonArray array) {
        List<Reason> reasons = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            reasons.add(new Reason(
                    o.getString("code"),
                    o.getString("textSv"),
                    o.getString("textEn"),
                    o.getString("feature"),
                    number(o.getValue("value")),
                    number(o.getValue("contribution"))));
        }
        return reasons;
    }

    static List<ShadowScore> shadow(JsonArray array) {
        List<ShadowScore> shadow = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonObject o = array.getJsonObject(i);
            shadow.add(new ShadowScore(
                    o.getString("profile"),
                    o.getString("modelVersion"),
                    o.getDouble("score"),
                    Action.valueOf(o.getString("action"))));
        }
        return shadow;
    }

    private static JsonArray numbers(double[] values) {
        JsonArray array = new JsonArray();
        for (double v : values) {
            array.add(finite(v));
        }
        return array;
    }

    /** JSON has no NaN: a missing value is written as null. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    private static double number(Object value) {
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static double[] doubles(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.getValue(i));
        }
        return values;
    }
}
