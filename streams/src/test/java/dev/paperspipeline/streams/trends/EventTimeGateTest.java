package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EventTimeGateTest {
  private static final long WALL = Instant.parse("2026-11-26T13:00:00Z").toEpochMilli();
  private final EventTimeGate gate = new EventTimeGate(Duration.ofDays(1095), Duration.ofDays(1));

  private static long day(String iso) {
    return LocalDate.parse(iso).toEpochDay() * TrendWindow.DAY_MS;
  }

  @Test
  void shouldCountPapersFromTheRetentionUpToTheSkewAhead() {
    assertThat(gate.reject(day("2026-11-26"), WALL)).isNull();
    assertThat(gate.reject(day("2026-11-27"), WALL)).isNull(); // within a day ahead
    assertThat(gate.reject(day("2023-11-27"), WALL)).isNull(); // 1095 days before today
  }

  @Test
  void shouldRejectTheFarFutureAndTheTooOldWithAReason() {
    String future = gate.reject(day("2999-01-01"), WALL);
    assertThat(future).contains("2999-01-01").contains("P1D ahead");
    assertThat(EventTimeGate.isFuture(future)).isTrue();
    assertThat(gate.reject(day("2026-11-28"), WALL)).isNotNull();
    String old = gate.reject(day("2023-11-26"), WALL);
    assertThat(old).contains("older than the retention P1095D");
    assertThat(EventTimeGate.isFuture(old)).isFalse();
  }
}
