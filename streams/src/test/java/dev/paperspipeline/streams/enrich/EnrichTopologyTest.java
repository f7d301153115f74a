package dev.paperspipeline.streams.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.enrich.model.MiniLmEmbedder;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class EnrichTopologyTest {

  @Test
  void shouldEnrichEveryUniquePaperAndWriteItsEmbeddingKeyedByPaperId() {
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
                serdes.enrichedPaper(),
                serdes.paperEmbedding()),
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

      var embeddings =
          driver.createOutputTopic(
              Topics.PAPER_EMBEDDINGS,
              Serdes.String().deserializer(),
              serdes.paperEmbedding().deserializer());
      var result = out.readKeyValuesToList();
      assertThat(result).hasSize(1);
      assertThat(result.get(0).key).isEqualTo("p1");
      EnrichedPaper e = result.get(0).value;
      assertThat(e.getTopics()).contains("diffusion", "video");
      assertThat(e.getCodeLinks()).hasSize(1);
      assertThat(e.getEnrichedAt()).isEqualTo(now);
      assertThat(e.getDigestDate()).isEqualTo(p.getFirstDigestDate());
      assertThat(e.getEnrichmentVersion().getModel()).isEqualTo(MiniLmEmbedder.MODEL_ID);
      assertThat(e.getEnrichmentVersion().getTaxonomy()).isEqualTo(e.getTaxonomyVersion());
      assertThat(e.getEnrichmentVersion().getExtractor())
          .isEqualTo(PaperEnricher.EXTRACTOR_VERSION);

      var vectors = embeddings.readKeyValuesToList();
      assertThat(vectors).hasSize(1);
      assertThat(vectors.get(0).key).isEqualTo("p1");
      PaperEmbedding v = vectors.get(0).value;
      assertThat(v.getPaperId()).isEqualTo("p1");
      assertThat(v.getTitle()).isEqualTo(p.getTitle());
      assertThat(v.getModel()).isEqualTo(MiniLmEmbedder.MODEL_ID);
      assertThat(v.getDigestDate()).isEqualTo(p.getFirstDigestDate());
      assertThat(v.getVector()).hasSize(MiniLmEmbedder.shared().dimension());
      double norm = 0;
      for (float x : v.getVector()) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
      // the vector the enrichments read, not a second, different embedding
      float[] expected =
          MiniLmEmbedder.shared()
              .embed(
                  "Diffusion Models for Video Generation. We scale video diffusion models. See"
                      + " https://github.com/a/b.");
      for (int i = 0; i < expected.length; i++) {
        assertThat(v.getVector().get(i)).isEqualTo(expected[i]);
      }
    }
  }

  @Test
  void shouldEnrichAPaperAlikeWhateverPapersCameBeforeAndKeepNoState() {
    UniquePaper quokka =
        PaperEnricherTest.paper(
            "p1", "Sparse Routing", "Sparse routing for quokka models.", LocalDate.of(2025, 8, 12));
    UniquePaper other =
        PaperEnricherTest.paper(
            "p2", "Dense Routing", "Dense routing for quokka models.", LocalDate.of(2025, 8, 12));

    EnrichedPaper alone = enrichLast(quokka);
    EnrichedPaper afterAnother = enrichLast(other, quokka);

    assertThat(afterAnother.getKeyphrases()).isEqualTo(alone.getKeyphrases());
    assertThat(afterAnother.getTopics()).isEqualTo(alone.getTopics());
    assertThat(afterAnother.getMentions()).isEqualTo(alone.getMentions());
    assertThat(afterAnother.getPaperName()).isEqualTo(alone.getPaperName());
    assertThat(
            EnrichTopology.build(
                    PaperEnricher.loadDefault(),
                    Clock.systemUTC(),
                    PipelineSerdes.avro("mock://enrich-stateless").uniquePaper(),
                    PipelineSerdes.avro("mock://enrich-stateless").enrichedPaper(),
                    PipelineSerdes.avro("mock://enrich-stateless").paperEmbedding())
                .describe()
                .subtopologies()
                .stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .toList())
        .as("the enrich stage keeps no state: a paper's enrichment is a function of its text")
        .isEmpty();
  }

  /** Enriches {@code papers} in this order in a new topology and returns the last one out. */
  private static EnrichedPaper enrichLast(UniquePaper... papers) {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://enrich-order-test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "enrich-order-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            EnrichTopology.build(
                PaperEnricher.loadDefault(),
                Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                serdes.uniquePaper(),
                serdes.enrichedPaper(),
                serdes.paperEmbedding()),
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
      for (UniquePaper p : papers) {
        in.pipeInput(p.getPaperId(), p);
      }
      var all = out.readValuesToList();
      // papers[papers.length - 1] is the one asked for; pick it by id among the last records
      String id = papers[papers.length - 1].getPaperId();
      EnrichedPaper last = null;
      for (EnrichedPaper e : all) {
        if (e.getPaperId().equals(id)) {
          last = e;
        }
      }
      return last;
    }
  }
}
