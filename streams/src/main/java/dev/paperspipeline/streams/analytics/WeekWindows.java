package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.streams.trends.EventClock;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The weeks of one weekly analytics output and the trends clock that closes them, on the trends'
 * semantics: a week opens with its first paper, closes once when the trends clock ({@link
 * EventClock}) passes its end plus the grace, and a later paper revises it instead of reopening it.
 * State lives in one store: key the week's start as an ISO date, value {@value #OPEN} or {@value
 * #CLOSED}, plus the persisted clock under {@value #CLOCK_KEY}.
 */
final class WeekWindows {
  static final String OPEN = "OPEN";
  static final String CLOSED = "CLOSED";
  // Sorts after every ISO date, so a scan of the weeks can skip it at the end.
  static final String CLOCK_KEY = "~clock";
  static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final KeyValueStore<String, String> weeks;
  private final EventClock clock;
  private final long graceMs;

  WeekWindows(KeyValueStore<String, String> weeks, Duration grace, Duration maxSkew, long wallMs) {
    this.weeks = weeks;
    this.graceMs = grace.toMillis();
    this.clock = new EventClock(maxSkew);
    String stored = weeks.get(CLOCK_KEY);
    clock.restore(stored == null ? null : Long.parseLong(stored), wallMs);
  }

  /** Epoch milliseconds of a digest date's midnight UTC. */
  static long epochMs(LocalDate date) {
    return date.toEpochDay() * DAY_MS;
  }

  /** Start (epoch ms) of the week holding {@code eventMs}. */
  static long weekStart(long eventMs) {
    return TrendWindow.WEEK.start(eventMs);
  }

  /** End (epoch ms, exclusive) of the week starting at {@code startMs}. */
  static long weekEnd(long startMs) {
    return TrendWindow.WEEK.end(startMs);
  }

  static String iso(long startMs) {
    return TrendWindow.isoDate(startMs);
  }

  static long parseIso(String isoDate) {
    return TrendWindow.parseIsoDate(isoDate);
  }

  /** Sees a counted event: moves the clock, opens its week when new; returns the week start. */
  long observe(long eventMs, long wallMs) {
    if (clock.observe(eventMs, wallMs)) {
      Long persist = clock.toPersist();
      if (persist != null) {
        weeks.put(CLOCK_KEY, Long.toString(persist));
      }
    }
    long start = weekStart(eventMs);
    String key = iso(start);
    if (weeks.get(key) == null) {
      weeks.put(key, OPEN);
    }
    return start;
  }

  /** True once the week has closed. */
  boolean isClosed(long weekStartMs) {
    return CLOSED.equals(weeks.get(iso(weekStartMs)));
  }

  /** The trends clock now, or {@link EventClock#NONE}. */
  long now(long wallMs) {
    return clock.now(wallMs);
  }

  /** True while the week has days to come by the clock {@code now}. */
  static boolean isPartial(long now, long weekStartMs) {
    return EventClock.isPartial(now, weekEnd(weekStartMs));
  }

  /** Marks closed, and returns, the open weeks whose end plus grace the clock has reached. */
  List<Long> closeDue(long now) {
    List<Long> due = new ArrayList<>();
    if (now == EventClock.NONE) {
      return due;
    }
    try (KeyValueIterator<String, String> it = weeks.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        if (CLOCK_KEY.equals(kv.key) || !OPEN.equals(kv.value)) {
          continue;
        }
        long start = parseIso(kv.key);
        if (weekEnd(start) + graceMs <= now) {
          due.add(start);
        }
      }
    }
    for (long start : due) {
      weeks.put(iso(start), CLOSED);
    }
    return due;
  }
}
