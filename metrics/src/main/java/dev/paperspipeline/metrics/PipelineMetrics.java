package dev.paperspipeline.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The pipeline's metrics in one Prometheus registry: its own counters and gauges (the constants
 * below) plus the Kafka client and Streams metrics of the clients added with {@link
 * #registerKafkaMetrics} (see {@link KafkaMetricsCollector} for their names). Thread-safe: counters
 * may be incremented from any thread (stream threads, the ingest thread) while a scrape runs.
 *
 * <pre>{@code
 * PipelineMetrics metrics = new PipelineMetrics();
 * metrics.registerKafkaMetrics(streams::metrics);
 * try (MetricsServer server = MetricsServer.start(MetricsServer.Config.localhost(9400), metrics)) {
 *   ...
 * }
 * }</pre>
 */
public final class PipelineMetrics {
  /** Paper events committed to papers-raw by ingest (counter). */
  public static final String PAPERS_INGESTED = "papers_ingested_total";

  /**
   * Digest files handled by ingest (counter); label {@value #LABEL_STATUS}: done, error, duplicate,
   * failed, retry.
   */
  public static final String FILES_INGESTED = "papers_files_ingested_total";

  /**
   * Dead letters written (counter); label {@value #LABEL_STAGE}: {@value #STAGE_INGEST}, or the
   * streams stage (dedupe, enrich, trends) whose exception handler wrote it. Papers the trends
   * stage leaves out of its windows are counted apart, in {@code
   * papers_trends_dropped_records_total}.
   */
  public static final String DEAD_LETTERS = "papers_dead_letters_total";

  /**
   * Gauge: the latest digest date (midnight UTC, epoch seconds) among the files ingest committed
   * since it started; absent until the first one. {@code time() - this} is how long no new digest
   * has come.
   */
  public static final String INGEST_LAST_DIGEST = "papers_ingest_last_digest_timestamp_seconds";

  /**
   * Gauge: when ingest last committed a digest file (epoch seconds); absent until the first one.
   */
  public static final String INGEST_LAST_FILE = "papers_ingest_last_file_timestamp_seconds";

  /** Label of {@link #FILES_INGESTED}. */
  public static final String LABEL_STATUS = "status";

  /** Label of {@link #DEAD_LETTERS}. */
  public static final String LABEL_STAGE = "stage";

  /**
   * Label of the Kafka metrics of a second Kafka Streams app in the process (the analytics app of
   * {@code papers streams}); see {@link #registerKafkaMetrics(String, Supplier)}.
   */
  public static final String LABEL_APP = "app";

  /** {@value #LABEL_STAGE} of the dead letters ingest writes (rejected entries and files). */
  public static final String STAGE_INGEST = "ingest";

  /** The {@value #LABEL_STAGE}s of the streams app's dead letters. */
  public static final List<String> STREAMS_STAGES = List.of("dedupe", "enrich", "trends");

  /** Every {@value #LABEL_STATUS} of {@value #FILES_INGESTED}. */
  public static final List<String> FILE_STATUSES =
      List.of("done", "error", "duplicate", "failed", "retry");

  /**
   * Key under which the streams app finds this registry among its configs (a {@code
   * PipelineMetrics} instance), so that its exception handlers count their dead letters.
   */
  public static final String CONFIG = "papers.metrics.registry";

  private static final long UNSET = Long.MIN_VALUE;
  private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final KafkaMetricsCollector kafka = new KafkaMetricsCollector();
  private final Counter papersIngested;
  private final Counter filesIngested;
  private final Counter deadLetters;
  private final AtomicLong lastDigestEpochDay = new AtomicLong(UNSET);
  private final AtomicLong lastFileMillis = new AtomicLong(UNSET);

  /**
   * A registry with the pipeline's own metrics; unlabeled counters start at 0, labelled ones once
   * {@link #initFileStatuses} or {@link #initDeadLetterStages} named their labels.
   */
  public PipelineMetrics() {
    papersIngested =
        Counter.builder()
            .name(PAPERS_INGESTED)
            .help("Paper events committed to papers-raw by ingest.")
            .register(registry);
    filesIngested =
        Counter.builder()
            .name(FILES_INGESTED)
            .help("Digest files handled by ingest, by outcome.")
            .labelNames(LABEL_STATUS)
            .register(registry);
    deadLetters =
        Counter.builder()
            .name(DEAD_LETTERS)
            .help(
                "Dead letters written to papers-dead-letter, by the stage that rejected the input.")
            .labelNames(LABEL_STAGE)
            .register(registry);
    GaugeWithCallback.builder()
        .name(INGEST_LAST_DIGEST)
        .help("Latest digest date (midnight UTC) among the files ingest committed, epoch seconds.")
        .callback(
            cb -> {
              long day = lastDigestEpochDay.get();
              if (day != UNSET) {
                cb.call(LocalDate.ofEpochDay(day).atStartOfDay(ZoneOffset.UTC).toEpochSecond());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name(INGEST_LAST_FILE)
        .help("When ingest last committed a digest file, epoch seconds.")
        .callback(
            cb -> {
              long millis = lastFileMillis.get();
              if (millis != UNSET) {
                cb.call(millis / 1000.0);
              }
            })
        .register(registry);
    registry.register(kafka);
  }

  /**
   * Adds the JVM's metrics from Prometheus' JVM instrumentation ({@code jvm_memory_*}, {@code
   * jvm_gc_*}, {@code jvm_threads_*}, {@code jvm_classes_*}, {@code process_*}): what a served
   * endpoint exports next to the pipeline's own.
   */
  public PipelineMetrics withJvmMetrics() {
    JvmMetrics.builder().register(registry);
    return this;
  }

  /**
   * Exports {@value #FILES_INGESTED} at 0 for every status before its first file, so that {@code
   * increase()} and {@code rate()} see the first error (a counter that appears with 1 has no
   * increase) and a dashboard shows 0 rather than no data.
   */
  public PipelineMetrics initFileStatuses() {
    FILE_STATUSES.forEach(filesIngested::initLabelValues);
    return this;
  }

  /** Exports {@value #DEAD_LETTERS} at 0 for each of {@code stages} before its first one. */
  public PipelineMetrics initDeadLetterStages(List<String> stages) {
    stages.forEach(deadLetters::initLabelValues);
    return this;
  }

  /** Counts one dead letter written by {@code stage} in {@value #DEAD_LETTERS}. */
  public void recordDeadLetter(String stage) {
    deadLetters.labelValues(stage).inc();
  }

  /**
   * Counts one digest file ingest handled: its status ({@code DONE}, {@code ERROR}, {@code
   * DUPLICATE}, {@code FAILED}, {@code RETRY}), its committed papers and its dead letters (stage
   * {@value #STAGE_INGEST}).
   */
  public void recordIngestedFile(String status, long papers, long deadLetterCount) {
    filesIngested.labelValues(status.toLowerCase(Locale.ROOT)).inc();
    papersIngested.inc(papers);
    if (deadLetterCount > 0) {
      deadLetters.labelValues(STAGE_INGEST).inc(deadLetterCount);
    }
  }

  /**
   * Records that ingest committed a file at {@code committedAt} whose digest is dated {@code
   * digestDate} ({@code null} when the digest has no date): updates {@value #INGEST_LAST_FILE}, and
   * {@value #INGEST_LAST_DIGEST} when the date is later than any before.
   */
  public void recordCommittedFile(LocalDate digestDate, Instant committedAt) {
    lastFileMillis.accumulateAndGet(committedAt.toEpochMilli(), Math::max);
    if (digestDate != null) {
      lastDigestEpochDay.accumulateAndGet(digestDate.toEpochDay(), Math::max);
    }
  }

  /**
   * Adds a Kafka client's metrics (read at every scrape); the ones exported are listed in {@link
   * KafkaMetricsCollector#SERIES}.
   *
   * @param metrics e.g. {@code kafkaStreams::metrics} or {@code producer::metrics}
   * @return closing it removes the source (e.g. before the client is replaced)
   */
  public KafkaMetricsCollector.Registration registerKafkaMetrics(
      Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return kafka.add(metrics);
  }

  /**
   * Adds the metrics of a second Kafka Streams app of this process, each sample labelled {@code
   * app="<app>"} (the first app's samples carry no {@code app} label).
   *
   * @param app e.g. {@code analytics}
   * @param metrics e.g. {@code kafkaStreams::metrics}
   * @return closing it removes the source
   */
  public KafkaMetricsCollector.Registration registerKafkaMetrics(
      String app, Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return kafka.add(metrics, Labels.of(LABEL_APP, app));
  }

  /** Every metric now. */
  public MetricSnapshots collect() {
    return registry.scrape();
  }

  /** The Content-Type of {@link #writeText}. */
  public static String contentType() {
    return TEXT.getContentType();
  }

  /** Writes every metric in the Prometheus text format (0.0.4). */
  public void writeText(OutputStream out) throws IOException {
    TEXT.write(out, collect());
  }

  /** {@link #writeText} as a string. */
  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writeText(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
