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

/**
 * The ingest ledger topic in memory: file SHA-256 to status (DONE or ERROR), kept up to date.
 *
 * <p>One consumer stays assigned to every ledger partition (read_committed, no consumer group,
 * nothing committed): {@link #open} reads the whole topic, {@link #refresh()} reads what was
 * committed since, up to the last stable offset. Refreshing before each file is claimed makes
 * "bytes ingested before are skipped" hold across ingesters on other inboxes of the same cluster,
 * not only for what was in the topic at start-up.
 */
final class IngestLedger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestLedger.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final KafkaConsumer<String, IngestLedgerEntry> consumer;
  private final List<TopicPartition> partitions;
  private final Map<String, String> entries = new HashMap<>();

  private IngestLedger(
      KafkaConsumer<String, IngestLedgerEntry> consumer, List<TopicPartition> partitions) {
    this.consumer = consumer;
    this.partitions = partitions;
  }

  /** Reads every committed ledger entry and keeps the consumer for {@link #refresh()}. */
  static IngestLedger open(IngestOptions options) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
    AvroDeserializer<IngestLedgerEntry> values = new AvroDeserializer<>(IngestLedgerEntry.class);
    values.configure(config, false);
    KafkaConsumer<String, IngestLedgerEntry> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values);
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INGEST_LEDGER, TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      IngestLedger ledger = new IngestLedger(consumer, partitions);
      ledger.refresh();
      return ledger;
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** SHA-256 to status; {@link #put} adds this ingester's own commits at once. */
  Map<String, String> entries() {
    return entries;
  }

  String get(String sha256) {
    return entries.get(sha256);
  }

  void put(String sha256, String status) {
    entries.put(sha256, status);
  }

  int size() {
    return entries.size();
  }

  /**
   * Reads the entries committed since the last read (by any ingester), up to the last stable offset
   * now. One offsets request when nothing is new.
   */
  void refresh() {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!caughtUp(end)) {
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
          entries.remove(r.key());
        } else {
          entries.put(r.key(), r.value().getStatus());
        }
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
