package dev.paperspipeline.streams.trends;

import java.time.Duration;
import java.time.Instant;

/**
 * Which papers trends counts, by digest date against the wall clock: not those older than the
 * retention (counted from the start of the wall clock's UTC day), nor those more than the skew
 * ahead of the wall clock. The caller dead-letters the others; they never reach the trends clock.
 */
public final class EventTimeGate {
  private final Duration retention;
  private final Duration maxSkew;

  public EventTimeGate(Duration retention, Duration maxSkew) {
    this.retention = retention;
    this.maxSkew = maxSkew;
  }

  /** Why a paper of event time {@code eventTimeMs} is not counted, or null when it is. */
  public String reject(long eventTimeMs, long wallMs) {
    if (eventTimeMs > wallMs + maxSkew.toMillis()) {
      return String.format(
          "trends: digest date %s is more than %s ahead of the wall clock (%s)",
          TrendWindow.isoDate(TrendWindow.DAY.start(eventTimeMs)),
          show(maxSkew),
          Instant.ofEpochMilli(wallMs));
    }
    if (eventTimeMs < TrendWindow.DAY.start(wallMs) - retention.toMillis()) {
      return String.format(
          "trends: digest date %s is older than the retention %s (wall clock %s)",
          TrendWindow.isoDate(TrendWindow.DAY.start(eventTimeMs)),
          show(retention),
          Instant.ofEpochMilli(wallMs));
    }
    return null;
  }

  /** A duration as a user writes it: {@code P1095D} rather than {@code PT26280H}. */
  static String show(Duration d) {
    return d.toSeconds() % 86_400 == 0 && !d.isZero() ? "P" + d.toDays() + "D" : d.toString();
  }

  /** True when {@link #reject} said the paper is from the future. */
  static boolean isFuture(String reason) {
    return reason.contains("ahead of the wall clock");
  }
}
