package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.junit.jupiter.api.Test;

class PipelineMetricsTest {
  static final String THREAD_1 =
      "papers-pipeline-0f4d2a1e-7b3c-4c55-9e1a-3d2b1c0a9f8e-StreamThread-1";
  static final String THREAD_2 =
      "papers-pipeline-0f4d2a1e-7b3c-4c55-9e1a-3d2b1c0a9f8e-StreamThread-2";

  @Test
  void shouldCountIngestedFilesPapersAndDeadLetters() {
    PipelineMetrics metrics = new PipelineMetrics();

    metrics.recordIngestedFile("DONE", 100, 2);
    metrics.recordIngestedFile("DONE", 50, 0);
    metrics.recordIngestedFile("DUPLICATE", 0, 0);
    metrics.recordIngestedFile("ERROR", 0, 1);
    metrics.recordDeadLetter("enrich");

    assertThat(metrics.scrape())
        .contains("# TYPE papers_files_ingested_total counter\n")
        .contains("papers_files_ingested_total{status=\"done\"} 2.0\n")
        .contains("papers_files_ingested_total{status=\"duplicate\"} 1.0\n")
        .contains("papers_files_ingested_total{status=\"error\"} 1.0\n")
        .contains("papers_ingested_total 150.0\n")
        .contains("papers_dead_letters_total{stage=\"enrich\"} 1.0\n")
        .contains("papers_dead_letters_total{stage=\"ingest\"} 3.0\n");
  }

  @Test
  void shouldStartWithPapersAtZeroAndNoDigestTimestamps() {
    String text = new PipelineMetrics().scrape();

    assertThat(text).contains("papers_ingested_total 0.0\n");
    assertThat(text)
        .doesNotContain(PipelineMetrics.INGEST_LAST_DIGEST + " ")
        .doesNotContain(PipelineMetrics.INGEST_LAST_FILE + " ")
        .doesNotContain("NaN");
  }

  @Test
  void shouldKeepTheLatestDigestDateAndCommitTime() {
    PipelineMetrics metrics = new PipelineMetrics();

    metrics.recordCommittedFile(
        LocalDate.parse("2026-11-03"), Instant.ofEpochSecond(1_800_000_000));
    metrics.recordCommittedFile(
        LocalDate.parse("2026-10-01"), Instant.ofEpochSecond(1_800_000_500));
    metrics.recordCommittedFile(null, Instant.ofEpochSecond(1_800_000_100));

    long nov3 = LocalDate.parse("2026-11-03").toEpochDay() * 86_400;
    assertThat(metrics.scrape())
        .contains("# TYPE papers_ingest_last_digest_timestamp_seconds gauge\n")
        .contains("papers_ingest_last_digest_timestamp_seconds " + (double) nov3 + "\n")
        .contains("papers_ingest_last_file_timestamp_seconds 1.8000005E9\n");
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
                    metrics.recordIngestedFile("DONE", 1, 0);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(metrics.scrape()).contains("papers_ingested_total 40000.0\n");
  }

  /** The sensors as Kafka Streams registers them (StreamsMetricsImpl#addRateTotalSensor). */
  static Metrics streamsLikeMetrics() {
    Metrics kafka = new Metrics();
    Sensor dupes1 = kafka.sensor("dupes-0_0");
    dupes1.add(
        kafka.metricName(
            "duplicates-dropped-total",
            "stream-dedupe-metrics",
            "",
            Map.of("thread-id", THREAD_1, "dedupe-id", "0_0")),
        new CumulativeSum());
    dupes1.add(
        kafka.metricName(
            "duplicates-dropped-rate",
            "stream-dedupe-metrics",
            "",
            Map.of("thread-id", THREAD_1, "dedupe-id", "0_0")),
        new Rate());
    Sensor dupes2 = kafka.sensor("dupes-0_1");
    dupes2.add(
        kafka.metricName(
            "duplicates-dropped-total",
            "stream-dedupe-metrics",
            "",
            Map.of("thread-id", THREAD_2, "dedupe-id", "0_1")),
        new CumulativeSum());
    Sensor expired = kafka.sensor("expired");
    expired.add(
        kafka.metricName(
            "dropped-expired-records-total",
            "stream-trends-metrics",
            "",
            Map.of("thread-id", THREAD_1, "trends-id", "0_0")),
        new CumulativeSum());
    Sensor future = kafka.sensor("future");
    future.add(
        kafka.metricName(
            "dropped-future-records-total",
            "stream-trends-metrics",
            "",
            Map.of("thread-id", THREAD_1, "trends-id", "0_0")),
        new CumulativeSum());
    Sensor lag = kafka.sensor("lag");
    lag.add(
        kafka.metricName(
            "records-lag",
            "consumer-fetch-manager-metrics",
            "",
            Map.of("client-id", THREAD_1 + "-consumer", "topic", "papers-raw", "partition", "2")),
        new Value());
    // an average without samples is NaN: it must not show
    Sensor latency = kafka.sensor("latency");
    latency.add(
        kafka.metricName(
            "records-lag",
            "consumer-fetch-manager-metrics",
            "",
            Map.of("client-id", THREAD_2 + "-consumer", "topic", "papers-raw", "partition", "0")),
        new Avg());
    dupes1.record(3);
    dupes2.record(2);
    expired.record(5);
    future.record(1);
    lag.record(42);
    return kafka;
  }

  @Test
  void shouldExportEachKafkaSensorOnceAsACounterWithStableLabels() {
    PipelineMetrics metrics = new PipelineMetrics();
    try (Metrics kafka = streamsLikeMetrics()) {
      metrics.registerKafkaMetrics(kafka::metrics);

      String text = metrics.scrape();

      assertThat(text)
          .contains("# TYPE papers_dedupe_duplicates_dropped_total counter\n")
          .contains(
              "papers_dedupe_duplicates_dropped_total{client=\"StreamThread-1\",task=\"0_0\"} 3.0\n")
          .contains(
              "papers_dedupe_duplicates_dropped_total{client=\"StreamThread-2\",task=\"0_1\"} 2.0\n")
          .contains(
              "papers_trends_dropped_records_total{client=\"StreamThread-1\",reason=\"expired\",task=\"0_0\"} 5.0\n")
          .contains(
              "papers_trends_dropped_records_total{client=\"StreamThread-1\",reason=\"future\",task=\"0_0\"} 1.0\n")
          .contains("# TYPE kafka_consumer_records_lag gauge\n")
          .contains(
              "kafka_consumer_records_lag{client=\"StreamThread-1-consumer\",partition=\"2\",topic=\"papers-raw\"} 42.0\n");
      assertThat(text)
          .doesNotContain("rate")
          .doesNotContain("NaN")
          .doesNotContain("0f4d2a1e")
          .doesNotContain("StreamThread-2-consumer");
      assertThat(text.lines().filter(l -> l.startsWith("papers_dedupe_duplicates_dropped")))
          .hasSize(2);
    }
  }

  @Test
  void shouldKeepASecondAppsSamplesApartByItsAppLabel() {
    PipelineMetrics metrics = new PipelineMetrics();
    try (Metrics pipeline = streamsLikeMetrics();
        Metrics analytics = streamsLikeMetrics()) {
      metrics.registerKafkaMetrics(pipeline::metrics);
      metrics.registerKafkaMetrics("analytics", analytics::metrics);

      String text = metrics.scrape();

      // same thread and task names once the random part is stripped: not summed into one sample
      assertThat(text)
          .contains(
              "papers_dedupe_duplicates_dropped_total{client=\"StreamThread-1\",task=\"0_0\"} 3.0\n")
          .contains(
              "papers_dedupe_duplicates_dropped_total{app=\"analytics\",client=\"StreamThread-1\",task=\"0_0\"} 3.0\n")
          .contains(
              "papers_trends_dropped_records_total{app=\"analytics\",client=\"StreamThread-1\",reason=\"future\",task=\"0_0\"} 1.0\n")
          .contains(
              "kafka_consumer_records_lag{app=\"analytics\",client=\"StreamThread-1-consumer\",partition=\"2\",topic=\"papers-raw\"} 42.0\n");
      assertThat(text.lines().filter(l -> l.startsWith("papers_dedupe_duplicates_dropped")))
          .hasSize(4);
    }
  }

  @Test
  void shouldForgetAKafkaSourceOnceItsRegistrationIsClosed() {
    PipelineMetrics metrics = new PipelineMetrics();
    try (Metrics kafka = streamsLikeMetrics()) {
      KafkaMetricsCollector.Registration registration =
          metrics.registerKafkaMetrics(kafka::metrics);
      assertThat(metrics.scrape()).contains("papers_dedupe_duplicates_dropped_total{");

      registration.close();

      assertThat(metrics.scrape()).doesNotContain("papers_dedupe_duplicates_dropped_total");
    }
  }

  @Test
  void shouldStripTheRandomPartOfKafkaStreamsClientIds() {
    assertThat(KafkaMetricsCollector.stableClient(THREAD_1)).isEqualTo("StreamThread-1");
    assertThat(KafkaMetricsCollector.stableClient(THREAD_1 + "-restore-consumer"))
        .isEqualTo("StreamThread-1-restore-consumer");
    assertThat(
            KafkaMetricsCollector.stableClient(
                "papers-pipeline-0f4d2a1e-7b3c-4c55-9e1a-3d2b1c0a9f8e"))
        .isEqualTo("main");
    assertThat(KafkaMetricsCollector.stableClient("producer-1")).isEqualTo("producer-1");
  }

  @org.junit.jupiter.api.Test
  void shouldExportLabelledCountersAtZeroBeforeTheirFirstEvent() {
    PipelineMetrics metrics =
        new PipelineMetrics()
            .initFileStatuses()
            .initDeadLetterStages(java.util.List.of(PipelineMetrics.STAGE_INGEST));

    String text = metrics.scrape();

    org.assertj.core.api.Assertions.assertThat(text)
        .contains("papers_files_ingested_total{status=\"error\"} 0.0")
        .contains("papers_files_ingested_total{status=\"done\"} 0.0")
        .contains("papers_files_ingested_total{status=\"retry\"} 0.0")
        .contains("papers_dead_letters_total{stage=\"ingest\"} 0.0");
  }

  @org.junit.jupiter.api.Test
  void shouldExportTheJvmMetricsOfPrometheusJvmInstrumentation() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics().withJvmMetrics();

    String text = metrics.scrape();

    org.assertj.core.api.Assertions.assertThat(text)
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("jvm_threads_current")
        .contains("jvm_gc_collection_seconds_count")
        .contains("process_cpu_seconds_total");
    PromtoolCheckTest.promtoolCheck(text);
  }
}
