package dev.paperspipeline.registry;

import java.util.Map;

/**
 * Configuration keys understood by the registry clients and the Avro serdes. The names are those of
 * Confluent's serdes, so a producer or Streams config written for Confluent works unchanged.
 */
public final class RegistryConfig {
  /**
   * Registry URL: {@code http(s)://host:port} (a comma-separated list is tried in order) or {@code
   * mock://<scope>} for an in-memory registry shared by everything in this JVM using that scope.
   */
  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

  /** Whether the serializer registers the record's schema on first use. Default true. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * With {@code auto.register.schemas=false}: serialize with the subject's latest registered
   * version instead of looking up the record's own schema. Default false.
   */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /**
   * For deserializers without an explicit reader class: decode into the generated {@code
   * SpecificRecord} class named by the writer schema instead of a {@code GenericRecord}. Default
   * false.
   */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  /** Retries of a failed request (connection error, 408, 429, 502, 503, 504). Default 3. */
  public static final String MAX_RETRIES = "max.retries";

  /** First backoff before a retry, in ms; doubles each retry, with full jitter. Default 200. */
  public static final String RETRIES_WAIT_MS = "retries.wait.ms";

  /** Upper bound of one backoff, in ms. Default 5000. */
  public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";

  /** Connect timeout of the REST client, in ms. Default 10000. */
  public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";

  /** Timeout of one REST request, in ms. Default 30000. */
  public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";

  /** {@code user:password} for HTTP basic authentication; unset means no authentication. */
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  /**
   * Where the basic-auth credentials come from: {@code USER_INFO} ({@link #BASIC_AUTH_USER_INFO})
   * or {@code URL} (the {@code user:password@} part of the registry URL). Unset: {@code
   * basic.auth.user.info} when given, else the URL's user info.
   */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Confluent's older name of {@link #BASIC_AUTH_USER_INFO}, still accepted. */
  public static final String SCHEMA_REGISTRY_USER_INFO = "schema.registry.basic.auth.user.info";

  /** {@code STATIC_TOKEN} sends {@link #BEARER_AUTH_TOKEN} as {@code Authorization: Bearer}. */
  public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";

  /** The static bearer token. */
  public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";

  /** Prefix of the registry client's TLS settings, as Confluent's serdes take them. */
  public static final String SSL_PREFIX = "schema.registry.";

  /** Trust store (PKCS12 or JKS) holding the registry's CA or certificate. */
  public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";

  public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";

  /** PKCS12 (default) or JKS. */
  public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

  /** Key store with the client certificate, for registries that require mutual TLS. */
  public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";

  public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";

  /** PKCS12 (default) or JKS. */
  public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";

  /** Password of the key in the key store; default: the key store password. */
  public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

  public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
  public static final boolean USE_LATEST_VERSION_DEFAULT = false;
  public static final int MAX_RETRIES_DEFAULT = 3;
  public static final int RETRIES_WAIT_MS_DEFAULT = 200;
  public static final int RETRIES_MAX_WAIT_MS_DEFAULT = 5000;
  public static final int HTTP_CONNECT_TIMEOUT_MS_DEFAULT = 10_000;
  public static final int HTTP_READ_TIMEOUT_MS_DEFAULT = 30_000;

  private RegistryConfig() {}

  static boolean bool(Map<String, ?> config, String key, boolean dflt) {
    Object v = config == null ? null : config.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("Config " + key + " must be true or false, got '" + v + "'");
  }

  static int integer(Map<String, ?> config, String key, int dflt) {
    Object v = config == null ? null : config.get(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Config " + key + " must be an integer, got '" + v + "'");
    }
  }

  static String string(Map<String, ?> config, String key) {
    Object v = config == null ? null : config.get(key);
    return v == null ? null : v.toString();
  }
}
