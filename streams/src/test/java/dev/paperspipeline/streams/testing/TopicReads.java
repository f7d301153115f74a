package dev.paperspipeline.streams.testing;

import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic, as committed (read_committed), up to its end offsets at the call. */
public final class TopicReads {
  private TopicReads() {}

  /** Every committed record of {@code topic}, values decoded as {@code type}. */
  public static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(
      String bootstrap, String registry, String topic, Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, registry), false);
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(config(bootstrap), new StringDeserializer(), serde.deserializer())) {
      return drain(consumer, topic);
    }
  }

  /** Every committed record of {@code topic}, values as bytes (for records that are not Avro). */
  public static List<ConsumerRecord<String, byte[]>> readAllBytes(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            config(bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
      return drain(consumer, topic);
    }
  }

  private static Map<String, Object> config(String bootstrap) {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG,
        "topic-reads-" + UUID.randomUUID(),
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed");
  }

  private static <V> List<ConsumerRecord<String, V>> drain(
      KafkaConsumer<String, V> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    // read_committed end offsets: the last stable offset of each partition
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
    List<ConsumerRecord<String, V>> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("cannot read " + topic + " to its end offsets " + end);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }
}
