package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.streams.report.AnalyticsView;
import dev.paperspipeline.streams.report.OutputTopicsReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's copy of the analytics outputs: an in-process {@code read_committed} consumer that
 * follows the output topics into a bounded {@link AnalyticsView} on a daemon thread.
 *
 * <p>Every dashboard instance reads every partition itself (manual assignment, no group), so any
 * instance answers the analytics panels alone, without forwarding. The outputs are small (one
 * record per window and name) and the view keeps {@link AnalyticsView#DEFAULT_MAX_WEEKS} weeks; it
 * also keeps the latest vector of every paper of {@code paper-embeddings} (about 1.6 KB a paper),
 * for the similar-papers queries.
 */
public final class OutputsFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutputsFeed.class);

  private final AnalyticsView view;
  private final SchemaRegistryClient registry;
  private final OutputTopicsReader reader;
  private final Thread thread;

  private OutputsFeed(
      AnalyticsView view, SchemaRegistryClient registry, OutputTopicsReader reader) {
    this.view = view;
    this.registry = registry;
    this.reader = reader;
    this.thread = new Thread(this::run, "papers-dashboard-outputs");
    thread.setDaemon(true);
  }

  /**
   * Starts following the output topics of the cluster and registry of a streams app's {@code
   * config}: its bootstrap servers, its consumer settings (unprefixed consumer names, overridden by
   * {@code consumer.}-prefixed ones) and its registry client settings.
   */
  public static OutputsFeed start(Properties config) {
    Map<String, Object> consumer = new HashMap<>();
    for (String name : config.stringPropertyNames()) {
      if (ConsumerConfig.configNames().contains(name)) {
        consumer.put(name, config.getProperty(name));
      }
    }
    String prefix = "consumer.";
    for (String name : config.stringPropertyNames()) {
      String bare = name.substring(Math.min(name.length(), prefix.length()));
      if (name.startsWith(prefix) && ConsumerConfig.configNames().contains(bare)) {
        consumer.put(bare, config.getProperty(name));
      }
    }
    Map<String, Object> registryConfig = new HashMap<>();
    config.stringPropertyNames().forEach(n -> registryConfig.put(n, config.getProperty(n)));
    SchemaRegistryClient registry =
        SchemaRegistryClients.create(
            config.getProperty(RegistryConfig.SCHEMA_REGISTRY_URL), registryConfig);
    OutputTopicsReader reader =
        new OutputTopicsReader(
            config.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG), consumer, registry);
    OutputsFeed feed =
        new OutputsFeed(AnalyticsView.latest(AnalyticsView.DEFAULT_MAX_WEEKS), registry, reader);
    feed.thread.start();
    return feed;
  }

  private void run() {
    try {
      reader.follow(view);
    } catch (RuntimeException e) {
      // the panels keep what was read; the log says why they stopped updating
      log.error("Stopped following the analytics output topics", e);
    }
  }

  /** The view the feed fills. */
  public AnalyticsView view() {
    return view;
  }

  @Override
  public void close() {
    reader.stop();
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    reader.close();
    registry.close();
  }
}
