package org.korrekt.paymentrun;

import java.util.List;
import org.korrekt.scoring.Decision;
import org.korrekt.scoring.Reason;

/**
 * The columns of a scored payment run, in order, for Parquet and CSV alike. Ids are pseudonyms:
 * raw identity numbers read from the input are never written. Money is in SEK, as {@code
 * DECIMAL(18,2)} in Parquet and with two decimals in CSV.
 */
public enum OutputColumn {
    /** The application's id. */
    APPLICATION_ID("application_id", Kind.STRING, false),
    /** The payment's id, when the input has one; else null. */
    PAYMENT_ID("payment_id", Kind.STRING, true),
    /** The claimant's pseudonym (read, or made from the identity number with the work folder's key). */
    PERSON_ID("person_id", Kind.STRING, false),
    /** The child's pseudonym, or null. */
    CHILD_ID("child_id", Kind.STRING, true),
    /** The benefit code. */
    BENEFIT("benefit", Kind.STRING, false),
    /** The payment's due day, when the input has one; else null. */
    PAY_DATE("pay_date", Kind.DATE, true),
    /** The day the application was submitted: the day it is scored as of. */
    SUBMITTED_ON("submitted_on", Kind.DATE, false),
    /** The amount at stake, in SEK. */
    AMOUNT_SEK("amount_sek", Kind.MONEY, false),
    /** The calibrated probability that the payment is incorrect, in [0, 1]. */
    SCORE("score", Kind.DOUBLE, false),
    /** Score times amount, in SEK (rounded to öre). */
    EXPECTED_INCORRECT_SEK("expected_incorrect_sek", Kind.MONEY, false),
    /** The risk band: LOW, ELEVATED, HIGH or VERY_HIGH. */
    BAND("band", Kind.STRING, false),
    /** The action the run takes: PASS, EXTRA_QUESTIONS, MANUAL_CHECK or HOLD_PAYMENT. */
    ACTION("action", Kind.STRING, false),
    /** The scoring service's action, before the amount limit. */
    SCORED_ACTION("scored_action", Kind.STRING, false),
    /** Whether the amount limit turned a manual check or hold into PASS. */
    AMOUNT_LIMIT_APPLIED("amount_limit_applied", Kind.BOOLEAN, false),
    /** Whether the row was drawn for the random control sample. */
    RANDOM_CONTROL("random_control", Kind.BOOLEAN, false),
    /** The selection profile that scored it. */
    PROFILE("profile", Kind.STRING, false),
    /** The model bundle's version. */
    MODEL_VERSION("model_version", Kind.STRING, false),
    /** The decision's id (a random UUID). */
    DECISION_ID("decision_id", Kind.STRING, false),
    /** The reason codes, strongest first, joined by commas; null when there is none. */
    REASON_CODES("reason_codes", Kind.STRING, true),
    /** The first reason in English; null when there is none. */
    FIRST_REASON_EN("first_reason_en", Kind.STRING, true);

    /** How a column is stored. */
    public enum Kind {
        /** Parquet {@code BINARY} (STRING). */
        STRING,
        /** Parquet {@code INT32} (DATE); CSV {@code YYYY-MM-DD}. */
        DATE,
        /** Parquet {@code INT64} (DECIMAL(18,2)), the value in öre; CSV in SEK with two decimals. */
        MONEY,
        /** Parquet {@code DOUBLE}; CSV as Java prints it (round-trips exactly). */
        DOUBLE,
        /** Parquet {@code BOOLEAN}; CSV {@code true} or {@code false}. */
        BOOLEAN
    }

    private final String columnName;
    private final Kind kind;
    private final boolean optional;

    OutputColumn(String columnName, Kind kind, boolean optional) {
        this.columnName = columnName;
        this.kind = kind;
        this.optional = optional;
    }

    /** The column's name in the file. */
    public String columnName() {
        return columnName;
    }

    /** How the column is stored. */
    public Kind kind() {
        return kind;
    }

    /** Whether the column may be null. */
    public boolean optional() {
        return optional;
    }

    /**
     * The column's value for {@code row}: a {@code String}, a {@code LocalDate}, a {@code Long} of
     * öre ({@link Kind#MONEY}), a {@code Double} or a {@code Boolean}; {@code null} only for an
     * optional column.
     */
    public Object value(ScoredRow row) {
        Decision d = row.decision();
        return switch (this) {
            case APPLICATION_ID -> d.application().applicationId();
            case PAYMENT_ID -> row.input().paymentId();
            case PERSON_ID -> d.application().personPseudonym();
            case CHILD_ID -> row.input().childPseudonym();
            case BENEFIT -> d.application().benefit().code();
            case PAY_DATE -> row.input().payDate();
            case SUBMITTED_ON -> d.application().submittedOn();
            case AMOUNT_SEK -> ore(d.application().amountSek());
            case SCORE -> d.score();
            case EXPECTED_INCORRECT_SEK -> ore(d.expectedIncorrectSek());
            case BAND -> d.band().name();
            case ACTION -> row.action().name();
            case SCORED_ACTION -> d.action().name();
            case AMOUNT_LIMIT_APPLIED -> row.amountLimitApplied();
            case RANDOM_CONTROL -> d.randomControl();
            case PROFILE -> d.profile();
            case MODEL_VERSION -> d.modelVersion();
            case DECISION_ID -> d.decisionId().toString();
            case REASON_CODES -> reasonCodes(d.reasons());
            case FIRST_REASON_EN ->
                d.reasons().isEmpty() ? null : d.reasons().get(0).textEn();
        };
    }

    /** SEK as whole öre, rounded half up. */
    public static long ore(double sek) {
        return Math.round(sek * 100);
    }

    private static String reasonCodes(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return null;
        }
        StringBuilder codes = new StringBuilder();
        for (Reason reason : reasons) {
            if (codes.length() > 0) {
                codes.append(',');
            }
            codes.append(reason.code());
        }
        return codes.toString();
    }
}
