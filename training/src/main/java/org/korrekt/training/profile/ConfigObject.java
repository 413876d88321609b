package org.korrekt.training.profile;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, path-aware access to one object of a profile file (JSON or YAML). Every read marks its key as
 * used; {@link #rejectUnknown()} then names any key nobody read, so a misspelt setting is an
 * error instead of a silently ignored one.
 */
final class ConfigObject {

    private final String source;
    private final String path;
    private final Map<String, Object> values;
    private final Set<String> used = new LinkedHashSet<>();

    /**
     * @param source the file the object was read from, named once at the front of every message
     * @param path the object's keys from the top of the file, dot-separated, empty for the top
     */
    ConfigObject(String source, String path, Map<String, Object> values) {
        this.source = source;
        this.path = path;
        this.values = values;
    }

    @SuppressWarnings("unchecked")
    static ConfigObject root(Object json, String source) throws ProfileException {
        if (!(json instanceof Map)) {
            throw new ProfileException(
                    source + ": a profile must be an object (a JSON object or a YAML mapping), was " + describe(json));
        }
        return new ConfigObject(source, "", (Map<String, Object>) json);
    }

    boolean has(String key) {
        return values.get(key) != null;
    }

    String string(String key) throws ProfileException {
        String value = optionalString(key, null);
        if (value == null) {
            throw new ProfileException(where(key) + " is required"
                    + (values.isEmpty()
                            ? ""
                            : "; " + (path.isEmpty() ? "the file" : path) + " holds " + values.keySet()));
        }
        return value;
    }

    /**
     * Names a key that is none of {@code known} before any is read, so that a misspelt object (say
     * {@code colums}) is named as such rather than as the object it was meant to be, missing.
     */
    void rejectUnknownAmong(java.util.Collection<String> known) throws ProfileException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new ProfileException(
                        where(key) + " is not a known setting; known here: " + String.join(", ", known));
            }
        }
    }

    String optionalString(String key, String fallback) throws ProfileException {
        used.add(key);
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String) {
            String text = ((String) value).trim();
            if (text.isEmpty()) {
                throw new ProfileException(where(key) + " must not be empty");
            }
            return text;
        }
        if (value instanceof Boolean || value instanceof Double) {
            // a label's positive value may be written true or 1
            return value instanceof Double && (Double) value == Math.rint((Double) value)
                    ? Long.toString(((Double) value).longValue())
                    : value.toString();
        }
        throw new ProfileException(where(key) + " must be a string, was " + describe(value));
    }

    /** A number in [min, max]. */
    double number(String key, double fallback, double min, double max) throws ProfileException {
        return number(key, fallback, min, true, max, true);
    }

    /** A number in (min, max]: a share that may not be 0, such as a learning rate. */
    double numberAbove(String key, double fallback, double min, double max) throws ProfileException {
        return number(key, fallback, min, false, max, true);
    }

    /** A number in (min, max): a share that may be neither 0 nor all. */
    double numberBetween(String key, double fallback, double min, double max) throws ProfileException {
        return number(key, fallback, min, false, max, false);
    }

    private double number(String key, double fallback, double min, boolean withMin, double max, boolean withMax)
            throws ProfileException {
        used.add(key);
        Object value = values.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Double)) {
            throw new ProfileException(where(key) + " must be a number, was " + describe(value));
        }
        double d = (Double) value;
        boolean aboveMin = withMin ? d >= min : d > min;
        boolean belowMax = withMax ? d <= max : d < max;
        if (!(aboveMin && belowMax)) {
            throw new ProfileException(where(key) + " must be in " + (withMin ? "[" : "(") + plain(min) + ", "
                    + plain(max) + (withMax ? "]" : ")") + ", was " + plain(d));
        }
        return d;
    }

    /** A number as a person writes it: {@code 5}, not {@code 5.0}; {@code 1000000000}, not {@code 1.0E9}. */
    static String plain(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        return new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    int integer(String key, int fallback, int min, int max) throws ProfileException {
        double d = number(key, fallback, min, max);
        if (d != Math.rint(d)) {
            throw new ProfileException(where(key) + " must be a whole number, was " + plain(d));
        }
        return (int) d;
    }

    long longValue(String key, long fallback) throws ProfileException {
        double d = number(key, fallback, -9.007199254740992E15, 9.007199254740992E15);
        if (d != Math.rint(d)) {
            throw new ProfileException(where(key) + " must be a whole number, was " + plain(d));
        }
        return (long) d;
    }

    List<String> strings(String key) throws ProfileException {
        used.add(key);
        Object value = values.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            throw new ProfileException(where(key) + " must be a list of strings, was " + describe(value));
        }
        List<String> out = new ArrayList<>();
        for (Object item : (List<?>) value) {
            if (!(item instanceof String) || ((String) item).isBlank()) {
                throw new ProfileException(where(key) + " must hold non-empty strings only, had " + describe(item));
            }
            out.add(((String) item).trim());
        }
        return List.copyOf(out);
    }

    /** The keys of this object, in file order (reading them marks none as used). */
    List<String> keys() {
        return List.copyOf(values.keySet());
    }

    /** A two-number list {@code [low, high]} with {@code low <= high}. */
    double[] range(String key) throws ProfileException {
        used.add(key);
        Object value = values.get(key);
        if (!(value instanceof List)
                || ((List<?>) value).size() != 2
                || !(((List<?>) value).get(0) instanceof Double)
                || !(((List<?>) value).get(1) instanceof Double)) {
            throw new ProfileException(where(key) + " must be [low, high], was " + describe(value));
        }
        double low = (Double) ((List<?>) value).get(0);
        double high = (Double) ((List<?>) value).get(1);
        if (!(low <= high)) {
            throw new ProfileException(where(key) + " must have low <= high, was [" + low + ", " + high + "]");
        }
        return new double[] {low, high};
    }

    @SuppressWarnings("unchecked")
    ConfigObject object(String key) throws ProfileException {
        used.add(key);
        Object value = values.get(key);
        if (value == null) {
            return new ConfigObject(source, key(key), Map.of());
        }
        if (!(value instanceof Map)) {
            throw new ProfileException(where(key) + " must be an object, was " + describe(value));
        }
        return new ConfigObject(source, key(key), (Map<String, Object>) value);
    }

    void rejectUnknown() throws ProfileException {
        for (String key : values.keySet()) {
            if (!used.contains(key)) {
                throw new ProfileException(
                        where(key) + " is not a known setting; known here: " + String.join(", ", used));
            }
        }
    }

    /** The setting as a message names it: {@code p.yaml: models.trees.maxDepth}. */
    String where(String key) {
        return source + ": " + key(key);
    }

    private String key(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "an object";
        }
        if (value instanceof List) {
            return "a list";
        }
        return value instanceof String ? "\"" + value + "\"" : value.toString();
    }
}
