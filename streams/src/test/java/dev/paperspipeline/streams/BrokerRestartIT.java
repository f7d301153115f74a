package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.FileOutcome;
import dev.paperspipeline.ingest.IngestSummary;
import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.ingest.generate.DigestGenerator;
import dev.paperspipeline.registry.KafkaSchemaStore;
import dev.paperspipeline.registry.SchemaRegistryServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only broker stops (clean shutdown) while ingest commits files and the streams app processes
 * them, and starts again on the same directory and port a few seconds later. Ingest is run again
 * over every file, as an operator would after errors: the ledger skips what was committed. Every
 * output is exact afterwards.
 */
class BrokerRestartIT {
  private static final String APP_ID = "papers-broker-restart-it";

  @TempDir Path dir;

  @Test
  void shouldKeepEveryOutputExactWhenTheBrokerRestartsUnderLoad() throws Exception {
    Path digests = dir.resolve("digests");
    DigestGenerator.Summary generated =
        new DigestGenerator(600, 8, 33, LocalDate.of(2026, 5, 4)).generate(digests);
    PipelineChecks.Expected expected = PipelineChecks.Expected.of(digests);
    EmbeddedKafka.Config config =
        EmbeddedKafka.Config.defaults()
            .withPort(EmbeddedKafka.freePortForTests())
            .withDataDir(dir.resolve("kafka"));
    EmbeddedKafka[] kafka = {EmbeddedKafka.start(config)};
    String bootstrap = kafka[0].bootstrapServers();
    try (SchemaRegistryServer registryServer =
        SchemaRegistryServer.start(
            SchemaRegistryServer.Config.of(
                    new KafkaSchemaStore(bootstrap, LocalStack.SCHEMAS_TOPIC, Map.of()))
                .withPort(0))) {
      String registry = registryServer.url();
      TopicsCreator.ensureAll(bootstrap);
      Path home = Files.createDirectories(dir.resolve("ingest"));
      try (StreamsApp app =
          StreamsApp.start(
              PipelineChecks.streamsProperties(
                  bootstrap, registry, APP_ID, Files.createDirectories(dir.resolve("state"))))) {
        AtomicInteger files = new AtomicInteger();
        CompletableFuture<Void>[] restart = new CompletableFuture[1];
        IngestSummary first =
            PipelineChecks.ingest(
                bootstrap,
                registry,
                home,
                generated.files(),
                (FileOutcome outcome) -> {
                  if (files.incrementAndGet() == 2) {
                    // down while the next files' transactions are open and streams processes
                    restart[0] =
                        CompletableFuture.runAsync(
                            () -> {
                              kafka[0].close();
                              sleepQuietly(Duration.ofSeconds(3));
                              kafka[0] = EmbeddedKafka.start(config);
                            });
                  }
                });
        restart[0].join();
        IngestSummary second =
            PipelineChecks.ingest(bootstrap, registry, home, generated.files(), null);
        // a file whose commit answer was lost may count as failed in the first run and as a
        // duplicate in the second: papers-raw, checked below, is what must be exact
        assertThat(first.files()).isEqualTo(8);
        assertThat(second.files()).isEqualTo(8);
        assertThat(second.failed()).isZero();

        PipelineChecks.awaitNoLag(bootstrap, APP_ID, Duration.ofMinutes(3));
        PipelineChecks.assertExactOutput(bootstrap, registry, expected, 0, 0);
      }
    } finally {
      kafka[0].close();
    }
  }

  private static void sleepQuietly(Duration d) {
    // the broker is down for this long: a fixed outage, not a wait for a condition
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
