package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.PipelineLag;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code papers reset}: after a full run, a reset and a second run, papers-unique holds every
 * distinct paper exactly once (the second run reprocessed papers-raw into recreated outputs). The
 * analytics app, run next to the pipeline, is reset with it.
 */
class ResetCommandIT {
  private static final String APP_ID = "papers-reset-it";
  private static final String ANALYTICS_ID = AnalyticsApp.applicationId(APP_ID);

  @TempDir Path dir;

  @Test
  void shouldMakeTheNextRunReprocessEveryPaperExactlyOnce() throws Exception {
    DigestGenerator.Summary generated =
        new DigestGenerator(120, 3, 9, LocalDate.of(2026, 7, 6)).generate(dir.resolve("digests"));
    Path stateDir = dir.resolve("state");
    try (LocalStack stack = LocalStack.startEphemeral();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      String b = stack.bootstrapServers();
      String r = stack.schemaRegistryUrl();
      assertThat(
              CliFixtures.papers("ingest", "-b", b, "-r", r, dir.resolve("digests").toString())
                  .exitCode())
          .isZero();

      run(b, r, stateDir, generated.distinctPapers());
      assertThat(Files.isDirectory(stateDir.resolve(APP_ID))).isTrue();
      assertThat(admin.describeConsumerGroups(List.of(APP_ID)).all().get().get(APP_ID).members())
          .as("members of %s right after StreamsApp.close", APP_ID)
          .isEmpty();
      Path analyticsState = stateDir.resolve(AnalyticsApp.STATE_SUBDIR).resolve(ANALYTICS_ID);
      assertThat(Files.isDirectory(analyticsState)).isTrue();
      assertThat(admin.listTopics().names().get())
          .anyMatch(t -> t.startsWith(ANALYTICS_ID + "-") && t.endsWith("-changelog"));

      CliFixtures.Run reset =
          CliFixtures.papers(
              "reset",
              "-b",
              b,
              "-r",
              r,
              "--application-id",
              APP_ID,
              "--state-dir",
              stateDir.toString());
      assertThat(reset.exitCode()).as(reset.err()).isZero();
      assertThat(stateDir.resolve(APP_ID)).doesNotExist();
      assertThat(records(b, Topics.PAPERS_UNIQUE)).as("papers-unique after reset").isZero();
      assertThat(records(b, Topics.PAPER_EMBEDDINGS)).as("paper-embeddings after reset").isZero();
      assertThat(admin.listConsumerGroups().all().get())
          .noneMatch(g -> g.groupId().equals(APP_ID) || g.groupId().equals(ANALYTICS_ID));
      assertThat(analyticsState).doesNotExist();
      assertThat(admin.listTopics().names().get())
          .noneMatch(t -> t.startsWith(ANALYTICS_ID + "-"))
          .containsAll(AnalyticsApp.OUTPUT_TOPICS);
      for (String topic : AnalyticsApp.OUTPUT_TOPICS) {
        assertThat(records(b, topic)).as(topic + " after reset").isZero();
      }

      run(b, r, stateDir, generated.distinctPapers());
    }
  }

  /** Runs the app until papers-unique holds {@code distinct} records, then checks it is exact. */
  private static void run(String bootstrap, String registry, Path stateDir, int distinct)
      throws Exception {
    var props =
        PipelineConfig.streamsProperties(
            bootstrap,
            registry,
            Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG,
                APP_ID,
                StreamsConfig.STATE_DIR_CONFIG,
                stateDir.toString(),
                PipelineConfig.TRENDS_GRACE,
                "P3650D"));
    try (StreamsApp app = StreamsApp.start(props);
        StreamsApp analytics = AnalyticsApp.start(props);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> records(bootstrap, Topics.PAPERS_UNIQUE) >= distinct);
      assertThat(records(bootstrap, Topics.PAPERS_UNIQUE)).isEqualTo(distinct);
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () ->
                  records(bootstrap, Topics.PAPERS_ENRICHED) == distinct
                      && PipelineLag.total(
                              admin, ANALYTICS_ID, AnalyticsApp.inputTopics(ANALYTICS_ID))
                          == 0);
      // written in the same transactions as papers-enriched: one vector per paper, no more
      assertThat(records(bootstrap, Topics.PAPER_EMBEDDINGS)).isEqualTo(distinct);
      // StreamsApp.close leaves the group, so the reset that follows does not wait for the session
      // to expire (the group's session timeout is 45 s, the reset waits at most 60 s)
    }
  }

  /** Committed records in {@code topic}, read to its end. */
  private static long records(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "reset-it-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic, Duration.ofSeconds(10))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
      return count;
    }
  }
}
