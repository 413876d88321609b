package org.korrekt.scoring.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {

    @Test
    void decisionTimesAreWrittenAsInstantToStringWritesThem() {
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            // now and then a second next to a day's, a year's or the range's edge
            long second =
                    switch (random.nextInt(8)) {
                        case 0 -> random.nextLong(-3, 3);
                        case 1 -> last + random.nextLong(-3, 3);
                        case 2 ->
                            Instant.parse((1970 + random.nextInt(8030)) + "-01-01T00:00:00Z")
                                            .getEpochSecond()
                                    + random.nextLong(-2, 2);
                        case 3 -> random.nextLong(1_700_000_000L, 1_900_000_000L);
                        default -> random.nextLong(-1_000_000_000_000L, last + 1_000_000_000L);
                    };
            // the fraction as a clock gives it: none, milliseconds, microseconds or nanoseconds
            int nano =
                    switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    };
            Instant instant = Instant.ofEpochSecond(second, nano);
            assertThat(ResponseEncoder.isoInstant(instant)).isEqualTo(instant.toString());
        }
        assertThat(ResponseEncoder.isoInstant(Instant.parse("2026-11-24T08:10:51.120Z")))
                .isEqualTo("2026-11-24T08:10:51.120Z");
    }
}
