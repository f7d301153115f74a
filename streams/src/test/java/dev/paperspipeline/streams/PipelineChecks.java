package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.ingest.BatchIngest;
import dev.paperspipeline.ingest.DigestIngester;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestOptions;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.SharedDigests;
import dev.paperspipeline.streams.testing.TopicReads;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the fault tests (failover, stale state, chaos) check after a fault: the whole pipeline's
 * output recounted exactly from the input files.
 */
final class PipelineChecks {
  private PipelineChecks() {}

  /** The expected output for the digests in {@code dir}, recounted offline. */
  record Expected(long sightings, long distinctPapers, Map<String, Long> trends) {
    static Expected of(Path dir) {
      List<PaperEvent> events = SharedDigests.events(dir, Instant.now());
      long distinct = events.stream().map(PaperEvent::getPaperId).distinct().count();
      return new Expected(
          events.size(),
          distinct,
          PipelineSharedDigestsTest.offlineRecount(events, PaperEnricher.loadDefault()));
    }
  }

  /** Streams properties of a test app: its id and state dir, a grace that keeps every window. */
  static Properties streamsProperties(
      String bootstrap, String registry, String applicationId, Path stateDir) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // digests ingested at once interleave across partitions: the tests check counts, not lateness
    overrides.put(PipelineConfig.TRENDS_GRACE, "P3650D");
    overrides.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return PipelineConfig.streamsProperties(bootstrap, registry, overrides);
  }

  /**
   * Ingests {@code files} in order with the real ingester, one file per transaction (so that a
   * fault can fall between files); {@code listener} sees each outcome.
   */
  static IngestSummary ingest(
      String bootstrap,
      String registry,
      Path home,
      List<Path> files,
      Consumer<FileOutcome> listener) {
    IngestOptions o = IngestOptions.of(bootstrap, registry, home);
    IngestOptions oneFilePerTransaction =
        new IngestOptions(
            o.bootstrapServers(),
            o.schemaRegistryUrl(),
            o.transactionalId(),
            o.year(),
            o.partitions(),
            o.replication(),
            o.producerOverrides(),
            1);
    try (DigestIngester ingester = DigestIngester.open(oneFilePerTransaction)) {
      return BatchIngest.run(ingester, files, listener);
    }
  }

  /** Waits until the app's consumer group has read every input record. */
  static void awaitNoLag(String bootstrap, String applicationId, Duration atMost) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(() -> PipelineLag.total(admin, applicationId) == 0);
    }
  }

  /**
   * papers-raw holds every sighting once, papers-unique every distinct paper once, topic-trends'
   * latest count per key equals the offline recount, and the dead-letter topic holds exactly {@code
   * deadLetters} records (the bad input the test fed), which are returned.
   */
  static List<DeadLetter> assertExactOutput(
      String bootstrap, String registry, Expected expected, long rawExtra, long deadLetters) {
    List<ConsumerRecord<String, byte[]>> raw =
        TopicReads.readAllBytes(bootstrap, Topics.PAPERS_RAW);
    assertThat(raw)
        .as("papers-raw, read_committed")
        .hasSize((int) (expected.sightings() + rawExtra));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(
            () -> {
              List<ConsumerRecord<String, UniquePaper>> u =
                  TopicReads.readAll(bootstrap, registry, Topics.PAPERS_UNIQUE, UniquePaper.class);
              assertThat(u).as("papers-unique").hasSize((int) expected.distinctPapers());
              assertThat(u.stream().map(ConsumerRecord::key).distinct().count())
                  .as("distinct keys in papers-unique")
                  .isEqualTo(expected.distinctPapers());
              Map<String, Long> latest = new TreeMap<>();
              TopicReads.readAll(bootstrap, registry, Topics.TOPIC_TRENDS, TopicTrend.class)
                  .forEach(r -> latest.put(r.key(), r.value().getCount()));
              assertThat(differences(expected.trends(), latest))
                  .as("trend counts that differ from the offline recount")
                  .isEmpty();
            });
    List<ConsumerRecord<String, DeadLetter>> letters =
        TopicReads.readAll(bootstrap, registry, Topics.DEAD_LETTER, DeadLetter.class);
    assertThat(letters).as("papers-dead-letter").hasSize((int) deadLetters);
    return letters.stream().map(ConsumerRecord::value).toList();
  }

  /** Keys whose counts differ, as {@code key -> "expected E, got A"}. */
  static Map<String, String> differences(Map<String, Long> expected, Map<String, Long> actual) {
    Map<String, String> out = new TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    for (String key : keys) {
      Long e = expected.get(key);
      Long a = actual.get(key);
      if (!java.util.Objects.equals(e, a)) {
        out.put(key, "expected " + e + ", got " + a);
      }
    }
    return out;
  }
}
