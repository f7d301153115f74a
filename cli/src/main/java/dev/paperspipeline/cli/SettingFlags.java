package dev.paperspipeline.cli;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.clients.DurationSetting;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The settings a command's flags give: an option whose {@code descriptionKey} names a setting of
 * the {@link ConfigDef} sets it, only when the flag was given (so a flag wins over {@code -X} and
 * {@code --config}, and the definition's default applies otherwise).
 */
final class SettingFlags {
  private SettingFlags() {}

  /**
   * Every client setting of {@code clients} ({@code -X}, {@code --config}, environment) with the
   * settings of {@code def} that flags give on top: what a command hands to its config class.
   *
   * @throws ConfigException naming the flag and the setting when a flag's value is not valid
   */
  static Map<String, Object> resolve(CommandSpec spec, ConfigDef def, ClientConfig clients) {
    Map<String, Object> out = new LinkedHashMap<>(clients.all());
    out.putAll(given(spec, def));
    return out;
  }

  /**
   * Setting name to value (as text) of every such flag given on the command line.
   *
   * @throws ConfigException naming the flag and the setting when a value is not valid
   */
  static Map<String, Object> given(CommandSpec spec, ConfigDef def) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (OptionSpec option : spec.options()) {
      ConfigDef.ConfigKey key = def.configKeys().get(option.descriptionKey());
      Object value = option.getValue();
      if (key == null || value == null) {
        continue;
      }
      String text = value instanceof Duration d ? DurationSetting.format(d) : value.toString();
      try {
        Object parsed = ConfigDef.parseType(key.name, text, key.type);
        if (key.validator != null) {
          key.validator.ensureValid(key.name, parsed);
        }
      } catch (ConfigException e) {
        throw new ConfigException(option.longestName() + ": " + e.getMessage());
      }
      out.put(key.name, text);
    }
    return out;
  }
}
