package org.korrekt.features.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.korrekt.features.Benefit;

class HistoryLogTest {

    static final List<HistoryEvent> EVENTS = List.of(
            new HistoryEvent.PermitIssued("p1", 19_000),
            new HistoryEvent.MovedIn("p1", "addr-ö", 18_000),
            new HistoryEvent.ClaimSubmitted("A-h1", "p1", Benefit.TFP, 19_010, 19_001, 2, "c1"),
            new HistoryEvent.ClaimSubmitted("A-h2", "p1", Benefit.FP, 19_011, 19_100, 20, null),
            new HistoryEvent.PaymentMade("p1", Benefit.TFP, 19_020, 1_234.5),
            new HistoryEvent.IncomeDeclared("p1", 24_290, 31_000.25, 1, 2, 3),
            new HistoryEvent.ChildAttended("c1", 19_002),
            new HistoryEvent.HoursReported("p1", "u1", 19_003, 7.5),
            new HistoryEvent.LicenceRevoked("v1", 19_004),
            new HistoryEvent.MovedOut("p1", "addr-ö", 19_050),
            new HistoryEvent.PermitRenewed("p1", 19_040));

    static byte[] written() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HistoryLog.write(EVENTS, EVENTS.size(), out);
        return out.toByteArray();
    }

    @Test
    void everyKindOfEventSurvivesTheRoundTrip() throws IOException {
        List<HistoryEvent> read = new ArrayList<>();
        long count =
                HistoryLog.read(new ByteArrayInputStream(written()), read::add).count();
        assertThat(count).isEqualTo(EVENTS.size());
        assertThat(read).isEqualTo(EVENTS);
    }

    @Test
    void theLogKeepsTheTimeItIsAsOf() throws IOException {
        java.time.Instant asOf = java.time.Instant.parse("2026-11-02T06:00:00.123Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HistoryLog.write(EVENTS, EVENTS.size(), asOf, out);
        assertThat(HistoryLog.read(new ByteArrayInputStream(out.toByteArray()), e -> {})
                        .asOf())
                .isEqualTo(asOf);
    }

    @Test
    void aLogOfAnEarlierFormatIsRefusedWithWhatToDo() throws IOException {
        byte[] bytes = written();
        bytes[7] = 2; // the format, big-endian after the magic
        assertThatThrownBy(() -> HistoryLog.read(new ByteArrayInputStream(bytes), e -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format 2")
                .hasMessageContaining("korrekt history");
    }

    @Test
    void aDamagedOrShortenedFileIsRefusedWithTheReason() throws IOException {
        byte[] bytes = written();
        byte[] damaged = bytes.clone();
        damaged[30] ^= 0x01;
        assertThatThrownBy(() -> HistoryLog.read(new ByteArrayInputStream(damaged), e -> {}))
                .isInstanceOf(IOException.class);
        byte[] shortened = Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> HistoryLog.read(new ByteArrayInputStream(shortened), e -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cut short");
        byte[] foreign = "PAR1 this is not a log".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> HistoryLog.read(new ByteArrayInputStream(foreign), e -> {}))
                .hasMessageContaining("not a korrekt history log");
        byte[] lastByte = bytes.clone();
        lastByte[bytes.length - 1] ^= 0x01;
        assertThatThrownBy(() -> HistoryLog.read(new ByteArrayInputStream(lastByte), e -> {}))
                .hasMessageContaining("checksum");
    }

    @Test
    void eventsAreOrderedByTheDayTheyBecomeKnown() {
        List<HistoryEvent> sorted = new ArrayList<>(EVENTS);
        sorted.sort(java.util.Comparator.comparingInt(HistoryEvent::knownOn));
        assertThat(sorted.get(0)).isInstanceOf(HistoryEvent.PermitIssued.class);
        assertThat(new HistoryEvent.IncomeDeclared("p", 24_290, 1, 0, 0, 0).knownOn())
                .isEqualTo(Known.income(24_290));
    }
}
