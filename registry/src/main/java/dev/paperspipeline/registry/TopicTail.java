package dev.paperspipeline.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic as a downstream consumer sees it and hands each record, decoded by a {@link
 * RecordDecoder}, to a sink as a JSON line: what {@code papers tail} runs.
 *
 * <p>The partitions are assigned manually (no consumer group, nothing committed), so tailing never
 * disturbs a real consumer group and can be repeated. Partitions added to the topic while tailing
 * are not picked up.
 */
public final class TopicTail implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicTail.class);

  /** How long a single poll waits; bounds the reaction to {@link #stop()} and the idle timeout. */
  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * What to read and when to stop.
   *
   * @param bootstrapServers Kafka {@code bootstrap.servers}
   * @param topic the topic
   * @param fromBeginning start at each partition's earliest offset instead of its end
   * @param maxRecords stop after this many records; 0 or less means no limit
   * @param idleTimeout stop once no record arrived for this long; null means never
   * @param isolationLevel {@code read_committed} (what transactional consumers see) or {@code
   *     read_uncommitted}
   * @param consumerOverrides consumer settings applied last (security, tuning)
   */
  public record Settings(
      String bootstrapServers,
      String topic,
      boolean fromBeginning,
      long maxRecords,
      Duration idleTimeout,
      String isolationLevel,
      Map<String, Object> consumerOverrides) {
    public Settings {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(isolationLevel, "isolationLevel");
      consumerOverrides = Map.copyOf(consumerOverrides == null ? Map.of() : consumerOverrides);
    }
  }

  private final Settings settings;
  private final RecordDecoder decoder;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /**
   * Connects; {@link #run} then reads.
   *
   * @param decoder turns records into JSON
   */
  public TopicTail(Settings settings, RecordDecoder decoder) {
    this.settings = settings;
    this.decoder = decoder;
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    // Never used for commits (manual assignment, auto commit off); only names the client in logs.
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "papers-tail-" + UUID.randomUUID());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, settings.isolationLevel());
    config.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.fromBeginning() ? "earliest" : "latest");
    config.putAll(settings.consumerOverrides());
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Reads until the record limit, the idle timeout or {@link #stop()}; each record's JSON line goes
   * to {@code sink}, and {@code flush} runs after each batch.
   *
   * @return the number of records handed to the sink
   * @throws IllegalArgumentException when the topic does not exist
   */
  public long run(Consumer<String> sink, Runnable flush) {
    long count = 0;
    try {
      List<PartitionInfo> infos = consumer.partitionsFor(settings.topic());
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException("Topic " + settings.topic() + " does not exist");
      }
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : infos) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      if (settings.fromBeginning()) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      log.debug("Tailing {} ({} partitions)", settings.topic(), partitions.size());
      long lastRecordNanos = System.nanoTime();
      long max = settings.maxRecords() > 0 ? settings.maxRecords() : Long.MAX_VALUE;
      while (count < max) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        if (records.isEmpty()) {
          if (settings.idleTimeout() != null
              && System.nanoTime() - lastRecordNanos >= settings.idleTimeout().toNanos()) {
            break;
          }
          continue;
        }
        lastRecordNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          sink.accept(decoder.toJsonLine(record));
          if (++count >= max) {
            break;
          }
        }
        flush.run();
      }
    } catch (WakeupException e) {
      // stop() was called: a normal end.
    }
    flush.run();
    return count;
  }

  /** Makes {@link #run} return soon; safe to call from any thread (e.g. a shutdown hook). */
  public void stop() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
  }
}
