package dev.paperspipeline.ingest.parse;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * Date lines ({@code Aug 12}) and the resolution of a digest's date.
 *
 * <p>A digest's date is found in this order, the first that applies wins ({@link #resolve}):
 *
 * <ol>
 *   <li>{@code --date} given by the user: that date ({@link DigestDateSource#OPTION});
 *   <li>{@code --year} given by the user and a date line: the date line in that year ({@link
 *       DigestDateSource#OPTION});
 *   <li>a full date in the file name ({@code 2025-08-12}, {@code 2025_08_12}, {@code 20250812}):
 *       that date ({@link DigestDateSource#FILE_NAME}), with a warning when a date line disagrees;
 *   <li>a date line: its year is that of the latest such date not after the file's modification day
 *       (plus {@link ParserOptions#futureToleranceDays()}) ({@link DigestDateSource#FILE_MTIME}),
 *       with a warning since the year was inferred;
 *   <li>no date line: the file's modification day ({@link DigestDateSource#MTIME_DAY}), with a
 *       warning.
 * </ol>
 *
 * Without a modification time (a digest read from a stream) the parser's clock stands in for it. A
 * paper therefore always has a date.
 */
final class DigestDates {

  /** A resolved date, how it was found, and the warning to print (null when none). */
  record Resolved(LocalDate date, DigestDateSource source, String warning) {}

  private static final String[] MONTHS = {
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december"
  };

  private DigestDates() {}

  /**
   * Parses a trimmed line such as {@code Aug 12}, {@code August 12} or {@code Sept 3} into a
   * month-day; returns {@code null} when the line is not a date line. A month and a day that do not
   * go together ({@code Feb 30}) are still returned as {@code null}.
   */
  static MonthDay parseDateLine(byte[] b, int from, int to) {
    int len = to - from;
    if (len < 5 || len > 13) {
      return null;
    }
    int i = from;
    while (i < to && isAsciiLetter(b[i])) {
      i++;
    }
    int wordEnd = i;
    int wordLen = wordEnd - from;
    if (wordLen < 3 || i >= to || b[i] != ' ') {
      return null;
    }
    while (i < to && b[i] == ' ') {
      i++;
    }
    int day = 0;
    int digits = 0;
    while (i < to && b[i] >= '0' && b[i] <= '9') {
      day = day * 10 + (b[i] - '0');
      digits++;
      i++;
    }
    if (i != to || digits == 0 || digits > 2) {
      return null;
    }
    int month = monthOf(b, from, wordLen);
    if (month == 0 || day < 1 || day > 31) {
      return null;
    }
    try {
      return MonthDay.of(month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static int monthOf(byte[] b, int from, int len) {
    for (int m = 0; m < 12; m++) {
      String name = MONTHS[m];
      // Accepts the full name, the three-letter abbreviation, and "Sept".
      boolean lengthOk = len == name.length() || len == 3 || (m == 8 && len == 4);
      if (!lengthOk || len > name.length()) {
        continue;
      }
      boolean match = true;
      for (int k = 0; k < len; k++) {
        if (Character.toLowerCase((char) b[from + k]) != name.charAt(k)) {
          match = false;
          break;
        }
      }
      if (match) {
        return m + 1;
      }
    }
    return 0;
  }

  private static boolean isAsciiLetter(byte c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Resolves a digest's date in the documented order (see the class comment).
   *
   * @param options the user's {@code date} and {@code year}, the clock and the tolerance
   * @param fileName the file's base name
   * @param dateLine the date line's month and day, or null when the digest has none
   * @param dateLineNo 1-based line number of the date line (for warnings)
   * @param modified the file's modification time, or null when unknown
   */
  static Resolved resolve(
      ParserOptions options, String fileName, MonthDay dateLine, int dateLineNo, Instant modified) {
    if (options.date() != null) {
      return new Resolved(options.date(), DigestDateSource.OPTION, null);
    }
    if (options.year() != null && dateLine != null) {
      return new Resolved(atYear(dateLine, options.year()), DigestDateSource.OPTION, null);
    }
    LocalDate named = fromFileName(fileName);
    if (named != null) {
      String warning = null;
      if (dateLine != null && !MonthDay.from(named).equals(dateLine)) {
        warning =
            String.format(
                "%s:%d: the date line says %s but the file name says %s; using the file name's"
                    + " date (give --date to choose)",
                fileName, dateLineNo, show(dateLine), named);
      }
      return new Resolved(named, DigestDateSource.FILE_NAME, warning);
    }
    Clock clock = options.clock();
    Instant when = modified != null ? modified : clock.instant();
    String basis = modified != null ? "the file's modification time" : "the current time";
    LocalDate reference = LocalDate.ofInstant(when, clock.getZone());
    if (dateLine != null) {
      LocalDate date = infer(dateLine, reference, options.futureToleranceDays());
      return new Resolved(
          date,
          DigestDateSource.FILE_MTIME,
          String.format(
              "%s:%d: no year in the date line %s and no date in the file name: inferred %s from"
                  + " %s (%s); give --year or --date, or name the file with its date",
              fileName, dateLineNo, show(dateLine), date, basis, reference));
    }
    return new Resolved(
        reference,
        DigestDateSource.MTIME_DAY,
        String.format(
            "%s: no date line and no date in the file name: dated %s from %s; give --date, or"
                + " name the file with its date",
            fileName, reference, basis));
  }

  private static String show(MonthDay md) {
    return md.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH) + " " + md.getDayOfMonth();
  }

  /**
   * The date of {@code monthDay} in the year of {@code reference}, or the year before when that
   * falls more than {@code toleranceDays} after the reference. February 29 goes to the closest leap
   * year not after the reference year.
   */
  static LocalDate infer(MonthDay monthDay, LocalDate reference, int toleranceDays) {
    int year = reference.getYear();
    LocalDate candidate = atYear(monthDay, year);
    if (candidate.isAfter(reference.plusDays(toleranceDays))) {
      candidate = atYear(monthDay, year - 1);
    }
    return candidate;
  }

  static LocalDate atYear(MonthDay monthDay, int year) {
    int y = year;
    while (!monthDay.isValidYear(y)) {
      y--;
    }
    return monthDay.atYear(y);
  }

  /**
   * A date in a file name: {@code yyyy-MM-dd}, {@code yyyy_MM_dd} or {@code yyyyMMdd} (not part of
   * a longer run of digits); the first valid one wins, {@code null} when there is none.
   */
  static LocalDate fromFileName(String name) {
    int n = name.length();
    for (int i = 0; i < n; i++) {
      if (!isDigit(name, i) || (i > 0 && isDigit(name, i - 1))) {
        continue;
      }
      int run = 0;
      while (i + run < n && isDigit(name, i + run)) {
        run++;
      }
      if (run == 8) {
        LocalDate d = date(name, i, i + 4, i + 6);
        if (d != null) {
          return d;
        }
      } else if (run == 4
          && i + 10 <= n
          && (name.charAt(i + 4) == '-' || name.charAt(i + 4) == '_')
          && name.charAt(i + 7) == name.charAt(i + 4)
          && isDigit(name, i + 5)
          && isDigit(name, i + 6)
          && isDigit(name, i + 8)
          && isDigit(name, i + 9)
          && !(i + 10 < n && isDigit(name, i + 10))) {
        LocalDate d = date(name, i, i + 5, i + 8);
        if (d != null) {
          return d;
        }
      }
    }
    return null;
  }

  private static LocalDate date(String s, int y, int m, int d) {
    int year = Integer.parseInt(s.substring(y, y + 4));
    int month = Integer.parseInt(s.substring(m, m + 2));
    int day = Integer.parseInt(s.substring(d, d + 2));
    if (year < 1900 || year > 2999) {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return null;
    }
  }

  private static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }
}
