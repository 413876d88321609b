package org.korrekt.scoring.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.features.identity.Pseudonymizer;

/**
 * Decodes the body of {@code POST /v1/history/events}: the facts the agency's registers report
 * after the person history log was written (payments, employer declarations, childcare attendance,
 * timesheets, registrations, permits, licence revocations), each with the sender's {@code eventId}.
 *
 * <p>A person, child, assistant or assistance user is given as a pseudonym or as a personal
 * identity number, which is pseudonymised here and goes no further: {@link #stored} writes the
 * decoded event with pseudonyms only, and {@link #fromStored} reads that form back. Every error is
 * a {@link RequestException} naming the event and the field ({@code events[3].amountSek}); the
 * message never echoes an identity number. A request is decoded whole or refused whole. Thread-safe.
 */
public final class HistoryEventDecoder {

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(ApplicationRequestDecoder.LIMITS)
            .build();

    /** How far ahead of today a day may lie: a payment run's pay day, say. */
    public static final int MAX_DAYS_AHEAD = 400;

    /** The most an amount may be (SEK), as in an application. */
    public static final double MAX_SEK = Application.MAX_AMOUNT_SEK;

    /** The kinds of event, as the {@code type} field names them. */
    public enum Kind {
        PAYMENT("payment", Set.of("benefit", "payDay", "amountSek"), HistoryEvent.PaymentMade.class),
        INCOME(
                "income",
                Set.of("month", "grossPaySek", "sickDays", "parentalLeaveDays", "vabDays"),
                HistoryEvent.IncomeDeclared.class),
        CHILDCARE_ATTENDANCE("childcare-attendance", Set.of("day"), HistoryEvent.ChildAttended.class),
        TIMESHEET("timesheet", Set.of("day", "hours"), HistoryEvent.HoursReported.class),
        LICENCE_REVOKED("licence-revoked", Set.of("providerId", "revokedOn"), HistoryEvent.LicenceRevoked.class),
        MOVED_IN("moved-in", Set.of("addressId", "from"), HistoryEvent.MovedIn.class),
        MOVED_OUT("moved-out", Set.of("addressId", "lastDay"), HistoryEvent.MovedOut.class),
        PERMIT("permit", Set.of("validTo"), HistoryEvent.PermitIssued.class),
        PERMIT_RENEWED("permit-renewed", Set.of("renewedOn"), HistoryEvent.PermitRenewed.class),
        /** Takes back an earlier event of the feed that is {@link HistoryEvent.Withdrawable}. */
        WITHDRAWAL("withdrawal", Set.of("withdraws"), null);

        private final String type;
        private final Set<String> fields;
        private final Class<? extends HistoryEvent> event;

        Kind(String type, Set<String> fields, Class<? extends HistoryEvent> event) {
            this.type = type;
            this.fields = fields;
            this.event = event;
        }

        /** The value of the {@code type} field. */
        public String type() {
            return type;
        }

        /** Whether an event of this kind can be withdrawn: whether its event is {@link HistoryEvent.Withdrawable}. */
        public boolean withdrawable() {
            return event != null && HistoryEvent.Withdrawable.class.isAssignableFrom(event);
        }

        /** The kind a {@code type} names, or null. */
        public static Kind of(String type) {
            for (Kind kind : values()) {
                if (kind.type.equals(type)) {
                    return kind;
                }
            }
            return null;
        }

        static String types() {
            StringBuilder types = new StringBuilder();
            for (Kind kind : values()) {
                types.append(types.length() == 0 ? "" : ", ").append(kind.type);
            }
            return types.toString();
        }
    }

    /**
     * One decoded event: the sender's id, its kind, and the event as the person history takes it;
     * for a withdrawal, no event but the id of the event it withdraws.
     */
    public record FeedEvent(String eventId, Kind kind, HistoryEvent event, String withdraws) {
        FeedEvent(String eventId, Kind kind, HistoryEvent event) {
            this(eventId, kind, event, null);
        }
    }

    private final Pseudonymizer pseudonymizer;
    private final Clock clock;

    /**
     * @param pseudonymizer pseudonymises raw identity numbers, with the key applications are pseudonymised with
     * @param clock today's date, for the latest day accepted
     */
    public HistoryEventDecoder(Pseudonymizer pseudonymizer, Clock clock) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private HistoryEventDecoder() {
        this.pseudonymizer = null;
        this.clock = null;
    }

    /**
     * A decoder that only reads back recorded events ({@link #fromStored}): they hold pseudonyms, so
     * it needs no key. Decoding a request with it fails.
     */
    public static HistoryEventDecoder storedEventsReader() {
        return new HistoryEventDecoder();
    }

    /**
     * Decodes {@code {"events": [...]}} of at most {@code maxEvents} events.
     *
     * @throws RequestException for any malformed, missing, unknown or out-of-range field, naming it
     */
    public List<FeedEvent> decodeRequest(byte[] body, int maxEvents) {
        if (clock == null) {
            throw new IllegalStateException("this decoder only reads recorded events back (storedEventsReader)");
        }
        if (body.length == 0) {
            throw new RequestException(
                    ErrorCode.MALFORMED_JSON, null, "the request body is empty; expected {\"events\": [...]}");
        }
        checkStructure(body);
        JsonObject request;
        try {
            Object parsed = Buffer.buffer(body).toJsonValue();
            if (!(parsed instanceof JsonObject object)) {
                throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the request body must be a JSON object");
            }
            request = object;
        } catch (DecodeException e) {
            throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the request body is not valid JSON");
        }
        for (String name : request.fieldNames()) {
            if (!name.equals("events")) {
                throw new RequestException(
                        ErrorCode.UNKNOWN_FIELD,
                        PersonalIdentityNumber.fieldName(name),
                        "unknown field '" + PersonalIdentityNumber.fieldName(name) + "'");
            }
        }
        Object events = request.getValue("events");
        if (events == null) {
            throw new RequestException(ErrorCode.MISSING_FIELD, "events", "field 'events' is required");
        }
        if (!(events instanceof JsonArray array)) {
            throw new RequestException(ErrorCode.INVALID_FIELD, "events", "field 'events' must be an array");
        }
        if (array.isEmpty()) {
            throw new RequestException(ErrorCode.OUT_OF_RANGE, "events", "field 'events' must hold at least one event");
        }
        if (array.size() > maxEvents) {
            throw new RequestException(
                    ErrorCode.OUT_OF_RANGE,
                    "events",
                    "a request holds at most " + maxEvents + " events, had " + array.size());
        }
        LocalDate latest = LocalDate.now(clock).plusDays(MAX_DAYS_AHEAD);
        List<FeedEvent> decoded = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String at = "events[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject event)) {
                throw new RequestException(ErrorCode.INVALID_FIELD, at, "each event must be a JSON object");
            }
            decoded.add(decode(event, at + ".", latest, true));
        }
        return decoded;
    }

    /**
     * Refuses, before the body is decoded, what the tree would hide or what costs too much: a key
     * twice in one object (the tree keeps the last), nesting deeper than 8, a string longer than
     * 1,000 characters, a number of more than 40 digits: the limits of {@link ApplicationRequestDecoder}.
     */
    private static void checkStructure(byte[] body) {
        try (JsonParser parser = STRICT.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.VALUE_STRING) {
                    parser.getText(); // the length limit is checked when the text is read
                }
            }
        } catch (StreamConstraintsException e) {
            throw new RequestException(
                    ErrorCode.OUT_OF_RANGE, null, "the request body exceeds a limit: " + e.getOriginalMessage());
        } catch (JsonParseException e) {
            if (e.getOriginalMessage().startsWith("Duplicate field")) {
                String pointer = e.getProcessor() == null
                        ? ""
                        : e.getProcessor().getParsingContext().pathAsPointer().toString();
                String field = pointer.replaceFirst("^/", "")
                        .replaceAll("/(\\d+)(?=/|$)", "[$1]")
                        .replace('/', '.');
                throw new RequestException(
                        ErrorCode.INVALID_FIELD,
                        field.isEmpty() ? null : field,
                        e.getOriginalMessage() + ": a field may appear once");
            }
            throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the request body is not valid JSON");
        } catch (java.io.IOException e) {
            throw new RequestException(ErrorCode.MALFORMED_JSON, null, "the request body is not valid JSON");
        }
    }

    /**
     * The event as the database keeps it: its {@code type} and fields, with pseudonyms and never
     * an identity number, and without its id.
     */
    public static JsonObject stored(FeedEvent e) {
        JsonObject json = new JsonObject().put("type", e.kind().type());
        HistoryEvent event = e.event();
        if (e.kind() == Kind.WITHDRAWAL) {
            json.put("withdraws", e.withdraws());
        } else if (event instanceof HistoryEvent.PaymentMade p) {
            json.put("personPseudonym", p.person())
                    .put("benefit", p.benefit().code())
                    .put("payDay", day(p.payDay()))
                    .put("amountSek", p.amountSek());
        } else if (event instanceof HistoryEvent.IncomeDeclared m) {
            json.put("personPseudonym", m.person())
                    .put(
                            "month",
                            YearMonth.of(m.month() / 12, m.month() % 12 + 1).toString())
                    .put("grossPaySek", m.grossPaySek())
                    .put("sickDays", m.sickDays())
                    .put("parentalLeaveDays", m.parentalLeaveDays())
                    .put("vabDays", m.vabDays());
        } else if (event instanceof HistoryEvent.ChildAttended a) {
            json.put("childPseudonym", a.child()).put("day", day(a.day()));
        } else if (event instanceof HistoryEvent.HoursReported h) {
            json.put("assistantPseudonym", h.assistant())
                    .put("userPseudonym", h.user())
                    .put("day", day(h.day()))
                    .put("hours", h.hours());
        } else if (event instanceof HistoryEvent.LicenceRevoked r) {
            json.put("providerId", r.provider()).put("revokedOn", day(r.revokedOn()));
        } else if (event instanceof HistoryEvent.MovedIn m) {
            json.put("personPseudonym", m.person())
                    .put("addressId", m.address())
                    .put("from", day(m.from()));
        } else if (event instanceof HistoryEvent.MovedOut m) {
            json.put("personPseudonym", m.person())
                    .put("addressId", m.address())
                    .put("lastDay", day(m.lastDay()));
        } else if (event instanceof HistoryEvent.PermitIssued p) {
            json.put("personPseudonym", p.person()).put("validTo", day(p.validTo()));
        } else if (event instanceof HistoryEvent.PermitRenewed p) {
            json.put("personPseudonym", p.person()).put("renewedOn", day(p.renewedOn()));
        } else {
            throw new IllegalArgumentException(
                    "an application reaches the history by being scored, not through the feed");
        }
        return json;
    }

    /** Reads back what {@link #stored} wrote; the days are not bounded by today. */
    public FeedEvent fromStored(String eventId, JsonObject body) {
        JsonObject event = body.copy().put("eventId", eventId);
        return decode(event, "", LocalDate.of(2100, 12, 31), false);
    }

    private static String day(int day) {
        return LocalDate.ofEpochDay(day).toString();
    }

    private FeedEvent decode(JsonObject event, String at, LocalDate latest, boolean identityNumbers) {
        Fields f = new Fields(event, at, latest);
        String eventId = f.identifier("eventId", true);
        String type = f.text("type", true);
        Kind kind = Kind.of(type);
        if (kind == null) {
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    at + "type",
                    "type must be one of " + Kind.types() + ", was '" + PersonalIdentityNumber.quotable(type) + "'");
        }
        Set<String> persons =
                switch (kind) {
                    case CHILDCARE_ATTENDANCE -> Set.of("child");
                    case TIMESHEET -> Set.of("assistant", "user");
                    case LICENCE_REVOKED, WITHDRAWAL -> Set.of();
                    default -> Set.of("person");
                };
        for (String name : event.fieldNames()) {
            boolean known = name.equals("eventId") || name.equals("type") || kind.fields.contains(name);
            for (String p : persons) {
                known |= name.equals(p + "Pseudonym") || name.equals(identityField(p));
            }
            if (!known) {
                throw new RequestException(
                        ErrorCode.UNKNOWN_FIELD,
                        at + PersonalIdentityNumber.fieldName(name),
                        "unknown field '" + PersonalIdentityNumber.fieldName(name) + "' for an event of type " + type);
            }
        }
        if (kind == Kind.WITHDRAWAL) {
            String withdraws = f.identifier("withdraws", true);
            if (withdraws.equals(eventId)) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, at + "withdraws", "an event cannot withdraw itself");
            }
            return new FeedEvent(eventId, kind, null, withdraws);
        }
        HistoryEvent decoded =
                switch (kind) {
                    case PAYMENT ->
                        new HistoryEvent.PaymentMade(
                                person(f, "person", identityNumbers),
                                f.benefit("benefit"),
                                f.day("payDay"),
                                f.number("amountSek", true, 0, MAX_SEK));
                    case INCOME ->
                        new HistoryEvent.IncomeDeclared(
                                person(f, "person", identityNumbers),
                                f.month("month"),
                                f.number("grossPaySek", true, 0, MAX_SEK),
                                f.count("sickDays"),
                                f.count("parentalLeaveDays"),
                                f.count("vabDays"));
                    case CHILDCARE_ATTENDANCE ->
                        new HistoryEvent.ChildAttended(person(f, "child", identityNumbers), f.day("day"));
                    case TIMESHEET ->
                        new HistoryEvent.HoursReported(
                                person(f, "assistant", identityNumbers),
                                person(f, "user", identityNumbers),
                                f.day("day"),
                                f.number("hours", true, 0, 24));
                    case LICENCE_REVOKED ->
                        new HistoryEvent.LicenceRevoked(f.identifier("providerId", true), f.day("revokedOn"));
                    case MOVED_IN ->
                        new HistoryEvent.MovedIn(
                                person(f, "person", identityNumbers), f.identifier("addressId", true), f.day("from"));
                    case MOVED_OUT ->
                        new HistoryEvent.MovedOut(
                                person(f, "person", identityNumbers),
                                f.identifier("addressId", true),
                                f.day("lastDay"));
                    case PERMIT ->
                        new HistoryEvent.PermitIssued(person(f, "person", identityNumbers), f.day("validTo"));
                    case PERMIT_RENEWED ->
                        new HistoryEvent.PermitRenewed(person(f, "person", identityNumbers), f.day("renewedOn"));
                    case WITHDRAWAL -> throw new IllegalStateException("decoded above");
                };
        return new FeedEvent(eventId, kind, decoded);
    }

    private static String identityField(String role) {
        return role.equals("person") ? "personalIdentityNumber" : role + "PersonalIdentityNumber";
    }

    /**
     * The pseudonym of {@code role} ({@code person}, {@code child}, {@code assistant}, {@code user}):
     * given as {@code rolePseudonym}, or made from its identity number. A person's pseudonym must
     * have the form korrekt's pseudonymiser gives; a child's, as in an application, be an identifier.
     */
    private String person(Fields f, String role, boolean identityNumbers) {
        String pseudonymField = role + "Pseudonym";
        String numberField = identityField(role);
        String pseudonym = f.text(pseudonymField, false);
        String number = identityNumbers ? f.text(numberField, false) : null;
        if (pseudonym != null && number != null) {
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    f.at + numberField,
                    "give either " + pseudonymField + " or " + numberField + ", not both");
        }
        if (number != null) {
            try {
                return pseudonymizer.pseudonymize(number);
            } catch (IllegalArgumentException e) {
                throw new RequestException(ErrorCode.INVALID_FIELD, f.at + numberField, e.getMessage());
            }
        }
        if (pseudonym == null) {
            throw new RequestException(
                    ErrorCode.MISSING_FIELD,
                    f.at + pseudonymField,
                    "one of " + pseudonymField + " or " + numberField + " is required");
        }
        boolean valid = role.equals("child")
                ? pseudonym.length() <= Application.MAX_ID_LENGTH && ApplicationRequestDecoder.isIdentifier(pseudonym)
                : Pseudonymizer.isPseudonym(pseudonym);
        if (valid && role.equals("child")) {
            f.refuseIdentityNumber(pseudonym, pseudonymField);
        }
        if (!valid) {
            throw new RequestException(
                    ErrorCode.INVALID_FIELD,
                    f.at + pseudonymField,
                    role.equals("child")
                            ? pseudonymField + " must have 1 to " + Application.MAX_ID_LENGTH
                                    + " characters of A-Z a-z 0-9 . _ : -"
                            : pseudonymField + " must be a pseudonym as korrekt makes them (p- and 32 hex digits)");
        }
        return pseudonym;
    }

    /** One event's fields, read with the event's position in every error. */
    private static final class Fields {
        final JsonObject json;
        final String at;
        final LocalDate latest;

        Fields(JsonObject json, String at, LocalDate latest) {
            this.json = json;
            this.at = at;
            this.latest = latest;
        }

        String text(String name, boolean required) {
            Object value = json.getValue(name);
            if (value == null) {
                if (required) {
                    throw new RequestException(ErrorCode.MISSING_FIELD, at + name, "field '" + name + "' is required");
                }
                return null;
            }
            if (!(value instanceof String s)) {
                throw new RequestException(ErrorCode.INVALID_FIELD, at + name, "field '" + name + "' must be a string");
            }
            return s;
        }

        String identifier(String name, boolean required) {
            String id = text(name, required);
            if (id != null
                    && (id.length() > Application.MAX_ID_LENGTH || !ApplicationRequestDecoder.isIdentifier(id))) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD,
                        at + name,
                        name + " must have 1 to " + Application.MAX_ID_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
            }
            if (id != null) {
                refuseIdentityNumber(id, name);
            }
            return id;
        }

        /** Keys are kept for good: one that holds a person's identity number is refused, not stored. */
        void refuseIdentityNumber(String value, String name) {
            // a pseudonym's 32 hex digits hold a valid 12-digit run now and then (about one in 2,000): in a
            // pseudonym field that is not a number; in an id, where nothing makes it a pseudonym, it is
            boolean pseudonym = name.endsWith("Pseudonym") && Pseudonymizer.isPseudonym(value);
            if (!pseudonym && PersonalIdentityNumber.occursIn(value)) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD,
                        at + name,
                        name + " holds a personal identity number; it is kept for good, so it must not name a person");
            }
        }

        Benefit benefit(String name) {
            String code = text(name, true);
            Benefit benefit = Benefit.fromCode(code);
            if (benefit == null) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, at + name, "benefit must be one of " + Benefit.codes());
            }
            return benefit;
        }

        int day(String name) {
            String text = text(name, true);
            LocalDate date;
            try {
                date = LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, at + name, "field '" + name + "' must be a date as YYYY-MM-DD");
            }
            if (date.isBefore(ApplicationRequestDecoder.EARLIEST_DATE) || date.isAfter(latest)) {
                throw new RequestException(
                        ErrorCode.OUT_OF_RANGE,
                        at + name,
                        "field '" + name + "' must be a date from " + ApplicationRequestDecoder.EARLIEST_DATE + " to "
                                + latest);
            }
            return Days.of(date);
        }

        int month(String name) {
            String text = text(name, true);
            YearMonth month;
            try {
                month = YearMonth.parse(text);
            } catch (DateTimeParseException e) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, at + name, "field '" + name + "' must be a month as YYYY-MM");
            }
            if (month.atDay(1).isBefore(ApplicationRequestDecoder.EARLIEST_DATE)
                    || month.atDay(1).isAfter(latest)) {
                throw new RequestException(
                        ErrorCode.OUT_OF_RANGE,
                        at + name,
                        "field '" + name + "' must be a month from "
                                + YearMonth.from(ApplicationRequestDecoder.EARLIEST_DATE) + " to "
                                + YearMonth.from(latest));
            }
            return Days.monthOf(month.atDay(1));
        }

        double number(String name, boolean required, double min, double max) {
            Object value = json.getValue(name);
            if (value == null) {
                if (required) {
                    throw new RequestException(ErrorCode.MISSING_FIELD, at + name, "field '" + name + "' is required");
                }
                return 0;
            }
            if (!(value instanceof Number n)) {
                throw new RequestException(ErrorCode.INVALID_FIELD, at + name, "field '" + name + "' must be a number");
            }
            double d = n.doubleValue();
            if (!(d >= min && d <= max)) {
                throw new RequestException(
                        ErrorCode.OUT_OF_RANGE, at + name, "field '" + name + "' must be from " + min + " to " + max);
            }
            return d;
        }

        /** A whole number of days in a month, 0 to 31; absent is 0. */
        int count(String name) {
            Object value = json.getValue(name);
            if (value == null) {
                return 0;
            }
            if (!(value instanceof Integer || value instanceof Long)) {
                throw new RequestException(
                        ErrorCode.INVALID_FIELD, at + name, "field '" + name + "' must be a whole number");
            }
            long n = ((Number) value).longValue();
            if (n < 0 || n > 31) {
                throw new RequestException(
                        ErrorCode.OUT_OF_RANGE, at + name, "field '" + name + "' must be from 0 to 31");
            }
            return (int) n;
        }
    }
}
