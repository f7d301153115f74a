package dev.paperspipeline.streams.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week, written {@code 2026-W47}: Monday to Sunday, UTC, numbered within its week-based
 * year (so 2026-12-31 may be in 2027-W01).
 *
 * @param year the week-based year
 * @param week 1 to 52 or 53
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {
  private static final Pattern FORMAT = Pattern.compile("(\\d{4})-[Ww](\\d{1,2})");

  public IsoWeek {
    int weeks = weeksIn(year);
    if (week < 1 || week > weeks) {
      throw new IllegalArgumentException(
          "week " + week + " does not exist in " + year + " (it has weeks 1 to " + weeks + ")");
    }
  }

  /**
   * Parses {@code YYYY-Www}, e.g. {@code 2026-W47}.
   *
   * @throws IllegalArgumentException naming the expected form when {@code text} is not a week
   */
  public static IsoWeek parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a week is written YYYY-Www, e.g. 2026-W47, not '" + text + "'");
    }
    return new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The week that contains {@code date}. */
  public static IsoWeek of(LocalDate date) {
    return new IsoWeek(
        date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** The week that contains {@code instant}'s UTC date. */
  public static IsoWeek of(Instant instant) {
    return of(LocalDate.ofInstant(instant, ZoneOffset.UTC));
  }

  private static int weeksIn(int year) {
    return (int) LocalDate.of(year, 6, 1).range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
  }

  /** The Monday the week starts on. */
  public LocalDate monday() {
    return LocalDate.of(year, 1, 4)
        .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
        .with(DayOfWeek.MONDAY);
  }

  /** The Sunday the week ends on (inclusive). */
  public LocalDate sunday() {
    return monday().plusDays(6);
  }

  /** The seven dates of the week, Monday first. */
  public List<LocalDate> dates() {
    List<LocalDate> out = new ArrayList<>(7);
    for (LocalDate d = monday(); out.size() < 7; d = d.plus(1, ChronoUnit.DAYS)) {
      out.add(d);
    }
    return out;
  }

  /** Midnight UTC of the Monday: the {@code windowStart} of the week's WEEK windows. */
  public Instant start() {
    return monday().atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** Whether {@code date} falls in this week. */
  public boolean contains(LocalDate date) {
    return !date.isBefore(monday()) && !date.isAfter(sunday());
  }

  @Override
  public int compareTo(IsoWeek o) {
    return year != o.year ? Integer.compare(year, o.year) : Integer.compare(week, o.week);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%04d-W%02d", year, week);
  }
}
