package org.korrekt.training.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CellsTest {

    @Test
    void aDateIsADateOrIsoTextWithOrWithoutATimeOfDay() {
        assertThat(Cells.date(LocalDate.of(2023, 1, 7), "filed")).isEqualTo(LocalDate.of(2023, 1, 7));
        assertThat(Cells.date("2023-01-07 23:30:00", "filed")).isEqualTo(LocalDate.of(2023, 1, 7));
        assertThat(Cells.date(null, "filed")).isNull();
    }

    @Test
    void aNumberInADateColumnSaysThatANumberHasNoUnitOfTime() {
        // seconds since 1970, as arrow-rs writes a second-resolution date-time: an INT64 without annotation
        assertThatThrownBy(() -> Cells.date(1.6731342E9, "filed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("column 'filed' should hold dates but holds the number 1673134200; a number has no unit"
                        + " of time, so write the column as a Parquet DATE or TIMESTAMP, or as text (yyyy-MM-dd)");
    }
}
