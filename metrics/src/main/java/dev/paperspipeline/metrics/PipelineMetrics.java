package dev.paperspipeline.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's own metrics (counters and gauges registered by name, optionally with labels) plus
 * any number of Kafka metric sources ({@code producer::metrics}, {@code kafkaStreams::metrics}),
 * rendered together in the Prometheus text format by {@link #scrape()} and served by {@link
 * MetricsServer}. Thread-safe: counters may be incremented from any thread (Streams processors, the
 * ingest thread) while a scrape runs.
 *
 * <pre>{@code
 * PipelineMetrics metrics = new PipelineMetrics();
 * metrics.duplicatesDropped().inc();
 * metrics.registerKafkaMetrics("kafka_streams", streams::metrics);
 * try (MetricsServer server = MetricsServer.start(MetricsServer.Config.localhost(9400), metrics)) {
 *   ...
 * }
 * }</pre>
 */
public final class PipelineMetrics {
  private static final Logger log = LoggerFactory.getLogger(PipelineMetrics.class);

  /** Paper events committed to papers-raw by ingest. */
  public static final String PAPERS_INGESTED = "papers_ingested_total";

  /**
   * Digest files handled by ingest; label {@value #LABEL_STATUS}: done, error, duplicate, failed.
   */
  public static final String FILES_INGESTED = "papers_files_ingested_total";

  /** Dead letters written; label {@value #LABEL_STAGE}: the stage that rejected the input. */
  public static final String DEAD_LETTERS = "papers_dead_letters_total";

  /** Paper sightings dropped by dedupe because the paper was already seen. */
  public static final String DUPLICATES_DROPPED = "papers_duplicates_dropped_total";

  /** Trend windows closed and emitted. */
  public static final String TREND_WINDOWS_CLOSED = "papers_trend_windows_closed_total";

  /** Records dropped because they arrived after their window's grace period. */
  public static final String LATE_RECORDS_DROPPED = "papers_late_records_dropped_total";

  /** Label of {@link #FILES_INGESTED}. */
  public static final String LABEL_STATUS = "status";

  /** Label of {@link #DEAD_LETTERS}. */
  public static final String LABEL_STAGE = "stage";

  /** {@value #LABEL_STAGE} of the dead letters ingest writes (rejected entries and files). */
  public static final String STAGE_INGEST = "ingest";

  /** Prefix conventionally used for Kafka Streams metrics. */
  public static final String PREFIX_STREAMS = "kafka_streams";

  /** Prefix conventionally used for producer metrics. */
  public static final String PREFIX_PRODUCER = "kafka_producer";

  /** Prefix conventionally used for consumer metrics. */
  public static final String PREFIX_CONSUMER = "kafka_consumer";

  /** A registered Kafka metrics source; {@link #close()} removes it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private record Key(String name, Map<String, String> labels) {}

  private record Family(String name, String help, MetricFamily.Type type) {}

  private record KafkaSource(String prefix, Supplier<Map<MetricName, ? extends Metric>> supplier) {}

  private final Map<String, Family> families = new ConcurrentHashMap<>();
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Key, DoubleSupplier> gauges = new ConcurrentHashMap<>();
  private final List<KafkaSource> kafkaSources = new CopyOnWriteArrayList<>();

  /** A registry with the pipeline's unlabeled counters already present (at 0). */
  public PipelineMetrics() {
    papersIngested();
    duplicatesDropped();
    trendWindowsClosed();
    lateRecordsDropped();
  }

  /** {@value #PAPERS_INGESTED}. */
  public Counter papersIngested() {
    return counter(PAPERS_INGESTED, "Paper events committed to papers-raw by ingest.");
  }

  /** {@value #FILES_INGESTED} for one status (lower-cased). */
  public Counter filesIngested(String status) {
    return counter(
        FILES_INGESTED,
        "Digest files handled by ingest, by outcome (done, error, duplicate, failed).",
        LABEL_STATUS,
        status.toLowerCase(Locale.ROOT));
  }

  /** {@value #DEAD_LETTERS} for one stage. */
  public Counter deadLetters(String stage) {
    return counter(
        DEAD_LETTERS,
        "Dead letters written, by the stage that rejected the input.",
        LABEL_STAGE,
        stage);
  }

  /** {@value #DUPLICATES_DROPPED}. */
  public Counter duplicatesDropped() {
    return counter(DUPLICATES_DROPPED, "Paper sightings dropped by dedupe as already seen.");
  }

  /** {@value #TREND_WINDOWS_CLOSED}. */
  public Counter trendWindowsClosed() {
    return counter(TREND_WINDOWS_CLOSED, "Trend windows closed and emitted.");
  }

  /** {@value #LATE_RECORDS_DROPPED}. */
  public Counter lateRecordsDropped() {
    return counter(
        LATE_RECORDS_DROPPED, "Records dropped because they arrived after their window closed.");
  }

  /**
   * Counts one ingested digest file: its status ({@code DONE}, {@code ERROR}, {@code DUPLICATE},
   * {@code FAILED}), its committed papers and its dead letters (stage {@value #STAGE_INGEST}).
   */
  public void recordIngestedFile(String status, long papers, long deadLetters) {
    filesIngested(status).inc();
    papersIngested().inc(papers);
    if (deadLetters > 0) {
      deadLetters(STAGE_INGEST).inc(deadLetters);
    }
  }

  /**
   * The counter {@code name} with these labels, created at 0 on first use.
   *
   * @param name a valid Prometheus name; by convention ending in {@code _total}
   * @param help description, fixed by the first registration of {@code name}
   * @param labelPairs label name, value, label name, value, ...
   * @throws IllegalArgumentException when {@code name} is already a gauge, or the names are invalid
   */
  public Counter counter(String name, String help, String... labelPairs) {
    Key key = key(name, help, MetricFamily.Type.COUNTER, labelPairs);
    return counters.computeIfAbsent(key, k -> new Counter());
  }

  /**
   * Registers (or replaces) a gauge whose value is read from {@code value} at each scrape.
   *
   * @throws IllegalArgumentException when {@code name} is already a counter, or the names are
   *     invalid
   */
  public void gauge(String name, String help, DoubleSupplier value, String... labelPairs) {
    Objects.requireNonNull(value, "value");
    gauges.put(key(name, help, MetricFamily.Type.GAUGE, labelPairs), value);
  }

  private Key key(String name, String help, MetricFamily.Type type, String... labelPairs) {
    if (!name.equals(PrometheusText.sanitizeMetricName(name))) {
      throw new IllegalArgumentException("Invalid metric name '" + name + "'");
    }
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("Labels come in name, value pairs: " + labelPairs.length);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      String label = labelPairs[i];
      if (!label.equals(PrometheusText.sanitizeLabelName(label))) {
        throw new IllegalArgumentException("Invalid label name '" + label + "' of " + name);
      }
      labels.put(label, Objects.requireNonNull(labelPairs[i + 1], "label value"));
    }
    Family family = families.computeIfAbsent(name, n -> new Family(n, help, type));
    if (family.type() != type) {
      throw new IllegalArgumentException(
          name + " is already registered as a " + family.type() + ", not a " + type);
    }
    return new Key(name, java.util.Collections.unmodifiableMap(labels));
  }

  /**
   * Adds a Kafka metrics source, read at every scrape: numeric metrics become gauges named {@code
   * prefix_group_name} (see {@link KafkaMetricsExport}). Typical prefixes are {@value
   * #PREFIX_STREAMS}, {@value #PREFIX_PRODUCER} and {@value #PREFIX_CONSUMER}.
   *
   * @param metrics e.g. {@code kafkaStreams::metrics} or {@code producer::metrics}
   * @return closing it removes the source (e.g. before the client is replaced)
   */
  public Registration registerKafkaMetrics(
      String prefix, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    KafkaSource source = new KafkaSource(prefix, Objects.requireNonNull(metrics, "metrics"));
    kafkaSources.add(source);
    return () -> kafkaSources.remove(source);
  }

  /**
   * Every metric now: the pipeline's own families (sorted by name), then the Kafka ones (sorted by
   * name). A Kafka family whose name is already a pipeline family is left out.
   */
  public List<MetricFamily> collect() {
    Map<String, List<MetricFamily.Sample>> own = new TreeMap<>();
    counters.forEach(
        (k, c) ->
            own.computeIfAbsent(k.name(), n -> new ArrayList<>())
                .add(new MetricFamily.Sample(k.labels(), c.get())));
    gauges.forEach(
        (k, g) -> {
          double v;
          try {
            v = g.getAsDouble();
          } catch (RuntimeException e) {
            log.warn("Gauge {} {} failed: {}", k.name(), k.labels(), e.toString());
            return;
          }
          own.computeIfAbsent(k.name(), n -> new ArrayList<>())
              .add(new MetricFamily.Sample(k.labels(), v));
        });
    List<MetricFamily> out = new ArrayList<>();
    own.forEach(
        (name, samples) -> {
          Family f = families.get(name);
          samples.sort((a, b) -> a.labels().toString().compareTo(b.labels().toString()));
          out.add(new MetricFamily(name, f.help(), f.type(), samples));
        });
    Map<String, KafkaMetricsExport.MetricFamilyBuilder> kafka = new TreeMap<>();
    for (KafkaSource source : kafkaSources) {
      Map<MetricName, ? extends Metric> metrics;
      try {
        metrics = source.supplier().get();
      } catch (RuntimeException e) {
        log.warn("Kafka metrics source {} failed: {}", source.prefix(), e.toString());
        continue;
      }
      if (metrics != null) {
        KafkaMetricsExport.collect(source.prefix(), metrics, kafka);
      }
    }
    kafka.forEach(
        (name, builder) -> {
          if (!own.containsKey(name)) {
            out.add(builder.build());
          }
        });
    return out;
  }

  /** {@link #collect()} in the Prometheus text format ({@link PrometheusText#CONTENT_TYPE}). */
  public String scrape() {
    return PrometheusText.format(collect());
  }
}
