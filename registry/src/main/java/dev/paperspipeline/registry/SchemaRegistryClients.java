package dev.paperspipeline.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Creates registry clients from a URL. */
public final class SchemaRegistryClients {
  /** URL prefix of in-memory registries, as in Confluent's {@code MockSchemaRegistry}. */
  public static final String MOCK_PREFIX = "mock://";

  private static final Map<String, RegistryState> SCOPES = new ConcurrentHashMap<>();

  private SchemaRegistryClients() {}

  /**
   * A client for {@code url}: {@code mock://<scope>} gives an in-memory registry shared by every
   * client of that scope in this JVM; {@code http(s)://host:port[,http(s)://...]} gives a caching
   * REST client trying the URLs in order.
   *
   * @param config retry, timeout and authentication settings from {@link RegistryConfig}; may be
   *     null
   */
  public static SchemaRegistryClient create(String url, Map<String, ?> config) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "Missing "
              + RegistryConfig.SCHEMA_REGISTRY_URL
              + " (http(s)://host:port or mock://scope)");
    }
    String trimmed = url.trim();
    if (trimmed.startsWith(MOCK_PREFIX)) {
      String scope = trimmed.substring(MOCK_PREFIX.length());
      return new InMemorySchemaRegistryClient(
          SCOPES.computeIfAbsent(scope, s -> new RegistryState()));
    }
    return new RestSchemaRegistryClient(trimmed, config == null ? Map.of() : config);
  }

  /** Forgets an in-memory scope, so the next {@code mock://<scope>} client starts empty. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }
}
