package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.registry.AvroSerde;
import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The three analytics outputs of this package in one TopologyTestDriver, with Avro serdes. */
final class WeeklyAnalyticsDriver implements AutoCloseable {
  static final String REGISTRY = "mock://analytics-test";
  static final Duration COMMIT = Duration.ofMillis(100);
  static final Duration CLOSE_CHECK = Duration.ofMinutes(1);

  final TopologyTestDriver driver;
  final TestInputTopic<String, EnrichedPaper> enriched;
  final TestInputTopic<String, PaperSighting> sightings;
  final TestInputTopic<String, DigestFile> files;
  final TestOutputTopic<String, OpenCodeShare> share;
  final TestOutputTopic<String, StayingPower> staying;
  final TestOutputTopic<String, DigestHealth> health;

  WeeklyAnalyticsDriver(
      Instant wallStart, TrendsOptions trends, DigestHealthOptions healthOptions) {
    Serde<EnrichedPaper> enrichedSerde = serde(EnrichedPaper.class);
    Serde<PaperSighting> sightingSerde = serde(PaperSighting.class);
    Serde<DigestFile> fileSerde = serde(DigestFile.class);
    Serde<OpenCodeShare> shareSerde = serde(OpenCodeShare.class);
    Serde<StayingPower> stayingSerde = serde(StayingPower.class);
    Serde<DigestHealth> healthSerde = serde(DigestHealth.class);
    StreamsBuilder builder = new StreamsBuilder();
    OpenCodeShareTopology.addTo(builder, trends, enrichedSerde, shareSerde);
    StayingPowerTopology.addTo(builder, trends, sightingSerde, stayingSerde);
    DigestHealthTopology.addTo(builder, healthOptions, fileSerde, healthSerde);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT.toMillis());
    props.put(RegistryConfig.SCHEMA_REGISTRY_URL, REGISTRY);
    driver = new TopologyTestDriver(builder.build(), props, wallStart);
    var keys = Serdes.String();
    enriched =
        driver.createInputTopic(
            Topics.PAPERS_ENRICHED, keys.serializer(), enrichedSerde.serializer());
    sightings =
        driver.createInputTopic(
            Topics.PAPER_SIGHTINGS, keys.serializer(), sightingSerde.serializer());
    files = driver.createInputTopic(Topics.DIGEST_FILES, keys.serializer(), fileSerde.serializer());
    share =
        driver.createOutputTopic(
            Topics.OPEN_CODE_SHARE, keys.deserializer(), shareSerde.deserializer());
    staying =
        driver.createOutputTopic(
            Topics.STAYING_POWER, keys.deserializer(), stayingSerde.deserializer());
    health =
        driver.createOutputTopic(
            Topics.DIGEST_HEALTH, keys.deserializer(), healthSerde.deserializer());
  }

  WeeklyAnalyticsDriver(Instant wallStart) {
    this(
        wallStart,
        new TrendsOptions(Duration.ofDays(1), 10, CLOSE_CHECK),
        DigestHealthOptions.defaults());
  }

  static <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
    AvroSerde<T> serde = new AvroSerde<>(type);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, REGISTRY), false);
    return serde;
  }

  /** Lets the emission punctuation run once. */
  void emit() {
    driver.advanceWallClockTime(COMMIT);
  }

  /** Moves the wall clock (and so the trends clock) on, running the punctuations. */
  void advance(Duration d) {
    driver.advanceWallClockTime(d);
  }

  @Override
  public void close() {
    driver.close();
  }
}
