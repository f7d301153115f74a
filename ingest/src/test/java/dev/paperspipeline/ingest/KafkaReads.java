package dev.paperspipeline.ingest;

import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.RegistryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic, read_committed, decoding values through the schema registry. */
final class KafkaReads {
  private KafkaReads() {}

  static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(
      String bootstrap, String registryUrl, String topic, Class<T> type) {
    return readAll(bootstrap, registryUrl, topic, type, "read_committed");
  }

  static <T extends SpecificRecord> List<ConsumerRecord<String, T>> readAll(
      String bootstrap, String registryUrl, String topic, Class<T> type, String isolation) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, registryUrl);
    AvroDeserializer<T> values = new AvroDeserializer<>(type);
    values.configure(config, false);
    List<ConsumerRecord<String, T>> records = new ArrayList<>();
    try (KafkaConsumer<String, T> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
      // A commit returns before its markers are written: until they are, the last stable offset
      // hides the transaction. Wait (briefly) until no transaction is undecided.
      Map<TopicPartition, Long> end =
          isolation.equals("read_committed")
              ? settledEnd(bootstrap, partitions, consumer, stable)
              : stable;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Could not read " + topic + " up to " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static Map<TopicPartition, Long> settledEnd(
      String bootstrap,
      List<TopicPartition> partitions,
      KafkaConsumer<String, ?> committed,
      Map<TopicPartition, Long> stable) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    try (KafkaConsumer<byte[], byte[]> uncommitted =
        new KafkaConsumer<>(
            config,
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      Map<TopicPartition, Long> end = stable;
      while (!end.equals(uncommitted.endOffsets(partitions)) && System.nanoTime() < deadline) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        end = committed.endOffsets(partitions);
      }
      return end;
    }
  }
}
