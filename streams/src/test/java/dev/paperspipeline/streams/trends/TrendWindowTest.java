package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TrendWindowTest {
  private static long ms(String date) {
    return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  @Test
  void shouldStartWeeksOnMonday() {
    assertThat(TrendWindow.isoDate(TrendWindow.WEEK.start(ms("2025-08-17"))))
        .isEqualTo("2025-08-11");
    assertThat(TrendWindow.isoDate(TrendWindow.WEEK.start(ms("2025-08-11"))))
        .isEqualTo("2025-08-11");
    assertThat(TrendWindow.isoDate(TrendWindow.WEEK.start(ms("2025-08-10") + 3_600_000)))
        .isEqualTo("2025-08-04");
    // the epoch was a Thursday; before it floor division must still go back to Monday
    assertThat(TrendWindow.isoDate(TrendWindow.WEEK.start(0))).isEqualTo("1969-12-29");
    assertThat(TrendWindow.WEEK.end(ms("2025-08-11"))).isEqualTo(ms("2025-08-18"));
  }

  @Test
  void shouldAlignDaysOnUtcMidnight() {
    long t = Instant.parse("2025-08-12T23:59:59Z").toEpochMilli();
    assertThat(TrendWindow.DAY.start(t)).isEqualTo(ms("2025-08-12"));
    assertThat(TrendWindow.DAY.end(TrendWindow.DAY.start(t))).isEqualTo(ms("2025-08-13"));
  }
}
