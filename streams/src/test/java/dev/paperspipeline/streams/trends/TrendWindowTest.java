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

  @Test
  void shouldAlignMonthsOnTheFirstOfTheCalendarMonth() {
    long t = Instant.parse("2025-01-31T23:59:59Z").toEpochMilli();
    assertThat(TrendWindow.MONTH.start(t)).isEqualTo(ms("2025-01-01"));
    // a 31-day month, then a 28-day and a 29-day February
    assertThat(TrendWindow.MONTH.end(ms("2025-01-01"))).isEqualTo(ms("2025-02-01"));
    assertThat(TrendWindow.MONTH.days(ms("2025-01-01"))).isEqualTo(31);
    assertThat(TrendWindow.MONTH.days(ms("2025-02-01"))).isEqualTo(28);
    assertThat(TrendWindow.MONTH.days(ms("2024-02-01"))).isEqualTo(29);
    assertThat(TrendWindow.MONTH.start(ms("2024-02-29"))).isEqualTo(ms("2024-02-01"));
    // December to January crosses the year, both ways
    assertThat(TrendWindow.MONTH.end(ms("2024-12-01"))).isEqualTo(ms("2025-01-01"));
    assertThat(TrendWindow.MONTH.previous(ms("2025-01-01"))).isEqualTo(ms("2024-12-01"));
    assertThat(TrendWindow.MONTH.next(ms("2025-03-01"), -6)).isEqualTo(ms("2024-09-01"));
    // before the epoch too
    assertThat(TrendWindow.isoDate(TrendWindow.MONTH.start(-1))).isEqualTo("1969-12-01");
  }

  @Test
  void shouldCountTheElapsedDaysOfAPartialWindow() {
    long clock = ms("2025-02-10") + 3_600_000;
    assertThat(TrendWindow.MONTH.isPartial(ms("2025-02-01"), clock)).isTrue();
    assertThat(TrendWindow.MONTH.elapsedDays(ms("2025-02-01"), clock)).isEqualTo(10);
    assertThat(TrendWindow.MONTH.isPartial(ms("2025-01-01"), clock)).isFalse();
    assertThat(TrendWindow.WEEK.elapsedDays(ms("2025-02-10"), clock)).isEqualTo(1);
    assertThat(TrendWindow.DAY.isPartial(ms("2025-02-10"), clock)).isFalse();
    // the last day of a month with its digest in: the month is complete
    assertThat(TrendWindow.MONTH.isPartial(ms("2025-02-01"), ms("2025-02-28"))).isFalse();
  }
}
