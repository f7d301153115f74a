package dev.paperspipeline.embedded;

import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.SchemaRegistryServer;
import dev.paperspipeline.registry.SchemaStore;
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

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registry;
  private final Path dataDir;

  private LocalStack(EmbeddedKafka kafka, SchemaRegistryServer registry, Path dataDir) {
    this.kafka = kafka;
    this.registry = registry;
    this.dataDir = dataDir;
  }

  /**
   * Starts the broker, then the registry. Ports 0 pick free ports; a {@code null} data directory
   * means a temporary one deleted on close.
   */
  public static LocalStack start(Path dataDir, int brokerPort, int registryPort) {
    Path kafkaDir;
    try {
      kafkaDir =
          dataDir == null
              ? null
              : Files.createDirectories(dataDir.toAbsolutePath().resolve(KAFKA_SUBDIR));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create data directory " + dataDir, e);
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            EmbeddedKafka.Config.defaults().withPort(brokerPort).withDataDir(kafkaDir));
    SchemaRegistryServer registry;
    try {
      registry =
          SchemaRegistryServer.start(
              SchemaRegistryServer.Config.of(schemaStore(kafka)).withPort(registryPort));
    } catch (IOException | RuntimeException e) {
      kafka.close();
      throw new IllegalStateException(
          "Schema registry on port " + registryPort + " did not start", e);
    }
    LocalStack stack =
        new LocalStack(
            kafka, registry, dataDir == null ? kafka.dataDir() : dataDir.toAbsolutePath());
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

  private static SchemaStore schemaStore(EmbeddedKafka kafka) {
    return new KafkaSchemaStore(kafka.bootstrapServers(), SCHEMAS_TOPIC, Map.of());
  }

  /** Base URL of the schema registry, for {@code schema.registry.url}. */
  public String schemaRegistryUrl() {
    return registry.url();
  }

  /** Host:port for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** The broker. */
  public EmbeddedKafka kafka() {
    return kafka;
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
      kafka.close();
    }
  }
}
