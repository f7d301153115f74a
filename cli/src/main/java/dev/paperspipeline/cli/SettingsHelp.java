package dev.paperspipeline.cli;

import dev.paperspipeline.clients.SettingsDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.ListResourceBundle;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The {@code --help} text of a command's settings, rendered from their {@link ConfigDef}: picocli
 * reads an option's description from the bundle under the option's {@code descriptionKey} (the
 * setting's name), and the footer lists every setting, so nothing about a setting is written twice.
 */
abstract class SettingsHelp extends ListResourceBundle {
  /** picocli's default usage width, so that picocli does not wrap the lines again. */
  private static final int HELP_WIDTH = 78;

  private final ConfigDef def;

  SettingsHelp(ConfigDef def) {
    this.def = def;
  }

  @Override
  protected Object[][] getContents() {
    List<Object[]> contents = new ArrayList<>();
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      String defaultValue = SettingsDoc.defaultValue(key);
      String text =
          key.documentation
              + (key.hasDefault() && key.defaultValue != null
                  ? " (default: " + defaultValue + "; setting "
                  : " (setting ")
              + key.name
              + ")";
      contents.add(new Object[] {key.name, escape(text)});
    }
    contents.add(
        new Object[] {
          "usage.footerHeading",
          "%nSettings (set by the flags above, or by -X KEY=VALUE or --config FILE; a flag wins):%n"
        });
    List<String> lines = SettingsDoc.lines(def, HELP_WIDTH);
    for (int i = 0; i < lines.size(); i++) {
      contents.add(new Object[] {"usage.footer." + i, "  " + escape(lines.get(i))});
    }
    return contents.toArray(new Object[0][]);
  }

  /** picocli formats help text with {@link String#format}. */
  private static String escape(String s) {
    return s.replace("%", "%%");
  }
}
