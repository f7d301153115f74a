package dev.paperspipeline.ingest.parse;

import java.time.Clock;
import java.util.Objects;

/**
 * Options of a {@link DigestParser}.
 *
 * @param year the year of every digest date, or {@code null} to infer it from the file name, else
 *     the file's modification time
 * @param clock gives the time zone in which a modification time becomes a date, and the reference
 *     time when a digest comes without a modification time
 * @param futureToleranceDays a date line whose inferred date falls more than this many days after
 *     the reference date (file-name date or modification time) belongs to the previous year
 */
public record ParserOptions(Integer year, Clock clock, int futureToleranceDays) {

  /** Default for {@link #futureToleranceDays()}. */
  public static final int DEFAULT_FUTURE_TOLERANCE_DAYS = 30;

  public ParserOptions {
    Objects.requireNonNull(clock, "clock");
    if (futureToleranceDays < 0) {
      throw new IllegalArgumentException(
          "futureToleranceDays must be >= 0: " + futureToleranceDays);
    }
  }

  /** Options with the given year (nullable) and clock, and the default tolerance. */
  public ParserOptions(Integer year, Clock clock) {
    this(year, clock, DEFAULT_FUTURE_TOLERANCE_DAYS);
  }

  /** No explicit year, system clock in UTC. */
  public static ParserOptions defaults() {
    return new ParserOptions(null, Clock.systemUTC());
  }
}
