package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.api.RequestException;

/**
 * An assignee names a person by the subject of their token: two names that read the same but are
 * different text would be two people, and a case given to the look-alike reaches nobody.
 */
class CaseJsonNameTest {

    private static String name(String value) {
        return CaseJson.name(new JsonObject().put("assignee", value), "assignee", 200);
    }

    @Test
    void namesInOneScriptAreTaken() {
        assertThat(name("  anna.svensson@fk.se ")).isEqualTo("anna.svensson@fk.se");
        assertThat(name("Åsa Öberg-Ängström")).isEqualTo("Åsa Öberg-Ängström");
        assertThat(name("Ольга Петрова")).isEqualTo("Ольга Петрова");
        assertThat(name("Νίκος")).isEqualTo("Νίκος");
        assertThat(name("inspektör 7")).isEqualTo("inspektör 7");
        // a combining mark belongs to the letter before it, in any script
        assertThat(name("Jose\u0301")).isEqualTo("Jose\u0301");
        // combinations Unicode's "highly restrictive" level allows: CJK with Latin
        assertThat(name("山田 Taro")).isEqualTo("山田 Taro");
        assertThat(name("やまだ 山田")).isEqualTo("やまだ 山田");
        assertThat(name("김민준 Kim")).isEqualTo("김민준 Kim");
    }

    @Test
    void lookAlikeLettersFromAnotherScriptAreRefused() {
        assertThatThrownBy(() -> name("\u0430nna")) // Cyrillic а
                .isInstanceOf(RequestException.class)
                .hasMessage("assignee mixes the letters of Latin and Cyrillic, as a name made to read like another's"
                        + " does (a Cyrillic 'а' in 'anna'); write it in one script");
        assertThatThrownBy(() -> name("\u039Flle")) // Greek capital omicron
                .hasMessageStartingWith("assignee mixes the letters of Latin and Greek,");
        assertThatThrownBy(() -> name("b\u0435rtil \u03B1")) // Cyrillic е, Greek α
                .hasMessageStartingWith("assignee mixes the letters of Latin, Greek and Cyrillic,");
        assertThatThrownBy(() -> name("山田 Иван"))
                .hasMessageStartingWith("assignee mixes the letters of Cyrillic and Han,");
    }
}
