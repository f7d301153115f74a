package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exactly-once streams app on a real (embedded) broker over the real digests, read newest
 * first: trend counts equal the recount from papers-raw (each paper on its earliest digest date),
 * and a poison record lands in the dead-letter topic while the rest flows. Skipped when the digests
 * are absent.
 */
class StreamsPipelineIT {
  private static final Instant INGESTED = Instant.parse("2026-01-05T10:00:00Z");

  @TempDir Path stateDir;

  @Test
  void shouldCountTrendsOnARealBrokerAsTheOfflineRecountAndDeadLetterAPoisonRecord()
      throws Exception {
    // newest digest first: papers listed again in older digests move to their earliest date
    List<PaperEvent> events =
        SharedDigests.events(SharedDigests.dirOrSkip(), INGESTED).stream()
            .sorted(
                Comparator.comparing(
                        PaperEvent::getDigestDate,
                        Comparator.nullsFirst(Comparator.<java.time.LocalDate>naturalOrder()))
                    .reversed())
            .toList();
    // each paper on the earliest digest date of all its events
    Map<String, Long> expected = ArrivalOrderTest.recount(events);

    try (LocalStack stack = LocalStack.startEphemeral()) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);

      Map<String, Object> producerConfig =
          Map.of(
              ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
              bootstrap,
              ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
              true,
              ProducerConfig.ACKS_CONFIG,
              "all");
      try (var poison =
          new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer())) {
        poison
            .send(
                new ProducerRecord<>(
                    Topics.PAPERS_RAW, "poison", "not avro".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
      AvroSerde<PaperEvent> eventSerde = new AvroSerde<>(PaperEvent.class);
      eventSerde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry), false);
      try (var producer =
          new KafkaProducer<>(producerConfig, new StringSerializer(), eventSerde.serializer())) {
        for (PaperEvent e : events) {
          producer.send(
              new ProducerRecord<>(
                  Topics.PAPERS_RAW, null, INGESTED.toEpochMilli(), e.getPaperId(), e));
        }
        producer.flush();
      }

      Map<String, Object> overrides =
          Map.of(
              StreamsConfig.APPLICATION_ID_CONFIG,
              "papers-pipeline-it",
              StreamsConfig.STATE_DIR_CONFIG,
              Files.createDirectories(stateDir).toString(),
              // partitions interleave digests months apart: the IT checks counting, not lateness
              PipelineConfig.TRENDS_GRACE,
              "P3650D",
              StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
              "earliest");
      try (StreamsApp app =
              StreamsApp.start(PipelineConfig.streamsProperties(bootstrap, registry, overrides));
          KafkaConsumer<String, TopicTrend> trends =
              consumer(bootstrap, registry, TopicTrend.class, "it-trends");
          KafkaConsumer<String, DeadLetter> dead =
              consumer(bootstrap, registry, DeadLetter.class, "it-dead")) {
        trends.subscribe(List.of(Topics.TOPIC_TRENDS));
        dead.subscribe(List.of(Topics.DEAD_LETTER));
        Map<String, Long> latest = new TreeMap<>();
        List<DeadLetter> letters = new ArrayList<>();
        await()
            .atMost(Duration.ofMinutes(4))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  trends
                      .poll(Duration.ofMillis(500))
                      .forEach(
                          r -> {
                            if (r.value().getCount() == 0) { // its last paper moved earlier
                              latest.remove(r.key());
                            } else {
                              latest.put(r.key(), r.value().getCount());
                            }
                          });
                  dead.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                  assertThat(letters)
                      .anySatisfy(
                          l -> {
                            assertThat(l.getStage()).isEqualTo("STREAMS_DESERIALIZATION");
                            assertThat(l.getSourceTopic()).isEqualTo(Topics.PAPERS_RAW);
                          });
                  assertThat(differences(expected, latest))
                      .as("trend counts that differ from the offline recount")
                      .isEmpty();
                });
        assertThat(app.streams().state().isRunningOrRebalancing()).isTrue();
      }
    }
  }

  /**
   * Keys whose counts differ, as {@code key -> "expected E, got A"}; readable when maps are big.
   */
  private static Map<String, String> differences(
      Map<String, Long> expected, Map<String, Long> actual) {
    Map<String, String> out = new TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Long e = expected.get(key);
      Long a = actual.get(key);
      if (!java.util.Objects.equals(e, a)) {
        out.put(key, "expected " + e + ", got " + a);
      }
    }
    return out;
  }

  private static <T extends org.apache.avro.specific.SpecificRecord>
      KafkaConsumer<String, T> consumer(
          String bootstrap, String registry, Class<T> type, String group) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry), false);
    Deserializer<T> values = serde.deserializer();
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG,
            group,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        values);
  }
}
