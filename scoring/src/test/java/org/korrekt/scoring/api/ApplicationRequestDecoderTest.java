package org.korrekt.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.korrekt.features.Application;
import org.korrekt.features.Benefit;
import org.korrekt.features.Channel;
import org.korrekt.features.identity.Pseudonymizer;

class ApplicationRequestDecoderTest {

    static final String VALID = "{\"applicationId\":\"A-1\",\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\","
            + "\"benefit\":\"tfp\",\"channel\":\"e-service\",\"submittedOn\":\"2025-03-20\",\"periodStart\":\"2024-11-04\","
            + "\"periodEnd\":\"2024-11-08\",\"claimedDays\":5,\"amountSek\":6200,\"declaredMonthlyIncomeSek\":21000.5}";

    private final ApplicationRequestDecoder decoder =
            new ApplicationRequestDecoder(new Pseudonymizer("k".repeat(32).getBytes(StandardCharsets.UTF_8)), TODAY);

    /** A fixed "today", so date bounds are tested the same every day. */
    static final java.time.Clock TODAY =
            java.time.Clock.fixed(java.time.Instant.parse("2025-06-01T12:00:00Z"), java.time.ZoneOffset.UTC);

    @Test
    void decodesAValidApplication() {
        Application a = decoder.decode(VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(a)
                .isEqualTo(new Application(
                        "A-1",
                        "p-0123456789abcdef0123456789abcdef",
                        Benefit.TFP,
                        Channel.E_SERVICE,
                        LocalDate.of(2025, 3, 20),
                        LocalDate.of(2024, 11, 4),
                        LocalDate.of(2024, 11, 8),
                        5,
                        6200,
                        21000.5));
    }

    @Test
    void pseudonymisesARawIdentityNumberAtTheBoundary() {
        String body = VALID.replace(
                "\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\"",
                "\"personalIdentityNumber\":\"198001010019\"");
        Application a = decoder.decode(body.getBytes(StandardCharsets.UTF_8));

        assertThat(Pseudonymizer.isPseudonym(a.personPseudonym())).isTrue();
        assertThat(a.toString()).doesNotContain("198001010019");
    }

    @Test
    void aVabApplicationMayNameTheChildByPseudonymOrIdentityNumber() {
        assertThat(decoder.decodeRequest(VALID.getBytes(StandardCharsets.UTF_8)).childPseudonym())
                .isNull();
        String byPseudonym = VALID.replace("}", ",\"childPseudonym\":\"C000000162\"}");
        assertThat(decoder.decodeRequest(byPseudonym.getBytes(StandardCharsets.UTF_8))
                        .childPseudonym())
                .isEqualTo("C000000162");
        String byNumber = VALID.replace("}", ",\"childPersonalIdentityNumber\":\"201001010006\"}");
        ApplicationRequestDecoder.ScoreRequest request =
                decoder.decodeRequest(byNumber.getBytes(StandardCharsets.UTF_8));
        assertThat(Pseudonymizer.isPseudonym(request.childPseudonym())).isTrue();
        assertThat(request.toString()).doesNotContain("201001010006");
    }

    @Test
    void anAssistanceApplicationMayNameItsProviderAndGrantedHours() {
        String body = VALID.replace("\"benefit\":\"tfp\"", "\"benefit\":\"ass\"")
                .replace("}", ",\"providerId\":\"V000017\",\"grantedHoursPerMonth\":420.5}");
        Application a = decoder.decode(body.getBytes(StandardCharsets.UTF_8));
        assertThat(a.providerId()).isEqualTo("V000017");
        assertThat(a.grantedHoursPerMonth()).isEqualTo(420.5);
        assertThat(decoder.decode(VALID.getBytes(StandardCharsets.UTF_8)).grantedHoursPerMonth())
                .isNaN();
    }

    @Test
    void providerAndGrantedHoursAreRefusedOutsideAssistanceOrOutOfBounds() {
        String onVab = VALID.replace("}", ",\"providerId\":\"V1\"}");
        RequestException e = catchThrowableOfType(
                RequestException.class, () -> decoder.decode(onVab.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.field()).isEqualTo("providerId");
        assertThat(e.getMessage()).contains("assistance allowance");
        String ass = VALID.replace("\"benefit\":\"tfp\"", "\"benefit\":\"ass\"");
        String tooMany = ass.replace("}", ",\"grantedHoursPerMonth\":745}");
        RequestException hours = catchThrowableOfType(
                RequestException.class, () -> decoder.decode(tooMany.getBytes(StandardCharsets.UTF_8)));
        assertThat(hours.field()).isEqualTo("grantedHoursPerMonth");
        assertThat(hours.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        String badProvider = ass.replace("}", ",\"providerId\":\"<V1>\"}");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> decoder.decode(badProvider.getBytes(StandardCharsets.UTF_8)))
                        .field())
                .isEqualTo("providerId");
    }

    @ParameterizedTest
    @CsvSource({
        "applicationId, tfp, '\"applicationId\":\"A-1\"', '\"applicationId\":\"A-198001010019\"'",
        "applicationId, tfp, '\"applicationId\":\"A-1\"', '\"applicationId\":\"x19800101-0019\"'",
        "childPseudonym, tfp, '}', ',\"childPseudonym\":\"C-201001010006\"}'",
        "providerId, ass, '}', ',\"providerId\":\"V:198001010019\"}'",
        // the 10-digit form, as the number is most often written, standing alone
        "applicationId, tfp, '\"applicationId\":\"A-1\"', '\"applicationId\":\"AUD-800101-0019\"'",
        "applicationId, tfp, '\"applicationId\":\"A-1\"', '\"applicationId\":\"AUD-8001010019\"'",
        "childPseudonym, tfp, '}', ',\"childPseudonym\":\"100101.0006\"}'",
    })
    void anIdentifierHoldingAnIdentityNumberIsRefusedWithoutEchoingIt(
            String field, String benefit, String from, String to) {
        String body = VALID.replace("\"benefit\":\"tfp\"", "\"benefit\":\"" + benefit + "\"")
                .replace(from, to);
        RequestException e = catchThrowableOfType(
                RequestException.class, () -> decoder.decodeRequest(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage())
                .contains("personal identity number")
                .doesNotContain("198001010019")
                .doesNotContain("201001010006")
                .doesNotContain("0019");
        // twelve digits that are not a valid number (a wrong check digit) are an ordinary key
        String notANumber = body.replace("198001010019", "198001010018")
                .replace("19800101-0019", "19800101-0018")
                .replace("201001010006", "201001010007")
                .replace("800101-0019", "800101-0018")
                .replace("8001010019", "8001010018")
                .replace("100101.0006", "100101.0007");
        assertThat(decoder.decodeRequest(notANumber.getBytes(StandardCharsets.UTF_8)))
                .isNotNull();
    }

    @Test
    void aChildsPseudonymWhoseHexHoldsAValidNumberIsAPseudonym() {
        // 32 hex digits, twelve of them a valid identity number: the service's own pseudonym of some child
        String pseudonym = "p-198001010019" + "a".repeat(20);
        String body = VALID.replace("}", ",\"childPseudonym\":\"" + pseudonym + "\"}");
        assertThat(decoder.decodeRequest(body.getBytes(StandardCharsets.UTF_8)).childPseudonym())
                .isEqualTo(pseudonym);
        // an application id of that shape is an id, which must hold no number (review, helper-36)
        String asId = VALID.replace("\"applicationId\":\"A-1\"", "\"applicationId\":\"" + pseudonym + "\"");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> decoder.decodeRequest(asId.getBytes(StandardCharsets.UTF_8)))
                        .field())
                .isEqualTo("applicationId");
    }

    @Test
    void aFieldNameHoldingAnIdentityNumberIsNotRepeatedInTheError() {
        String body = VALID.replace("}", ",\"198001010019\":1}");
        RequestException e = catchThrowableOfType(
                RequestException.class, () -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_FIELD);
        assertThat(e.field()).isEqualTo("(a field name holding a personal identity number)");
        assertThat(e.getMessage()).doesNotContain("0019");
    }

    @Test
    void anIdentityNumberTypedIntoAnotherFieldIsNotRepeatedInTheError() {
        for (String field : new String[] {"benefit", "channel"}) {
            String body = VALID.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":\"19800101-0019\"");
            RequestException e = catchThrowableOfType(
                    RequestException.class, () -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)));
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage())
                    .as(field)
                    .doesNotContain("0019")
                    .contains("(a value holding a personal identity number)");
        }
        String other = VALID.replace("\"benefit\":\"tfp\"", "\"benefit\":\"xyz\"");
        assertThat(catchThrowableOfType(
                                RequestException.class, () -> decoder.decode(other.getBytes(StandardCharsets.UTF_8)))
                        .getMessage())
                .contains("unknown benefit 'xyz'");
    }

    @Test
    void aBadOrDoubleChildIsRefusedNamingTheField() {
        String both =
                VALID.replace("}", ",\"childPseudonym\":\"C1\",\"childPersonalIdentityNumber\":\"201001010006\"}");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> decoder.decodeRequest(both.getBytes(StandardCharsets.UTF_8)))
                        .field())
                .isEqualTo("childPersonalIdentityNumber");
        String badNumber = VALID.replace("}", ",\"childPersonalIdentityNumber\":\"201001010007\"}");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> decoder.decodeRequest(badNumber.getBytes(StandardCharsets.UTF_8)))
                        .field())
                .isEqualTo("childPersonalIdentityNumber");
        String badId = VALID.replace("}", ",\"childPseudonym\":\"<script>\"}");
        assertThat(catchThrowableOfType(
                                RequestException.class,
                                () -> decoder.decodeRequest(badId.getBytes(StandardCharsets.UTF_8)))
                        .field())
                .isEqualTo("childPseudonym");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "empty body                  ||MALFORMED_JSON|",
                "not json                    |hello|MALFORMED_JSON|",
                "truncated                   |{\"applicationId\":\"A\"|MALFORMED_JSON|",
                "array                       |[1,2]|MALFORMED_JSON|",
                "two objects                 |{}{}|MALFORMED_JSON|",
                "missing amount              |-amountSek|MISSING_FIELD|amountSek",
                "null amount                 |amountSek=null|MISSING_FIELD|amountSek",
                "amount as string            |amountSek=\"6200\"|INVALID_FIELD|amountSek",
                "negative amount             |amountSek=-1|OUT_OF_RANGE|amountSek",
                "huge amount                 |amountSek=1e300|OUT_OF_RANGE|amountSek",
                "days as fraction            |claimedDays=2.5|INVALID_FIELD|claimedDays",
                "days beyond period          |claimedDays=6|OUT_OF_RANGE|claimedDays",
                "days overflow               |claimedDays=99999999999|OUT_OF_RANGE|claimedDays",
                "bad date                    |periodEnd=\"2024-13-01\"|INVALID_FIELD|periodEnd",
                "end before start            |periodEnd=\"2024-11-01\"|OUT_OF_RANGE|periodEnd",
                "unknown benefit             |benefit=\"xyz\"|INVALID_FIELD|benefit",
                "long s for s in benefit     |benefit=\"\u017Fp\"|INVALID_FIELD|benefit",
                "unknown channel             |channel=\"fax\"|INVALID_FIELD|channel",
                "unknown field               |+colour=\"red\"|UNKNOWN_FIELD|colour",
                "nested unknown field        |+extra={\"a\":[1,2]}|UNKNOWN_FIELD|extra",
                "object where string wanted  |benefit={\"a\":1}|INVALID_FIELD|benefit",
                "duplicate field             |+benefit=\"fp\"|INVALID_FIELD|benefit",
                "bad pseudonym               |personPseudonym=\"bob\"|INVALID_FIELD|personPseudonym",
                "both person forms           |+personalIdentityNumber=\"198001010019\"|INVALID_FIELD|personalIdentityNumber",
                "submitted in the future     |submittedOn=\"2025-06-03\"|OUT_OF_RANGE|submittedOn",
                "731 days late is the limit  |submittedOn=\"2026-11-09\"|OUT_OF_RANGE|submittedOn",
                "date far out of range       |periodStart=\"+999999999-12-31\"|OUT_OF_RANGE|periodStart",
                "date before 2000            |periodStart=\"1999-12-31\"|OUT_OF_RANGE|periodStart",
                "401 days in advance         |submittedOn=\"2023-09-30\"|OUT_OF_RANGE|submittedOn",
                "control character in id     |applicationId=\"A\\u0000B\"|INVALID_FIELD|applicationId",
                "duplicate after null        |+applicationId=null|INVALID_FIELD|applicationId",
                "string past the body limit  |applicationId=\"NOTE\"|OUT_OF_RANGE|applicationId",
                "number past the body limit  |amountSek=12345678901234567890123456789012345678901|OUT_OF_RANGE|amountSek",
                "empty id                    |applicationId=\"\"|OUT_OF_RANGE|applicationId",
                "empty child pseudonym       |+childPseudonym=\"\"|OUT_OF_RANGE|childPseudonym",
                "child pseudonym too long    |+childPseudonym=\"NOTE\"|OUT_OF_RANGE|childPseudonym",
            })
    void namesTheFieldAndTheStableCode(String name, String edit, ErrorCode code, String field) {
        byte[] body = edited(edit).getBytes(StandardCharsets.UTF_8);

        RequestException e = catchThrowableOfType(RequestException.class, () -> decoder.decode(body));

        assertThat(e).as(name).isNotNull();
        assertThat(e.code()).as(name).isEqualTo(code);
        assertThat(e.field()).as(name).isEqualTo(field);
        assertThat(e.getStackTrace()).isEmpty();
    }

    /** A value past a limit in one item of a batch is that item's error, not the whole batch's. */
    @Test
    void aValuePastALimitInABatchItemIsThatItemsError() {
        String longNumber = edited("amountSek=" + "9".repeat(41));
        String longId = edited("applicationId=\"NOTE\"");
        String deep = edited("amountSek=[[[[[[[[1]]]]]]]]");
        String body = "{\"items\":[" + VALID + "," + longNumber + "," + longId + "," + deep + "]}";

        java.util.List<byte[]> items = decoder.splitBatch(body.getBytes(StandardCharsets.UTF_8), 50);

        assertThat(items).hasSize(4);
        assertThat(decoder.decodeRequest(items.get(0)).application().applicationId())
                .isNotEmpty();
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (byte[] item : items.subList(1, 4)) {
            RequestException e = catchThrowableOfType(RequestException.class, () -> decoder.decodeRequest(item));
            assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
            assertThat(e.getMessage()).contains("past a limit");
            fields.add(e.field());
        }
        assertThat(fields).containsExactly("amountSek", "applicationId", "amountSek");
    }

    /** Amounts are taken to the öre, half up, as the decision record keeps them. */
    @Test
    void amountsWithFractionsOfAnOreAreRoundedToTheOre() {
        String body = VALID.replace("\"amountSek\":6200", "\"amountSek\":1234.567")
                .replace("\"declaredMonthlyIncomeSek\":21000.5", "\"declaredMonthlyIncomeSek\":21000.004");
        Application a = decoder.decode(body.getBytes(StandardCharsets.UTF_8));
        assertThat(a.amountSek()).isEqualTo(1234.57);
        assertThat(a.declaredMonthlyIncomeSek()).isEqualTo(21000.0);
        String tiny = VALID.replace("\"amountSek\":6200", "\"amountSek\":0.004");
        assertThat(decoder.decode(tiny.getBytes(StandardCharsets.UTF_8)).amountSek())
                .isZero();
        String half = VALID.replace("\"amountSek\":6200", "\"amountSek\":0.125");
        assertThat(decoder.decode(half.getBytes(StandardCharsets.UTF_8)).amountSek())
                .isEqualTo(0.13);
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        // 731 days after 2024-11-08 is 2026-11-09, past "today"; check the limit with an older period.
        String late = VALID.replace("\"submittedOn\":\"2025-03-20\"", "\"submittedOn\":\"2025-05-31\"")
                .replace("\"periodStart\":\"2024-11-04\"", "\"periodStart\":\"2023-05-27\"")
                .replace("\"periodEnd\":\"2024-11-08\"", "\"periodEnd\":\"2023-05-31\"");
        assertThat(decoder.decode(late.getBytes(StandardCharsets.UTF_8)).submissionLagDays())
                .isEqualTo(731);
        String advance = VALID.replace("\"submittedOn\":\"2025-03-20\"", "\"submittedOn\":\"2023-10-01\"");
        assertThat(decoder.decode(advance.getBytes(StandardCharsets.UTF_8)).periodStart())
                .isEqualTo("2024-11-04");
    }

    @Test
    void anImpossibleDateOfBirthIsRefused() {
        String body = VALID.replace(
                "\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\"",
                "\"personalIdentityNumber\":\"199002310000\"");
        RequestException e = catchThrowableOfType(
                RequestException.class, () -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.field()).isEqualTo("personalIdentityNumber");
        assertThat(e.getMessage()).isEqualTo("identity number has an invalid date of birth");
    }

    @Test
    void aWrongCheckDigitIsReportedWithoutEchoingTheNumber() {
        String body = VALID.replace(
                "\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\"",
                "\"personalIdentityNumber\":\"198001010018\"");
        RequestException e = catchThrowableOfType(
                RequestException.class, () -> decoder.decode(body.getBytes(StandardCharsets.UTF_8)));

        assertThat(e.field()).isEqualTo("personalIdentityNumber");
        assertThat(e.getMessage()).doesNotContain("198001010018").contains("check digit");
    }

    /**
     * Applies an edit to {@link #VALID}: {@code -field} removes a field, {@code +field=json} adds
     * one at the end, {@code field=json} replaces a value; anything else is the whole body.
     */
    static String edited(String edit) {
        if (edit == null) {
            return "";
        }
        edit = edit.replace("NOTE", "x".repeat(2_000));
        if (edit.startsWith("-")) {
            return VALID.replaceAll(",\"" + edit.substring(1) + "\":[^,}]+", "");
        }
        if (edit.startsWith("+")) {
            int eq = edit.indexOf('=');
            return VALID.substring(0, VALID.length() - 1) + ",\"" + edit.substring(1, eq) + "\":"
                    + edit.substring(eq + 1) + "}";
        }
        int eq = edit.indexOf('=');
        if (eq > 0 && !edit.startsWith("{")) {
            String field = edit.substring(0, eq);
            return VALID.replaceAll(
                    "\"" + field + "\":(\"[^\"]*\"|[^,}]+)",
                    java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + edit.substring(eq + 1)));
        }
        return edit;
    }

    @org.junit.jupiter.api.Test
    void identifierCheckAcceptsExactlyWhatTheCharacterClassAccepts() {
        java.util.regex.Pattern oracle = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]+");
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        String alphabet = "aZz09._:-/ \u00e5+@A\u0000";
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(6);
            for (int c = 0; c < length; c++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean expected = oracle.matcher(id).matches();
            org.assertj.core.api.Assertions.assertThat(ApplicationRequestDecoder.isIdentifier(id.toString()))
                    .as("'%s'", id)
                    .isEqualTo(expected);
            accepted += expected ? 1 : 0;
        }
        org.assertj.core.api.Assertions.assertThat(accepted).isBetween(1_000, 19_000);
    }

    @Test
    void theFastDateParseGivesWhatLocalDateParseGivesOrLeavesItToIt() {
        // every day of 1896 to 2104 (leap days and the century rules included) in the common form
        for (LocalDate day = LocalDate.of(1896, 1, 1); day.getYear() <= 2104; day = day.plusDays(1)) {
            assertThat(ApplicationRequestDecoder.isoDate(day.toString())).isEqualTo(day);
        }
        // and strings near that form: wherever the fast parse gives a date, LocalDate.parse gives it too
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        String alphabet = "0123456789-+ /\u0661";
        int dates = 0;
        int refused = 0;
        for (int i = 0; i < 200_000; i++) {
            char[] text = String.format(
                            "%04d-%02d-%02d", random.nextInt(10_000), random.nextInt(14), random.nextInt(33))
                    .toCharArray();
            int edits = random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = random.nextInt(20) == 0 ? new String(text, 0, random.nextInt(11)) : new String(text);
            LocalDate expected;
            try {
                expected = LocalDate.parse(candidate);
            } catch (java.time.format.DateTimeParseException e) {
                expected = null;
            }
            LocalDate fast = ApplicationRequestDecoder.isoDate(candidate);
            if (fast != null) {
                assertThat(fast).as(candidate).isEqualTo(expected);
                dates++;
            } else {
                assertThat(expected == null || candidate.length() != 10)
                        .as("'%s' is a plain date the fast parse missed", candidate)
                        .isTrue();
                refused++;
            }
        }
        assertThat(dates).isGreaterThan(50_000);
        assertThat(refused).isGreaterThan(50_000);
    }
}
