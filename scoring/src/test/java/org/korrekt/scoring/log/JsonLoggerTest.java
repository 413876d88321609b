package org.korrekt.scoring.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class JsonLoggerTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void eachEventIsOneJsonLineWithItsKeyValuesAndError() {
        JsonLogger log = new JsonLogger("org.korrekt.test", Level.INFO, lines::add);

        log.info("Scored {} of {}", 3, "vab");
        log.atWarn()
                .addKeyValue("event", "bundle_refused")
                .addKeyValue("profile", "vab")
                .addKeyValue("count", 7)
                .addKeyValue("msg", "a key that would shadow the message is dropped")
                .log("Refused a bundle of {}", "vab");
        log.error("Cannot write {}", "records", new IllegalStateException("disk full\nsecond line"));
        log.debug("not written at info");

        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain("\n"));
        JsonObject info = new JsonObject(lines.get(0));
        assertThat(info.getString("level")).isEqualTo("INFO");
        assertThat(info.getString("logger")).isEqualTo("org.korrekt.test");
        assertThat(info.getString("msg")).isEqualTo("Scored 3 of vab");
        assertThat(info.getString("thread")).isEqualTo(Thread.currentThread().getName());
        assertThat(java.time.Instant.parse(info.getString("ts"))).isNotNull();

        JsonObject warn = new JsonObject(lines.get(1));
        assertThat(warn.getString("msg")).isEqualTo("Refused a bundle of vab");
        assertThat(warn.getString("event")).isEqualTo("bundle_refused");
        assertThat(warn.getString("profile")).isEqualTo("vab");
        assertThat(warn.getLong("count")).isEqualTo(7);

        JsonObject error = new JsonObject(lines.get(2)).getJsonObject("error");
        assertThat(new JsonObject(lines.get(2)).getString("msg")).isEqualTo("Cannot write records");
        assertThat(error.getString("type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(error.getString("message")).isEqualTo("disk full\nsecond line");
        assertThat(error.getString("stack")).contains("JsonLoggerTest");
    }

    @Test
    void noLineHoldsAnIdentityNumberWhereverACallerPutIt() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        JsonLogger log = new JsonLogger("org.korrekt.test", Level.INFO, lines::add);
        // helper-37: a model route logged the profile a path named
        log.atWarn()
                .addKeyValue("event", "models_change_refused")
                .addKeyValue("profile", "198001011231")
                .log("Refused a change of the models of {}: no profile '{}' here", "198001011231", "198001011231");
        log.atError()
                .setCause(new IllegalStateException(
                        "bad id A:800101:1231", new IllegalArgumentException("1980 01 01-1231")))
                .log("failed");
        // The time stamp (to the microsecond) and the stack's line numbers are digits of their own that
        // may happen to hold 1231 (CI saw it once); every other part of a line must not.
        assertThat(lines)
                .hasSize(2)
                .map(line -> {
                    JsonObject event = new JsonObject(line);
                    event.remove("ts");
                    return event.encode().replaceAll("\\.java:\\d+\\)", ".java)");
                })
                .noneMatch(line -> line.contains("1231"));
        JsonObject first = new JsonObject(lines.get(0));
        assertThat(first.getString("event")).isEqualTo("models_change_refused");
        assertThat(first.getString("profile")).startsWith("(withheld");
        assertThat(first.getString("msg")).startsWith("(withheld");
        JsonObject second = new JsonObject(lines.get(1));
        assertThat(second.getJsonObject("error").getString("stack"))
                .contains("java.lang.IllegalStateException", "Caused by: java.lang.IllegalArgumentException", "\tat ");
    }

    @Test
    void levelsFilterAndChattyLibrariesLogOnlyWarningsAtInfo() {
        JsonLoggerFactory factory = new JsonLoggerFactory(lines::add, Level.INFO);
        factory.getLogger("org.apache.hadoop.io.compress.CodecPool").info("Got brand-new decompressor");
        factory.getLogger("org.apache.hadoop.io.compress.CodecPool").warn("a real problem");
        factory.getLogger("org.korrekt.scoring").info("kept");

        assertThat(lines).hasSize(2);
        assertThat(new JsonLoggerFactory(lines::add, Level.DEBUG)
                        .getLogger("org.apache.parquet.x")
                        .isDebugEnabled())
                .isTrue();
        assertThat(new JsonLoggerFactory(lines::add, Level.ERROR)
                        .getLogger("io.netty.x")
                        .isWarnEnabled())
                .isFalse();

        assertThat(JsonLogger.levelOf(null)).isEqualTo(Level.INFO);
        assertThat(JsonLogger.levelOf(" Debug ")).isEqualTo(Level.DEBUG);
        assertThatThrownBy(() -> JsonLogger.levelOf("loud")).hasMessageContaining("KORREKT_LOG_LEVEL");
    }

    @Test
    void slf4jFindsKorrektsProvider() {
        Logger logger = LoggerFactory.getLogger(JsonLoggerTest.class);
        assertThat(logger).isInstanceOf(JsonLogger.class);
    }
}
