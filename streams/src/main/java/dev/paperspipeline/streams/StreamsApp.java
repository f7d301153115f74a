package dev.paperspipeline.streams;

import dev.paperspipeline.streams.enrich.PaperEnricher;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams app: builds the {@link PipelineTopology} from {@link PipelineConfig} properties, sets
 * the uncaught exception handler and state listener, and runs until shut down. The pipeline topics
 * must exist (the {@code papers streams} command creates missing ones first).
 */
public final class StreamsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamsApp.class);

  private final KafkaStreams streams;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private StreamsApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /** The combined topology for {@code props}. */
  public static Topology topology(Properties props) {
    return PipelineTopology.build(
        PipelineConfig.dedupeHorizon(props),
        PaperEnricher.loadDefault(),
        Clock.systemUTC(),
        PipelineConfig.trendsOptions(props),
        PipelineSerdes.avro(registrySettings(props)));
  }

  /** The registry URL (required) and every other setting, for the serdes' registry clients. */
  public static java.util.Map<String, Object> registrySettings(Properties props) {
    java.util.Map<String, Object> out = new java.util.HashMap<>();
    props.forEach((k, v) -> out.put(k.toString(), v));
    out.put(
        dev.paperspipeline.registry.RegistryConfig.SCHEMA_REGISTRY_URL,
        PipelineConfig.schemaRegistryUrl(props));
    return out;
  }

  /**
   * Builds and starts the app. Local state recorded for another Kafka cluster is wiped first
   * ({@link StateClusterGuard}), and empty store directories are removed ({@link
   * EmptyStoreDirectories}).
   */
  public static StreamsApp start(Properties props) {
    return start(props, topology(props), "streams");
  }

  /**
   * Runs {@code topology} as a Kafka Streams app with {@code props}, as this app runs the pipeline:
   * stale local state of another cluster wiped, empty store directories removed, a failed thread
   * replaced, state changes logged under {@code role}.
   */
  public static StreamsApp start(Properties props, Topology topology, String role) {
    return start(props, topology, role, null);
  }

  /**
   * As {@link #start(Properties, Topology, String)}, with {@code restoreListener} (when not null)
   * told of every restore of a store from its changelog.
   */
  public static StreamsApp start(
      Properties props, Topology topology, String role, StateRestoreListener restoreListener) {
    StateClusterGuard.ensure(props);
    EmptyStoreDirectories.remove(props);
    log.info("starting {} app {}", role, props.get("application.id"));
    log.debug("topology of {}: {}", props.get("application.id"), topology.describe());
    KafkaStreams streams = new KafkaStreams(topology, props);
    StreamsApp app = new StreamsApp(streams);
    if (restoreListener != null) {
      streams.setGlobalStateRestoreListener(restoreListener);
    }
    streams.setUncaughtExceptionHandler(
        e -> {
          // a failed thread is replaced; its task restarts from the last committed transaction
          log.error("{} stream thread failed; replacing it", role, e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (now, before) -> {
          log.info("{} state {} -> {}", role, before, now);
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            app.stopped.countDown();
          }
        });
    streams.start();
    return app;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Blocks until the app stops (closed, or failed for good). */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops the app and leaves the consumer group, so that other instances take over its partitions
   * (and {@code papers reset} may run) at once rather than after the session timeout.
   */
  @Override
  public void close() {
    streams.close(
        CloseOptions.timeout(Duration.ofSeconds(30))
            .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    stopped.countDown();
  }

  /**
   * Runs the app with properties from the file given as the only argument (Kafka Streams keys plus
   * {@code schema.registry.url} and {@link PipelineConfig}'s keys), until shut down.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 1) {
      log.error("usage: StreamsApp <config.properties>");
      System.exit(2);
    }
    Properties file = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      file.load(in);
    }
    Properties props =
        PipelineConfig.streamsProperties(
            file.getProperty("bootstrap.servers"),
            PipelineConfig.schemaRegistryUrl(file),
            asMap(file));
    runUntilShutdown(props);
  }

  /** Starts the app and blocks until it stops; a JVM shutdown hook closes it cleanly. */
  public static void runUntilShutdown(Properties props) throws InterruptedException {
    StreamsApp app = start(props);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "papers-streams-shutdown"));
    app.awaitStop();
  }

  private static java.util.Map<String, Object> asMap(Properties p) {
    java.util.Map<String, Object> m = new java.util.HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v));
    return m;
  }
}
