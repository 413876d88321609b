package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for configuration files: objects become {@link LinkedHashMap}s (keys in
 * file order), arrays {@link ArrayList}s, numbers {@link Double}s, and strings, booleans and null
 * themselves. Duplicate keys are an error, so a typo cannot silently override a setting. Used for
 * profile files and for reading the JSON files of a bundle (evaluation.json, bundle.json).
 * Stateless and thread-safe.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();

    private Json() {}

    /**
     * Reads one JSON value from {@code in}; trailing content is an error.
     *
     * @param source names the input in error messages (a path, "profile vab")
     * @throws IOException if the input cannot be read or is not one JSON value
     */
    public static Object read(InputStream in, String source) throws IOException {
        try (JsonParser parser = FACTORY.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException(source + " is empty");
            }
            Object value = value(parser, source);
            if (parser.nextToken() != null) {
                throw new IOException(source + ": unexpected content after the JSON value at "
                        + parser.currentLocation().getLineNr() + ":"
                        + parser.currentLocation().getColumnNr());
            }
            return value;
        }
    }

    private static Object value(JsonParser parser, String source) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    String key = parser.currentName();
                    parser.nextToken();
                    if (object.containsKey(key)) {
                        throw new IOException(source + ": duplicate key '" + key + "' at line "
                                + parser.currentLocation().getLineNr());
                    }
                    object.put(key, value(parser, source));
                }
                return object;
            case START_ARRAY:
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, source));
                }
                return array;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException(source + ": unexpected " + token + " at line "
                        + parser.currentLocation().getLineNr());
        }
    }
}
