package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

class EnrichTopologyTest {

  @Test
  void shouldEnrichEveryUniquePaperKeyedByPaperId() {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://enrich-test");
    Instant now = Instant.parse("2025-08-12T10:00:00Z");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            EnrichTopology.build(
                PaperEnricher.loadDefault(),
                Clock.fixed(now, ZoneOffset.UTC),
                serdes.uniquePaper(),
                serdes.enrichedPaper()),
            props)) {
      var in =
          driver.createInputTopic(
              Topics.PAPERS_UNIQUE,
              Serdes.String().serializer(),
              serdes.uniquePaper().serializer());
      var out =
          driver.createOutputTopic(
              Topics.PAPERS_ENRICHED,
              Serdes.String().deserializer(),
              serdes.enrichedPaper().deserializer());
      UniquePaper p =
          PaperEnricherTest.paper(
              "p1",
              "Diffusion Models for Video Generation",
              "We scale video diffusion models. See https://github.com/a/b.",
              LocalDate.of(2025, 8, 12));

      in.pipeInput("p1", p);

      var result = out.readKeyValuesToList();
      assertThat(result).hasSize(1);
      assertThat(result.get(0).key).isEqualTo("p1");
      EnrichedPaper e = result.get(0).value;
      assertThat(e.getTopics()).contains("diffusion", "video");
      assertThat(e.getCodeLinks()).hasSize(1);
      assertThat(e.getEnrichedAt()).isEqualTo(now);
      assertThat(e.getDigestDate()).isEqualTo(p.getFirstDigestDate());
    }
  }

  @Test
  void shouldCountEachPaperOnceInTheFrequenciesStoreAndEnrichAReplayAlike() {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://enrich-store-test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-store-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            EnrichTopology.build(
                PaperEnricher.loadDefault(),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                serdes.uniquePaper(),
                serdes.enrichedPaper()),
            props)) {
      var in =
          driver.createInputTopic(
              Topics.PAPERS_UNIQUE,
              Serdes.String().serializer(),
              serdes.uniquePaper().serializer());
      var out =
          driver.createOutputTopic(
              Topics.PAPERS_ENRICHED,
              Serdes.String().deserializer(),
              serdes.enrichedPaper().deserializer());
      UniquePaper p1 =
          PaperEnricherTest.paper(
              "p1",
              "Sparse Routing",
              "Sparse routing for quokka models.",
              LocalDate.of(2025, 8, 12));
      UniquePaper p2 =
          PaperEnricherTest.paper(
              "p2", "Dense Routing", "Dense routing for quokka models.", LocalDate.of(2025, 8, 12));

      in.pipeInput("p1", p1);
      in.pipeInput("p2", p2);
      in.pipeInput("p1", p1); // a replayed record

      var result = out.readValuesToList();
      assertThat(result).hasSize(3);
      assertThat(result.get(2).getKeyphrases()).isEqualTo(result.get(0).getKeyphrases());
      KeyValueStore<String, Long> store = driver.getKeyValueStore(StoreNames.KEYPHRASE_FREQUENCIES);
      assertThat(store.get(StoreCorpusFrequencies.PAPERS)).isEqualTo(2L);
      assertThat(store.get(PhraseForms.key("quokka models"))).isEqualTo(2L);
    }
  }
}
