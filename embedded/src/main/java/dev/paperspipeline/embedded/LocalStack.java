package dev.paperspipeline.embedded;

import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the pipeline needs on one machine, in this JVM: a Kafka broker ({@link EmbeddedKafka})
 * and the schema registry server storing its schemas in the broker's {@value #SCHEMAS_TOPIC} topic.
 * The data directory keeps topics, offsets and schema ids across restarts. This is what {@code
 * papers local}, the integration tests and the demo run.
 */
public final class LocalStack implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  /** Default broker port. */
  public static final int DEFAULT_BROKER_PORT = EmbeddedKafka.DEFAULT_PORT;

  /** Default schema registry port. */
  public static final int DEFAULT_REGISTRY_PORT = 8081;

  /** Topic the registry stores schemas in (Confluent's default name). */
  public static final String SCHEMAS_TOPIC = "_schemas";

  /** Subdirectory of the data directory holding the broker's logs and metadata. */
  public static final String KAFKA_SUBDIR = "kafka";

  /** Subdirectory of the data directory holding the nodes of a multi-broker cluster. */
  public static final String KAFKA_CLUSTER_SUBDIR = "kafka-cluster";

  private final EmbeddedKafka kafka;
  private final EmbeddedKafkaCluster cluster;
  private final SchemaRegistryServer registry;
  private final Path dataDir;

  private LocalStack(
      EmbeddedKafka kafka,
      EmbeddedKafkaCluster cluster,
      SchemaRegistryServer registry,
      Path dataDir) {
    this.kafka = kafka;
    this.cluster = cluster;
    this.registry = registry;
    this.dataDir = dataDir;
  }

  /**
   * Starts the broker, then the registry. Ports 0 pick free ports; a {@code null} data directory
   * means a temporary one deleted on close.
   */
  public static LocalStack start(Path dataDir, int brokerPort, int registryPort) {
    return start(dataDir, brokerPort, 0, registryPort);
  }

  /**
   * As {@link #start(Path, int, int)}, the broker's KRaft controller listener on {@code
   * controllerPort} (0: a free one).
   */
  public static LocalStack start(
      Path dataDir, int brokerPort, int controllerPort, int registryPort) {
    Path kafkaDir = kafkaDir(dataDir, KAFKA_SUBDIR);
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            EmbeddedKafka.Config.defaults()
                .withPort(brokerPort)
                .withControllerPort(controllerPort)
                .withDataDir(kafkaDir));
    SchemaRegistryServer registry = startRegistry(kafka.bootstrapServers(), registryPort, kafka);
    return started(
        new LocalStack(
            kafka, null, registry, dataDir == null ? kafka.dataDir() : dataDir.toAbsolutePath()));
  }

  /** The broker's directory {@code name} inside {@code dataDir}, created; null without one. */
  private static Path kafkaDir(Path dataDir, String name) {
    if (dataDir == null) {
      return null;
    }
    try {
      return Files.createDirectories(dataDir.toAbsolutePath().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data directory " + dataDir, e);
    }
  }

  /**
   * Starts a cluster of {@code kafka.brokers()} brokers ({@link EmbeddedKafkaCluster}), then the
   * registry on all of them. With a data directory the nodes live in its {@value
   * #KAFKA_CLUSTER_SUBDIR} subdirectory (never mixed with a single broker's {@value
   * #KAFKA_SUBDIR}); {@code kafka.dataDir()} is ignored.
   */
  public static LocalStack startCluster(
      Path dataDir, EmbeddedKafkaCluster.Config kafka, int registryPort) {
    Path kafkaDir = kafkaDir(dataDir, KAFKA_CLUSTER_SUBDIR);
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(kafka.withDataDir(kafkaDir));
    SchemaRegistryServer registry =
        startRegistry(cluster.bootstrapServers(), registryPort, cluster);
    return started(
        new LocalStack(
            null,
            cluster,
            registry,
            dataDir == null ? cluster.dataDir() : dataDir.toAbsolutePath()));
  }

  /** Starts a cluster of {@code brokers} on free ports with a temporary data directory (tests). */
  public static LocalStack startEphemeralCluster(int brokers) {
    return startCluster(null, EmbeddedKafkaCluster.Config.of(brokers).withFirstPort(0), 0);
  }

  private static SchemaRegistryServer startRegistry(
      String bootstrapServers, int registryPort, AutoCloseable kafka) {
    try {
      return SchemaRegistryServer.start(
          SchemaRegistryServer.Config.of(
                  new KafkaSchemaStore(bootstrapServers, SCHEMAS_TOPIC, Map.of()))
              .withPort(registryPort));
    } catch (IOException | RuntimeException e) {
      try {
        kafka.close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw new IllegalStateException(
          "Schema registry on port " + registryPort + " did not start", e);
    }
  }

  private static LocalStack started(LocalStack stack) {
    log.info(
        "Local stack up: Kafka {}, schema registry {}",
        stack.bootstrapServers(),
        stack.schemaRegistryUrl());
    return stack;
  }

  /** Starts on free ports with a temporary data directory (tests). */
  public static LocalStack startEphemeral() {
    return start(null, 0, 0);
  }

  /** Base URL of the schema registry, for {@code schema.registry.url}. */
  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** Host:port for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return kafka != null ? kafka.bootstrapServers() : cluster.bootstrapServers();
  }

  /**
   * The single broker.
   *
   * @throws IllegalStateException when this stack runs a cluster (see {@link #cluster()})
   */
  public EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException("this stack runs a cluster of " + cluster.size());
    }
    return kafka;
  }

  /** The multi-broker cluster, when started by {@link #startCluster}; else {@code null}. */
  public EmbeddedKafkaCluster cluster() {
    return cluster;
  }

  /** The KRaft cluster id. */
  public String clusterId() {
    return kafka != null ? kafka.clusterId() : cluster.clusterId();
  }

  /** The data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** Stops the registry, then the broker. */
  @Override
  public void close() {
    try {
      registry.close();
    } finally {
      if (kafka != null) {
        kafka.close();
      } else {
        cluster.close();
      }
    }
  }
}
