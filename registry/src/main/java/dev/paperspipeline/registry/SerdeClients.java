package dev.paperspipeline.registry;

import java.util.Map;

/** How a serde gets its registry client: injected, or created from its configuration. */
final class SerdeClients {
  private SerdeClients() {}

  static SchemaRegistryClient fromConfig(Map<String, ?> configs) {
    String url = RegistryConfig.string(configs, RegistryConfig.SCHEMA_REGISTRY_URL);
    if (url == null || url.isBlank()) {
      throw new org.apache.kafka.common.config.ConfigException(
          "Missing required configuration \""
              + RegistryConfig.SCHEMA_REGISTRY_URL
              + "\" (http(s)://host:port or mock://scope)");
    }
    return SchemaRegistryClients.create(url, configs);
  }

  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
