package dev.paperspipeline.clients;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/** A command's own settings out of all it was given (client settings, other commands' keys). */
public final class OwnSettings {
  private OwnSettings() {}

  /**
   * The keys {@code def} defines among {@code settings}, parsed and validated, defaults for the
   * rest; other keys are ignored (Kafka's clients validate and log their own). A {@link Duration}
   * value (a flag's) is passed as its ISO-8601 text, which {@link DurationSetting} reads.
   *
   * @throws org.apache.kafka.common.config.ConfigException naming the first value that is not valid
   */
  public static AbstractConfig parse(ConfigDef def, Map<?, ?> settings) {
    Map<String, Object> own = new HashMap<>();
    settings.forEach(
        (k, v) -> {
          if (def.names().contains(k.toString())) {
            own.put(k.toString(), v instanceof Duration d ? d.toString() : v);
          }
        });
    return new AbstractConfig(def, own, false);
  }
}
