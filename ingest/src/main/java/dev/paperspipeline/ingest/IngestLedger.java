package dev.paperspipeline.ingest;

import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest ledger topic in memory: file SHA-256 to status (DONE or ERROR), kept up to date, plus
 * the files other ingesters have in transactions not yet decided.
 *
 * <p>One consumer stays assigned to every ledger partition (read_committed, no consumer group,
 * nothing committed): {@link #open} reads the whole topic, {@link #refresh()} reads what was
 * committed since, up to the last stable offset (LSO). A second, read_uncommitted consumer reads
 * the records between the LSO and the high watermark: ledger entries of transactions still open (or
 * whose commit markers are not written yet), which {@link #pendingElsewhere} reports unless this
 * ingester wrote them (header {@value #HEADER_INGESTER}).
 *
 * <p>Why both: an ingester sends a file's ledger entry into its transaction, then, right before
 * committing, flushes and refreshes. The entries of one file content all go to one partition (key =
 * SHA-256), so of two ingesters holding the same bytes at once, the one that looks second always
 * sees the other's entry, committed or pending: at most one commits it. Both may see each other and
 * both back off; the file then stays and is tried again.
 */
final class IngestLedger implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestLedger.class);
  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Header on ledger records: the transactional id of the ingester that wrote it. */
  static final String HEADER_INGESTER = "ingest.transactional.id";

  private final KafkaConsumer<String, IngestLedgerEntry> consumer;
  private final KafkaConsumer<String, byte[]> pendingConsumer;
  private final List<TopicPartition> partitions;
  private final String ownId;
  private final Map<String, String> entries = new HashMap<>();
  // sha256 -> "<writer's transactional id>/<file name>" of the committed entry
  private final Map<String, String> origins = new HashMap<>();
  private final Set<String> pendingElsewhere = new HashSet<>();
  private int ownUndecided;

  private IngestLedger(
      KafkaConsumer<String, IngestLedgerEntry> consumer,
      KafkaConsumer<String, byte[]> pendingConsumer,
      List<TopicPartition> partitions,
      String ownId) {
    this.consumer = consumer;
    this.pendingConsumer = pendingConsumer;
    this.partitions = partitions;
    this.ownId = ownId;
  }

  /** Reads every committed ledger entry and keeps the consumers for {@link #refresh()}. */
  static IngestLedger open(IngestOptions options) {
    Map<String, Object> config = new HashMap<>(options.clients().consumer());
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A refresh must not wait for a fetch the broker holds back for lack of new data.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    config.put(RegistryConfig.SCHEMA_REGISTRY_URL, options.schemaRegistryUrl());
    AvroDeserializer<IngestLedgerEntry> values = new AvroDeserializer<>(IngestLedgerEntry.class);
    values.configure(config, false);
    KafkaConsumer<String, IngestLedgerEntry> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), values);
    Map<String, Object> pendingConfig = new HashMap<>(config);
    pendingConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    KafkaConsumer<String, byte[]> pendingConsumer = null;
    try {
      pendingConsumer =
          new KafkaConsumer<>(pendingConfig, new StringDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions =
          consumer.partitionsFor(Topics.INGEST_LEDGER, TIMEOUT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      pendingConsumer.assign(partitions);
      IngestLedger ledger =
          new IngestLedger(consumer, pendingConsumer, partitions, options.transactionalId());
      ledger.refresh();
      ledger.awaitEarlierRun();
      return ledger;
    } catch (RuntimeException e) {
      consumer.close();
      if (pendingConsumer != null) {
        pendingConsumer.close();
      }
      throw e;
    }
  }

  /** The status of a file content, if a committed ledger entry has it. */
  String get(String sha256) {
    return entries.get(sha256);
  }

  /** Adds this ingester's own commit at once (the topic has it too, read at a later refresh). */
  void put(String sha256, String status, String fileName) {
    entries.put(sha256, status);
    origins.put(sha256, origin(ownId, fileName));
  }

  /**
   * Whether the committed entry for these bytes was written by this ingester for a file of this
   * name: then a file seen again with them is the same file, left in the inbox by a crash between
   * its commit and its move, not a second copy.
   */
  boolean ownEntry(String sha256, String fileName) {
    return origin(ownId, fileName).equals(origins.get(sha256));
  }

  /** The file name of the committed entry for these bytes, or null. */
  String fileName(String sha256) {
    String origin = origins.get(sha256);
    return origin == null ? null : origin.substring(origin.indexOf('/') + 1);
  }

  private static String origin(String ingester, String fileName) {
    return (ingester == null ? "" : ingester.replace("/", "_")) + "/" + fileName;
  }

  int size() {
    return entries.size();
  }

  /**
   * Whether another ingester had a ledger entry for these bytes in a transaction not yet decided
   * (or whose commit was not visible yet) at the last {@link #refresh()}.
   */
  boolean pendingElsewhere(String sha256) {
    return pendingElsewhere.contains(sha256);
  }

  /**
   * Reads the entries committed since the last read (by any ingester), up to the last stable offset
   * now, and the undecided entries after it. One or two offsets requests when nothing is new.
   */
  void refresh() {
    Map<TopicPartition, Long> stable = consumer.endOffsets(partitions, TIMEOUT);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!caughtUp(consumer, stable)) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "Could not read topic " + Topics.INGEST_LEDGER + " up to " + stable + " in " + TIMEOUT);
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
          origins.remove(r.key());
        } else {
          entries.put(r.key(), r.value().getStatus());
          Header writer = r.headers().lastHeader(HEADER_INGESTER);
          origins.put(
              r.key(),
              origin(
                  writer == null ? null : new String(writer.value(), StandardCharsets.UTF_8),
                  r.value().getFileName()));
        }
      }
    }
    readPending(stable);
  }

  private void readPending(Map<TopicPartition, Long> stable) {
    pendingElsewhere.clear();
    ownUndecided = 0;
    Map<TopicPartition, Long> high = pendingConsumer.endOffsets(partitions, TIMEOUT);
    boolean any = false;
    for (TopicPartition p : partitions) {
      long from = stable.getOrDefault(p, 0L);
      if (high.getOrDefault(p, 0L) > from) {
        pendingConsumer.seek(p, from);
        any = true;
      } else {
        pendingConsumer.seek(p, high.getOrDefault(p, 0L));
      }
    }
    if (!any) {
      return;
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!caughtUp(pendingConsumer, high)) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "Could not read topic " + Topics.INGEST_LEDGER + " up to " + high + " in " + TIMEOUT);
      }
      for (ConsumerRecord<String, byte[]> r : pendingConsumer.poll(POLL)) {
        Header writer = r.headers().lastHeader(HEADER_INGESTER);
        boolean own =
            writer != null && ownId.equals(new String(writer.value(), StandardCharsets.UTF_8));
        if (r.key() != null && r.value() != null) {
          if (own) {
            ownUndecided++;
          } else {
            pendingElsewhere.add(r.key());
          }
        }
      }
    }
  }

  /**
   * Waits until no ledger entry of this transactional id is undecided. Called once, after {@code
   * initTransactions()} and before this run opens a transaction, so such an entry is an earlier
   * run's: a commit acknowledged just before the broker went down has its markers written after the
   * broker is back, possibly after {@code initTransactions()} returned. Until they are, that file
   * would look new and be produced again.
   */
  private void awaitEarlierRun() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (ownUndecided > 0) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(
            "An earlier run's transaction on "
                + Topics.INGEST_LEDGER
                + " was still undecided after "
                + TIMEOUT);
      }
      log.info("Waiting for {} ledger entries of an earlier run to be decided", ownUndecided);
      try {
        Thread.sleep(100); // the markers' arrival is not something a consumer can wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("Interrupted while waiting for an earlier run's transaction", e);
      }
      refresh();
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    // Closing while the thread is interrupted (Ctrl-C, a stopping watcher) would throw instead of
    // closing: clear the flag for the close and set it again after.
    boolean interrupted = Thread.interrupted();
    try {
      consumer.close();
    } finally {
      try {
        pendingConsumer.close();
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
