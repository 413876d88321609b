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
            new ApplicationRequestDecoder(new Pseudonymizer("k".repeat(32).getBytes(StandardCharsets.UTF_8)));

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
                "unknown channel             |channel=\"fax\"|INVALID_FIELD|channel",
                "unknown field               |+colour=\"red\"|UNKNOWN_FIELD|colour",
                "nested unknown field        |+extra={\"a\":[1,2]}|UNKNOWN_FIELD|extra",
                "object where string wanted  |benefit={\"a\":1}|INVALID_FIELD|benefit",
                "duplicate field             |+benefit=\"fp\"|INVALID_FIELD|benefit",
                "bad pseudonym               |personPseudonym=\"bob\"|INVALID_FIELD|personPseudonym",
                "both person forms           |+personalIdentityNumber=\"198001010019\"|INVALID_FIELD|personalIdentityNumber",
                "submitted far too late      |submittedOn=\"2027-03-20\"|OUT_OF_RANGE|submittedOn",
                "empty id                    |applicationId=\"\"|OUT_OF_RANGE|applicationId",
            })
    void namesTheFieldAndTheStableCode(String name, String edit, ErrorCode code, String field) {
        byte[] body = edited(edit).getBytes(StandardCharsets.UTF_8);

        RequestException e = catchThrowableOfType(RequestException.class, () -> decoder.decode(body));

        assertThat(e).as(name).isNotNull();
        assertThat(e.code()).as(name).isEqualTo(code);
        assertThat(e.field()).as(name).isEqualTo(field);
        assertThat(e.getStackTrace()).isEmpty();
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
}
