package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 7: a streams app run against one cluster, then against a new cluster with the same
 * state directory, must not reuse the first cluster's stores (which would call every paper already
 * seen): on the new cluster every distinct paper reaches papers-unique exactly once.
 */
class StaleStateIT {
  private static final String APP_ID = "papers-stale-state-it";

  @TempDir Path dir;

  @Test
  void shouldWipeStateOfAnotherClusterAndCountEveryPaperOnTheNewOne() throws Exception {
    Path digests = dir.resolve("digests");
    DigestGenerator.Summary generated =
        new DigestGenerator(200, 4, 5, LocalDate.of(2026, 4, 6)).generate(digests);
    PipelineChecks.Expected expected = PipelineChecks.Expected.of(digests);
    Path stateDir = Files.createDirectories(dir.resolve("state"));
    Path marker = stateDir.resolve(APP_ID).resolve(StateClusterGuard.CLUSTER_ID_FILE);

    for (String run : new String[] {"a", "b"}) {
      try (LocalStack stack = LocalStack.startEphemeral()) {
        String bootstrap = stack.bootstrapServers();
        String registry = stack.schemaRegistryUrl();
        TopicsCreator.ensureAll(bootstrap);
        PipelineChecks.ingest(
            bootstrap,
            registry,
            Files.createDirectories(dir.resolve("ingest-" + run)),
            generated.files(),
            null);
        try (StreamsApp app =
            StreamsApp.start(
                PipelineChecks.streamsProperties(bootstrap, registry, APP_ID, stateDir))) {
          assertThat(Files.readString(marker).trim()).isEqualTo(stack.clusterId());
          PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(2));
          PipelineChecks.assertExactOutput(bootstrap, registry, expected, 0, 0);
        }
        assertThat(Files.list(stateDir.resolve(APP_ID)).filter(Files::isDirectory).count())
            .as("task directories with stores left by run %s", run)
            .isPositive();
      }
    }
  }
}
