package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.metrics.PipelineMetrics;
import dev.paperspipeline.metrics.PromtoolCheckTest;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streams app's metrics on a real broker, as {@code papers streams --metrics-port} serves them:
 * duplicates, out-of-range papers and dead letters counted exactly once each, papers per stage,
 * consumer lag and store sizes with stable labels, and a scrape promtool accepts.
 */
class StreamsMetricsIT {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$", Pattern.MULTILINE);
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TempDir Path dir;

  /** The sum of the samples of {@code name} whose labels contain every {@code label="value"}. */
  static double sum(String text, String name, String... labels) {
    double total = 0;
    Matcher m = SAMPLE.matcher(text);
    samples:
    while (m.find()) {
      if (!m.group(1).equals(name)) {
        continue;
      }
      String have = m.group(2) == null ? "" : m.group(2);
      for (String label : labels) {
        if (!have.contains(label)) {
          continue samples;
        }
      }
      total += Double.parseDouble(m.group(3));
    }
    return total;
  }

  @Test
  void shouldCountDuplicatesOutOfRangePapersAndDeadLettersOnceWithStableLabels() throws Exception {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    try (LocalStack stack = LocalStack.startEphemeral()) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);
      Path in = dir.resolve("in");
      // 4 papers; the same 4 again (duplicates) and 1 more; 2 older than the retention
      try (DigestIngester ingester =
          DigestIngester.open(IngestOptions.of(bootstrap, registry, dir))) {
        ingester.ingest(CliFixtures.writeDigest(in, today.minusDays(2) + ".txt", "Metric", 4));
        ingester.ingest(CliFixtures.writeDigest(in, today.minusDays(1) + ".txt", "Metric", 5));
        ingester.ingest(CliFixtures.writeDigest(in, today.minusDays(400) + ".txt", "Old", 2));
      }
      try (var poison =
          new KafkaProducer<>(
              Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
              new StringSerializer(),
              new ByteArraySerializer())) {
        poison
            .send(
                new ProducerRecord<>(
                    Topics.PAPERS_RAW, "poison", "not avro".getBytes(StandardCharsets.UTF_8)))
            .get();
      }

      PipelineMetrics metrics = new PipelineMetrics();
      Properties props =
          PipelineConfig.streamsProperties(
              bootstrap,
              registry,
              Map.of(
                  StreamsConfig.APPLICATION_ID_CONFIG,
                  "papers-metrics-it",
                  StreamsConfig.STATE_DIR_CONFIG,
                  dir.resolve("state").toString(),
                  PipelineConfig.TRENDS_RETENTION,
                  "P30D",
                  StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
                  "earliest"));
      props.put(PipelineMetrics.CONFIG, metrics);
      try (StreamsApp app = StreamsApp.start(props);
          StreamsApp analytics = AnalyticsApp.start(props)) {
        // as papers streams registers them: the second app's samples labelled app="analytics"
        metrics.registerKafkaMetrics(app.streams()::metrics);
        metrics.registerKafkaMetrics("analytics", analytics.streams()::metrics);

        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(500))
            .untilAsserted(
                () -> {
                  String text = metrics.scrape();
                  assertThat(
                          sum(
                              text,
                              "kafka_streams_topic_records_produced_total",
                              "topic=\"papers-enriched\""))
                      .isEqualTo(7.0);
                  assertThat(sum(text, "papers_trends_dropped_records_total")).isEqualTo(2.0);
                  assertThat(sum(text, "papers_dead_letters_total")).isEqualTo(1.0);
                  assertThat(
                          sum(
                              text,
                              "kafka_consumer_records_lag",
                              "client=\"StreamThread-1-consumer\"",
                              "topic=\"papers-raw\""))
                      .isZero();
                  assertThat(
                          sum(
                              text,
                              "kafka_streams_topic_records_consumed_total",
                              "app=\"analytics\"",
                              "topic=\"papers-enriched\""))
                      .isEqualTo(7.0);
                });
        String text = metrics.scrape();

        assertThat(sum(text, "papers_dedupe_duplicates_dropped_total")).isEqualTo(4.0);
        assertThat(
                sum(text, "papers_trends_dropped_records_total", "reason=\"expired\"", "task=\""))
            .isEqualTo(2.0);
        assertThat(sum(text, "papers_dead_letters_total", "stage=\"dedupe\"")).isEqualTo(1.0);
        assertThat(
                sum(
                    text,
                    "kafka_streams_topic_records_produced_total",
                    "processor=\"papers-unique-sink\"",
                    "topic=\"papers-unique\""))
            .isEqualTo(7.0);
        assertThat(sum(text, "kafka_streams_topic_records_consumed_total", "topic=\"papers-raw\""))
            .isEqualTo(12.0);
        assertThat(text)
            .contains("# TYPE papers_trends_revised_late_records_total counter\n")
            .contains("# TYPE kafka_streams_thread_process_total counter\n")
            .containsPattern(
                "kafka_streams_state_estimated_keys\\{client=\"StreamThread-1\",store=\"[a-z-]+\",task=\"[0-9]+_[0-9]+\"\\} ")
            .doesNotContain("NaN")
            .doesNotContain("Inf");
        assertThat(UUID.matcher(text).find()).as("a random id in a label:\n%s", text).isFalse();
        assertThat(PromtoolCheckTest.promtoolCheck(text)).as("promtool check metrics").isEmpty();
      }
    }
  }
}
