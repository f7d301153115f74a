package dev.paperspipeline.clients;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A {@link ConfigDef.Type#STRING} setting that holds an ISO-8601 duration ({@code P90D}, {@code
 * PT30S}): the validator that bounds it, and the parsing and formatting its readers and its
 * documentation share. {@link ConfigDef} has no duration type; a string keeps the values users
 * already write.
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
      throw new ConfigException(name, value, "not an ISO-8601 duration, e.g. P1D or PT30S");
    }
    int cmp = d.compareTo(min);
    if (cmp < 0 || (cmp == 0 && !minInclusive)) {
      throw new ConfigException(name, value, "must be " + this);
    }
  }

  /** The duration {@code value} holds: a {@link Duration}, or its ISO-8601 text. */
  public static Duration parse(Object value) {
    return value instanceof Duration d ? d : Duration.parse(value.toString().trim());
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
    return (minInclusive ? ">= " : "> ") + format(min) + " (ISO-8601)";
  }
}
