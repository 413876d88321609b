package org.korrekt.training.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON (and YAML) reader for configuration files: objects become {@link LinkedHashMap}s (keys in
 * file order), arrays {@link ArrayList}s, numbers {@link Double}s, and strings, booleans and null
 * themselves. Duplicate keys are an error, so a typo cannot silently override a setting. Used for
 * profile files and for reading the JSON files of a bundle (evaluation.json, bundle.json).
 * Stateless and thread-safe.
 */
public final class Json {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final YAMLFactory YAML = new YAMLFactory();

    private Json() {}

    /**
     * Reads one JSON value from {@code in}; trailing content is an error.
     *
     * @param source names the input in error messages (a path, "profile vab")
     * @throws IOException if the input cannot be read or is not one JSON value
     */
    public static Object read(InputStream in, String source) throws IOException {
        return read(FACTORY, in, source);
    }

    /**
     * Reads one YAML document from {@code in} into the same values as {@link #read}: mappings,
     * sequences, and scalars as strings, numbers, booleans or null. Only {@code true} and {@code
     * false} are booleans: YAML 1.1's {@code yes}, {@code no}, {@code on} and {@code off} stay
     * text. Aliases are refused, and a second document is an error.
     *
     * @param source names the input in error messages
     * @throws IOException if the input cannot be read or is not one YAML document
     */
    public static Object readYaml(InputStream in, String source) throws IOException {
        return read(YAML, in, source);
    }

    private static Object read(JsonFactory factory, InputStream in, String source) throws IOException {
        try (JsonParser parser = factory.createParser(in)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException(source + " is empty");
            }
            Object value = value(parser, source);
            if (parser.nextToken() != null) {
                throw new IOException(source + ": unexpected content after the value at "
                        + parser.currentLocation().getLineNr() + ":"
                        + parser.currentLocation().getColumnNr());
            }
            return value;
        } catch (JsonProcessingException e) {
            // the parser's own message, without its "[Source: REDACTED ...; " noise, after the source's name
            JsonLocation at = e.getLocation();
            throw new IOException(
                    source + ": not valid " + (factory instanceof YAMLFactory ? "YAML" : "JSON")
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                            + ": "
                            + e.getOriginalMessage()
                                    .replaceAll("\\[Source: [^;]*; ", "[")
                                    .trim(),
                    e);
        }
    }

    private static Object value(JsonParser parser, String source) throws IOException {
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser && ((YAMLParser) parser).isCurrentAlias()) {
            throw new IOException(source + ": YAML aliases (*" + parser.getText() + ") are not supported, at line "
                    + parser.currentLocation().getLineNr() + "; write the value out");
        }
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
            case VALUE_FALSE:
                // YAML 1.1 also reads yes, no, on and off as booleans; in a profile they are text
                // (a label's positive value "yes", a country code "no"), so they stay as written
                if (parser instanceof YAMLParser && !parser.getText().equalsIgnoreCase(token.asString())) {
                    return parser.getText();
                }
                return token == JsonToken.VALUE_TRUE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException(source + ": unexpected " + token + " at line "
                        + parser.currentLocation().getLineNr());
        }
    }
}
