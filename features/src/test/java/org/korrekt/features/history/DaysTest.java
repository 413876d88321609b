package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DaysTest {

    @Test
    void monthNumbersAgreeWithJavaTimeForEveryDayOfTwoCenturies() {
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.isBefore(LocalDate.of(2101, 1, 1)); d = d.plusDays(1)) {
            int day = Days.of(d);
            assertThat(Days.monthOf(day)).as("%s", d).isEqualTo(Days.monthOf(d));
            if (d.getDayOfMonth() == 1) {
                assertThat(Days.firstDayOfMonth(Days.monthOf(d))).as("%s", d).isEqualTo(day);
            }
        }
    }

    @Test
    void knownDaysFollowTheirDeadlines() {
        int march = Days.monthOf(LocalDate.of(2024, 3, 1));
        assertThat(Known.income(march)).isEqualTo(Days.of(LocalDate.of(2024, 4, 12)));
        assertThat(Known.timesheet(Days.of(LocalDate.of(2024, 12, 31)))).isEqualTo(Days.of(LocalDate.of(2025, 1, 5)));
        assertThat(Known.attendance(100)).isEqualTo(101);
        // a registration whose last day is t-1 is still in force as known before t: its end is known on t
        assertThat(Known.registered(10, 19, 20)).isTrue();
        assertThat(Known.registered(10, 18, 20)).isFalse();
        assertThat(Known.registered(20, Days.OPEN, 20)).isFalse();
        assertThat(Known.registered(19, Days.OPEN, 20)).isTrue();
    }
}
