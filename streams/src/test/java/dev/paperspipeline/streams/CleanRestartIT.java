package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.testing.TopicReads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A clean restart on digests that leave a papers-raw partition without a paper (few papers, dates
 * without a year, a file without a date line, dates out of order): the dedupe task of that
 * partition has an empty store directory and no committed offset. Kafka Streams 4.3.1 under
 * exactly-once took it for a store left dirty and reported it corrupted at every start (a WARN,
 * then an ERROR with stack traces, the task closed dirty, wiped and restored); the restart must
 * instead find every store as it was left, restore nothing, and count on exactly.
 */
class CleanRestartIT {
  private static final String APP_ID = "papers-clean-restart-it";
  private static final String FIRST = "Sparse Partitions Leave Empty Window Stores";
  private static final String SECOND = "Restarting Stream Processors Without Restoring";

  @TempDir Path dir;

  @Test
  void shouldRestartWithoutReportingAnEmptyDedupeStoreCorruptedOrRestoringAnyStore()
      throws Exception {
    Path digests = Files.createDirectories(dir.resolve("digests"));
    // no date line: dated by the file's modification day, 2026-05-20
    Path undated = digest(digests, "undated.txt", null, FIRST);
    Files.setLastModifiedTime(undated, FileTime.from(Instant.parse("2026-05-20T10:00:00Z")));
    // no year: the year comes from the file's modification time; ingested after the later date
    Path march = digest(digests, "march.txt", "Mar 3", FIRST, SECOND);
    Files.setLastModifiedTime(march, FileTime.from(Instant.parse("2026-06-01T10:00:00Z")));
    Path april = digest(digests, "april.txt", "Apr 9", SECOND, FIRST);
    Files.setLastModifiedTime(april, FileTime.from(Instant.parse("2026-06-01T10:00:00Z")));
    Path stateDir = Files.createDirectories(dir.resolve("state"));

    try (LocalStack stack = LocalStack.startEphemeral()) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);
      Properties props = PipelineChecks.streamsProperties(bootstrap, registry, APP_ID, stateDir);

      try (StreamsApp app = StreamsApp.start(props)) {
        PipelineChecks.ingest(
            bootstrap, registry, dir.resolve("ingest-1"), List.of(undated, march), null);
        PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(2));
        awaitUniquePapers(bootstrap, registry, 2);
      }
      Set<Integer> fed =
          TopicReads.readAllBytes(bootstrap, Topics.PAPERS_RAW).stream()
              .map(ConsumerRecord::partition)
              .collect(Collectors.toSet());
      assertThat(fed).as("papers-raw partitions with a paper").hasSizeLessThan(3);
      assertThat(emptyDedupeStoreDirectories(stateDir.resolve(APP_ID)))
          .as("dedupe store directories without a segment after the clean close")
          .hasSize(3 - fed.size());

      RestoreCounts restores = new RestoreCounts();
      ListAppender<ILoggingEvent> kafkaLog = new ListAppender<>();
      Logger streamsLogger = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
      kafkaLog.start();
      streamsLogger.addAppender(kafkaLog);
      try (StreamsApp app =
          StreamsApp.start(props, StreamsApp.topology(props), "streams", restores)) {
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> app.streams().state() == KafkaStreams.State.RUNNING);
        PipelineChecks.ingest(bootstrap, registry, dir.resolve("ingest-2"), List.of(april), null);
        PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(2));

        List<ConsumerRecord<String, UniquePaper>> unique =
            TopicReads.readAll(bootstrap, registry, Topics.PAPERS_UNIQUE, UniquePaper.class);
        assertThat(unique.stream().map(ConsumerRecord::key).distinct())
            .as("papers-unique after the restart: no paper counted twice")
            .hasSize(2);
        // and one revision: the first paper, first read dated May 20, moved to March's date
        assertThat(unique).hasSize(3);
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(latestSightings(bootstrap, registry))
                        .as("sightings per title in paper-sightings")
                        .isEqualTo(Map.of(FIRST, 3, SECOND, 2)));
      } finally {
        streamsLogger.detachAppender(kafkaLog);
      }
      assertThat(TopicReads.readAllBytes(bootstrap, Topics.PAPERS_RAW)).hasSize(5);
      assertThat(TopicReads.readAllBytes(bootstrap, Topics.DEAD_LETTER)).isEmpty();
      assertThat(
              kafkaLog.list.stream()
                  .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                  .map(ILoggingEvent::getFormattedMessage)
                  .filter(m -> m.contains("corrupt")))
          .as("Kafka Streams WARN and ERROR lines about corrupted tasks at the restart")
          .isEmpty();
      assertThat(restores.records(StoreNames.DEDUPE_SIGHTINGS))
          .as("records restored into the dedupe store")
          .isZero();
      // A restore starts for every changelog partition (from the committed offset to the end,
      // a transaction marker apart); what must be zero is the records it reads. The in-memory
      // dirty-windows store is read back from its changelog at every start, by design.
      Map<String, Long> persistent = restores.restoredRecords();
      persistent.remove(StoreNames.TRENDS_DIRTY_WINDOWS);
      assertThat(persistent)
          .as("records restored per persistent store; restores started: %s", restores.started())
          .isEmpty();
    }
  }

  /** A digest in the daily-papers text layout; no date line when {@code dateLine} is null. */
  private static Path digest(Path dir, String name, String dateLine, String... titles)
      throws Exception {
    StringBuilder text = new StringBuilder("Daily Papers\n\nbyAK and the research community\n\n");
    if (dateLine != null) {
      text.append(dateLine).append("\n\n");
    }
    for (String title : titles) {
      text.append(title)
          .append("\n\n")
          .append("We study ")
          .append(title.toLowerCase(java.util.Locale.ROOT))
          .append(" in stream processing, where a restart must neither lose nor repeat state.")
          .append(
              " Our measurements cover window stores, changelogs and exactly-once commits.\n\n");
    }
    return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.UTF_8);
  }

  private static void awaitUniquePapers(String bootstrap, String registry, int expected) {
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        TopicReads.readAll(
                                bootstrap, registry, Topics.PAPERS_UNIQUE, UniquePaper.class)
                            .stream()
                            .map(ConsumerRecord::key)
                            .distinct())
                    .as("distinct papers on papers-unique (a revision has the same key)")
                    .hasSize(expected));
  }

  /** The latest sightings count of each title in paper-sightings. */
  private static Map<String, Integer> latestSightings(String bootstrap, String registry) {
    Map<String, Integer> latest = new TreeMap<>();
    for (ConsumerRecord<String, PaperSighting> r :
        TopicReads.readAll(bootstrap, registry, Topics.PAPER_SIGHTINGS, PaperSighting.class)) {
      latest.put(r.value().getTitle(), r.value().getSightings());
    }
    return latest;
  }

  private static List<Path> emptyDedupeStoreDirectories(Path appDir) throws Exception {
    try (Stream<Path> tasks = Files.list(appDir)) {
      return tasks
          .map(task -> task.resolve(StoreNames.DEDUPE_SIGHTINGS))
          .filter(Files::isDirectory)
          .filter(
              store -> {
                try (Stream<Path> segments = Files.list(store)) {
                  return segments.findAny().isEmpty();
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  /** Records restored per store, and the changelog partitions a restore started for. */
  private static final class RestoreCounts implements StateRestoreListener {
    private final Map<String, AtomicLong> records = new ConcurrentHashMap<>();
    private final Map<String, String> started = new ConcurrentHashMap<>();

    @Override
    public void onRestoreStart(
        TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
      started.put(
          partition.toString(), storeName + " from " + startingOffset + " to " + endingOffset);
    }

    @Override
    public void onBatchRestored(
        TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
      records.computeIfAbsent(storeName, s -> new AtomicLong()).addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {}

    long records(String store) {
      AtomicLong n = records.get(store);
      return n == null ? 0 : n.get();
    }

    /** Stores that restored records, with the count. */
    Map<String, Long> restoredRecords() {
      Map<String, Long> out = new TreeMap<>();
      records.forEach((store, n) -> out.put(store, n.get()));
      out.values().removeIf(n -> n == 0);
      return out;
    }

    /** Each changelog partition a restore started for, with its store and offsets. */
    Map<String, String> started() {
      return new TreeMap<>(started);
    }
  }
}
