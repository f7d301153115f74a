package dev.paperspipeline.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(value.trim());
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis(seconds(s.substring(0, s.length() - 1)));
      }
      if (s.endsWith("m")) {
        return Duration.ofMillis(seconds(s.substring(0, s.length() - 1)) * 60);
      }
      if (s.endsWith("h")) {
        return Duration.ofMillis(seconds(s.substring(0, s.length() - 1)) * 3600);
      }
      return Duration.ofMillis(seconds(s));
    } catch (RuntimeException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. 500ms, 10s, 2m, 1h, PT30S)");
    }
  }

  /** Milliseconds in a possibly fractional number of seconds. */
  private static long seconds(String number) {
    return Math.round(Double.parseDouble(number.trim()) * 1000);
  }
}
