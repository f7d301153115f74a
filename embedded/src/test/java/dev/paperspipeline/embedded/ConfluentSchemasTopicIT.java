package dev.paperspipeline.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.SchemaRegistryServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our registry over a {@code _schemas} topic in Confluent Schema Registry's record format, on the
 * real broker: records written in Confluent's exact shapes (fixtures from its storage classes) are
 * served with their ids, and what we write is Confluent's bytes.
 */
class ConfluentSchemasTopicIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.startEphemeral();
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /** Creates {@code topic} as Confluent's registry does (one partition, compacted), then writes. */
  private static void produce(String topic, String... keysAndValues) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topic, 1, (short) 1)
                      .configs(
                          Map.of(
                              TopicConfig.CLEANUP_POLICY_CONFIG,
                              TopicConfig.CLEANUP_POLICY_COMPACT))))
          .all()
          .get();
    }
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < keysAndValues.length; i += 2) {
        producer.send(new ProducerRecord<>(topic, 0, keysAndValues[i], keysAndValues[i + 1])).get();
      }
    }
  }

  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, String>> out = new ArrayList<>();
      while (consumer.position(tp) < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      return out;
    }
  }

  private static SchemaRegistryServer registry(String topic) throws Exception {
    return SchemaRegistryServer.start(
        SchemaRegistryServer.Config.of(
                new KafkaSchemaStore(kafka.bootstrapServers(), topic, Map.of()))
            .withPort(0));
  }

  private static HttpResponse<String> http(
      SchemaRegistryServer registry, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(registry.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/vnd.schemaregistry.v1+json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(SchemaRegistryServer registry, String path) throws Exception {
    HttpResponse<String> r = http(registry, "GET", path, null);
    assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String record(String name, String field) {
    return "{\"type\":\"record\",\"name\":\""
        + name
        + "\",\"fields\":[{\"name\":\""
        + field
        + "\",\"type\":\"string\"}]}";
  }

  private static String quoted(String s) throws Exception {
    return JSON.writeValueAsString(s);
  }

  @Test
  void shouldServeConfluentRecordsWithTheirIdsAndWriteConfluentBytes() throws Exception {
    String topic = "_schemas_confluent";
    String a = record("A", "a");
    String a2 =
        "{\"type\":\"record\",\"name\":\"A\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
            + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
    String c = record("C", "c");
    String gone = record("Gone", "g");
    String d = record("D", "d");
    // As a Confluent registry writes them (SchemaRegistrySerializer, KafkaSchemaRegistry): ids
    // need not be dense, a NOOP marks an offset, soft and permanent deletions, and record types
    // this registry does not use (MODE, a protobuf schema, a config without a level).
    produce(
        topic,
        "{\"keytype\":\"NOOP\",\"magic\":0}",
        null,
        "{\"keytype\":\"CONFIG\",\"magic\":0}",
        "{\"compatibilityLevel\":\"FULL\"}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"a-value\",\"version\":1,\"id\":7,\"schema\":"
            + quoted(a)
            + ",\"deleted\":false}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":2,\"magic\":1}",
        "{\"subject\":\"a-value\",\"version\":2,\"id\":9,\"schemaType\":\"AVRO\",\"schema\":"
            + quoted(a2)
            + ",\"deleted\":false}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"b-value\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"b-value\",\"version\":1,\"id\":7,\"schema\":"
            + quoted(a)
            + ",\"deleted\":false}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"c-value\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"c-value\",\"version\":1,\"id\":11,\"schema\":"
            + quoted(c)
            + ",\"deleted\":false}",
        "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"c-value\",\"magic\":0}",
        "{\"subject\":\"c-value\",\"version\":1}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"gone-value\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"gone-value\",\"version\":1,\"id\":12,\"schema\":"
            + quoted(gone)
            + ",\"deleted\":true}",
        "{\"keytype\":\"SCHEMA\",\"subject\":\"gone-value\",\"version\":1,\"magic\":1}",
        null,
        "{\"keytype\":\"SCHEMA\",\"subject\":\"proto-value\",\"version\":1,\"magic\":1}",
        "{\"subject\":\"proto-value\",\"version\":1,\"id\":13,\"schemaType\":\"PROTOBUF\","
            + "\"schema\":\"syntax = \\\"proto3\\\"; message M {}\",\"deleted\":false}",
        "{\"keytype\":\"CONFIG\",\"subject\":\"a-value\",\"magic\":0}",
        "{\"subject\":\"a-value\",\"compatibilityLevel\":\"NONE\"}",
        "{\"keytype\":\"CONFIG\",\"subject\":\"b-value\",\"magic\":0}",
        "{\"subject\":\"b-value\",\"normalize\":true}",
        "{\"keytype\":\"MODE\",\"subject\":\"a-value\",\"magic\":0}",
        "{\"subject\":\"a-value\",\"mode\":\"READWRITE\"}");

    try (SchemaRegistryServer registry = registry(topic)) {
      assertThat(get(registry, "/subjects").toString()).isEqualTo("[\"a-value\",\"b-value\"]");
      assertThat(get(registry, "/schemas/ids/7").path("schema").asText()).isEqualTo(a);
      assertThat(get(registry, "/schemas/ids/9").path("schema").asText()).isEqualTo(a2);
      assertThat(get(registry, "/subjects/a-value/versions/2").path("id").asInt()).isEqualTo(9);
      assertThat(get(registry, "/subjects/b-value/versions/1").path("id").asInt()).isEqualTo(7);
      assertThat(get(registry, "/subjects?deleted=true").toString())
          .isEqualTo("[\"a-value\",\"b-value\",\"c-value\"]");
      assertThat(get(registry, "/subjects/c-value/versions?deleted=true").toString())
          .isEqualTo("[1]");
      assertThat(http(registry, "GET", "/schemas/ids/12", null).statusCode()).isEqualTo(404);
      assertThat(http(registry, "GET", "/schemas/ids/13", null).statusCode()).isEqualTo(404);
      assertThat(get(registry, "/config").path("compatibilityLevel").asText()).isEqualTo("FULL");
      assertThat(get(registry, "/config/a-value").path("compatibilityLevel").asText())
          .isEqualTo("NONE");

      // New writes continue after the largest id seen (13, the protobuf schema this registry does
      // not serve, stays taken) and are Confluent's records, byte for byte.
      HttpResponse<String> registered =
          http(registry, "POST", "/subjects/d-value/versions", "{\"schema\":" + quoted(d) + "}");
      assertThat(registered.body()).isEqualTo("{\"id\":14}");
      assertThat(
              http(registry, "PUT", "/config/d-value", "{\"compatibility\":\"FORWARD\"}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(http(registry, "DELETE", "/subjects/b-value", null).body()).isEqualTo("[1]");
      assertThat(http(registry, "DELETE", "/subjects/b-value?permanent=true", null).body())
          .isEqualTo("[1]");
    }

    List<ConsumerRecord<String, String>> written = readAll(topic);
    List<String> tail = new ArrayList<>();
    for (ConsumerRecord<String, String> r : written.subList(written.size() - 4, written.size())) {
      tail.add(r.key() + " -> " + r.value());
    }
    assertThat(tail)
        .containsExactly(
            "{\"keytype\":\"SCHEMA\",\"subject\":\"d-value\",\"version\":1,\"magic\":1} -> "
                + "{\"subject\":\"d-value\",\"version\":1,\"id\":14,\"schema\":"
                + quoted(d)
                + ",\"deleted\":false}",
            "{\"keytype\":\"CONFIG\",\"subject\":\"d-value\",\"magic\":0} -> "
                + "{\"subject\":\"d-value\",\"compatibilityLevel\":\"FORWARD\"}",
            "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"b-value\",\"magic\":0} -> "
                + "{\"subject\":\"b-value\",\"version\":1}",
            "{\"keytype\":\"SCHEMA\",\"subject\":\"b-value\",\"version\":1,\"magic\":1} -> null");

    // A fresh replay of the whole topic agrees.
    try (SchemaRegistryServer again = registry(topic)) {
      assertThat(get(again, "/subjects").toString()).isEqualTo("[\"a-value\",\"d-value\"]");
      assertThat(get(again, "/subjects/d-value/versions/1").path("id").asInt()).isEqualTo(14);
      assertThat(get(again, "/schemas/ids/7").path("schema").asText()).isEqualTo(a);
      assertThat(get(again, "/config/d-value").path("compatibilityLevel").asText())
          .isEqualTo("FORWARD");
    }
  }

  @Test
  void shouldAnswer422ForASchemaTooLargeForTheTopic() throws Exception {
    String topic = "_schemas_large";
    String huge =
        "{\"type\":\"record\",\"name\":\"Huge\",\"doc\":\""
            + "x".repeat(1_200_000)
            + "\",\"fields\":[]}";
    try (SchemaRegistryServer registry = registry(topic)) {
      HttpResponse<String> r =
          http(
              registry,
              "POST",
              "/subjects/huge-value/versions",
              "{\"schema\":" + quoted(huge) + "}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
      JsonNode body = JSON.readTree(r.body().getBytes(StandardCharsets.UTF_8));
      assertThat(body.path("error_code").asInt()).isEqualTo(42209);
      assertThat(body.path("message").asText())
          .startsWith("Write failed because schema is too large");
      assertThat(body.path("message").asText()).doesNotContain("Exception");
      assertThat(get(registry, "/subjects").toString()).isEqualTo("[]");
    }
  }
}
