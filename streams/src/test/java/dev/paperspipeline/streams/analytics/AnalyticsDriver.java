package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Contracts;
import dev.paperspipeline.streams.TopicSerdes;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The analytics topology in a TopologyTestDriver, with helpers to feed it. */
final class AnalyticsDriver implements AutoCloseable {
  final TopologyTestDriver driver;
  final Instant wallStart;
  final TestInputTopic<String, EnrichedPaper> enriched;
  final TestInputTopic<String, PaperSighting> sightings;
  final TestOutputTopic<String, TopicBurst> bursts;
  final TestOutputTopic<String, EmergingPhrase> emerging;

  AnalyticsDriver(String scope, AnalyticsOptions options, Instant wallStart) {
    this.wallStart = wallStart;
    String url = "mock://" + scope;
    TopicSerdes serdes = TopicSerdes.avro(Map.of("schema.registry.url", url));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, scope);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put("schema.registry.url", url);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    driver = new TopologyTestDriver(AnalyticsTopology.build(options, serdes), props, wallStart);
    enriched =
        driver.createInputTopic(
            Topics.PAPERS_ENRICHED,
            Serdes.String().serializer(),
            serdes.of(Contracts.PAPERS_ENRICHED).serializer());
    sightings =
        driver.createInputTopic(
            Topics.PAPER_SIGHTINGS,
            Serdes.String().serializer(),
            serdes.of(Contracts.PAPER_SIGHTINGS).serializer());
    bursts =
        driver.createOutputTopic(
            Topics.TOPIC_BURSTS,
            Serdes.String().deserializer(),
            serdes.of(Contracts.TOPIC_BURSTS).deserializer());
    emerging =
        driver.createOutputTopic(
            Topics.EMERGING_PHRASES,
            Serdes.String().deserializer(),
            serdes.of(Contracts.EMERGING_PHRASES).deserializer());
  }

  void paper(String id, LocalDate date, List<String> topics, List<String> keyphrases) {
    enriched.pipeInput(id, Papers.enriched(id, date, topics, keyphrases), wallStart);
  }

  void sightings(String id, int count) {
    sightings.pipeInput(
        id,
        PaperSighting.newBuilder()
            .setPaperId(id)
            .setTitle("Title " + id)
            .setFirstDigestDate(null)
            .setLastDigestDate(null)
            .setSightings(count)
            .setFirstLineage(Papers.event(id, "t", null, wallStart).getLineage())
            .setFirstSeenAt(wallStart)
            .setLastSeenAt(wallStart)
            .build(),
        wallStart);
  }

  /** Lets the emission punctuation (every commit.interval.ms) run. */
  void emit() {
    driver.advanceWallClockTime(Duration.ofMillis(100));
  }

  @Override
  public void close() {
    driver.close();
  }
}
