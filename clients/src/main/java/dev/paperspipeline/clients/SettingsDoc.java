package dev.paperspipeline.clients;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Renders a {@link ConfigDef} for people: a Markdown table for the README and plain lines for
 * {@code --help}. Both read only the definition, so the documentation cannot drift from the
 * settings the code validates.
 */
public final class SettingsDoc {
  /** The default of a setting without one: the documentation says what happens then. */
  private static final String NONE = "none";

  private SettingsDoc() {}

  /** A Markdown table of every setting of {@code def}, in definition order. */
  public static String markdown(ConfigDef def) {
    StringBuilder out = new StringBuilder();
    out.append("| setting | type | default | valid values | importance | description |\n");
    out.append("|---|---|---|---|---|---|\n");
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      out.append("| `")
          .append(key.name)
          .append("` | ")
          .append(type(key))
          .append(" | ")
          .append(key.defaultValue == null ? NONE : code(defaultValue(key)))
          .append(" | ")
          .append(validValues(key).isEmpty() ? "any" : cell(validValues(key)))
          .append(" | ")
          .append(key.importance.name().toLowerCase(java.util.Locale.ROOT))
          .append(" | ")
          .append(cell(key.documentation))
          .append(" |\n");
    }
    return out.toString();
  }

  /**
   * Plain text of every setting of {@code def}: a line with its name, type, default and valid
   * values, then its documentation wrapped to {@code width} columns and indented.
   */
  public static List<String> lines(ConfigDef def, int width) {
    List<String> out = new ArrayList<>();
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      StringBuilder line = new StringBuilder(key.name).append(" (").append(type(key));
      line.append(", default ").append(defaultValue(key));
      String valid = validValues(key);
      if (!valid.isEmpty()) {
        line.append(", ").append(valid);
      }
      out.add(line.append(")").toString());
      out.addAll(wrap(key.documentation, "    ", width));
    }
    return out;
  }

  private static List<String> wrap(String text, String indent, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split("\\s+")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
        out.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }

  /** The default of {@code key} as a user writes it; {@code none} when it has none. */
  public static String defaultValue(ConfigDef.ConfigKey key) {
    if (!key.hasDefault() || key.defaultValue == null) {
      return NONE;
    }
    return ConfigDef.convertToString(key.defaultValue, key.type);
  }

  private static String type(ConfigDef.ConfigKey key) {
    return key.validator instanceof DurationSetting
        ? "duration"
        : key.type.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String validValues(ConfigDef.ConfigKey key) {
    return key.validator == null ? "" : key.validator.toString();
  }

  private static String code(String s) {
    return "`" + s + "`";
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
