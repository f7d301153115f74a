package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.TopicsCreator;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.StreamsApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code papers streams}: runs dedupe, enrich and trends until Ctrl-C. */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Kafka Streams app (exactly-once): papers-raw -> papers-unique and"
          + " paper-sightings (dedupe) -> papers-enriched (enrich) -> topic-trends and"
          + " trending-topics (trends), until stopped (Ctrl-C).",
      "Creates missing pipeline topics first. Poison records go to papers-dead-letter."
    })
public final class StreamsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"--bootstrap-servers", "-b"},
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = {"--schema-registry", "-r"},
      defaultValue = "http://127.0.0.1:8081",
      description = "Schema registry URL (default: ${DEFAULT-VALUE}).")
  String schemaRegistry;

  @Option(
      names = "--state-dir",
      description = "Directory of local state stores (default: Kafka Streams' temp dir).")
  Path stateDir;

  @Option(
      names = "--application-id",
      defaultValue = PipelineConfig.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--dedupe-horizon",
      defaultValue = "P90D",
      description =
          "How long a paper counts as already seen, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration horizon;

  @Option(
      names = "--grace",
      defaultValue = "P1D",
      description = "Grace period of trend windows, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--top-n",
      defaultValue = "10",
      description = "Entries per trending-topics record (default: ${DEFAULT-VALUE}).")
  int topN;

  @Override
  public Integer call() throws InterruptedException {
    List<String> created = TopicsCreator.ensureAll(bootstrapServers);
    if (!created.isEmpty()) {
      spec.commandLine().getErr().println("created topics " + created);
    }
    Map<String, Object> overrides = new HashMap<>();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    if (stateDir != null) {
      overrides.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    }
    overrides.put(PipelineConfig.DEDUPE_HORIZON, horizon.toString());
    overrides.put(PipelineConfig.TRENDS_GRACE, grace.toString());
    overrides.put(PipelineConfig.TRENDS_TOP_N, String.valueOf(topN));
    StreamsApp.runUntilShutdown(
        PipelineConfig.streamsProperties(bootstrapServers, schemaRegistry, overrides));
    return 0;
  }
}
