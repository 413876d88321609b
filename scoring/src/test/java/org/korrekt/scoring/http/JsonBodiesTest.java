package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which {@code Content-Type} headers declare JSON in UTF-8. */
class JsonBodiesTest {

    @Test
    void jsonWithNoParameterOrAUtf8CharsetIsAccepted() {
        assertThat(JsonBodies.isJsonUtf8("application/json")).isTrue();
        assertThat(JsonBodies.isJsonUtf8("Application/JSON")).isTrue();
        assertThat(JsonBodies.isJsonUtf8("application/json; charset=UTF-8")).isTrue();
        assertThat(JsonBodies.isJsonUtf8("application/json;charset=\"utf8\"")).isTrue();
        assertThat(JsonBodies.isJsonUtf8(" application/json ; charset = utf-8 ;"))
                .isTrue();
    }

    @Test
    void anotherTypeCharsetOrParameterIsRefused() {
        assertThat(JsonBodies.isJsonUtf8("text/json")).isFalse();
        assertThat(JsonBodies.isJsonUtf8("application/json-patch+json")).isFalse();
        assertThat(JsonBodies.isJsonUtf8("application/json; charset=ISO-8859-1"))
                .isFalse();
        assertThat(JsonBodies.isJsonUtf8("application/json; charset=utf-16")).isFalse();
        assertThat(JsonBodies.isJsonUtf8("application/json; boundary=x")).isFalse();
        assertThat(JsonBodies.isJsonUtf8("application/json; utf-8")).isFalse();
        assertThat(JsonBodies.isJsonUtf8("")).isFalse();
    }
}
