package org.korrekt.scoring.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.korrekt.features.FeatureSchema;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.api.ErrorCode;
import org.korrekt.scoring.api.RequestException;
import org.korrekt.scoring.queue.CaseDetail;
import org.korrekt.scoring.queue.Outcome;
import org.korrekt.scoring.queue.QueueCase;
import org.korrekt.scoring.queue.UnitFigures;
import org.korrekt.scoring.record.DecisionRecordJson;
import org.korrekt.scoring.security.Principal;
import org.korrekt.scoring.security.Role;

/** The work API's JSON: cases, figures and outcomes out, small request bodies in (strictly checked). */
final class CaseJson {

    private CaseJson() {}

    static JsonObject me(Principal p) {
        JsonArray roles = new JsonArray();
        for (Role r : p.roles()) {
            roles.add(r.claim());
        }
        return new JsonObject()
                .put("subject", p.subject())
                .put("roles", roles)
                .put("units", new JsonArray(new ArrayList<Object>(new java.util.TreeSet<>(p.units()))))
                .put("expiresAt", p.expiresAt().toString());
    }

    /**
     * A unit's claimed cases: {@code unit}, {@code cases} (their summaries), {@code count} the cases
     * listed, {@code total} how many the unit has claimed, and {@code truncated} whether that is more
     * than are listed.
     */
    static byte[] claimedCases(String unit, org.korrekt.scoring.queue.CaseStore.ClaimedCases claimed, LocalDate today) {
        JsonArray list = new JsonArray();
        for (QueueCase c : claimed.cases()) {
            list.add(summary(c, today));
        }
        return new JsonObject()
                .put("unit", unit)
                .put("count", claimed.cases().size())
                .put("total", claimed.total())
                .put("truncated", claimed.total() > claimed.cases().size())
                .put("cases", list)
                .toBuffer()
                .getBytes();
    }

    /**
     * A page of a unit's open cases: as {@link #claimedCases}, {@code count} the cases listed, and {@code
     * totals} the unit's open cases whatever the limit ({@code open}, {@code released}, {@code
     * backlog}).
     */
    static byte[] openQueue(String unit, org.korrekt.scoring.queue.CaseStore.OpenQueue queue, LocalDate today) {
        JsonArray list = new JsonArray();
        for (QueueCase c : queue.cases()) {
            list.add(summary(c, today));
        }
        return new JsonObject()
                .put("unit", unit)
                .put("count", queue.cases().size())
                .put(
                        "totals",
                        new JsonObject()
                                .put("open", queue.released() + queue.backlog())
                                .put("released", queue.released())
                                .put("backlog", queue.backlog()))
                .put("cases", list)
                .toBuffer()
                .getBytes();
    }

    /**
     * A page of a unit's closed cases: each case's summary with its {@code outcome} as it counts now,
     * and {@code next}, the case to ask for the next page {@code before}, or null when the page is the
     * last (it holds fewer than {@code limit}).
     */
    static byte[] closedCases(
            String unit, List<org.korrekt.scoring.queue.CaseStore.ClosedCase> cases, int limit, LocalDate today) {
        JsonArray list = new JsonArray();
        for (org.korrekt.scoring.queue.CaseStore.ClosedCase c : cases) {
            list.add(summary(c.summary(), today).put("outcome", outcome(c.outcome())));
        }
        return new JsonObject()
                .put("unit", unit)
                .put("count", cases.size())
                .put("cases", list)
                .put(
                        "next",
                        cases.size() < limit
                                ? null
                                : cases.get(cases.size() - 1).summary().caseId())
                .toBuffer()
                .getBytes();
    }

    static JsonObject summary(QueueCase c, LocalDate today) {
        JsonArray reasons = new JsonArray();
        for (Reason r : c.topReasons()) {
            reasons.add(new JsonObject()
                    .put("code", r.code())
                    .put("textSv", r.textSv())
                    .put("textEn", r.textEn()));
        }
        return new JsonObject()
                .put("caseId", c.caseId())
                .put("unit", c.unit())
                .put("benefit", c.benefit())
                .put("personPseudonym", c.personPseudonym())
                .put("decisionId", c.decisionId().toString())
                .put("applicationId", c.applicationId())
                .put("score", c.score())
                .put("amountSek", c.amountSek())
                .put("futureSek", c.futureSek())
                .put("expectedValueSek", c.expectedValueSek())
                .put("expectedIncorrectSek", c.expectedIncorrectSek())
                .put("priority", c.priority())
                .put("randomControl", c.randomControl())
                .put("reasonCodes", new JsonArray(new ArrayList<Object>(c.reasonCodes())))
                .put("topReasons", reasons)
                .put("signals", c.signals())
                .put("status", c.status())
                .put(
                        "releasedOn",
                        c.releasedOn() == null ? null : c.releasedOn().toString())
                .put("assignee", c.assignee())
                .put("dueAt", text(c.dueAt()))
                .put("createdAt", c.createdAt().toString())
                .put(
                        "ageDays",
                        Math.max(
                                0,
                                Duration.between(c.createdAt(), Instant.now()).toDays()))
                .put("claimedAt", text(c.claimedAt()))
                .put("closedAt", text(c.closedAt()));
    }

    static JsonObject note(CaseDetail.Note n) {
        return new JsonObject()
                .put("noteId", n.noteId())
                .put("author", n.author())
                .put("writtenAt", n.writtenAt().toString())
                .put("body", n.body());
    }

    static JsonObject outcome(CaseDetail.RecordedOutcome recorded) {
        if (recorded == null) {
            return null;
        }
        Outcome o = recorded.finding();
        return new JsonObject()
                .put("recordedBy", recorded.recordedBy())
                .put("recordedAt", recorded.recordedAt().toString())
                .put("incorrect", o.incorrect())
                .put("incorrectAmountSek", o.incorrectAmountSek())
                .put("preventedFutureSek", o.preventedFutureSek())
                .put("cause", o.cause())
                .put("intentionalSuspected", o.intentionalSuspected())
                .put("actions", new JsonArray(new ArrayList<Object>(o.actions())))
                .put("policeReport", o.policeReport())
                .put(
                        "correction",
                        recorded.correction() == null
                                ? null
                                : new JsonObject()
                                        .put(
                                                "correctedBy",
                                                recorded.correction().correctedBy())
                                        .put(
                                                "correctedAt",
                                                recorded.correction()
                                                        .correctedAt()
                                                        .toString())
                                        .put("reason", recorded.correction().reason()));
    }

    static JsonObject detail(CaseDetail d, FeatureSchema schema, LocalDate today) {
        JsonArray signals = new JsonArray();
        for (CaseDetail.Signal s : d.signals()) {
            signals.add(new JsonObject()
                    .put("decisionId", s.decisionId().toString())
                    .put("decidedAt", s.decidedAt().toString())
                    .put("score", s.score())
                    .put("action", s.action())
                    .put("amountSek", s.amountSek())
                    .put("applicationId", s.applicationId())
                    .put(
                            "periodStart",
                            s.periodStart() == null ? null : s.periodStart().toString())
                    .put("claimedDays", s.claimedDays())
                    .put("labelled", s.labelled()));
        }
        JsonArray notes = new JsonArray();
        d.notes().forEach(n -> notes.add(note(n)));
        JsonArray audit = new JsonArray();
        for (CaseDetail.AuditEntry a : d.audit()) {
            audit.add(new JsonObject()
                    .put("at", a.at().toString())
                    .put("actor", a.actor())
                    .put("action", a.action())
                    .put("detail", new JsonObject(a.detail())));
        }
        JsonArray decisions = new JsonArray();
        for (CaseDetail.PastDecision p : d.history().decisions()) {
            decisions.add(new JsonObject()
                    .put("decisionId", p.decisionId().toString())
                    .put("decidedAt", p.decidedAt().toString())
                    .put("benefit", p.benefit())
                    .put("amountSek", p.amountSek())
                    .put("score", p.score())
                    .put("action", p.action()));
        }
        JsonArray past = new JsonArray();
        for (CaseDetail.PastCase p : d.history().cases()) {
            past.add(new JsonObject()
                    .put("caseId", p.caseId())
                    .put("benefit", p.benefit())
                    .put("status", p.status())
                    .put("createdAt", p.createdAt().toString())
                    .put("closedAt", text(p.closedAt()))
                    .put("incorrect", p.incorrect())
                    .put("incorrectAmountSek", p.incorrectAmountSek()));
        }
        boolean named =
                d.decision() != null && schema.fingerprint().equals(d.decision().schemaFingerprint());
        return new JsonObject()
                .put("case", summary(d.summary(), today))
                .put("decision", d.decision() == null ? null : decisionJson(d.decision()))
                .put("featureNames", named ? new JsonArray(new ArrayList<Object>(schema.names())) : new JsonArray())
                .put("signals", signals)
                .put("notes", notes)
                .put("outcome", outcome(d.outcome()))
                .put("audit", audit)
                .put("history", new JsonObject().put("decisions", decisions).put("cases", past));
    }

    static JsonObject figures(UnitFigures f) {
        JsonArray weeks = new JsonArray();
        for (UnitFigures.Week w : f.weeks()) {
            weeks.add(week(w));
        }
        UnitFigures.Week total = f.total();
        return new JsonObject()
                .put("unit", f.unit())
                .put("casesPerDay", f.casesPerDay())
                .put(
                        "today",
                        new JsonObject()
                                .put("date", f.today().toString())
                                .put("released", f.releasedToday())
                                .put("claimed", f.claimedToday())
                                .put("closed", f.closedToday()))
                .put(
                        "open",
                        new JsonObject()
                                .put("backlog", f.backlog())
                                .put("released", f.released())
                                .put("claimed", f.claimed()))
                .put("weeks", weeks)
                .put(
                        "total",
                        new JsonObject()
                                .put("modelSelected", tally(total.modelSelected()))
                                .put("randomControl", tally(total.randomControl())));
    }

    private static JsonObject week(UnitFigures.Week w) {
        return new JsonObject()
                .put(
                        "week",
                        String.format(
                                Locale.ROOT,
                                "%d-W%02d",
                                w.from().get(IsoFields.WEEK_BASED_YEAR),
                                w.from().get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)))
                .put("from", w.from().toString())
                .put("modelSelected", tally(w.modelSelected()))
                .put("randomControl", tally(w.randomControl()));
    }

    private static JsonObject tally(UnitFigures.Tally t) {
        return new JsonObject()
                .put("investigations", t.investigations())
                .put("incorrect", t.incorrect())
                .put("hitRate", finite(t.hitRate()))
                .put("incorrectSek", t.incorrectSek())
                .put("preventedSek", t.preventedSek())
                .put("sekPerInvestigation", finite(t.sekPerInvestigation()));
    }

    /**
     * A request body: one JSON object with only {@code allowed} keys; an empty body is an empty object.
     */
    static JsonObject body(Buffer buffer, Set<String> allowed) {
        JsonObject body;
        if (buffer == null || buffer.length() == 0) {
            body = new JsonObject();
        } else {
            rejectRepeatedFields(buffer);
            try {
                Object value = io.vertx.core.json.Json.decodeValue(buffer);
                if (!(value instanceof JsonObject object)) {
                    throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the body must be one JSON object");
                }
                body = object;
            } catch (DecodeException e) {
                throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the body is not valid JSON");
            }
        }
        for (String key : body.fieldNames()) {
            if (!allowed.contains(key)) {
                String shown = PersonalIdentityNumber.fieldName(key);
                throw new RequestException(
                        ErrorCode.UNKNOWN_FIELD,
                        shown,
                        "unknown field '" + shown + "'"
                                + (allowed.isEmpty() ? "; the body is {}" : "; allowed: " + allowed));
            }
        }
        return body;
    }

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A field given twice in one object is refused, as on the scoring routes, rather than the last one winning. */
    private static void rejectRepeatedFields(Buffer buffer) {
        try (JsonParser parser = STRICT.createParser(buffer.getBytes())) {
            // the parser throws at a repeated name
            JsonToken token;
            do {
                token = parser.nextToken();
            } while (token != null);
        } catch (JsonParseException e) {
            String name = repeatedName(e);
            if (name != null) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, name, "field '" + name + "' appears more than once");
            }
            throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the body is not valid JSON");
        }
    }

    private static String repeatedName(JsonParseException e) {
        String message = String.valueOf(e.getOriginalMessage());
        String prefix = "Duplicate field '";
        int start = message.indexOf(prefix);
        int end = start < 0 ? -1 : message.indexOf('\'', start + prefix.length());
        return end < 0 ? null : message.substring(start + prefix.length(), end);
    }

    static String text(JsonObject body, String field, int maxLength) {
        return text(body, field, maxLength, false);
    }

    /**
     * A name (an assignee): as {@link #text(JsonObject, String, int)}, and without line breaks or
     * tabs (no token's subject holds a control character) or invisible formatting characters
     * (zero-width spaces and joiners, soft hyphens, direction marks), with which two names that read
     * the same would name two people.
     */
    static String name(JsonObject body, String field, int maxLength) {
        return text(body, field, maxLength, true);
    }

    private static String text(JsonObject body, String field, int maxLength, boolean name) {
        Object value = body.getValue(field);
        if (value == null) {
            throw new RequestException(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        if (!(value instanceof String s)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, field, field + " must be a string");
        }
        String trimmed = s.strip();
        if (trimmed.isEmpty() || trimmed.length() > maxLength) {
            throw new RequestException(
                    ErrorCode.OUT_OF_RANGE, field, field + " must have 1 to " + maxLength + " characters");
        }
        if (PersonalIdentityNumber.occursIn(trimmed)) {
            // a note or a name is kept for good in the audit trail: no person's number may enter it
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    field,
                    field + " holds a personal identity number; it is kept for good in the case's audit trail, so"
                            + " refer to the person by the case, not by their number");
        }
        for (int i = 0; i < trimmed.length(); ) {
            int c = trimmed.codePointAt(i);
            String problem = null;
            // PostgreSQL's text holds no NUL; other control characters but line breaks and tabs have no place in a
            // note, and none in a name (no token's subject holds one, so a case assigned to it would be stranded)
            if ((c < 0x20 && (name || (c != '\n' && c != '\r' && c != '\t'))) || (c >= 0x7f && c < 0xa0)) {
                problem = "control characters";
            } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                // embeddings, overrides and isolates: what a reader sees is then not the order of the text
                problem = "direction overrides";
            } else if (Character.isSurrogate((char) c)) {
                problem = "a lone surrogate (not a character: the JSON's \\u escapes are broken)";
            } else if (name && Character.getType(c) == Character.FORMAT) {
                problem = "invisible formatting characters";
            }
            if (problem != null) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD,
                        field,
                        field + " must not hold " + problem + " (U+" + String.format(Locale.ROOT, "%04X", c) + " at "
                                + (trimmed.codePointCount(0, i) + 1) + ")");
            }
            i += Character.charCount(c);
        }
        String mixed = name ? mixedScripts(trimmed) : null;
        if (mixed != null) {
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    field,
                    field + " mixes the letters of " + mixed + ", as a name made to read like another's does (a"
                            + " Cyrillic 'а' in 'anna'); write it in one script");
        }
        return trimmed;
    }

    /** Scripts that Unicode's "highly restrictive" identifiers may combine with Latin and Han (UTS #39). */
    private static final List<Set<Character.UnicodeScript>> SCRIPT_COMBINATIONS = List.of(
            EnumSet.of(
                    Character.UnicodeScript.LATIN,
                    Character.UnicodeScript.HAN,
                    Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    /**
     * The scripts a name's letters mix, named ("Latin and Cyrillic"), or null for a name in one
     * script (digits, punctuation and combining marks belong to none) or in a combination that
     * Unicode's restriction level "highly restrictive" allows (UTS #39, 5.2: Japanese, Chinese and
     * Korean with Latin). Two names that read the same are two people to the queue; the letters
     * that make them are each other's look-alikes in Latin, Cyrillic and Greek.
     */
    static String mixedScripts(String name) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        name.codePoints().filter(Character::isLetter).forEach(c -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(c);
            if (script != Character.UnicodeScript.COMMON
                    && script != Character.UnicodeScript.INHERITED
                    && script != Character.UnicodeScript.UNKNOWN) {
                scripts.add(script);
            }
        });
        if (scripts.size() < 2 || SCRIPT_COMBINATIONS.stream().anyMatch(allowed -> allowed.containsAll(scripts))) {
            return null;
        }
        List<String> names = scripts.stream()
                .map(s -> s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT))
                .toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    static int integer(JsonObject body, String field, int min, int max) {
        Object value = body.getValue(field);
        if (value == null) {
            throw new RequestException(ErrorCode.MISSING_FIELD, field, field + " is required");
        }
        if (value instanceof java.math.BigInteger) {
            // a whole number beyond a long's range, not repeated (it may have thousands of digits)
            throw new RequestException(ErrorCode.OUT_OF_RANGE, field, field + " must be in [" + min + ", " + max + "]");
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, field, field + " must be a whole number");
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw new RequestException(
                    ErrorCode.OUT_OF_RANGE, field, field + " must be in [" + min + ", " + max + "], was " + v);
        }
        return (int) v;
    }

    /** An outcome body's fields. */
    private static final Set<String> OUTCOME_FIELDS = Set.of(
            "incorrect",
            "incorrectAmountSek",
            "preventedFutureSek",
            "cause",
            "intentionalSuspected",
            "actions",
            "policeReport");

    /** Reads and checks an outcome body. */
    static Outcome outcome(Buffer buffer) {
        return outcome(body(buffer, OUTCOME_FIELDS));
    }

    /** A lead's correction of an outcome: the outcome as it should have been, and why. */
    record OutcomeCorrection(Outcome outcome, String reason) {}

    /** The longest reason for a correction. */
    static final int MAX_REASON = 2_000;

    /** Reads and checks a correction body: an outcome's fields and a {@code reason}. */
    static OutcomeCorrection correction(Buffer buffer) {
        Set<String> fields = new java.util.HashSet<>(OUTCOME_FIELDS);
        fields.add("reason");
        JsonObject body = body(buffer, fields);
        return new OutcomeCorrection(outcome(body), text(body, "reason", MAX_REASON));
    }

    private static Outcome outcome(JsonObject body) {
        if (body.getValue("incorrect") == null) {
            throw new RequestException(ErrorCode.MISSING_FIELD, "incorrect", "incorrect (true or false) is required");
        }
        boolean incorrect = flag(body, "incorrect");
        double amount = amount(body, "incorrectAmountSek");
        double prevented = amount(body, "preventedFutureSek");
        Object cause = body.getValue("cause");
        if (cause != null && !(cause instanceof String)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, "cause", "cause must be a string or null");
        }
        Object rawActions = body.getValue("actions");
        List<String> actions = new ArrayList<>();
        if (rawActions != null) {
            if (!(rawActions instanceof JsonArray array)) {
                throw new RequestException(ErrorCode.INVALID_FIELD, "actions", "actions must be an array of strings");
            }
            for (Object a : array) {
                if (!(a instanceof String s)) {
                    throw new RequestException(
                            ErrorCode.INVALID_FIELD, "actions", "actions must be an array of strings");
                }
                actions.add(s);
            }
        }
        boolean intentional = flag(body, "intentionalSuspected");
        boolean police = flag(body, "policeReport");
        // codes are matched regardless of case, as everywhere in the API
        Outcome outcome = new Outcome(
                incorrect,
                amount,
                prevented,
                cause == null ? null : ((String) cause).toUpperCase(Locale.ROOT),
                intentional,
                actions.stream().map(a -> a.toUpperCase(Locale.ROOT)).toList(),
                police);
        String[] problem = outcome.problem();
        if (problem != null) {
            throw new RequestException(ErrorCode.INVALID_FIELD, problem[0], problem[1]);
        }
        return outcome;
    }

    private static boolean flag(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return false;
        }
        if (!(value instanceof Boolean b)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, field, field + " must be true or false");
        }
        return b;
    }

    private static double amount(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number n)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, field, field + " must be a number of SEK");
        }
        double v = n.doubleValue();
        if (!(v >= 0 && v <= Outcome.MAX_SEK)) {
            throw new RequestException(
                    ErrorCode.OUT_OF_RANGE, field, field + " must be in [0, 10000000] SEK, was " + v);
        }
        return v;
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** A case's decision as {@code GET /v1/decisions/{id}} shows it, without the request bookkeeping. */
    private static JsonObject decisionJson(org.korrekt.scoring.record.DecisionRecord r) {
        JsonObject json = DecisionRecordJson.toJson(r);
        // which client request it answered: a digest that tells a reader nothing but which
        // applications came in one payment run's request
        json.remove("request");
        return json;
    }
}
