package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.PipelineTopology;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The dashboard over the real dedupe, enrich and trends topologies in a {@link TopologyTestDriver}:
 * one instance, no broker, papers piped in as the test chooses.
 */
final class DriverDashboard implements AutoCloseable {
  private final String scope;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, PaperEvent> raw;
  private final DashboardServer server;

  DriverDashboard(Path stateDir, String scope, Instant now) throws IOException {
    this.scope = scope;
    PipelineSerdes serdes = PipelineSerdes.avro("mock://" + scope);
    // the app's topology: dedupe, enrich and trends chained, and the papers store
    Topology topology =
        PipelineTopology.build(
            DedupeTopology.DEFAULT_HORIZON,
            PaperEnricher.loadDefault(),
            Clock.fixed(now, ZoneOffset.UTC),
            TrendsOptions.defaults(),
            serdes);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, scope);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props, now);
    raw =
        driver.createInputTopic(
            Topics.PAPERS_RAW,
            Serdes.String().serializer(),
            serdes.paperEvent().serializer(),
            now,
            Duration.ofSeconds(1));
    LocalStores stores = stores(driver, serdes.uniquePaper().deserializer());
    server = DashboardServer.start("127.0.0.1", 0, stores, Router.local(), () -> "RUNNING");
  }

  /** The dashboard's stores, read from the driver's topology. */
  static LocalStores stores(TopologyTestDriver driver, Deserializer<UniquePaper> papers) {
    return new LocalStores() {
      @Override
      public ReadOnlyKeyValueStore<String, TopicTrend> trendCounts() {
        return driver.getKeyValueStore(StoreNames.TREND_COUNTS);
      }

      @Override
      public ReadOnlyKeyValueStore<String, TrendingTopics> trending() {
        return driver.getKeyValueStore(StoreNames.TRENDING);
      }

      @Override
      public ReadOnlyKeyValueStore<String, WindowMember> trendMembers() {
        return driver.getKeyValueStore(StoreNames.TREND_MEMBERS);
      }

      @Override
      public ReadOnlyWindowStore<String, PaperSighting> sightings() {
        return driver.getWindowStore(StoreNames.DEDUPE_SIGHTINGS);
      }

      @Override
      public UniquePaper paper(String paperId) {
        byte[] bytes = driver.<String, byte[]>getKeyValueStore(StoreNames.PAPERS).get(paperId);
        return bytes == null ? null : papers.deserialize(Topics.PAPERS_UNIQUE, bytes);
      }
    };
  }

  /** Pipes one digest entry of {@code date} into papers-raw. */
  void paper(String id, String title, String abstractText, LocalDate date) {
    raw.pipeInput(
        id,
        PaperEvent.newBuilder()
            .setPaperId(id)
            .setTitle(title)
            .setAbstractText(abstractText)
            .setDigestDate(date)
            .setDigestDateSource("OPTION")
            .setLineage(new Lineage("digest-" + date + ".txt", "0".repeat(64), 1, 9))
            .setIngestedAt(Instant.EPOCH)
            .build());
  }

  /** Pipes a paper whose abstract is made from its title. */
  void paper(String id, String title, LocalDate date) {
    paper(id, title, "We study " + title.toLowerCase(Locale.ROOT) + " in depth.", date);
  }

  /**
   * The server, once trends has emitted what was piped: its stores are written by a wall-clock
   * punctuation every {@code commit.interval.ms} (30 s by default here).
   */
  DashboardServer server() {
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    return server;
  }

  @Override
  public void close() {
    server.close();
    driver.close();
    SchemaRegistryClients.dropScope(scope);
  }
}
