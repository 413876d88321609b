package org.korrekt.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.korrekt.features.ApplicationFeatures;
import org.korrekt.features.Channel;
import org.korrekt.scoring.model.ModelBundle;

class RandomControlDrawTest {

    private static final byte[] KEY = "a pseudonymisation key of 32 bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void anApplicationScoredAgainIsDrawnAsTheFirstTime() {
        ScoringService service = new ScoringService(
                ApplicationFeatures.v1(),
                new ModelBundle("test", "v1", Path.of("unused"), TestModels.lateClaimModel(), TestModels.policy(0.1)),
                RandomControlDraw.keyedBy(KEY),
                Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC),
                ClaimChecks.applicationOnly());
        int drawn = 0;
        for (int i = 0; i < 2_000; i++) {
            String id = "A-retry-" + i;
            Decision first = service.score(TestModels.application(id, 0, Channel.E_SERVICE));
            for (int retry = 0; retry < 3; retry++) {
                Decision again = service.score(TestModels.application(id, 0, Channel.E_SERVICE));
                assertThat(again.randomControl()).as(id).isEqualTo(first.randomControl());
                assertThat(again.action()).as(id).isEqualTo(first.action());
            }
            drawn += first.randomControl() ? 1 : 0;
        }
        // a share of 0.1 of 2,000: 200, with a standard deviation of about 13
        assertThat(drawn).isBetween(150, 250);
    }

    @Test
    void theDrawIsTheFirst53BitsOfTheIdsMac() throws Exception {
        javax.crypto.Mac reference = javax.crypto.Mac.getInstance("HmacSHA256");
        reference.init(new javax.crypto.spec.SecretKeySpec(
                java.security.MessageDigest.getInstance("SHA-256")
                        .digest("korrekt random control draw seed 42".getBytes(StandardCharsets.US_ASCII)),
                "HmacSHA256"));
        RandomControlDraw seeded = RandomControlDraw.seeded(42);
        for (String id : new String[] {"A-1", "A000311458", "Ansökan-Åsa-7"}) {
            byte[] mac = reference.doFinal(id.getBytes(StandardCharsets.UTF_8));
            double expected = (java.nio.ByteBuffer.wrap(mac).getLong() >>> 11) * 0x1.0p-53;
            assertThat(seeded.applyAsDouble(TestModels.application(id, 0, Channel.E_SERVICE)))
                    .as(id)
                    .isEqualTo(expected);
        }
    }

    @Test
    void drawsAreUniformAndDependOnTheKeyOrSeed() {
        RandomControlDraw keyed = RandomControlDraw.keyedBy(KEY);
        RandomControlDraw other =
                RandomControlDraw.keyedBy("another key, also of 32 bytes or more".getBytes(StandardCharsets.UTF_8));
        RandomControlDraw seeded = RandomControlDraw.seeded(42);
        int[] bins = new int[10];
        int same = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            var application = TestModels.application("A-" + i, 0, Channel.E_SERVICE);
            double u = keyed.applyAsDouble(application);
            assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
            bins[(int) (u * 10)]++;
            same += u == other.applyAsDouble(application) ? 1 : 0;
            assertThat(seeded.applyAsDouble(application))
                    .isEqualTo(RandomControlDraw.seeded(42).applyAsDouble(application));
        }
        // chi-square over 10 bins, 9 degrees of freedom: above 27.9 one time in 1,000
        double chi = 0;
        for (int b : bins) {
            chi += Math.pow(b - n / 10.0, 2) / (n / 10.0);
        }
        assertThat(chi).isLessThan(27.9);
        assertThat(same).isZero();
        assertThat(RandomControlDraw.seeded(42).applyAsDouble(TestModels.application("A-1", 0, Channel.E_SERVICE)))
                .isNotEqualTo(RandomControlDraw.seeded(43)
                        .applyAsDouble(TestModels.application("A-1", 0, Channel.E_SERVICE)));
    }
}
