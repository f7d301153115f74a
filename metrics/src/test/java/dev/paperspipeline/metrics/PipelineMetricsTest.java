package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  /** A sample line of the text format: name, optional labels, value. */
  private static final Pattern SAMPLE_LINE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\""
              + "(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*\\})? "
              + "(NaN|[+-]Inf|-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?)");

  @Test
  void shouldCountIngestedFilesPapersAndDeadLetters() {
    PipelineMetrics metrics = new PipelineMetrics();

    metrics.recordIngestedFile("DONE", 100, 2);
    metrics.recordIngestedFile("DONE", 50, 0);
    metrics.recordIngestedFile("DUPLICATE", 0, 0);
    metrics.recordIngestedFile("ERROR", 0, 1);

    assertThat(metrics.papersIngested().get()).isEqualTo(150);
    assertThat(metrics.filesIngested("done").get()).isEqualTo(2);
    assertThat(metrics.filesIngested("DUPLICATE").get()).isEqualTo(1);
    assertThat(metrics.deadLetters(PipelineMetrics.STAGE_INGEST).get()).isEqualTo(3);
    String text = metrics.scrape();
    assertThat(text)
        .contains("# TYPE papers_files_ingested_total counter\n")
        .contains("papers_files_ingested_total{status=\"done\"} 2\n")
        .contains("papers_files_ingested_total{status=\"error\"} 1\n")
        .contains("papers_ingested_total 150\n")
        .contains("papers_dead_letters_total{stage=\"ingest\"} 3\n")
        // Present at 0 before the streams side counts anything.
        .contains("papers_duplicates_dropped_total 0\n")
        .contains("papers_trend_windows_closed_total 0\n")
        .contains("papers_late_records_dropped_total 0\n");
  }

  @Test
  void shouldCountExactlyFromManyThreads() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    metrics.duplicatesDropped().inc();
                    metrics.counter("custom_total", "Custom.", "k", "v" + (i % 3)).inc();
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(metrics.duplicatesDropped().get()).isEqualTo(40_000);
    assertThat(metrics.counter("custom_total", "Custom.", "k", "v0").get()).isEqualTo(13_336);
  }

  @Test
  void shouldRejectInvalidNamesAndTypeClashes() {
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.gauge("queue_depth", "Depth.", () -> 1);

    assertThatThrownBy(() -> metrics.counter("bad-name", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("ok_total", "x", "bad-label", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("ok_total", "x", "odd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("queue_depth", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.papersIngested().inc(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldExportNumericKafkaMetricsAsSanitizedGauges() {
    PipelineMetrics metrics = new PipelineMetrics();
    try (Metrics kafka = new Metrics()) {
      Map<String, String> tags = Map.of("client-id", "papers \"ingest\"\\1", "thread-id", "t\n1");
      Sensor sensor = kafka.sensor("sends");
      sensor.add(
          kafka.metricName("record-send-total", "producer-metrics", "Sends.", tags),
          new CumulativeSum());
      // No sample recorded yet: Kafka reports NaN for the average and -Infinity for the max.
      sensor.add(kafka.metricName("latency-avg", "producer-metrics", "Avg.", tags), new Avg());
      sensor.add(kafka.metricName("latency-max", "producer-metrics", "", tags), new Max());
      kafka.addMetric(
          kafka.metricName("version", "app-info", "Version.", tags),
          (org.apache.kafka.common.metrics.Gauge<String>) (config, now) -> "4.3.1");
      PipelineMetrics.Registration registration =
          metrics.registerKafkaMetrics(PipelineMetrics.PREFIX_PRODUCER, kafka::metrics);
      sensor.record(5);
      sensor.record(7);

      String text = metrics.scrape();

      String labels = "{client_id=\"papers \\\"ingest\\\"\\\\1\",thread_id=\"t\\n1\"}";
      assertThat(text)
          .contains("# TYPE kafka_producer_producer_record_send_total gauge\n")
          .contains("# HELP kafka_producer_producer_record_send_total Sends.\n")
          .contains("kafka_producer_producer_record_send_total" + labels + " 12\n")
          .contains("kafka_producer_producer_latency_avg" + labels + " 6\n")
          .contains("kafka_producer_producer_latency_max" + labels + " 7\n")
          // Empty description: the group and name stand in.
          .contains("# HELP kafka_producer_producer_latency_max producer-metrics latency-max\n")
          .doesNotContain("version");
      for (String line : text.split("\n")) {
        if (!line.startsWith("#")) {
          assertThat(line).matches(SAMPLE_LINE);
        }
      }

      registration.close();
      assertThat(metrics.scrape()).doesNotContain("kafka_producer");
    }
  }

  @Test
  void shouldRenderNaNAndInfinitiesOfKafkaStats() {
    try (Metrics kafka = new Metrics()) {
      // No sample recorded yet: Kafka reports NaN for the average and the max.
      Sensor sensor = kafka.sensor("idle");
      sensor.add(
          kafka.metricName("wait-avg", "stream-thread-metrics", "Avg.", Map.of()), new Avg());
      sensor.add(
          kafka.metricName("wait-max", "stream-thread-metrics", "Max.", Map.of()), new Max());
      kafka.addMetric(
          kafka.metricName("low", "stream-thread-metrics", "Low.", Map.of()),
          (Measurable) (config, now) -> Double.NEGATIVE_INFINITY);
      kafka.addMetric(
          kafka.metricName("high", "stream-thread-metrics", "High.", Map.of()),
          (Measurable) (config, now) -> Double.POSITIVE_INFINITY);

      String text =
          PrometheusText.format(
              KafkaMetricsExport.families(PipelineMetrics.PREFIX_STREAMS, kafka.metrics()));

      assertThat(text)
          .contains("kafka_streams_stream_thread_wait_avg NaN\n")
          .contains("kafka_streams_stream_thread_wait_max NaN\n")
          .contains("kafka_streams_stream_thread_low -Inf\n")
          .contains("kafka_streams_stream_thread_high +Inf\n");
    }
  }

  @Test
  void shouldSkipAFailingSourceAndKeepTheRest() {
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.registerKafkaMetrics(
        "kafka_broken",
        () -> {
          throw new IllegalStateException("client closed");
        });
    metrics.gauge("answer", "The answer.", () -> 42);

    assertThat(metrics.scrape()).contains("answer 42\n").contains("papers_ingested_total 0\n");
  }
}
