package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.registry.RegistryConfig;
import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the streams app, one in a child JVM: the child is killed with SIGKILL while both
 * process, the survivor takes its tasks over, more files arrive, and the child starts again on its
 * state directory. Every output is exact afterwards.
 */
class StreamsInstanceKillIT {
  private static final String APP_ID = "papers-instance-kill-it";

  /** Short, so that the survivor takes the killed instance's tasks over in seconds. */
  private static final String SESSION_TIMEOUT_MS = "6000";

  @TempDir Path dir;

  @Test
  void shouldKeepEveryOutputExactWhenOneOfTwoInstancesIsKilledAndRestarted() throws Exception {
    Path digests = dir.resolve("digests");
    DigestGenerator.Summary generated =
        new DigestGenerator(600, 8, 44, LocalDate.of(2026, 6, 1)).generate(digests);
    PipelineChecks.Expected expected = PipelineChecks.Expected.of(digests);
    List<Path> files = generated.files();

    try (LocalStack stack = LocalStack.startEphemeral();
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
      String bootstrap = stack.bootstrapServers();
      String registry = stack.schemaRegistryUrl();
      TopicsCreator.ensureAll(bootstrap);
      Path home = Files.createDirectories(dir.resolve("ingest"));
      Properties props =
          PipelineChecks.streamsProperties(
              bootstrap, registry, APP_ID, Files.createDirectories(dir.resolve("state-a")));
      props.put(
          StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
          SESSION_TIMEOUT_MS);
      Path childConfig = childConfig(bootstrap, registry);

      try (StreamsApp survivor = StreamsApp.start(props)) {
        Process child = child(childConfig, dir.resolve("child-1.log"));
        try {
          awaitMembers(admin, 2);
          PipelineChecks.ingest(bootstrap, registry, home, files.subList(0, 4), null);
          // kill while the child holds tasks with work: it has read some of the first files
          await()
              .atMost(Duration.ofSeconds(60))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> committedOffsets(admin) > 0);
        } finally {
          child.destroyForcibly();
          assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        PipelineChecks.ingest(bootstrap, registry, home, files.subList(4, 6), null);
        // the survivor alone, after the killed member's session expired
        awaitMembers(admin, 1);
        Process restarted = child(childConfig, dir.resolve("child-2.log"));
        try {
          awaitMembers(admin, 2);
          PipelineChecks.ingest(bootstrap, registry, home, files.subList(6, 8), null);
          PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(3));
          PipelineChecks.assertExactOutput(bootstrap, registry, expected, 0, 0);
          assertThat(restarted.isAlive()).as("restarted child, see child-2.log").isTrue();
        } finally {
          restarted.destroy();
          restarted.waitFor(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  private Path childConfig(String bootstrap, String registry) throws Exception {
    Properties p = new Properties();
    p.setProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.setProperty(RegistryConfig.SCHEMA_REGISTRY_URL, registry);
    p.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, APP_ID);
    p.setProperty(
        StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve("state-b")).toString());
    p.setProperty(PipelineConfig.TRENDS_GRACE, "P3650D");
    p.setProperty(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
    Path file = dir.resolve("child.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, "streams child of " + getClass().getSimpleName());
    }
    return file;
  }

  private static Process child(Path config, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            StreamsApp.class.getName(),
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
  }

  private static void awaitMembers(Admin admin, int n) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () ->
                admin
                        .describeConsumerGroups(List.of(APP_ID))
                        .all()
                        .get()
                        .get(APP_ID)
                        .members()
                        .size()
                    == n);
  }

  private static long committedOffsets(Admin admin) throws Exception {
    return admin
        .listConsumerGroupOffsets(APP_ID)
        .partitionsToOffsetAndMetadata()
        .get()
        .values()
        .stream()
        .filter(o -> o != null)
        .mapToLong(o -> o.offset())
        .sum();
  }
}
