package dev.paperspipeline.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka client and Kafka Streams metrics an operator of the pipeline needs, read from the
 * clients at each scrape and exposed under fixed Prometheus names: each listed Kafka metric (a
 * sensor's cumulative {@code -total}, or a gauge) becomes exactly one series, and nothing else is
 * exported (no {@code -rate}, {@code -avg} or {@code -max} twins: Prometheus derives rates from the
 * counters).
 *
 * <p>Labels are stable across restarts: {@code thread-id} and {@code client-id} become {@code
 * client} with the application id and random process UUID that Kafka Streams puts in front removed
 * ({@code papers-pipeline-1b0c…-StreamThread-1-consumer} becomes {@code StreamThread-1-consumer});
 * {@code task-id} and the custom sensors' entity ids become {@code task}; any {@code *-state-id}
 * becomes {@code store}; {@code processor-node-id} becomes {@code processor}; {@code topic} and
 * {@code partition} stay. Other tags are dropped, and samples that end up with equal labels are
 * added up. NaN and infinite values (a Kafka average or maximum before its first sample) are left
 * out, so a series appears once it has a value.
 */
public final class KafkaMetricsCollector implements MultiCollector {
  private static final Logger log = LoggerFactory.getLogger(KafkaMetricsCollector.class);

  private static final Pattern PROCESS_PREFIX =
      Pattern.compile(
          "^.*[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}-?");

  /** How a Kafka metric is exposed. */
  public enum Type {
    COUNTER,
    GAUGE
  }

  /**
   * One Kafka metric and the series it becomes.
   *
   * @param group the Kafka metric group, e.g. {@code stream-thread-metrics}
   * @param kafkaName the Kafka metric name, e.g. {@code process-total}
   * @param name the Prometheus name as exposed (counters end in {@code _total})
   * @param type counter or gauge
   * @param help one line for {@code # HELP}
   * @param constLabels labels added to every sample (to tell apart sensors sharing a name)
   */
  public record Series(
      String group, String kafkaName, String name, Type type, String help, Labels constLabels) {
    public Series {
      Objects.requireNonNull(constLabels, "constLabels");
      if (type == Type.COUNTER && !name.endsWith("_total")) {
        throw new IllegalArgumentException("A counter's name ends in _total: " + name);
      }
    }

    static Series counter(String group, String kafkaName, String name, String help) {
      return new Series(group, kafkaName, name, Type.COUNTER, help, Labels.EMPTY);
    }

    static Series gauge(String group, String kafkaName, String name, String help) {
      return new Series(group, kafkaName, name, Type.GAUGE, help, Labels.EMPTY);
    }
  }

  /** Every Kafka metric that is exported, in exposition order. */
  public static final List<Series> SERIES =
      List.of(
          // the pipeline's own Kafka Streams sensors (dedupe and trends processors)
          Series.counter(
              "stream-dedupe-metrics",
              "duplicates-dropped-total",
              "papers_dedupe_duplicates_dropped_total",
              "Paper sightings dedupe found already seen within the horizon (not forwarded to"
                  + " papers-unique)."),
          Series.counter(
              "stream-trends-metrics",
              "revised-late-records-total",
              "papers_trends_revised_late_records_total",
              "Trend hits that arrived after their window had closed and revised it (the"
                  + " window's counts and top-N are emitted again)."),
          new Series(
              "stream-trends-metrics",
              "dropped-expired-records-total",
              "papers_trends_dropped_records_total",
              Type.COUNTER,
              "Papers trends did not count and sent to papers-dead-letter, by reason: expired"
                  + " (older than the retention) or future (beyond the allowed clock skew).",
              Labels.of("reason", "expired")),
          new Series(
              "stream-trends-metrics",
              "dropped-future-records-total",
              "papers_trends_dropped_records_total",
              Type.COUNTER,
              "Papers trends did not count and sent to papers-dead-letter, by reason: expired"
                  + " (older than the retention) or future (beyond the allowed clock skew).",
              Labels.of("reason", "future")),
          // Kafka Streams
          Series.counter(
              "stream-topic-metrics",
              "records-consumed-total",
              "kafka_streams_topic_records_consumed_total",
              "Records a source node read from a topic."),
          Series.counter(
              "stream-topic-metrics",
              "records-produced-total",
              "kafka_streams_topic_records_produced_total",
              "Records a sink node wrote to a topic (papers per stage: paper-sightings and"
                  + " papers-unique for dedupe, papers-enriched for enrich, topic-trends for"
                  + " trends)."),
          Series.counter(
              "stream-thread-metrics",
              "process-total",
              "kafka_streams_thread_process_total",
              "Records a stream thread processed."),
          Series.counter(
              "stream-thread-metrics",
              "commit-total",
              "kafka_streams_thread_commit_total",
              "Commits (transactions) of a stream thread."),
          Series.counter(
              "stream-task-metrics",
              "dropped-records-total",
              "kafka_streams_task_dropped_records_total",
              "Records Kafka Streams dropped in a task (the exception handlers' dead letters"
                  + " included)."),
          Series.gauge(
              "stream-metrics",
              "alive-stream-threads",
              "kafka_streams_alive_threads",
              "Stream threads running in this instance."),
          Series.counter(
              "stream-metrics",
              "failed-stream-threads",
              "kafka_streams_failed_threads_total",
              "Stream threads that died (each is replaced)."),
          Series.gauge(
              "stream-state-metrics",
              "estimate-num-keys",
              "kafka_streams_state_estimated_keys",
              "Estimated keys in a RocksDB state store of a task."),
          Series.gauge(
              "stream-state-metrics",
              "total-sst-files-size",
              "kafka_streams_state_sst_files_bytes",
              "Bytes of the SST files of a RocksDB state store of a task."),
          Series.gauge(
              "stream-state-metrics",
              "size-all-mem-tables",
              "kafka_streams_state_memtables_bytes",
              "Bytes of the memtables of a RocksDB state store of a task."),
          // consumers (the stream threads' own, restore and global consumers)
          Series.gauge(
              "consumer-fetch-manager-metrics",
              "records-lag",
              "kafka_consumer_records_lag",
              "Records between a consumer's position and the end of a partition it reads."),
          // producers (ingest's, and the stream threads')
          Series.counter(
              "producer-metrics",
              "record-send-total",
              "kafka_producer_records_sent_total",
              "Records a producer sent."),
          Series.counter(
              "producer-metrics",
              "record-error-total",
              "kafka_producer_record_errors_total",
              "Record sends that failed."));

  private static final Map<String, Series> BY_KAFKA_NAME = new TreeMap<>();

  static {
    for (Series s : SERIES) {
      if (BY_KAFKA_NAME.put(s.group() + "/" + s.kafkaName(), s) != null) {
        throw new ExceptionInInitializerError("Listed twice: " + s);
      }
    }
  }

  /** A registered source; {@link #close()} removes it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private record Source(Supplier<Map<MetricName, ? extends Metric>> metrics, Labels labels) {}

  private final List<Source> sources = new CopyOnWriteArrayList<>();

  /**
   * Adds a client's metrics, read at every scrape.
   *
   * @param metrics e.g. {@code kafkaStreams::metrics} or {@code producer::metrics}
   */
  public Registration add(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return add(metrics, Labels.EMPTY);
  }

  /**
   * Adds a client's metrics with {@code labels} on each of its samples: two Kafka Streams apps in
   * one process have the same thread, task and client names once the random part is stripped, and
   * would otherwise be summed into one sample.
   *
   * @param metrics e.g. {@code kafkaStreams::metrics}
   * @param labels e.g. {@code Labels.of("app", "analytics")}
   */
  public Registration add(Supplier<Map<MetricName, ? extends Metric>> metrics, Labels labels) {
    Source source =
        new Source(
            Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(labels, "labels"));
    sources.add(source);
    return () -> sources.remove(source);
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, Map<Labels, Double>> byName = new LinkedHashMap<>();
    Map<String, Series> first = new LinkedHashMap<>();
    for (Series s : SERIES) {
      first.putIfAbsent(s.name(), s);
      byName.putIfAbsent(s.name(), new TreeMap<>());
    }
    for (Source source : sources) {
      Map<MetricName, ? extends Metric> metrics;
      try {
        metrics = source.metrics().get();
      } catch (RuntimeException e) {
        log.warn("A Kafka metrics source failed: {}", e.toString());
        continue;
      }
      if (metrics == null) {
        continue;
      }
      metrics.forEach(
          (metricName, metric) -> {
            Series s = BY_KAFKA_NAME.get(metricName.group() + "/" + metricName.name());
            if (s == null) {
              return;
            }
            double value;
            try {
              if (!(metric.metricValue() instanceof Number n)) {
                return;
              }
              value = n.doubleValue();
            } catch (RuntimeException e) {
              return; // a closing client's metric may fail to compute: absent from this scrape
            }
            if (Double.isNaN(value) || Double.isInfinite(value)) {
              return;
            }
            byName
                .get(s.name())
                .merge(
                    labels(metricName, s.constLabels().merge(source.labels())), value, Double::sum);
          });
    }
    List<MetricSnapshot> out = new ArrayList<>();
    byName.forEach(
        (name, samples) -> {
          if (!samples.isEmpty()) {
            out.add(snapshot(first.get(name), samples));
          }
        });
    return new MetricSnapshots(out);
  }

  private static MetricSnapshot snapshot(Series s, Map<Labels, Double> samples) {
    if (s.type() == Type.COUNTER) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name(s.name().substring(0, s.name().length() - "_total".length()))
              .help(s.help());
      samples.forEach(
          (labels, v) ->
              b.dataPoint(
                  CounterSnapshot.CounterDataPointSnapshot.builder()
                      .labels(labels)
                      .value(v)
                      .build()));
      return b.build();
    }
    GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(s.name()).help(s.help());
    samples.forEach(
        (labels, v) ->
            b.dataPoint(
                GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(v).build()));
    return b.build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return SERIES.stream()
        .map(s -> s.type() == Type.COUNTER ? s.name().replaceAll("_total$", "") : s.name())
        .distinct()
        .toList();
  }

  /** The labels of one Kafka metric (see the class comment). */
  static Labels labels(MetricName metricName, Labels constLabels) {
    Map<String, String> labels = new TreeMap<>();
    metricName
        .tags()
        .forEach(
            (tag, value) -> {
              String label = label(tag);
              if (label != null && value != null) {
                labels.put(label, label.equals("client") ? stableClient(value) : value);
              }
            });
    Labels.Builder b = Labels.builder();
    labels.forEach(b::label);
    return b.build().merge(constLabels);
  }

  private static String label(String tag) {
    return switch (tag) {
      case "thread-id", "client-id" -> "client";
      case "task-id", "dedupe-id", "trends-id" -> "task";
      case "processor-node-id" -> "processor";
      case "topic" -> "topic";
      case "partition" -> "partition";
      default -> tag.endsWith("-state-id") ? "store" : null;
    };
  }

  /**
   * A client or thread id without the random part Kafka Streams puts in front: everything up to and
   * including the last UUID (and the dash after it) is removed; an id without a UUID is kept.
   */
  public static String stableClient(String id) {
    Matcher m = PROCESS_PREFIX.matcher(id);
    if (!m.lookingAt()) {
      return id;
    }
    String rest = id.substring(m.end());
    return rest.isEmpty() ? "main" : rest;
  }
}
