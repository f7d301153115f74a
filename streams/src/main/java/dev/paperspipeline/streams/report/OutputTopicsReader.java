package dev.paperspipeline.streams.report;

import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.schemas.Topics.TopicContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the analytics output topics ({@link AnalyticsView#TOPICS}) as any downstream consumer does,
 * into an {@link AnalyticsView}: {@code read_committed}, every partition assigned manually from the
 * beginning (no consumer group, nothing committed), values in Confluent wire format decoded by the
 * writer schema whose id each value carries, fetched from the registry and resolved against the
 * generated class. A topic that does not exist yet is read as empty; {@link #follow} picks it up
 * once it appears.
 *
 * <p>A value that cannot be decoded is skipped with a WARN naming topic, partition and offset, and
 * counted in {@link Progress#undecodable()}: one bad record must not hide a week.
 */
public final class OutputTopicsReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutputTopicsReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  /** How long {@link #follow} waits after a failed read before trying again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  /** How often {@link #follow} looks for topics and partitions that appeared. */
  public static final Duration DISCOVER_EVERY = Duration.ofSeconds(10);

  /**
   * How far a read has come.
   *
   * @param records records read so far
   * @param kept of those, the ones the view kept
   * @param undecodable values that could not be decoded
   * @param remaining records (offsets) left up to the end the read aims at, or 0 when following
   */
  public record Progress(long records, long kept, long undecodable, long remaining) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, AvroDeserializer<SpecificRecord>> deserializers = new HashMap<>();
  private final Set<TopicPartition> assigned = new LinkedHashSet<>();
  private volatile boolean stopped;
  private long records;
  private long kept;
  private long undecodable;

  /**
   * Connects lazily (on the first read).
   *
   * @param bootstrapServers Kafka {@code bootstrap.servers}
   * @param consumerOverrides consumer settings (security, tuning), applied before the reader's own
   * @param registry the registry the schema ids are resolved in (not closed here)
   */
  @SuppressWarnings("unchecked")
  public OutputTopicsReader(
      String bootstrapServers,
      Map<String, Object> consumerOverrides,
      SchemaRegistryClient registry) {
    Map<String, Object> config = new HashMap<>(consumerOverrides);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "papers-report-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // what a downstream consumer of transactional topics must see: no aborted, no open data
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    for (TopicContract<?> contract : AnalyticsView.CONTRACTS) {
      deserializers.put(
          contract.topic(),
          new AvroDeserializer<>((Class<SpecificRecord>) contract.valueType(), registry));
    }
  }

  /**
   * Reads every topic from the beginning up to the end it has when this call starts, then returns.
   * {@code progress} is called after each poll that read records.
   *
   * @param timeout how long the reading may take in all; past it a {@link
   *     org.apache.kafka.common.errors.TimeoutException} is thrown
   */
  public Progress readToEnd(AnalyticsView view, Consumer<Progress> progress, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    discover();
    Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
    while (!stopped) {
      long remaining = remaining(ends);
      if (remaining == 0) {
        return progress(0);
      }
      if (System.nanoTime() > deadline) {
        throw new org.apache.kafka.common.errors.TimeoutException(
            "read "
                + records
                + " records of the output topics in "
                + timeout.toSeconds()
                + " s; "
                + remaining
                + " offsets were left");
      }
      if (poll(view) > 0) {
        progress.accept(progress(remaining(ends)));
      }
    }
    return progress(remaining(ends));
  }

  /**
   * Reads on until {@link #stop()}: every topic from the beginning, then what arrives, looking for
   * new topics and partitions every {@link #DISCOVER_EVERY}. For a background thread.
   */
  public void follow(AnalyticsView view) {
    try {
      long discovered = 0;
      boolean failing = false;
      while (!stopped) {
        try {
          if (System.nanoTime() - discovered >= DISCOVER_EVERY.toNanos()) {
            discover();
            discovered = System.nanoTime();
          }
          if (assigned.isEmpty()) {
            // nothing to poll yet; poll on an empty assignment would throw
            Thread.sleep(POLL.toMillis());
            continue;
          }
          poll(view);
          if (failing) {
            log.info("Reading the analytics output topics again");
            failing = false;
          }
        } catch (WakeupException e) {
          throw e;
        } catch (KafkaException e) {
          // a broker restart or a lost connection: what was read stays, reading resumes
          if (!failing) {
            log.warn("Cannot read the analytics output topics, retrying: {}", e.getMessage());
            failing = true;
          }
          Thread.sleep(RETRY_AFTER.toMillis());
        }
      }
    } catch (WakeupException e) {
      // stop() was called
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Makes {@link #follow} or {@link #readToEnd} return soon; callable from any thread. */
  public void stop() {
    stopped = true;
    consumer.wakeup();
  }

  private int poll(AnalyticsView view) {
    int n = 0;
    for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
      n++;
      records++;
      Object value;
      try {
        value = deserializers.get(r.topic()).deserialize(r.topic(), r.value());
      } catch (SerializationException e) {
        undecodable++;
        log.warn(
            "{}-{}@{}: value skipped, not decodable: {}",
            r.topic(),
            r.partition(),
            r.offset(),
            e.getMessage());
        continue;
      }
      if (view.accept(r.topic(), r.key(), value)) {
        kept++;
      }
    }
    return n;
  }

  /** Assigns the partitions of the topics that exist now, new ones from their beginning. */
  private void discover() {
    Map<String, List<PartitionInfo>> existing = consumer.listTopics();
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : AnalyticsView.TOPICS) {
      for (PartitionInfo p : existing.getOrDefault(topic, List.of())) {
        TopicPartition tp = new TopicPartition(topic, p.partition());
        if (assigned.add(tp)) {
          added.add(tp);
        }
      }
    }
    if (!added.isEmpty()) {
      consumer.assign(assigned);
      consumer.seekToBeginning(added);
      log.debug("Reading {} new partitions of the output topics", added.size());
    }
  }

  private long remaining(Map<TopicPartition, Long> ends) {
    long left = 0;
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      left += Math.max(0, e.getValue() - consumer.position(e.getKey()));
    }
    return left;
  }

  private Progress progress(long remaining) {
    return new Progress(records, kept, undecodable, remaining);
  }

  /** The topics that existed at the last look, of those the reader reads. */
  public Set<String> topicsFound() {
    Set<String> out = new LinkedHashSet<>();
    assigned.forEach(tp -> out.add(tp.topic()));
    return out;
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
