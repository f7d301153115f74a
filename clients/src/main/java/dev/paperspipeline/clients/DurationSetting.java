package dev.paperspipeline.clients;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigDef.Type#STRING} setting that holds a duration: ISO-8601 ({@code P90D}, {@code
 * PT30S}) or the short form every {@code papers} flag takes ({@code 500ms}, {@code 30s}, {@code
 * 10m}, {@code 1h}, {@code 2d}, a bare number of seconds). The validator that bounds it, and the
 * parsing and formatting its readers, the command-line flags and the documentation share. {@link
 * ConfigDef} has no duration type; a string keeps the values users already write.
 */
public final class DurationSetting implements ConfigDef.Validator {
  private final Duration min;
  private final boolean minInclusive;

  private DurationSetting(Duration min, boolean minInclusive) {
    this.min = min;
    this.minInclusive = minInclusive;
  }

  /** Accepts durations of zero or more. */
  public static DurationSetting nonNegative() {
    return new DurationSetting(Duration.ZERO, true);
  }

  /** Accepts durations greater than zero. */
  public static DurationSetting positive() {
    return new DurationSetting(Duration.ZERO, false);
  }

  @Override
  public void ensureValid(String name, Object value) {
    if (value == null) {
      throw new ConfigException(name, null, "a duration is required, e.g. P1D or PT30S");
    }
    Duration d;
    try {
      d = parse(value);
    } catch (DateTimeParseException e) {
      throw new ConfigException(name, value, "not a duration, e.g. " + EXAMPLES);
    }
    int cmp = d.compareTo(min);
    if (cmp < 0 || (cmp == 0 && !minInclusive)) {
      throw new ConfigException(name, value, "must be " + this);
    }
  }

  /** The forms {@link #parse} accepts, for messages and help texts. */
  public static final String EXAMPLES = "2d, 1h, 10m, 30s, 500ms or ISO-8601 P1D, PT30S";

  /**
   * The duration {@code value} holds: a {@link Duration}, its ISO-8601 text, or the short form
   * ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 2d}; a bare number is seconds;
   * fractions allowed, e.g. {@code 1.5h}).
   *
   * @throws DateTimeParseException when the text is neither
   */
  public static Duration parse(Object value) {
    if (value instanceof Duration d) {
      return d;
    }
    String text = value.toString().trim();
    String s = text.toLowerCase(Locale.ROOT);
    if (s.startsWith("p") || s.startsWith("-p")) {
      return Duration.parse(text);
    }
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      long unitMs =
          switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 's' -> 1_000L;
            case 'm' -> 60_000L;
            case 'h' -> 3_600_000L;
            case 'd' -> 86_400_000L;
            default -> 0L;
          };
      String number = unitMs == 0 ? s : s.substring(0, s.length() - 1).trim();
      double amount = Double.parseDouble(number);
      if (Double.isNaN(amount) || Double.isInfinite(amount) || number.matches(".*[a-z].*")) {
        throw new NumberFormatException(number);
      }
      return Duration.ofMillis(Math.round(amount * (unitMs == 0 ? 1_000L : unitMs)));
    } catch (NumberFormatException e) {
      throw new DateTimeParseException("not a duration (e.g. " + EXAMPLES + ")", text, 0, e);
    }
  }

  /** ISO-8601 text of {@code d}, in whole days where it is ({@code P1D}, not {@code PT24H}). */
  public static String format(Duration d) {
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    if (!d.isZero() && d.toSeconds() % 86_400 == 0 && d.getNano() == 0) {
      return "P" + d.toDays() + "D";
    }
    return d.toString();
  }

  /** What {@link ConfigDef} prints as the valid values. */
  @Override
  public String toString() {
    return (minInclusive ? ">= " : "> ") + format(min) + " (ISO-8601 or 2d, 10m)";
  }
}
