package dev.paperspipeline.streams.trends;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Tumbling calendar windows of digest dates, in UTC: a day, a week from Monday, a calendar month.
 * Like a Kafka {@code Windows} subclass (kafka-streams-examples' {@code DailyTimeWindows}), each
 * window type says where the window holding a timestamp starts and ends, and which window comes
 * before it; Kafka's {@code TimeWindows} align on the epoch (a Thursday) and have one fixed size,
 * which neither weeks from Monday nor months have. Every window is a whole number of days, and
 * every consumer iterates {@link #values()}: a new window type is a new constant here.
 */
public enum TrendWindow {
  DAY("day", 28, date -> date, LocalDate::plusDays),
  WEEK(
      "week",
      4,
      date -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
      LocalDate::plusWeeks),
  MONTH("month", 6, date -> date.withDayOfMonth(1), LocalDate::plusMonths);

  public static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final String noun;
  private final int defaultBaseline;
  // the first day of the window holding a date
  private final UnaryOperator<LocalDate> align;
  // the start of the window n windows after (before, when negative) a start
  private final BiFunction<LocalDate, Long, LocalDate> plus;

  TrendWindow(
      String noun,
      int defaultBaseline,
      UnaryOperator<LocalDate> align,
      BiFunction<LocalDate, Long, LocalDate> plus) {
    this.noun = noun;
    this.defaultBaseline = defaultBaseline;
    this.align = align;
    this.plus = plus;
  }

  /** The window's name in prose: "day", "week", "month". */
  public String noun() {
    return noun;
  }

  /**
   * Trailing windows of this size a window's count is compared with by default (topic bursts): 28
   * days, 4 weeks, 6 months.
   */
  public int defaultBaseline() {
    return defaultBaseline;
  }

  /** Inclusive start (epoch ms, midnight UTC) of the window containing {@code timestampMs}. */
  public long start(long timestampMs) {
    return epochMs(align.apply(LocalDate.ofEpochDay(Math.floorDiv(timestampMs, DAY_MS))));
  }

  /** Exclusive end of the window starting at {@code startMs}: the start of the next one. */
  public long end(long startMs) {
    return next(startMs, 1);
  }

  /** Start of the window before the one starting at {@code startMs}. */
  public long previous(long startMs) {
    return next(startMs, -1);
  }

  /** Start of the window {@code windows} windows after (before, when negative) {@code startMs}. */
  public long next(long startMs, long windows) {
    return epochMs(plus.apply(LocalDate.ofEpochDay(Math.floorDiv(startMs, DAY_MS)), windows));
  }

  /** Days in the window starting at {@code startMs}. */
  public int days(long startMs) {
    return (int) ((end(startMs) - startMs) / DAY_MS);
  }

  /**
   * True when the window starting at {@code startMs} still has days to come by the trends clock
   * {@code clockNow} ({@link EventClock#isPartial}).
   */
  public boolean isPartial(long startMs, long clockNow) {
    return EventClock.isPartial(clockNow, end(startMs));
  }

  /**
   * Days of the window starting at {@code startMs} elapsed by the trends clock {@code clockNow}
   * (the clock's own day counts): between 1 and the window's length; its length when the clock is
   * unset.
   */
  public int elapsedDays(long startMs, long clockNow) {
    int days = days(startMs);
    if (clockNow == EventClock.NONE) {
      return days;
    }
    long elapsed = Math.floorDiv(clockNow, DAY_MS) - Math.floorDiv(startMs, DAY_MS) + 1;
    return (int) Math.max(1, Math.min(days, elapsed));
  }

  private static long epochMs(LocalDate date) {
    return date.toEpochDay() * DAY_MS;
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
