package dev.paperspipeline.cli;

import dev.paperspipeline.clients.DurationSetting;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses every duration flag of {@code papers} ({@link PapersCli} registers it for all {@link
 * Duration} options): {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 2d}, a bare number
 * of seconds, or ISO-8601; the same syntax as duration settings in {@code --config} files ({@link
 * DurationSetting#parse}).
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return DurationSetting.parse(value);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a duration (e.g. " + DurationSetting.EXAMPLES + ")");
    }
  }
}
