package dev.paperspipeline.ingest.parse;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Options of a {@link DigestParser}. How they combine into a digest's date: {@link DigestDates}.
 *
 * @param year the year of every date line, or {@code null} to infer it
 * @param clock gives the time zone in which a modification time becomes a date, and the reference
 *     time when a digest comes without a modification time
 * @param futureToleranceDays a date line's year is that of the latest such date not after the
 *     reference day (the file's modification day) plus this many days; the default, one day, allows
 *     for a digest dated in a time zone ahead of the clock's
 * @param date the date of every digest, or {@code null}: given by the user, it wins over everything
 *     else
 */
public record ParserOptions(Integer year, Clock clock, int futureToleranceDays, LocalDate date) {

  /** Default for {@link #futureToleranceDays()}. */
  public static final int DEFAULT_FUTURE_TOLERANCE_DAYS = 1;

  public ParserOptions {
    Objects.requireNonNull(clock, "clock");
    if (futureToleranceDays < 0) {
      throw new IllegalArgumentException(
          "futureToleranceDays must be >= 0: " + futureToleranceDays);
    }
  }

  /** Options with the given year, clock and tolerance, and no date. */
  public ParserOptions(Integer year, Clock clock, int futureToleranceDays) {
    this(year, clock, futureToleranceDays, null);
  }

  /** Options with the given year (nullable) and clock, and the default tolerance. */
  public ParserOptions(Integer year, Clock clock) {
    this(year, clock, DEFAULT_FUTURE_TOLERANCE_DAYS, null);
  }

  /** These options with every digest dated {@code newDate} (nullable). */
  public ParserOptions withDate(LocalDate newDate) {
    return new ParserOptions(year, clock, futureToleranceDays, newDate);
  }

  /** No explicit year, system clock in UTC. */
  public static ParserOptions defaults() {
    return new ParserOptions(null, Clock.systemUTC());
  }
}
