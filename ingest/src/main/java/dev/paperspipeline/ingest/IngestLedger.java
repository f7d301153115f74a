package dev.paperspipeline.ingest;

import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the ingest ledger topic into memory: file SHA-256 to status (DONE or ERROR). */
final class IngestLedger {
  private static final Logger log = LoggerFactory.getLogger(IngestLedger.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private IngestLedger() {}

  /**
   * Reads every committed ledger entry (read_committed, from the beginning up to the last stable
   * offset). No consumer group: nothing is committed, the whole topic is read at each start.
   */
  static Map<String, String> read(IngestOptions options) {
    Map<String, Object> config = new HashMap<>(options.clients().consumer());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
    AvroDeserializer<IngestLedgerEntry> values = new AvroDeserializer<>(IngestLedgerEntry.class);
    values.configure(config, false);
    Map<String, String> ledger = new HashMap<>();
    try (KafkaConsumer<String, IngestLedgerEntry> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INGEST_LEDGER, TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Could not read topic " + Topics.INGEST_LEDGER + " up to " + end + " in " + TIMEOUT);
        }
        for (ConsumerRecord<String, IngestLedgerEntry> r : consumer.poll(POLL)) {
          if (r.key() == null) {
            log.warn(
                "Ledger record without key at {}-{}@{}; ignored",
                r.topic(),
                r.partition(),
                r.offset());
          } else if (r.value() == null) {
            ledger.remove(r.key());
          } else {
            ledger.put(r.key(), r.value().getStatus());
          }
        }
      }
    }
    return ledger;
  }

  private static boolean caughtUp(
      KafkaConsumer<String, IngestLedgerEntry> consumer, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
