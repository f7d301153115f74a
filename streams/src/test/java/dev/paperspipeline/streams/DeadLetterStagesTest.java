package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.metrics.PipelineMetrics;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.Papers;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The stage label of the streams dead letters in {@link PipelineMetrics}. */
class DeadLetterStagesTest {
  private static final String REGISTRY = "mock://dead-letter-stages-test";
  private static final Instant T0 = Instant.parse("2025-08-12T08:00:00Z");

  private static Topology pipeline(PipelineSerdes serdes) {
    return PipelineTopology.build(
        Duration.ofDays(90),
        PaperEnricher.loadDefault(),
        Clock.systemUTC(),
        TrendsOptions.defaults(),
        serdes);
  }

  @Test
  void shouldNameTheStageOfEveryNodeOfThePipeline() {
    Map<String, String> stages = new TreeMap<>();
    for (TopologyDescription.Subtopology sub :
        pipeline(PipelineSerdes.avro(REGISTRY)).describe().subtopologies()) {
      sub.nodes().forEach(n -> stages.put(n.name(), NodeNames.stageOf(n.name())));
    }

    assertThat(stages).doesNotContainValue(NodeNames.STAGE_OTHER);
    assertThat(stages)
        .containsEntry(NodeNames.source(Topics.PAPERS_RAW), "dedupe")
        .containsEntry(StoreNames.DEDUPE_PROCESSOR, "dedupe")
        .containsEntry(NodeNames.sink(Topics.PAPERS_UNIQUE), "dedupe")
        .containsEntry(StoreNames.ENRICH_PROCESSOR, "enrich")
        .containsEntry(NodeNames.sink(Topics.PAPERS_ENRICHED), "enrich")
        .containsEntry(NodeNames.sink(Topics.PAPER_EMBEDDINGS), "enrich")
        .containsEntry(StoreNames.TRENDS_HITS, "trends")
        .containsEntry(StoreNames.TRENDS_PROCESSOR, "trends")
        .containsEntry(NodeNames.sink(Topics.TRENDING_TOPICS), "trends");
    assertThat(NodeNames.stageOf(NodeNames.source(Topics.PAPERS_UNIQUE))).isEqualTo("enrich");
    assertThat(NodeNames.stageOf(NodeNames.source(Topics.PAPERS_ENRICHED))).isEqualTo("trends");
  }

  @Test
  void shouldCountADeadLetterOnceUnderTheStageThatRejectedTheRecord() {
    PipelineSerdes serdes = PipelineSerdes.avro(REGISTRY);
    PipelineMetrics metrics = new PipelineMetrics();
    Properties props = PipelineConfig.streamsProperties("unused:9092", REGISTRY, Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-stages-test");
    // TopologyTestDriver loses a deserialization handler's records under exactly_once_v2
    // (see DeadLetterHandlersTest); the count does not depend on the guarantee.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    props.put(PipelineMetrics.CONFIG, metrics);
    try (TopologyTestDriver driver = new TopologyTestDriver(pipeline(serdes), props)) {
      var rawBytes =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), Serdes.ByteArray().serializer());
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());

      rawBytes.pipeInput("poison", "not avro".getBytes(StandardCharsets.UTF_8), T0);
      raw.pipeInput("p1", Papers.event("p1", "Good paper", LocalDate.of(2025, 8, 12), T0), T0);
    }

    assertThat(metrics.scrape())
        .contains("papers_dead_letters_total{stage=\"dedupe\"} 1.0\n")
        .doesNotContain("papers_dead_letters_total{stage=\"enrich\"}")
        .doesNotContain("papers_dead_letters_total{stage=\"trends\"}");
  }
}
