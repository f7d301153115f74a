package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.EmbeddedKafkaCluster;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on a cluster of three brokers (the fixture {@code papers local --brokers 3}
 * runs): one broker is stopped while a file's transaction is in flight and the streams app
 * processes, started again, then the streams app's group coordinator is stopped and started again.
 * Every output is exact afterwards.
 */
class ClusterFailoverIT {
  private static final String APP_ID = "papers-failover-it";

  @TempDir Path dir;

  @Test
  void shouldKeepEveryOutputExactWhenBrokersStopAndRestartDuringIngestAndStreams()
      throws Exception {
    Path digests = dir.resolve("digests");
    DigestGenerator.Summary generated =
        new DigestGenerator(900, 8, 21, LocalDate.of(2026, 3, 2)).generate(digests);
    PipelineChecks.Expected expected = PipelineChecks.Expected.of(digests);
    assertThat(expected.sightings()).isEqualTo(generated.sightings());

    try (LocalStack stack = LocalStack.startEphemeralCluster(3);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      EmbeddedKafkaCluster cluster = stack.cluster();
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);
      // A new topic reaches every broker's metadata a moment after its creation returns.
      TopicDescription raw =
          org.awaitility.Awaitility.await()
              .atMost(Duration.ofSeconds(30))
              .ignoreExceptions()
              .until(
                  () ->
                      admin
                          .describeTopics(List.of(Topics.PAPERS_RAW))
                          .allTopicNames()
                          .get()
                          .get(Topics.PAPERS_RAW),
                  d -> d != null);
      assertThat(raw.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource rawConfig = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PAPERS_RAW);
      assertThat(
              admin
                  .describeConfigs(List.of(rawConfig))
                  .all()
                  .get()
                  .get(rawConfig)
                  .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                  .value())
          .isEqualTo("2");

      // The one bad input: a record that is not Avro, which must reach the dead-letter topic.
      try (var poison =
          new KafkaProducer<>(
              Map.<String, Object>of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new ByteArraySerializer())) {
        poison
            .send(
                new ProducerRecord<>(
                    Topics.PAPERS_RAW, "poison", "not avro".getBytes(StandardCharsets.UTF_8)))
            .get();
      }

      try (StreamsApp app =
          StreamsApp.start(
              PipelineChecks.streamsProperties(
                  bootstrap, registry, APP_ID, Files.createDirectories(dir.resolve("state"))))) {
        int leaderOfRaw = raw.partitions().get(0).leader().id();
        AtomicInteger files = new AtomicInteger();
        CompletableFuture<Void>[] stopping = new CompletableFuture[2];
        int[] coordinator = new int[1];
        IngestSummary summary =
            PipelineChecks.ingest(
                bootstrap,
                registry,
                Files.createDirectories(dir.resolve("ingest")),
                generated.files(),
                (FileOutcome outcome) -> {
                  switch (files.incrementAndGet()) {
                    // the stop (a controlled shutdown of a second or two) runs while the next
                    // transactions are open and the streams app processes the files before them
                    case 2 ->
                        stopping[0] = CompletableFuture.runAsync(() -> cluster.stop(leaderOfRaw));
                    case 5 -> {
                      stopping[0].join();
                      cluster.restart(leaderOfRaw);
                    }
                    case 6 -> {
                      coordinator[0] = streamsCoordinator(admin);
                      stopping[1] = CompletableFuture.runAsync(() -> cluster.stop(coordinator[0]));
                    }
                    default -> {}
                  }
                });
        assertThat(summary.files()).isEqualTo(8);
        assertThat(summary.failed()).isZero();
        assertThat(summary.papers()).isEqualTo(generated.sightings());
        stopping[1].join();
        assertThat(cluster.isRunning(coordinator[0])).isFalse();
        cluster.restart(coordinator[0]);

        PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(3));
        assertThat(PipelineChecks.assertExactOutput(bootstrap, registry, expected, 1, 1))
            .singleElement()
            .satisfies(
                letter -> {
                  assertThat(letter.getStage()).isEqualTo("STREAMS_DESERIALIZATION");
                  assertThat(letter.getSourceTopic()).isEqualTo(Topics.PAPERS_RAW);
                });
        assertThat(app.streams().state())
            .isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      }
    }
  }

  private static int streamsCoordinator(Admin admin) {
    try {
      return admin
          .describeConsumerGroups(List.of(APP_ID))
          .all()
          .get()
          .get(APP_ID)
          .coordinator()
          .id();
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot find the group coordinator of " + APP_ID, e);
    }
  }
}
