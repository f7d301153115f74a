package dev.paperspipeline.ingest.parse;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;

/** Date lines ({@code Aug 12}) and year inference. */
final class DigestDates {

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
