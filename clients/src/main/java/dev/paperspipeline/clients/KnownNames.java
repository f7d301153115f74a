package dev.paperspipeline.clients;

import dev.paperspipeline.registry.RegistryConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.streams.StreamsConfig;

/** The setting names each client knows, for {@link ClientConfig#unknownSettings}. */
final class KnownNames {
  private static final Set<String> PRODUCER = ProducerConfig.configNames();
  private static final Set<String> CONSUMER = ConsumerConfig.configNames();
  private static final Set<String> ADMIN = AdminClientConfig.configNames();

  /** Names the registry client and the Avro serdes read (Confluent's spelling). */
  private static final Set<String> REGISTRY = registryNames();

  /** Names that may stand unprefixed: any client's, Kafka Streams', the registry client's. */
  private static final Set<String> UNPREFIXED = unprefixed();

  /** Prefixes whose settings go to one kind of client, and the names that client knows. */
  private static final List<String> CONSUMER_PREFIXES =
      List.of("consumer.", "main.consumer.", "restore.consumer.", "global.consumer.");

  /**
   * Prefixes under which any name is fine: Kafka Streams' topic settings and the settings of
   * plugged-in classes (login callbacks, OAuth, metrics reporters) that Kafka passes through.
   */
  private static final List<String> OPEN_PREFIXES =
      List.of(
          "topic.", "sasl.login.", "sasl.oauthbearer.", "metrics.", "confluent.", "interceptor.");

  private static final LevenshteinDistance DISTANCE = new LevenshteinDistance();

  private KnownNames() {}

  /** The routing prefix of {@code key} ({@code consumer.}, ...), or "" when none. */
  static String prefixOf(String key) {
    for (String p : CONSUMER_PREFIXES) {
      if (key.startsWith(p) && key.length() > p.length() && !p.equals("consumer.")) {
        return p;
      }
    }
    for (String p : List.of("producer.", "consumer.", "admin.")) {
      if (key.startsWith(p) && key.length() > p.length()) {
        return p;
      }
    }
    return "";
  }

  /**
   * The names {@code key} (without its prefix) may take, or null when any is fine (an open prefix).
   */
  static Set<String> candidates(String key, Set<String> pipelineNames) {
    for (String p : OPEN_PREFIXES) {
      if (key.startsWith(p)) {
        return null;
      }
    }
    String prefix = prefixOf(key);
    if (prefix.equals("producer.")) {
      return PRODUCER;
    }
    if (prefix.equals("admin.")) {
      return ADMIN;
    }
    if (!prefix.isEmpty()) {
      return CONSUMER;
    }
    Set<String> out = new HashSet<>(UNPREFIXED);
    out.addAll(pipelineNames);
    return out;
  }

  /** The candidate closest to {@code name}, or null when none is close (a third of its length). */
  static String closest(String name, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = DISTANCE.apply(name, c);
      if (d < bestDistance || (d == bestDistance && best != null && c.compareTo(best) < 0)) {
        best = c;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static Set<String> unprefixed() {
    Set<String> out = new HashSet<>();
    out.addAll(PRODUCER);
    out.addAll(CONSUMER);
    out.addAll(ADMIN);
    out.addAll(StreamsConfig.configDef().names());
    out.addAll(REGISTRY);
    return Set.copyOf(out);
  }

  private static Set<String> registryNames() {
    Set<String> out = new HashSet<>();
    for (Field f : RegistryConfig.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        try {
          String name = (String) f.get(null);
          if (!name.endsWith(".")) {
            out.add(name);
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    // The registry client's TLS settings: Kafka's ssl.* names under schema.registry.
    ConfigDef ssl = new ConfigDef();
    SslConfigs.addClientSslSupport(ssl);
    for (String name : ssl.names()) {
      out.add(RegistryConfig.SSL_PREFIX + name);
    }
    out.add(RegistryConfig.SSL_PREFIX + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    // Confluent's Avro serde settings, accepted for files shared with Confluent's clients.
    out.addAll(
        List.of(
            "key.subject.name.strategy",
            "value.subject.name.strategy",
            "normalize.schemas",
            "latest.compatibility.strict",
            "avro.use.logical.type.converters",
            "avro.reflection.allow.null",
            "bearer.auth.logical.cluster",
            "bearer.auth.identity.pool.id"));
    return Set.copyOf(out);
  }
}
