package dev.paperspipeline.bench;

import dev.paperspipeline.ingest.TopicsCreator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.tools.ProducerPerformance;

/** Kafka plumbing of the bench: topic sizes, consumer-group lag, ProducerPerformance. */
final class KafkaBenchSupport {
  private static final Pattern PERF_SUMMARY =
      Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\)");

  private KafkaBenchSupport() {}

  /** Records and value bytes of a topic, committed records only. */
  record TopicSize(long records, long valueBytes) {
    double averageValueBytes() {
      return records == 0 ? 0 : (double) valueBytes / records;
    }
  }

  /**
   * What a Kafka Streams app's producers sent to one topic, from their per-topic metrics: records,
   * bytes on the wire (compressed batches) and the average compression rate (compressed /
   * uncompressed).
   */
  record TopicFlow(String topic, long records, double wireBytes, double compressionRate) {
    /** Average record size before compression (key, value, headers and record overhead). */
    double uncompressedRecordBytes() {
      return records == 0 || compressionRate <= 0 ? 0 : wireBytes / compressionRate / records;
    }
  }

  /**
   * Per topic, what {@code streams}' producers sent so far (topic-level producer metrics, summed
   * over its producers); internal topics are named with {@code applicationId} replaced by {@code
   * <app>}, so that two apps compare.
   */
  static Map<String, TopicFlow> producedByTopic(KafkaStreams streams, String applicationId) {
    Map<String, long[]> records = new TreeMap<>();
    Map<String, double[]> bytes = new TreeMap<>();
    Map<String, double[]> rates = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName name = e.getKey();
      String topic = name.tags().get("topic");
      if (!"producer-topic-metrics".equals(name.group()) || topic == null) {
        continue;
      }
      if (topic.startsWith(applicationId + "-")) {
        topic = "<app>" + topic.substring(applicationId.length());
      }
      Object value = e.getValue().metricValue();
      double v = value instanceof Number n ? n.doubleValue() : Double.NaN;
      if (Double.isNaN(v)) {
        continue;
      }
      switch (name.name()) {
        case "record-send-total" -> records.computeIfAbsent(topic, t -> new long[1])[0] += (long) v;
        case "byte-total" -> bytes.computeIfAbsent(topic, t -> new double[1])[0] += v;
        case "compression-rate" -> {
          double[] r = rates.computeIfAbsent(topic, t -> new double[2]);
          r[0] += v;
          r[1]++;
        }
        default -> {}
      }
    }
    Map<String, TopicFlow> flows = new TreeMap<>();
    records.forEach(
        (topic, n) -> {
          double[] r = rates.getOrDefault(topic, new double[] {1, 1});
          flows.put(
              topic,
              new TopicFlow(
                  topic,
                  n[0],
                  bytes.getOrDefault(topic, new double[1])[0],
                  r[1] == 0 ? 1 : r[0] / r[1]));
        });
    return flows;
  }

  /** What ProducerPerformance printed as its summary. */
  record PerfResult(long records, double recordsPerSecond, double mbPerSecond, String line) {}

  static TopicSize topicSize(String bootstrapServers, String topic) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic)
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = stableEnds(bootstrapServers, consumer, partitions);
      long records = 0;
      long bytes = 0;
      while (!reached(consumer, ends)) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          records++;
          bytes += r.value() == null ? 0 : r.value().length;
        }
      }
      return new TopicSize(records, bytes);
    }
  }

  /**
   * The read_committed end offsets once no transaction is open on the partitions: a producer's
   * commit returns before the coordinator has written the commit markers, and until then the last
   * stable offset (what a read_committed consumer reads up to) stays before the committed records.
   */
  private static Map<TopicPartition, Long> stableEnds(
      String bootstrapServers, KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      while (true) {
        Map<TopicPartition, Long> stable = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> high = new HashMap<>();
        admin
            .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
            .all()
            .get()
            .forEach((p, info) -> high.put(p, info.offset()));
        if (stable.equals(high) || System.nanoTime() > deadline) {
          return stable;
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return consumer.endOffsets(partitions);
    } catch (ExecutionException e) {
      return consumer.endOffsets(partitions);
    }
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    for (var e : ends.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  static void createTopic(Admin admin, String topic, int partitions)
      throws InterruptedException, ExecutionException {
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
    try {
      TopicsCreator.awaitLeaders(admin, List.of(topic));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Runs Kafka's own {@code ProducerPerformance} in this JVM and parses its summary line. Its
   * report goes to {@code System.out}, so standard output is captured for the duration.
   */
  static synchronized PerfResult producerPerformance(
      String bootstrapServers, String topic, long records, int recordSize, Properties producer)
      throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--bootstrap-server",
            bootstrapServers,
            "--topic",
            topic,
            "--num-records",
            String.valueOf(records),
            "--record-size",
            String.valueOf(recordSize),
            "--throughput",
            "-1",
            "--reporting-interval",
            "600000"));
    if (!producer.isEmpty()) {
      args.add("--command-property");
      producer.forEach((k, v) -> args.add(k + "=" + v));
    }
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ProducerPerformance.main(args.toArray(String[]::new));
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    Matcher m = PERF_SUMMARY.matcher(text);
    PerfResult last = null;
    while (m.find()) {
      int end = text.indexOf('\n', m.start());
      last =
          new PerfResult(
              Long.parseLong(m.group(1)),
              Double.parseDouble(m.group(2)),
              Double.parseDouble(m.group(3)),
              text.substring(m.start(), end < 0 ? text.length() : end).trim());
    }
    if (last == null) {
      throw new IllegalStateException("ProducerPerformance printed no summary: " + text);
    }
    return last;
  }
}
