package dev.paperspipeline.streams.trends;

import java.time.Duration;

/**
 * The trends clock: the highest event time (digest date) this task has counted, advanced by the
 * wall-clock time elapsed since it last moved, never decreasing and never more than {@code maxSkew}
 * ahead of the wall clock. So with one digest a day, yesterday's window closes a day (plus grace)
 * later without new input, while a fast replay of old digests moves the clock by event time only;
 * and a digest dated 2999 (which the gate keeps out anyway) could not freeze it.
 *
 * <p>The high-water mark is persisted by the caller ({@link #toPersist()}), so that it survives a
 * restart.
 */
public final class EventClock {
  public static final long NONE = Long.MIN_VALUE;

  private final long maxSkewMs;
  private long highWater = NONE;
  private long persisted = NONE;
  private long wallAtAdvance;
  private long effective = NONE;

  public EventClock(Duration maxSkew) {
    this.maxSkewMs = maxSkew.toMillis();
  }

  /** Starts again from a persisted high-water mark (null when none). */
  public void restore(Long stored, long wallMs) {
    highWater = stored == null ? NONE : stored;
    persisted = highWater;
    effective = NONE;
    wallAtAdvance = wallMs;
  }

  /** Sees a counted record's event time; true when the clock moved. */
  public boolean observe(long eventTimeMs, long wallMs) {
    long capped = Math.min(eventTimeMs, wallMs + maxSkewMs);
    if (capped > highWater) {
      highWater = capped;
      wallAtAdvance = wallMs;
      return true;
    }
    return false;
  }

  /**
   * True when a window ending at {@code windowEndMs} still has days to come by the clock {@code
   * clockNow}. The clock's own day counts as elapsed: digest dates are days, and a day is complete
   * once its digest is in, so the latest day with data is never partial, and a week with data up to
   * Tuesday is partial and compared Monday–Tuesday against Monday–Tuesday.
   */
  public static boolean isPartial(long clockNow, long windowEndMs) {
    if (clockNow == NONE) {
      return false;
    }
    long clockDayEnd = Math.floorDiv(clockNow, TrendWindow.DAY_MS) * TrendWindow.DAY_MS;
    return clockDayEnd + TrendWindow.DAY_MS < windowEndMs;
  }

  /** The clock now, or {@link #NONE} before the first record. */
  public long now(long wallMs) {
    if (highWater == NONE) {
      return NONE;
    }
    long advanced = highWater + Math.max(0, wallMs - wallAtAdvance);
    effective = Math.max(effective, Math.min(advanced, wallMs + maxSkewMs));
    return effective;
  }

  /** The high-water mark to persist when it changed since the last call, else null. */
  public Long toPersist() {
    if (highWater == persisted) {
      return null;
    }
    persisted = highWater;
    return highWater;
  }
}
