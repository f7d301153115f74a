package dev.paperspipeline.clients;

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

  /** {@link Settings#offset()}: each partition's earliest offset. */
  public static final String BEGINNING = "beginning";

  /** {@link Settings#offset()}: each partition's end (only records produced from now on). */
  public static final String END = "end";

  /**
   * What to read and when to stop.
   *
   * @param bootstrapServers Kafka {@code bootstrap.servers}
   * @param topic the topic
   * @param offset where to start in each partition, as kcat's {@code -o}: {@link #BEGINNING},
   *     {@link #END}, an absolute offset {@code N}, or {@code -N} for the last N records of each
   *     partition (records, not offsets: transaction markers are not counted); clamped to the
   *     partition's range
   * @param partitions the partitions to read; empty means all
   * @param exitAtEnd stop once every partition is read up to the end it had at the start
   * @param maxRecords stop after this many records; 0 or less means no limit
   * @param idleTimeout stop once no record arrived for this long; null means never
   * @param isolationLevel {@code read_committed} (what transactional consumers see) or {@code
   *     read_uncommitted}
   * @param consumerOverrides consumer settings applied last (security, tuning)
   */
  public record Settings(
      String bootstrapServers,
      String topic,
      String offset,
      List<Integer> partitions,
      boolean exitAtEnd,
      long maxRecords,
      Duration idleTimeout,
      String isolationLevel,
      Map<String, Object> consumerOverrides) {
    public Settings {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(isolationLevel, "isolationLevel");
      offset = offset == null ? END : offset.trim().toLowerCase(java.util.Locale.ROOT);
      if (!offset.equals(BEGINNING) && !offset.equals(END)) {
        try {
          Long.parseLong(offset);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "offset must be beginning, end, N or -N, got '" + offset + "'");
        }
      }
      partitions = List.copyOf(partitions == null ? List.of() : partitions);
      consumerOverrides = Map.copyOf(consumerOverrides == null ? Map.of() : consumerOverrides);
    }

    /** From the beginning or the end of every partition, until stopped. */
    public Settings(
        String bootstrapServers,
        String topic,
        boolean fromBeginning,
        long maxRecords,
        Duration idleTimeout,
        String isolationLevel,
        Map<String, Object> consumerOverrides) {
      this(
          bootstrapServers,
          topic,
          fromBeginning ? BEGINNING : END,
          List.of(),
          false,
          maxRecords,
          idleTimeout,
          isolationLevel,
          consumerOverrides);
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
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        settings.offset().equals(END) ? "latest" : "earliest");
    // The user's settings (security, tuning) first; what tailing rests on stays ours.
    Map<String, Object> merged = new HashMap<>(settings.consumerOverrides());
    merged.putAll(config);
    merged.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    config = merged;
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
        if (settings.partitions().isEmpty() || settings.partitions().contains(info.partition())) {
          partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
      }
      if (partitions.size() < settings.partitions().size()) {
        throw new IllegalArgumentException(
            "Topic "
                + settings.topic()
                + " has partitions 0.."
                + (infos.size() - 1)
                + ", not "
                + settings.partitions());
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = seek(partitions);
      log.debug("Tailing {} ({} partitions)", settings.topic(), partitions.size());
      long lastRecordNanos = System.nanoTime();
      long max = settings.maxRecords() > 0 ? settings.maxRecords() : Long.MAX_VALUE;
      while (count < max) {
        if (settings.exitAtEnd() && atEnd(ends)) {
          break;
        }
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

  /** Seeks every partition to the start offset; returns each one's end offset at this point. */
  private Map<TopicPartition, Long> seek(List<TopicPartition> partitions) {
    String offset = settings.offset();
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    if (offset.equals(BEGINNING)) {
      consumer.seekToBeginning(partitions);
    } else if (offset.equals(END)) {
      consumer.seekToEnd(partitions);
    } else {
      long n = Long.parseLong(offset);
      Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> targets = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long start = starts.get(tp);
        long end = ends.get(tp);
        long target = n < 0 ? startOfLast(tp, -n, start, end) : n;
        targets.put(tp, Math.max(start, Math.min(end, target)));
      }
      consumer.assign(partitions);
      targets.forEach(consumer::seek);
    }
    return ends;
  }

  /**
   * The offset of the n-th last record of a partition below {@code end}. Not simply {@code end -
   * n}: transaction markers and aborted records take offsets too, so the range is read, and widened
   * until it holds n records or reaches the partition's start.
   */
  private long startOfLast(TopicPartition tp, long n, long start, long end) {
    consumer.assign(List.of(tp));
    long from = Math.max(start, end - n);
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      consumer.seek(tp, from);
      List<Long> offsets = new ArrayList<>();
      while (consumer.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL).records(tp)) {
          if (r.offset() < end) {
            offsets.add(r.offset());
          }
        }
      }
      if (offsets.size() >= n) {
        return offsets.get((int) (offsets.size() - n));
      }
      if (from <= start || System.nanoTime() >= deadline) {
        return from;
      }
      from = Math.max(start, from - 2 * (n - offsets.size()));
    }
  }

  /** Whether every partition's position reached the end offset it had when tailing began. */
  private boolean atEnd(Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
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
