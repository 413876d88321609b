package org.korrekt.paymentrun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.korrekt.features.identity.PersonalIdentityNumber;

/**
 * The columns korrekt reads from a payment run, named as in the generated {@code applications}
 * table (docs/data.md), so that that table, a slice of it or {@code incoming.parquet} is scoreable
 * as it is. Other columns are ignored. The person is given by exactly one of {@link #PERSON_ID}
 * (a pseudonym) or {@link #PERSONAL_IDENTITY_NUMBER} (a raw number, pseudonymised on read); the
 * child, optionally, by at most one of {@link #CHILD_ID} or {@link #CHILD_PERSONAL_IDENTITY_NUMBER}.
 */
public enum InputColumn {
    /** The application's id. Required. */
    APPLICATION_ID("application_id", Kind.STRING, true),
    /** The claimant's pseudonym ({@code p-} and 32 hex digits). */
    PERSON_ID("person_id", Kind.STRING, false),
    /** The claimant's personal identity number (12 digits); pseudonymised on read, never written. */
    PERSONAL_IDENTITY_NUMBER("personal_identity_number", Kind.STRING, false),
    /** The benefit code, e.g. {@code tfp}. Required. */
    BENEFIT("benefit", Kind.STRING, true),
    /** {@code e-service}, {@code paper} or {@code automatic}. Required. */
    CHANNEL("channel", Kind.STRING, true),
    /** The day the application was submitted. Required. */
    SUBMITTED_ON("submitted_on", Kind.DATE, true),
    /** The first day of the period claimed for. Required. */
    PERIOD_START("period_start", Kind.DATE, true),
    /** The last day of the period, inclusive. Required. */
    PERIOD_END("period_end", Kind.DATE, true),
    /** Benefit days claimed within the period. Required. */
    CLAIMED_DAYS("claimed_days", Kind.INTEGER, true),
    /** The amount at stake in SEK: the payment about to be made, or the amount applied for. Required. */
    AMOUNT_SEK("amount_sek", Kind.NUMBER, true),
    /** The declared monthly income before tax, in SEK. Required. */
    DECLARED_MONTHLY_INCOME_SEK("declared_monthly_income_sek", Kind.NUMBER, true),
    /** The pseudonym of the child a VAB application names. Optional. */
    CHILD_ID("child_id", Kind.STRING, false),
    /** The child's personal identity number; pseudonymised on read, never written. Optional. */
    CHILD_PERSONAL_IDENTITY_NUMBER("child_personal_identity_number", Kind.STRING, false),
    /** The payment's id, when the run is a table of payments. Optional, copied to the output. */
    PAYMENT_ID("payment_id", Kind.STRING, false),
    /** The day the payment is due, when the run is a table of payments. Optional, copied to the output. */
    PAY_DATE("pay_date", Kind.DATE, false),
    /** The assistance provider an assistance-allowance application names. Optional. */
    PROVIDER_ID("provider_id", Kind.STRING, false),
    /** The assistance hours per month granted (assistance allowance). Optional. */
    GRANTED_HOURS("granted_hours", Kind.NUMBER, false);

    /** The type a column's values are read as. */
    public enum Kind {
        /** Text: Parquet {@code BINARY} (STRING), CSV as is. */
        STRING,
        /** A calendar day: Parquet {@code DATE} or a {@code YYYY-MM-DD} string. */
        DATE,
        /** A whole number: Parquet {@code INT32} or {@code INT64}. */
        INTEGER,
        /** A number: Parquet {@code DECIMAL}, {@code DOUBLE}, {@code FLOAT}, {@code INT32} or {@code INT64}. */
        NUMBER
    }

    private final String columnName;
    private final Kind kind;
    private final boolean required;

    InputColumn(String columnName, Kind kind, boolean required) {
        this.columnName = columnName;
        this.kind = kind;
        this.required = required;
    }

    /** The column's name in the file (snake_case). */
    public String columnName() {
        return columnName;
    }

    /** How the column's values are read. */
    public Kind kind() {
        return kind;
    }

    /** Whether every payment run must have this column (the person's two columns are checked as a pair). */
    public boolean required() {
        return required;
    }

    /** The column named {@code name}, or {@code null} when korrekt does not read it. */
    public static InputColumn byName(String name) {
        for (InputColumn column : values()) {
            if (column.columnName.equals(name)) {
                return column;
            }
        }
        return null;
    }

    /**
     * Checks that a file with {@code present} columns can be scored.
     *
     * @param names every column name the file has, as written: a missing column's message says when
     *     one of them is that column's name but for case or blanks, or when the header looks like one
     *     column of names separated by semicolons or tabs
     * @throws BadInputException naming every missing required column, or the pair given twice
     */
    public static void checkLayout(Set<InputColumn> present, List<String> names, String file) throws BadInputException {
        List<String> missing = new ArrayList<>();
        for (InputColumn column : values()) {
            if (column.required && !present.contains(column)) {
                missing.add(column.columnName);
            }
        }
        boolean pseudonym = present.contains(PERSON_ID);
        boolean raw = present.contains(PERSONAL_IDENTITY_NUMBER);
        if (!pseudonym && !raw) {
            missing.add(PERSON_ID.columnName + " (or " + PERSONAL_IDENTITY_NUMBER.columnName + ")");
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(file + ": missing required column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; a payment run needs " + requiredNames() + hints(names));
        }
        if (pseudonym && raw) {
            throw new BadInputException(file + ": has both " + PERSON_ID.columnName + " and "
                    + PERSONAL_IDENTITY_NUMBER.columnName + "; give the person in one of them");
        }
        if (present.contains(CHILD_ID) && present.contains(CHILD_PERSONAL_IDENTITY_NUMBER)) {
            throw new BadInputException(file + ": has both " + CHILD_ID.columnName + " and "
                    + CHILD_PERSONAL_IDENTITY_NUMBER.columnName + "; give the child in one of them");
        }
    }

    /**
     * What may have kept a file's columns from being found: a name that is a column's but for case
     * or blanks around it (names are matched exactly), or a header read as one column because its
     * names are separated by semicolons or tabs (a CSV is separated by commas).
     */
    private static String hints(List<String> names) {
        List<String> hints = new ArrayList<>();
        for (String name : names) {
            String near = name.strip().toLowerCase(Locale.ROOT);
            InputColumn column = near.equals(name) ? null : byName(near);
            if (column != null) {
                hints.add("'" + PersonalIdentityNumber.quotable(name) + "' would be " + column.columnName
                        + " (names are matched exactly: lower case, no blanks around them)");
            }
        }
        if (names.size() == 1 && (names.get(0).indexOf(';') >= 0 || names.get(0).indexOf('\t') >= 0)) {
            hints.add("the header is one column, '" + abbreviated(PersonalIdentityNumber.quotable(names.get(0)))
                    + "': the columns must be separated by commas (a spreadsheet set to Swedish saves CSV with"
                    + " semicolons; save it as CSV UTF-8 with commas, or as Parquet)");
        }
        return hints.isEmpty() ? "" : "; " + String.join("; ", hints);
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** Whether {@code present} holds raw identity numbers, which need the pseudonymisation key. */
    public static boolean hasRawIdentities(Set<InputColumn> present) {
        return present.contains(PERSONAL_IDENTITY_NUMBER) || present.contains(CHILD_PERSONAL_IDENTITY_NUMBER);
    }

    /** The required columns, for messages and help. */
    public static String requiredNames() {
        List<String> names = new ArrayList<>();
        for (InputColumn column : values()) {
            if (column.required) {
                names.add(column.columnName);
            }
            if (column == APPLICATION_ID) {
                names.add(PERSON_ID.columnName + " or " + PERSONAL_IDENTITY_NUMBER.columnName);
            }
        }
        return String.join(", ", names);
    }
}
