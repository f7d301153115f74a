package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.registry.SchemaRegistryException;
import dev.paperspipeline.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * End to end on the real thing: Apache Kafka (KRaft) and Confluent Schema Registry in containers,
 * our ingester, serdes and {@code papers tail} against them. Disabled where Docker is missing.
 */
@Testcontainers(disabledWithoutDocker = true)
class PipelineContainersIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KAFKA_ALIAS = "kafka";
  private static final String KAFKA_INTERNAL = KAFKA_ALIAS + ":19092";
  private static final int REGISTRY_PORT = 8081;

  private static final Network NETWORK = Network.newNetwork();

  @Container
  static final KafkaContainer KAFKA =
      new KafkaContainer(ContainerImages.KAFKA)
          .withNetwork(NETWORK)
          .withNetworkAliases(KAFKA_ALIAS)
          .withListener(KAFKA_INTERNAL)
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
          .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");

  @Container
  static final GenericContainer<?> REGISTRY =
      new GenericContainer<>(ContainerImages.SCHEMA_REGISTRY)
          .withNetwork(NETWORK)
          .withNetworkAliases("schema-registry")
          .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
          .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
          .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + KAFKA_INTERNAL)
          .withExposedPorts(REGISTRY_PORT)
          .dependsOn(KAFKA)
          .waitingFor(
              Wait.forHttp("/subjects")
                  .forStatusCode(200)
                  .withStartupTimeout(Duration.ofMinutes(2)));

  @TempDir static Path dir;
  private static SchemaRegistryClient registry;

  private static String registryUrl() {
    return "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(REGISTRY_PORT);
  }

  @BeforeAll
  static void client() {
    registry = SchemaRegistryClients.create(registryUrl(), Map.of());
  }

  @AfterAll
  static void closeClient() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void shouldIngestWithOurSerdesAgainstTheConfluentRegistry() throws Exception {
    Path digest = CliFixtures.writeDigest(dir.resolve("in"), "2026-11-03.txt", "Contained", 3);
    try (DigestIngester ingester =
        DigestIngester.open(
            IngestOptions.of(KAFKA.getBootstrapServers(), registryUrl(), dir.resolve("in")))) {
      FileOutcome outcome = ingester.ingest(digest);
      assertThat(outcome.status()).isEqualTo(FileOutcome.Status.DONE);
      assertThat(outcome.papers()).isEqualTo(3);
    }

    assertThat(registry.subjects())
        .contains(Topics.PAPERS_RAW + "-value", Topics.INGEST_LEDGER + "-value");
    List<String> titles = new ArrayList<>();
    try (KafkaConsumer<String, PaperEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.getBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "containers-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new AvroDeserializer<>(PaperEvent.class, registry))) {
      consumer.subscribe(List.of(Topics.PAPERS_RAW));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (titles.size() < 3 && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, PaperEvent> r : consumer.poll(Duration.ofMillis(500))) {
          assertThat(r.key()).isEqualTo(r.value().getPaperId());
          titles.add(r.value().getTitle());
        }
      }
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            CliFixtures.title("Contained", 1),
            CliFixtures.title("Contained", 2),
            CliFixtures.title("Contained", 3));

    CliFixtures.Run tail =
        CliFixtures.papers(
            "tail",
            Topics.PAPERS_RAW,
            "--bootstrap-servers",
            KAFKA.getBootstrapServers(),
            "--schema-registry",
            registryUrl(),
            "--from-beginning",
            "--max",
            "3");
    assertThat(tail.exitCode()).as(tail.err()).isZero();
    for (String line : tail.out().split("\n")) {
      JsonNode json = JSON.readTree(line);
      assertThat(json.get("valueFormat").asText()).isEqualTo("avro");
      assertThat(titles).contains(json.get("value").get("title").asText());
    }
  }

  @Test
  void shouldRegisterEveryContractAndHaveIncompatibleChangesRejectedByConfluent() {
    String prefix = "contract-" + UUID.randomUUID() + "-";
    for (Topics.TopicContract<?> contract : Topics.ALL) {
      int id = registry.register(prefix + contract.valueSubject(), contract.valueSchema());
      assertThat(registry.schemaById(id)).isEqualTo(contract.valueSchema());
      assertThat(
              registry.testCompatibility(prefix + contract.valueSubject(), contract.valueSchema()))
          .isTrue();
    }
    // A new required field without a default breaks BACKWARD compatibility (Confluent's default).
    Schema incompatible =
        new Schema.Parser()
            .parse(
                PaperEvent.getClassSchema()
                    .toString()
                    .replaceFirst(
                        "\"fields\":\\[",
                        "\"fields\":[{\"name\":\"mandatory\",\"type\":\"string\"},"));
    String subject = prefix + Topics.PAPERS_RAW + "-value";
    assertThat(registry.testCompatibility(subject, incompatible)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, incompatible))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(409));
  }
}
