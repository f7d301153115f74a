package dev.paperspipeline.streams.trends;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tumbling windows of digest dates, aligned on UTC midnight; weeks start on Monday. Kafka's
 * TimeWindows align on the epoch (a Thursday), so weeks are assigned here instead.
 */
public enum TrendWindow {
  DAY(1),
  WEEK(7);

  public static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final int days;

  TrendWindow(int days) {
    this.days = days;
  }

  /** Window length in milliseconds. */
  public long sizeMs() {
    return days * DAY_MS;
  }

  /** Inclusive start (epoch ms) of the window containing {@code timestampMs}. */
  public long start(long timestampMs) {
    long epochDay = Math.floorDiv(timestampMs, DAY_MS);
    if (this == WEEK) {
      // 1970-01-01 was a Thursday: day index since Monday = (epochDay + 3) mod 7
      epochDay -= Math.floorMod(epochDay + 3, 7);
    }
    return epochDay * DAY_MS;
  }

  /** Exclusive end of the window starting at {@code startMs}. */
  public long end(long startMs) {
    return startMs + sizeMs();
  }

  // Every key names a window start, and there is one start per day: format each once.
  private static final Map<Long, String> ISO_DATES = new ConcurrentHashMap<>();

  /** Epoch milliseconds of the midnight UTC of an ISO date: the inverse of {@link #isoDate}. */
  public static long parseIsoDate(String isoDate) {
    return LocalDate.parse(isoDate).toEpochDay() * DAY_MS;
  }

  /** The ISO date (UTC) of a window start, as used in record keys. */
  public static String isoDate(long startMs) {
    if (Math.floorMod(startMs, DAY_MS) != 0) {
      return LocalDate.ofInstant(Instant.ofEpochMilli(startMs), ZoneOffset.UTC).toString();
    }
    return ISO_DATES.computeIfAbsent(
        startMs, ms -> LocalDate.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC).toString());
  }
}
