package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.registry.SchemaRegistryException;
import dev.paperspipeline.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's Kafka-backed store against a real broker: restarts and two registry processes. */
class KafkaSchemaStoreIT {
  @TempDir Path dataDir;

  private static Schema schema(String name, int extraFields) {
    StringBuilder json =
        new StringBuilder(
            "{\"type\":\"record\",\"name\":\""
                + name
                + "\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}");
    for (int i = 0; i < extraFields; i++) {
      json.append(",{\"name\":\"f").append(i).append("\",\"type\":\"int\",\"default\":0}");
    }
    return new Schema.Parser().parse(json.append("]}").toString());
  }

  private static SchemaRegistryServer server(EmbeddedKafka kafka) throws Exception {
    return SchemaRegistryServer.start(
        SchemaRegistryServer.Config.of(new KafkaSchemaStore(kafka.bootstrapServers())).withPort(0));
  }

  @Test
  void shouldListThroughOneRegistryWhatAnotherJustRegistered() throws Exception {
    try (EmbeddedKafka kafka =
            EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withPort(0).withDataDir(dataDir));
        SchemaRegistryServer a = server(kafka);
        SchemaRegistryServer b = server(kafka)) {
      SchemaRegistryClient clientA = SchemaRegistryClients.create(a.url(), Map.of());
      SchemaRegistryClient clientB = SchemaRegistryClients.create(b.url(), Map.of());
      // Each read comes right after the acknowledged write, through the other process: before
      // listings caught up with the log, B answered from a state one record behind.
      for (int v = 1; v <= 20; v++) {
        int id = clientA.register("listed-value", schema("Listed", v));
        assertThat(clientB.versions("listed-value")).as("versions after v%s", v).hasSize(v);
        assertThat(clientB.latest("listed-value").id()).as("latest after v%s", v).isEqualTo(id);
        clientA.setCompatibility("listed-value", v % 2 == 0 ? "BACKWARD" : "FORWARD");
        assertThat(clientB.compatibility("listed-value"))
            .as("level after v%s", v)
            .isEqualTo(v % 2 == 0 ? "BACKWARD" : "FORWARD");
      }
      assertThat(clientB.subjects()).containsExactly("listed-value");
    }
  }

  @Test
  void shouldAnswerReadsFromWhatWasReplayedWhileTheBrokerIsDown() throws Exception {
    EmbeddedKafka kafka =
        EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withPort(0).withDataDir(dataDir));
    try (SchemaRegistryServer a = server(kafka)) {
      SchemaRegistryClient client = SchemaRegistryClients.create(a.url(), Map.of());
      int id = client.register("kept-value", schema("Kept", 0));
      kafka.close();

      assertThat(client.subjects()).containsExactly("kept-value");
      assertThat(client.versions("kept-value")).containsExactly(1);
      assertThat(client.latest("kept-value").id()).isEqualTo(id);
      assertThat(client.schemaById(id)).isEqualTo(schema("Kept", 0));
      // A write cannot be done: the client gets a 500 naming the cause, not a request timeout.
      assertThatThrownBy(() -> client.register("kept-value", schema("Kept", 1)))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class,
              e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.getMessage()).contains("_schemas-0");
              });
    } finally {
      kafka.close();
    }
  }

  @Test
  void shouldAgreeOnIdsAcrossTwoRegistriesAndKeepThemAcrossRestarts() throws Exception {
    EmbeddedKafka.Config brokerConfig =
        EmbeddedKafka.Config.defaults().withPort(0).withDataDir(dataDir);
    Map<String, Integer> idsBySubject = new java.util.TreeMap<>();
    int sharedId;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerConfig);
        SchemaRegistryServer a = server(kafka);
        SchemaRegistryServer b = server(kafka)) {
      SchemaRegistryClient clientA = SchemaRegistryClients.create(a.url(), Map.of());
      SchemaRegistryClient clientB = SchemaRegistryClients.create(b.url(), Map.of());
      // A garbage record is skipped, now and on replay (Confluent's records are covered by
      // ConfluentSchemasTopicIT).
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(KafkaSchemaStore.DEFAULT_TOPIC, "not json", "x")).get();
      }

      // Written through A, immediately visible through B (a miss catches up with the log).
      sharedId = clientA.register("papers-raw-value", schema("Paper", 0));
      assertThat(sharedId).isEqualTo(1);
      assertThat(clientB.schemaById(sharedId)).isEqualTo(schema("Paper", 0));
      assertThat(clientB.lookupId("papers-raw-value", schema("Paper", 0))).isEqualTo(sharedId);
      assertThat(clientB.register("other-value", schema("Paper", 0))).isEqualTo(sharedId);

      // Concurrent registrations through both processes: distinct schemas, interleaved.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          SchemaRegistryClient client = t % 2 == 0 ? clientA : clientB;
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    for (int v = 1; v <= 3; v++) {
                      client.register("s" + thread + "-value", schema("S" + thread, v));
                      client.register("shared-value", schema("Shared", thread * 3 + v));
                    }
                  }));
        }
        for (Future<?> f : futures) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(clientA.versions("shared-value")).hasSize(12);
      for (String subject : clientA.subjects()) {
        for (int version : clientA.versions(subject)) {
          assertThat(clientB.version(subject, version))
              .as("%s v%s agrees across registries", subject, version)
              .isEqualTo(clientA.version(subject, version));
          idsBySubject.put(subject + "#" + version, clientA.version(subject, version).id());
        }
      }
      assertThat(clientB.subjects()).isEqualTo(clientA.subjects());

      // Rules hold through the log: an incompatible schema is refused, config is shared.
      clientA.setCompatibility("papers-raw-value", "FULL");
      assertThat(clientB.compatibility("papers-raw-value")).isEqualTo("FULL");
      Schema required =
          new Schema.Parser()
              .parse(
                  "{\"type\":\"record\",\"name\":\"Paper\",\"fields\":[{\"name\":\"a\",\"type\":"
                      + "\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
      assertThatThrownBy(() -> clientB.register("papers-raw-value", required))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue());

      try (Admin admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        assertThat(
                admin
                    .describeTopics(List.of(KafkaSchemaStore.DEFAULT_TOPIC))
                    .allTopicNames()
                    .get()
                    .get(KafkaSchemaStore.DEFAULT_TOPIC)
                    .partitions())
            .hasSize(1);
        ConfigResource topic =
            new ConfigResource(ConfigResource.Type.TOPIC, KafkaSchemaStore.DEFAULT_TOPIC);
        Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
        assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
      }
    }

    // Broker and registry restarted on the same data: same ids, same versions; new ids continue.
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerConfig);
        SchemaRegistryServer c = server(kafka)) {
      SchemaRegistryClient clientC = SchemaRegistryClients.create(c.url(), Map.of());
      assertThat(clientC.lookupId("papers-raw-value", schema("Paper", 0))).isEqualTo(sharedId);
      assertThat(clientC.compatibility("papers-raw-value")).isEqualTo("FULL");
      Map<String, Integer> replayed = new java.util.TreeMap<>();
      for (String subject : clientC.subjects()) {
        for (int version : clientC.versions(subject)) {
          replayed.put(subject + "#" + version, clientC.version(subject, version).id());
        }
      }
      assertThat(replayed).isEqualTo(idsBySubject);
      int maxBefore =
          idsBySubject.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertThat(clientC.register("new-value", schema("Brand", 0))).isEqualTo(maxBefore + 1);
    }
  }
}
