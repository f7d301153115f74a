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

  /**
   * A serde's client: the one injected at construction, else the one shared by its caller (the
   * caller closes it), else one created from the serde's configuration (closed with the serde).
   */
  static final class Slot {
    private final String serde;
    private SchemaRegistryClient client;
    private boolean owned;

    Slot(String serde, SchemaRegistryClient injected) {
      this.serde = serde;
      this.client = injected;
    }

    void configure(Map<String, ?> configs, SchemaRegistryClient shared) {
      if (client == null) {
        if (shared != null) {
          client = shared;
        } else {
          client = fromConfig(configs);
          owned = true;
        }
      }
    }

    SchemaRegistryClient get() {
      if (client == null) {
        throw new IllegalStateException(
            serde
                + " not configured: call configure() with "
                + RegistryConfig.SCHEMA_REGISTRY_URL
                + " or pass a SchemaRegistryClient");
      }
      return client;
    }

    void close() {
      if (owned) {
        client.close();
      }
    }
  }

  static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }
}
