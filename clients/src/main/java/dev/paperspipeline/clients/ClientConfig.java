package dev.paperspipeline.clients;

import dev.paperspipeline.registry.RegistryConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka client and schema-registry client settings of one command, resolved once from (highest
 * precedence first) command-line flags ({@code --bootstrap-servers}, {@code --schema-registry},
 * {@code -X key=value}), environment variables ({@link #ENV_BOOTSTRAP_SERVERS}, {@link
 * #ENV_SCHEMA_REGISTRY_URL}), a Java properties file ({@code --config FILE}, else {@link
 * #ENV_CONFIG}) and the defaults (a local cluster).
 *
 * <p>Names are Kafka's client names and Confluent's registry-client names, so a file written for
 * {@code kafka-console-consumer --command-config} or a Confluent serde works unchanged. Unprefixed
 * Kafka names apply to every client (admin, producer, consumer, Kafka Streams); {@code producer.},
 * {@code consumer.} and {@code admin.} route a setting to that client only; Kafka Streams also
 * understands its own prefixes ({@code main.consumer.}, {@code restore.consumer.}, {@code
 * global.consumer.}, {@code topic.}). Registry-client names ({@code basic.auth.*}, {@code
 * bearer.auth.*}, {@code schema.registry.ssl.*}) reach the registry client and the Avro serdes.
 *
 * <p>{@link #toString()} and {@link #masked()} hide secrets ({@link #isSecret(String)}); log only
 * those.
 */
public final class ClientConfig {
  /** Environment variable: Kafka bootstrap servers. */
  public static final String ENV_BOOTSTRAP_SERVERS = "PAPERS_BOOTSTRAP_SERVERS";

  /** Environment variable: schema registry URL. */
  public static final String ENV_SCHEMA_REGISTRY_URL = "PAPERS_SCHEMA_REGISTRY_URL";

  /** Environment variable: the properties file used when {@code --config} is not given. */
  public static final String ENV_CONFIG = "PAPERS_CONFIG";

  public static final String DEFAULT_BOOTSTRAP_SERVERS = "127.0.0.1:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://127.0.0.1:8081";

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  /** Routes a setting to producers only (ingest's, and Kafka Streams' own). */
  public static final String PRODUCER_PREFIX = "producer.";

  /** Routes a setting to consumers only (tail's, the ingest ledger's, Kafka Streams' own). */
  public static final String CONSUMER_PREFIX = "consumer.";

  /** Routes a setting to admin clients only (topic creation, connection checks). */
  public static final String ADMIN_PREFIX = "admin.";

  /**
   * Starts the names of the pipeline's own settings (the {@code ConfigDef}s of streams and ingest):
   * they reach Kafka Streams, which ignores them, but no plain client.
   */
  public static final String PIPELINE_PREFIX = "papers.";

  /** What replaces a secret's value in {@link #masked()}. */
  public static final String HIDDEN = "[hidden]";

  /** Prefixes only Kafka Streams understands; such settings reach nothing else. */
  private static final List<String> STREAMS_ONLY_PREFIXES =
      List.of("main.consumer.", "restore.consumer.", "global.consumer.", "topic.");

  private static final List<String> CLIENT_PREFIXES =
      List.of(PRODUCER_PREFIX, CONSUMER_PREFIX, ADMIN_PREFIX);

  /** Confluent registry-client names we read whose values are credentials. */
  private static final Set<String> SECRET_NAMES =
      Set.of(
          "sasl.jaas.config",
          RegistryConfig.BASIC_AUTH_USER_INFO,
          "schema.registry.basic.auth.user.info",
          "bearer.auth.token",
          "schema.registry.bearer.auth.token",
          "sasl.oauthbearer.client.credentials.client.secret");

  /** Names defined by Kafka's clients with type PASSWORD (ssl.key.password, ...). */
  private static final Set<String> KAFKA_PASSWORDS = kafkaPasswords();

  /** Names Kafka Streams defines that plain clients do not know (application.id, ...). */
  private static final Set<String> STREAMS_ONLY_NAMES = streamsOnlyNames();

  private final Map<String, String> settings;

  /** Where each setting a user gave came from ("-X", "--config FILE"), for messages. */
  private final Map<String, String> origins;

  private ClientConfig(Map<String, String> settings) {
    this(settings, Map.of());
  }

  private ClientConfig(Map<String, String> settings, Map<String, String> origins) {
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  /** Exactly these servers and registry URL, no other setting. */
  public static ClientConfig of(String bootstrapServers, String schemaRegistryUrl) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(BOOTSTRAP_SERVERS, Objects.requireNonNull(bootstrapServers, "bootstrapServers"));
    m.put(
        RegistryConfig.SCHEMA_REGISTRY_URL,
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl"));
    return new ClientConfig(m);
  }

  /** Starts a resolution: defaults, then file, environment and flags as they are given. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects the sources of a {@link ClientConfig}; {@link #build()} applies the precedence. */
  public static final class Builder {
    private Path file;
    private Map<String, String> env = Map.of();
    private String bootstrapFlag;
    private String registryFlag;
    private final Map<String, String> xFlags = new LinkedHashMap<>();

    private Builder() {}

    /** {@code --config FILE} (null: none given). */
    public Builder file(Path configFile) {
      this.file = configFile;
      return this;
    }

    /** The process environment (only the {@code PAPERS_*} variables are read). */
    public Builder env(Map<String, String> environment) {
      this.env = environment == null ? Map.of() : environment;
      return this;
    }

    /** {@code --bootstrap-servers} (null: not given). */
    public Builder bootstrapServers(String flag) {
      this.bootstrapFlag = flag;
      return this;
    }

    /** {@code --schema-registry} (null: not given). */
    public Builder schemaRegistryUrl(String flag) {
      this.registryFlag = flag;
      return this;
    }

    /**
     * {@code -X key=value} settings, in order (a later one wins).
     *
     * @throws IllegalArgumentException when one has no {@code =} or an empty key
     */
    public Builder settings(List<String> keyValues) {
      if (keyValues != null) {
        for (String kv : keyValues) {
          int eq = kv.indexOf('=');
          if (eq <= 0) {
            throw new IllegalArgumentException(
                "-X takes key=value, got '" + maskedArgument(kv) + "'");
          }
          xFlags.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
      }
      return this;
    }

    /**
     * Applies flag > environment > file > default.
     *
     * @throws IllegalArgumentException when the file cannot be read or the registry URL has no
     *     scheme (before anything connects)
     */
    public ClientConfig build() {
      Map<String, String> m = new LinkedHashMap<>();
      Map<String, String> origins = new LinkedHashMap<>();
      m.put(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
      m.put(RegistryConfig.SCHEMA_REGISTRY_URL, DEFAULT_SCHEMA_REGISTRY_URL);
      Path configFile = file;
      if (configFile == null && notBlank(env.get(ENV_CONFIG))) {
        configFile = Path.of(env.get(ENV_CONFIG).trim());
      }
      if (configFile != null) {
        Map<String, String> fromFile = load(configFile);
        m.putAll(fromFile);
        String origin = "in " + fileOrigin(configFile);
        fromFile.keySet().forEach(k -> origins.put(k, origin));
      }
      if (notBlank(env.get(ENV_BOOTSTRAP_SERVERS))) {
        m.put(BOOTSTRAP_SERVERS, env.get(ENV_BOOTSTRAP_SERVERS).trim());
      }
      if (notBlank(env.get(ENV_SCHEMA_REGISTRY_URL))) {
        m.put(RegistryConfig.SCHEMA_REGISTRY_URL, env.get(ENV_SCHEMA_REGISTRY_URL).trim());
      }
      m.putAll(xFlags);
      xFlags.keySet().forEach(k -> origins.put(k, "from -X"));
      if (notBlank(bootstrapFlag)) {
        m.put(BOOTSTRAP_SERVERS, bootstrapFlag.trim());
      }
      if (notBlank(registryFlag)) {
        m.put(RegistryConfig.SCHEMA_REGISTRY_URL, registryFlag.trim());
      }
      requireScheme(m.get(RegistryConfig.SCHEMA_REGISTRY_URL));
      if (!notBlank(m.get(BOOTSTRAP_SERVERS))) {
        throw new IllegalArgumentException("bootstrap.servers is empty");
      }
      return new ClientConfig(m, origins);
    }

    private String fileOrigin(Path configFile) {
      return (file != null ? "--config " : "$" + ENV_CONFIG + " ") + configFile;
    }
  }

  /** Reads a Java properties file (ISO-8859-1 escapes as Kafka's tools, UTF-8 text accepted). */
  static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("config file " + file + " does not exist");
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k.trim(), p.getProperty(k).trim()));
    return out;
  }

  private static void requireScheme(String urls) {
    for (String u : urls.split(",")) {
      String url = u.trim().toLowerCase(Locale.ROOT);
      if (!(url.startsWith("http://") || url.startsWith("https://") || url.startsWith("mock://"))) {
        throw new IllegalArgumentException(
            "schema registry URL '"
                + u.trim()
                + "' has no scheme: write http://"
                + u.trim()
                + " (or https://)");
      }
    }
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** Kafka {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return settings.get(BOOTSTRAP_SERVERS);
  }

  /** {@code schema.registry.url}. */
  public String schemaRegistryUrl() {
    return settings.get(RegistryConfig.SCHEMA_REGISTRY_URL);
  }

  /** Every setting as resolved, unrouted (what Kafka Streams takes: it routes prefixes itself). */
  public Map<String, Object> streams() {
    return all();
  }

  /** Every setting as resolved, unrouted: client names and the pipeline's own settings. */
  public Map<String, Object> all() {
    return new LinkedHashMap<>(settings);
  }

  /** Settings for a producer: unprefixed client names plus {@code producer.*}, prefix removed. */
  public Map<String, Object> producer() {
    return routed(PRODUCER_PREFIX);
  }

  /** Settings for a consumer: unprefixed client names plus {@code consumer.*}, prefix removed. */
  public Map<String, Object> consumer() {
    return routed(CONSUMER_PREFIX);
  }

  /** Settings for an admin client: unprefixed client names plus {@code admin.*}, prefix removed. */
  public Map<String, Object> admin() {
    return routed(ADMIN_PREFIX);
  }

  /** Settings for the schema registry client and the Avro serdes: the unprefixed ones. */
  public Map<String, Object> registry() {
    return routed(null);
  }

  private Map<String, Object> routed(String prefix) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : settings.entrySet()) {
      String key = e.getKey();
      if (!routedPrefix(key)
          && !STREAMS_ONLY_NAMES.contains(key)
          && !key.startsWith(PIPELINE_PREFIX)) {
        out.put(key, e.getValue());
      }
    }
    if (prefix != null) {
      for (Map.Entry<String, String> e : settings.entrySet()) {
        if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
          out.put(e.getKey().substring(prefix.length()), e.getValue());
        }
      }
    }
    return out;
  }

  private static boolean routedPrefix(String key) {
    for (String p : CLIENT_PREFIXES) {
      if (key.startsWith(p)) {
        return true;
      }
    }
    for (String p : STREAMS_ONLY_PREFIXES) {
      if (key.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line per setting that no client of the pipeline knows, as Kafka's "isn't a known config"
   * and kcat's "No such configuration property" do, naming where it came from and the closest known
   * name, e.g. {@code unknown setting ssl.truststore.pasword in --config c.properties: did you mean
   * ssl.truststore.password?}. A name is known when Kafka's producer, consumer, admin client or
   * Kafka Streams defines it (after its routing prefix, for that client), when it is a
   * registry-client or Avro serde setting, or when it is in {@code pipelineNames} (the {@code
   * papers.*} settings of the commands).
   */
  public List<String> unknownSettings(Set<String> pipelineNames) {
    List<String> out = new java.util.ArrayList<>();
    for (String key : origins.keySet()) {
      Set<String> candidates = KnownNames.candidates(key, pipelineNames);
      if (candidates == null) {
        continue; // a prefix whose names are open (topic.*, a custom class's own settings)
      }
      String prefix = KnownNames.prefixOf(key);
      String name = key.substring(prefix.length());
      if (candidates.contains(name)) {
        continue;
      }
      String closest = KnownNames.closest(name, candidates);
      out.add(
          "unknown setting "
              + key
              + " "
              + origins.get(key)
              + (closest == null
                  ? ": not a Kafka client, Kafka Streams, schema-registry or papers setting"
                  : ": did you mean " + prefix + closest + "?"));
    }
    return out;
  }

  /**
   * Where the user gave {@code key} (routing prefix included): "from -X", "in --config FILE", or ""
   * for a default or an environment variable.
   */
  public String originOf(String key) {
    return origins.getOrDefault(key, "");
  }

  /** Every setting with secrets replaced by {@link #HIDDEN}: what may be logged. */
  public Map<String, String> masked() {
    Map<String, String> out = new TreeMap<>();
    settings.forEach((k, v) -> out.put(k, isSecret(k) ? HIDDEN : v));
    return out;
  }

  /**
   * Whether {@code key}'s value is a credential: a Kafka PASSWORD-type setting ({@code
   * ssl.key.password}, {@code sasl.jaas.config}, ...), a registry credential ({@code
   * basic.auth.user.info}, {@code bearer.auth.token}), or any name containing password, secret or
   * token; with or without a routing prefix.
   */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    for (String p : CLIENT_PREFIXES) {
      if (k.startsWith(p)) {
        k = k.substring(p.length());
      }
    }
    for (String p : STREAMS_ONLY_PREFIXES) {
      if (k.startsWith(p)) {
        k = k.substring(p.length());
      }
    }
    return SECRET_NAMES.contains(k)
        || KAFKA_PASSWORDS.contains(k)
        || k.contains("password")
        || k.contains("secret")
        || k.contains("token")
        || k.endsWith("jaas.config")
        || k.endsWith("user.info");
  }

  private static String maskedArgument(String kv) {
    int eq = kv.indexOf('=');
    String key = eq < 0 ? kv : kv.substring(0, eq);
    return isSecret(key) ? key + "=" + HIDDEN : kv;
  }

  @Override
  public String toString() {
    return masked().toString();
  }

  private static Set<String> kafkaPasswords() {
    Set<String> out = new HashSet<>();
    for (ConfigDef def :
        List.of(
            ProducerConfig.configDef(),
            ConsumerConfig.configDef(),
            AdminClientConfig.configDef(),
            StreamsConfig.configDef())) {
      def.configKeys()
          .forEach(
              (name, key) -> {
                if (key.type == ConfigDef.Type.PASSWORD) {
                  out.add(name);
                }
              });
    }
    return Set.copyOf(out);
  }

  private static Set<String> streamsOnlyNames() {
    Set<String> out = new HashSet<>(StreamsConfig.configDef().names());
    out.removeAll(ProducerConfig.configNames());
    out.removeAll(ConsumerConfig.configNames());
    out.removeAll(AdminClientConfig.configNames());
    return Set.copyOf(out);
  }
}
