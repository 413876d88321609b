package org.korrekt.scoring.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.korrekt.features.identity.PersonalIdentityNumber;
import org.korrekt.scoring.Action;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Question;
import org.korrekt.scoring.Reason;
import org.korrekt.scoring.record.DecisionRecord;

/** Encodes the API's JSON responses with Jackson's streaming generator. Thread-safe. */
public final class ResponseEncoder {

    private static final JsonFactory JSON = new JsonFactory();

    private ResponseEncoder() {}

    /** The response of {@code POST /v1/score}. */
    public static byte[] decision(Decision d) {
        ResponseBuffer out = ResponseBuffer.ofThisThread();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeDecision(g, d);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.take();
    }

    /**
     * The response of {@code POST /v1/score/batch}: one entry per item, in order, each either a
     * decision or {@code {"error": {...}}}.
     *
     * @param results per item a {@link Decision}, a {@link Recorded} decision or a {@link RequestException}
     */
    public static byte[] batch(List<Object> results) {
        return write(256 + 640 * results.size(), g -> {
            g.writeStartObject();
            g.writeNumberField("count", results.size());
            g.writeArrayFieldStart("results");
            for (Object result : results) {
                if (result instanceof Decision d) {
                    writeDecision(g, d);
                } else if (result instanceof Recorded r) {
                    writeRecorded(g, r);
                } else {
                    RequestException e = (RequestException) result;
                    g.writeStartObject();
                    writeError(g, e.code(), e.getMessage(), e.field());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /**
     * A decision recorded earlier, answered again to a retry of the request it was made for, with
     * the texts of its questions.
     *
     * @param record the decision as recorded
     * @param questions its extra control questions, in the record's order
     */
    public record Recorded(DecisionRecord record, List<Question> questions) {
        public Recorded {
            Objects.requireNonNull(record, "record");
            questions = List.copyOf(questions);
        }
    }

    /** The response of {@code POST /v1/score} that answered {@code r}'s request first. */
    public static byte[] decision(Recorded r) {
        ResponseBuffer out = ResponseBuffer.ofThisThread();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeRecorded(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.take();
    }

    private static void writeDecision(JsonGenerator g, Decision d) throws IOException {
        writeDecision(
                g,
                d.decisionId(),
                d.application().applicationId(),
                d.score(),
                d.expectedIncorrectSek(),
                d.band().name(),
                d.action() == Action.EXTRA_QUESTIONS,
                d.action().name(),
                d.randomControl(),
                d.reasons(),
                d.questions(),
                d.belowAmountLimit(),
                d.profile(),
                d.modelVersion(),
                d.decidedAt());
    }

    /** A recorded decision, written as it was answered: every field of the answer is in its record. */
    private static void writeRecorded(JsonGenerator g, Recorded recorded) throws IOException {
        DecisionRecord r = recorded.record();
        writeDecision(
                g,
                r.decisionId(),
                r.applicationId(),
                r.score(),
                r.expectedIncorrectSek(),
                r.band(),
                Action.EXTRA_QUESTIONS.name().equals(r.action()),
                r.action(),
                r.randomControl(),
                r.reasons(),
                recorded.questions(),
                Boolean.TRUE.equals(r.belowAmountLimit()),
                r.profile(),
                r.modelVersion(),
                r.decidedAt());
    }

    private static void writeDecision(
            JsonGenerator g,
            UUID decisionId,
            String applicationId,
            double score,
            double expectedIncorrectSek,
            String band,
            boolean extraQuestions,
            String action,
            boolean randomControl,
            List<Reason> reasons,
            List<Question> questions,
            boolean belowAmountLimit,
            String profile,
            String modelVersion,
            Instant decidedAt)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("decisionId", decisionId.toString());
        g.writeStringField("applicationId", applicationId);
        g.writeNumberField("score", score);
        g.writeNumberField("expectedIncorrectSek", Math.round(expectedIncorrectSek * 100) / 100.0);
        g.writeStringField("band", band);
        g.writeStringField("action", action);
        g.writeBooleanField("randomControl", randomControl);
        g.writeArrayFieldStart("reasons");
        for (int i = 0; i < reasons.size(); i++) {
            Reason reason = reasons.get(i);
            g.writeStartObject();
            g.writeStringField("code", reason.code());
            g.writeStringField("textSv", reason.textSv());
            g.writeStringField("textEn", reason.textEn());
            g.writeStringField("feature", reason.feature());
            // + 0.0 turns -0.0 into 0.0, as the record's JSON keeps it: a retry answers the same bytes
            g.writeNumberField("value", reason.value() + 0.0);
            g.writeNumberField("contribution", reason.contribution() + 0.0);
            g.writeEndObject();
        }
        g.writeEndArray();
        if (extraQuestions) {
            g.writeArrayFieldStart("questions");
            for (int i = 0; i < questions.size(); i++) {
                Question q = questions.get(i);
                g.writeStartObject();
                g.writeStringField("code", q.code());
                g.writeStringField("textSv", q.textSv());
                g.writeStringField("textEn", q.textEn());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (belowAmountLimit) {
            g.writeBooleanField("belowAmountLimit", true);
        }
        g.writeStringField("profile", profile);
        g.writeStringField("modelVersion", modelVersion);
        g.writeStringField("decidedAt", isoInstant(decidedAt));
        g.writeEndObject();
    }

    /** Latest instant {@link #isoInstant} writes itself: 9999-12-31T23:59:59.999999999Z. */
    private static final long LAST_FOUR_DIGIT_SECOND = 253_402_300_799L;

    /**
     * {@code instant.toString()}, the ISO-8601 form in UTC with the fraction in groups of three
     * digits as needed ({@code 2026-11-24T08:10:51.123456Z}), written by hand for the years 1970 to
     * 9999: {@code Instant.toString} goes through a {@code DateTimeFormatter} and cost a tenth of the
     * response. Other instants are left to it.
     */
    static String isoInstant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < 0 || seconds > LAST_FOUR_DIGIT_SECOND) {
            return instant.toString();
        }
        long days = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) (seconds - days * 86_400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int nano = instant.getNano();
        int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        char[] c = new char[20 + (fraction == 0 ? 0 : fraction + 1)];
        digits(c, 0, 4, date.getYear());
        c[4] = '-';
        digits(c, 5, 2, date.getMonthValue());
        c[7] = '-';
        digits(c, 8, 2, date.getDayOfMonth());
        c[10] = 'T';
        digits(c, 11, 2, secondOfDay / 3_600);
        c[13] = ':';
        digits(c, 14, 2, secondOfDay / 60 % 60);
        c[16] = ':';
        digits(c, 17, 2, secondOfDay % 60);
        int at = 19;
        if (fraction > 0) {
            c[at++] = '.';
            digits(c, at, fraction, fraction == 3 ? nano / 1_000_000 : fraction == 6 ? nano / 1_000 : nano);
            at += fraction;
        }
        c[at] = 'Z';
        return new String(c);
    }

    /** Writes {@code value} as {@code width} decimal digits, zero-padded, into {@code c} at {@code at}. */
    private static void digits(char[] c, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** An error body: {@code {"error": {"code": ..., "message": ..., "field": ...}}}. */
    public static byte[] error(ErrorCode code, String message, String field) {
        return write(256, g -> {
            g.writeStartObject();
            writeError(g, code, message, field);
            g.writeEndObject();
        });
    }

    private static void writeError(JsonGenerator g, ErrorCode code, String message, String field) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", code.name());
        g.writeStringField("message", PersonalIdentityNumber.withheld(message));
        if (field != null) {
            g.writeStringField("field", PersonalIdentityNumber.withheld(field));
        }
        g.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] write(int sizeHint, Body body) {
        ResponseBuffer out = ResponseBuffer.ofThisThread();
        out.reserve(sizeHint);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.take();
    }

    /**
     * Each thread's buffer for the response it is writing, reused: a response allocates only its own
     * array, not a buffer that grows by copies. One that grew past 256 KiB (a batch's) is let go.
     */
    private static final class ResponseBuffer extends ByteArrayOutputStream {

        private static final int INITIAL = 4_096;
        private static final int MAX_KEPT = 256 * 1_024;
        private static final ThreadLocal<ResponseBuffer> OF_THREAD = ThreadLocal.withInitial(ResponseBuffer::new);

        private ResponseBuffer() {
            super(INITIAL);
        }

        /** This thread's buffer, empty (nothing on a thread writes two responses at once). */
        static ResponseBuffer ofThisThread() {
            ResponseBuffer buffer = OF_THREAD.get();
            buffer.reset();
            return buffer;
        }

        /** Grows once to hold {@code size} bytes, rather than by doubling copies. */
        void reserve(int size) {
            if (size > buf.length) {
                buf = java.util.Arrays.copyOf(buf, size);
            }
        }

        /** The bytes written, as an array of their own; the buffer is kept for the thread's next response. */
        byte[] take() {
            byte[] bytes = toByteArray();
            if (buf.length > MAX_KEPT) {
                buf = new byte[INITIAL];
            }
            reset();
            return bytes;
        }
    }
}
