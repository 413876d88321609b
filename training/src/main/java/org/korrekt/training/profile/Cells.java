package org.korrekt.training.profile;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.korrekt.training.data.CsvTable;

/** Conversions of table cells ({@link org.korrekt.training.data.TableRows}) to what a profile needs. */
public final class Cells {

    // what may follow an ISO date: a time of day, with seconds, fractions and a zone if wanted
    private static final Pattern TIME_OF_DAY =
            Pattern.compile("[T ]\\d{2}:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)?");

    private Cells() {}

    /**
     * A CSV cell that reads as a number with a thousands separator as much as one with a decimal
     * comma ({@link CsvTable#isAmbiguousNumber}): as text (an id, a category) it is itself; as a
     * number it is refused.
     */
    public record AmbiguousNumber(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * A number. Text must be a decimal number as {@link CsvTable#isDecimal} reads it (a comma may
     * be the decimal mark); {@code null} and text that {@link CsvTable#isMissing} calls missing
     * (empty, {@code NA}, {@code N/A}, {@code NaN}, {@code NULL}, {@code #N/A}) are NaN; {@code Infinity} and {@code -Infinity} are infinite,
     * as is a decimal beyond a double's range, for the caller to refuse with its own reason. Java's
     * other literals ({@code 5f}, {@code 0x1p3}) and an {@link AmbiguousNumber} are refused.
     */
    public static double number(Object cell, String column) {
        if (cell == null) {
            return Double.NaN;
        }
        if (cell instanceof Double) {
            return (Double) cell;
        }
        if (cell instanceof Boolean) {
            return (Boolean) cell ? 1 : 0;
        }
        if (cell instanceof AmbiguousNumber ambiguous) {
            throw new IllegalArgumentException(CsvTable.ambiguity(ambiguous.text(), column));
        }
        if (cell instanceof String) {
            String text = ((String) cell).trim();
            if (CsvTable.isMissing(text)) {
                return Double.NaN;
            }
            if (text.equalsIgnoreCase("infinity") || text.equalsIgnoreCase("+infinity")) {
                return Double.POSITIVE_INFINITY;
            }
            if (text.equalsIgnoreCase("-infinity")) {
                return Double.NEGATIVE_INFINITY;
            }
            if (!CsvTable.isDecimal(text)) {
                throw new IllegalArgumentException("column '" + column + "' should be numeric but holds '" + text
                        + "' (a missing value is empty, or " + CsvTable.MISSING_WORDS + ")");
            }
            return CsvTable.parseDecimal(text);
        }
        throw new IllegalArgumentException("column '" + column + "' should be numeric but holds a date (" + cell + ")");
    }

    /**
     * A date; a string must be an ISO date ({@code 2023-04-01}), which may go on with a time of
     * day after a {@code T} or a blank ({@code 2023-04-01 08:30:00}, {@code 2023-04-01T08:30Z});
     * the time is dropped.
     */
    public static LocalDate date(Object cell, String column) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof LocalDate) {
            return (LocalDate) cell;
        }
        if (cell instanceof String) {
            String text = ((String) cell).trim();
            if (text.isEmpty()) {
                return null;
            }
            try {
                if (text.length() > 10
                        && !TIME_OF_DAY.matcher(text.substring(10)).matches()) {
                    throw new DateTimeParseException("not a date", text, 10);
                }
                return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "column '" + column + "' should hold ISO dates (yyyy-MM-dd) but holds '" + text + "'", e);
            }
        }
        if (cell instanceof Double) {
            // arrow-rs writes Date64 and second-resolution date-times as INT64 without an annotation
            throw new IllegalArgumentException("column '" + column + "' should hold dates but holds the number "
                    + text(cell) + "; a number has no unit of time, so write the column as a Parquet DATE or"
                    + " TIMESTAMP, or as text (yyyy-MM-dd)");
        }
        throw new IllegalArgumentException("column '" + column + "' should hold dates but holds " + cell);
    }

    /** A category or id as text; numbers lose a trailing {@code .0}. */
    public static String text(Object cell) {
        if (cell == null) {
            return null;
        }
        if (cell instanceof Double) {
            double d = (Double) cell;
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        String text = cell.toString().trim();
        return text.isEmpty() ? null : text;
    }

    /** A yes/no value: true, yes, ja, 1, y, j are yes; false, no, nej, 0, n are no; anything else is an error. */
    public static boolean flag(Object cell, String column) {
        if (cell instanceof Boolean) {
            return (Boolean) cell;
        }
        String text = text(cell);
        if (text == null) {
            throw new IllegalArgumentException("column '" + column + "' has a missing yes/no value");
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
            case "ja":
            case "1":
            case "y":
            case "j":
                return true;
            case "false":
            case "no":
            case "nej":
            case "0":
            case "n":
                return false;
            default:
                throw new IllegalArgumentException("column '" + column + "' should be yes/no but holds '" + text + "'");
        }
    }

    /** Whether a label cell holds the positive value (text comparison, case-insensitive; booleans as true/false). */
    public static boolean isPositive(Object cell, String positive) {
        String text = text(cell);
        if (text == null) {
            return false;
        }
        if (text.equalsIgnoreCase(positive)) {
            return true;
        }
        // "yes"/"true"/"1" written differently from the profile's positive value
        return isFlag(text) && isFlag(positive) && flag(cell, "") == flag(positive, "");
    }

    /**
     * Why a label cell of an investigated row cannot be read, or null when it can: it is missing, or
     * the positive value is a yes/no word and the cell is not one ({@code maybe} where the positive
     * value is {@code yes} would otherwise count as a correct payment).
     */
    public static String unreadableLabel(Object cell, String positive, String column) {
        String text = text(cell);
        if (text == null) {
            return "has no label in column '" + column + "'";
        }
        if (!(cell instanceof Boolean) && isFlag(positive) && !text.equalsIgnoreCase(positive) && !isFlag(text)) {
            return "has '" + text + "' in column '" + column + "', which is neither yes nor no (the positive value is '"
                    + positive + "')";
        }
        return null;
    }

    /** Whether {@link #flag} reads {@code text} as yes or no. */
    static boolean isFlag(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "ja", "1", "y", "j", "false", "no", "nej", "0", "n" -> true;
            default -> false;
        };
    }
}
