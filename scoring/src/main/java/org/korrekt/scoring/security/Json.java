package org.korrekt.scoring.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Jackson's streaming parser, set up strictly (a member twice is an error), and the readers the token parts share. */
final class Json {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** A parser positioned on the start of the one object the bytes must hold. */
    static JsonParser object(byte[] json) throws IOException {
        JsonParser parser = FACTORY.createParser(json);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.close();
            throw new IOException("not a JSON object");
        }
        return parser;
    }

    /** After the object's end: fails when anything but white space follows. */
    static void end(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new IOException("content after the JSON object");
        }
    }

    /** The current value, which must be a string. */
    static String string(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw new IOException("not a string");
        }
        return parser.getText();
    }

    /** The current value, which must be an array of strings. */
    static List<String> strings(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("not an array");
        }
        List<String> values = new ArrayList<>(4);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            values.add(string(parser));
        }
        return values;
    }

    /** The current value, which must be an array of strings: the roles korrekt knows among them. */
    static Set<Role> roles(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("not an array");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (token != JsonToken.VALUE_STRING) {
                throw new IOException("not a string");
            }
            Role role = Role.fromClaim(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
            if (role != null) {
                roles.add(role);
            }
        }
        return roles;
    }
}
