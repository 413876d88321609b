package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyIndexTest {

    @Test
    void keepsEveryKeyItHoldsFindableThroughThousandsOfEvictions() {
        KeyIndex index = new KeyIndex(100);
        Map<String, Integer> held = new HashMap<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            String key = "p" + random.nextInt(400);
            int slot = index.findOrAdd(key);
            boolean fresh = index.isFresh(slot);
            assertThat(fresh).isEqualTo(!held.containsKey(key));
            if (fresh) {
                // the slot's previous key, if any, is gone
                held.values().removeIf(s -> s == slot);
            } else {
                assertThat(slot).isEqualTo(held.get(key));
            }
            held.put(key, slot);
            assertThat(index.keyOf(slot)).isEqualTo(key);
            if (i % 997 == 0) {
                for (Map.Entry<String, Integer> e : held.entrySet()) {
                    assertThat(index.find(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
                }
                for (int k = 0; k < 400; k++) {
                    String other = "p" + k;
                    if (!held.containsKey(other)) {
                        assertThat(index.find(other)).isEqualTo(-1);
                    }
                }
            }
        }
        assertThat(index.size()).isEqualTo(100);
        assertThat(held).hasSize(100);
        assertThat(index.evictions()).isPositive();
    }

    @Test
    void aKeyUsedSinceTheHandLastPassedSurvivesTheNextEviction() {
        KeyIndex index = new KeyIndex(3);
        int a = index.findOrAdd("a");
        index.findOrAdd("b");
        index.findOrAdd("c");
        index.find("a");
        index.findOrAdd("d"); // evicts b, the first unused after a
        assertThat(index.find("a")).isEqualTo(a);
        assertThat(index.find("b")).isEqualTo(-1);
        assertThat(index.find("c")).isNotNegative();
        assertThat(index.find("d")).isNotNegative();
    }
}
