package org.korrekt.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.features.Benefit;
import org.korrekt.features.history.Days;
import org.korrekt.features.history.HistoryEvent;
import org.korrekt.features.identity.Pseudonymizer;
import org.korrekt.scoring.api.HistoryEventDecoder.FeedEvent;

class HistoryEventDecoderTest {

    private static final Pseudonymizer PSEUDONYMIZER =
            new Pseudonymizer("k".repeat(32).getBytes(StandardCharsets.UTF_8));
    private static final Clock TODAY = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final HistoryEventDecoder DECODER = new HistoryEventDecoder(PSEUDONYMIZER, TODAY);
    private static final String PERSON = "p-" + "a".repeat(32);
    private static final String OTHER = "p-" + "b".repeat(32);
    private static final String NUMBER = "198001010019";

    private static int day(String date) {
        return Days.of(LocalDate.parse(date));
    }

    private static byte[] body(JsonObject... events) {
        return new JsonObject()
                .put("events", new JsonArray(List.of((Object[]) events)))
                .encode()
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject event(String id, String type) {
        return new JsonObject().put("eventId", id).put("type", type);
    }

    @Test
    void everyKindDecodesToTheEventTheHistoryTakes() {
        List<FeedEvent> events = DECODER.decodeRequest(
                body(
                        event("e1", "payment")
                                .put("personPseudonym", PERSON)
                                .put("benefit", "tfp")
                                .put("payDay", "2025-05-25")
                                .put("amountSek", 4321.5),
                        event("e2", "income")
                                .put("personPseudonym", PERSON)
                                .put("month", "2025-04")
                                .put("grossPaySek", 30000)
                                .put("vabDays", 2),
                        event("e3", "childcare-attendance")
                                .put("childPseudonym", "child-7")
                                .put("day", "2025-05-20"),
                        event("e4", "timesheet")
                                .put("assistantPseudonym", PERSON)
                                .put("userPseudonym", OTHER)
                                .put("day", "2025-05-02")
                                .put("hours", 7.5),
                        event("e5", "licence-revoked")
                                .put("providerId", "ivo:123")
                                .put("revokedOn", "2025-05-01"),
                        event("e6", "moved-in")
                                .put("personPseudonym", PERSON)
                                .put("addressId", "addr-9")
                                .put("from", "2025-03-01"),
                        event("e7", "moved-out")
                                .put("personPseudonym", PERSON)
                                .put("addressId", "addr-9")
                                .put("lastDay", "2025-05-31"),
                        event("e8", "permit").put("personPseudonym", PERSON).put("validTo", "2026-01-31"),
                        event("e9", "permit-renewed")
                                .put("personPseudonym", PERSON)
                                .put("renewedOn", "2026-02-01")),
                100);

        assertThat(events)
                .extracting(FeedEvent::event)
                .containsExactly(
                        new HistoryEvent.PaymentMade(PERSON, Benefit.TFP, day("2025-05-25"), 4321.5),
                        new HistoryEvent.IncomeDeclared(
                                PERSON, Days.monthOf(LocalDate.parse("2025-04-01")), 30000, 0, 0, 2),
                        new HistoryEvent.ChildAttended("child-7", day("2025-05-20")),
                        new HistoryEvent.HoursReported(PERSON, OTHER, day("2025-05-02"), 7.5),
                        new HistoryEvent.LicenceRevoked("ivo:123", day("2025-05-01")),
                        new HistoryEvent.MovedIn(PERSON, "addr-9", day("2025-03-01")),
                        new HistoryEvent.MovedOut(PERSON, "addr-9", day("2025-05-31")),
                        new HistoryEvent.PermitIssued(PERSON, day("2026-01-31")),
                        new HistoryEvent.PermitRenewed(PERSON, day("2026-02-01")));
        assertThat(events)
                .extracting(FeedEvent::eventId)
                .containsExactly("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        // what the database keeps reads back to the same event
        for (FeedEvent e : events) {
            assertThat(DECODER.fromStored(e.eventId(), HistoryEventDecoder.stored(e)))
                    .as(e.kind().type())
                    .isEqualTo(e);
        }
    }

    @Test
    void aWithdrawalNamesTheEventItTakesBackAndNothingElse() {
        FeedEvent w = DECODER.decodeRequest(body(event("w1", "withdrawal").put("withdraws", "e1")), 10)
                .get(0);
        assertThat(w.kind()).isEqualTo(HistoryEventDecoder.Kind.WITHDRAWAL);
        assertThat(w.withdraws()).isEqualTo("e1");
        assertThat(w.event()).isNull();
        assertThat(HistoryEventDecoder.stored(w).encode()).isEqualTo("{\"type\":\"withdrawal\",\"withdraws\":\"e1\"}");
        assertThat(DECODER.fromStored("w1", HistoryEventDecoder.stored(w))).isEqualTo(w);

        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest(body(event("w1", "withdrawal")), 10))
                        .field())
                .isEqualTo("events[0].withdraws");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest(
                                        body(event("w1", "withdrawal").put("withdraws", "w1")), 10))
                        .getMessage())
                .contains("cannot withdraw itself");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest(
                                        body(event("w1", "withdrawal")
                                                .put("withdraws", "e1")
                                                .put("personPseudonym", PERSON)),
                                        10))
                        .field())
                .isEqualTo("events[0].personPseudonym");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest(
                                        body(event("w1", "withdrawal").put("withdraws", "A-" + NUMBER)), 10))
                        .field())
                .as("ids are kept for good")
                .isEqualTo("events[0].withdraws");
        assertThat(HistoryEventDecoder.Kind.values())
                .filteredOn(HistoryEventDecoder.Kind::withdrawable)
                .extracting(HistoryEventDecoder.Kind::type)
                .containsExactly("payment", "income", "childcare-attendance", "timesheet");
    }

    @Test
    void identityNumbersArePseudonymisedAndNeverKept() {
        FeedEvent e = DECODER.decodeRequest(
                        body(event("t1", "timesheet")
                                .put("assistantPersonalIdentityNumber", NUMBER)
                                .put("userPseudonym", OTHER)
                                .put("day", "2025-05-02")
                                .put("hours", 3)),
                        10)
                .get(0);
        String pseudonym = PSEUDONYMIZER.pseudonymize(NUMBER);
        assertThat(e.event()).isEqualTo(new HistoryEvent.HoursReported(pseudonym, OTHER, day("2025-05-02"), 3));
        JsonObject stored = HistoryEventDecoder.stored(e);
        assertThat(stored.encode()).doesNotContain(NUMBER).contains(pseudonym);
        assertThat(stored.getString("assistantPseudonym")).isEqualTo(pseudonym);

        FeedEvent child = DECODER.decodeRequest(
                        body(event("c1", "childcare-attendance")
                                .put("childPersonalIdentityNumber", NUMBER)
                                .put("day", "2025-05-02")),
                        10)
                .get(0);
        assertThat(child.event()).isEqualTo(new HistoryEvent.ChildAttended(pseudonym, day("2025-05-02")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "unknown type|{\"eventId\":\"x\",\"type\":\"salary\"}|INVALID_FIELD|events[0].type",
                "no type|{\"eventId\":\"x\"}|MISSING_FIELD|events[0].type",
                "no id|{\"type\":\"permit\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"validTo\":\"2025-01-01\"}|MISSING_FIELD|events[0].eventId",
                "bad id|{\"eventId\":\"a b\",\"type\":\"permit\"}|INVALID_FIELD|events[0].eventId",
                "unknown field|{\"eventId\":\"x\",\"type\":\"permit\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"validTo\":\"2025-01-01\",\"amountSek\":1}|UNKNOWN_FIELD|events[0].amountSek",
                "field of another kind|{\"eventId\":\"x\",\"type\":\"payment\",\"childPseudonym\":\"c\"}|UNKNOWN_FIELD|events[0].childPseudonym",
                "no person|{\"eventId\":\"x\",\"type\":\"permit\",\"validTo\":\"2025-01-01\"}|MISSING_FIELD|events[0].personPseudonym",
                "both pseudonym and number|{\"eventId\":\"x\",\"type\":\"permit\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"personalIdentityNumber\":\"198001010019\",\"validTo\":\"2025-01-01\"}|INVALID_FIELD|events[0].personalIdentityNumber",
                "bad identity number|{\"eventId\":\"x\",\"type\":\"permit\",\"personalIdentityNumber\":\"198001010018\",\"validTo\":\"2025-01-01\"}|INVALID_FIELD|events[0].personalIdentityNumber",
                "not a pseudonym|{\"eventId\":\"x\",\"type\":\"permit\",\"personPseudonym\":\"anna\",\"validTo\":\"2025-01-01\"}|INVALID_FIELD|events[0].personPseudonym",
                "negative amount|{\"eventId\":\"x\",\"type\":\"payment\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"benefit\":\"tfp\",\"payDay\":\"2025-05-01\",\"amountSek\":-1}|OUT_OF_RANGE|events[0].amountSek",
                "amount as text|{\"eventId\":\"x\",\"type\":\"payment\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"benefit\":\"tfp\",\"payDay\":\"2025-05-01\",\"amountSek\":\"1\"}|INVALID_FIELD|events[0].amountSek",
                "unknown benefit|{\"eventId\":\"x\",\"type\":\"payment\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"benefit\":\"xyz\",\"payDay\":\"2025-05-01\",\"amountSek\":1}|INVALID_FIELD|events[0].benefit",
                "bad date|{\"eventId\":\"x\",\"type\":\"permit\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"validTo\":\"1/2/2025\"}|INVALID_FIELD|events[0].validTo",
                "too far ahead|{\"eventId\":\"x\",\"type\":\"permit\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"validTo\":\"2026-07-07\"}|OUT_OF_RANGE|events[0].validTo",
                "bad month|{\"eventId\":\"x\",\"type\":\"income\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"month\":\"2025-13\",\"grossPaySek\":1}|INVALID_FIELD|events[0].month",
                "days not whole|{\"eventId\":\"x\",\"type\":\"income\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"month\":\"2025-03\",\"grossPaySek\":1,\"sickDays\":1.5}|INVALID_FIELD|events[0].sickDays",
                "too many days|{\"eventId\":\"x\",\"type\":\"income\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"month\":\"2025-03\",\"grossPaySek\":1,\"sickDays\":32}|OUT_OF_RANGE|events[0].sickDays",
                "a day of 25 hours|{\"eventId\":\"x\",\"type\":\"timesheet\",\"assistantPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"userPseudonym\":\"p-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\",\"day\":\"2025-05-01\",\"hours\":25}|OUT_OF_RANGE|events[0].hours",
                "not an object|7|INVALID_FIELD|events[0]",
                "a field twice|{\"eventId\":\"x\",\"type\":\"permit\",\"type\":\"payment\"}|INVALID_FIELD|events[0].type",
                "an identity number in the id|{\"eventId\":\"pay:198001010019\",\"type\":\"permit\"}|INVALID_FIELD|events[0].eventId",
                "an identity number as the address|{\"eventId\":\"x\",\"type\":\"moved-in\",\"personPseudonym\":\"p-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"addressId\":\"19800101-0019\",\"from\":\"2025-01-01\"}|INVALID_FIELD|events[0].addressId",
                "an identity number as the child|{\"eventId\":\"x\",\"type\":\"childcare-attendance\",\"childPseudonym\":\"c198001010019\",\"day\":\"2025-01-01\"}|INVALID_FIELD|events[0].childPseudonym",
            })
    void aBadEventIsRefusedNamingItsField(String what, String event, ErrorCode code, String field) {
        byte[] body = ("{\"events\":[" + event + "]}").getBytes(StandardCharsets.UTF_8);
        RequestException e = catchThrowableOfType(RequestException.class, () -> DECODER.decodeRequest(body, 10));
        assertThat(e).as(what).isNotNull();
        assertThat(e.code()).as(what + ": " + e.getMessage()).isEqualTo(code);
        assertThat(e.field()).as(what + ": " + e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage())
                .doesNotContain("198001010018")
                .doesNotContain("198001010019")
                .doesNotContain("19800101-0019");
    }

    @Test
    void theRequestItselfMustHoldOneToMaxEvents() {
        JsonObject permit = event("x", "permit").put("personPseudonym", PERSON).put("validTo", "2025-01-01");
        assertThat(catchThrowableOfType(RequestException.class, () -> DECODER.decodeRequest(new byte[0], 10))
                        .code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest("{\"events\":".getBytes(StandardCharsets.UTF_8), 10))
                        .code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest("[]".getBytes(StandardCharsets.UTF_8), 10))
                        .code())
                .isEqualTo(ErrorCode.MALFORMED_JSON);
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest("{\"events\":[]}".getBytes(StandardCharsets.UTF_8), 10))
                        .code())
                .isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> DECODER.decodeRequest("{\"items\":[]}".getBytes(StandardCharsets.UTF_8), 10))
                        .code())
                .isEqualTo(ErrorCode.UNKNOWN_FIELD);
        RequestException tooMany = catchThrowableOfType(
                RequestException.class, () -> DECODER.decodeRequest(body(permit, permit, permit), 2));
        assertThat(tooMany.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(tooMany.getMessage()).contains("at most 2 events");
        RequestException tooLong = catchThrowableOfType(
                RequestException.class, () -> DECODER.decodeRequest(body(event("x".repeat(2_000), "permit")), 10));
        assertThat(tooLong.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        // the second of two events is the one to blame
        RequestException second = catchThrowableOfType(
                RequestException.class,
                () -> DECODER.decodeRequest(body(permit, event("y", "permit").put("personPseudonym", PERSON)), 10));
        assertThat(second.field()).isEqualTo("events[1].validTo");
    }
}
