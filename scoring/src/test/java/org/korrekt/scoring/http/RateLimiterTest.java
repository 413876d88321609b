package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void allowsTheBurstThenTheRatePerClient() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RateLimiter limiter = new RateLimiter(10, 5, now::get);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);
        assertThat(limiter.acquire("b")).as("another client has its own bucket").isZero();
        now.addAndGet(100_000_000L); // 0.1 s: one token back
        assertThat(limiter.acquire("a")).isZero();
        assertThat(limiter.acquire("a")).isEqualTo(1);
        now.addAndGet(10_000_000_000L); // refills to the burst, no further
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
        assertThat(limiter.acquire("a")).isEqualTo(1);
    }

    @Test
    void zeroTurnsLimitingOff() {
        RateLimiter limiter = new RateLimiter(0, 1, System::nanoTime);
        assertThat(limiter.enabled()).isFalse();
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire("a")).isZero();
        }
    }
}
