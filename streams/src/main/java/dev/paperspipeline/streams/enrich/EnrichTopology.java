package dev.paperspipeline.streams.enrich;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEmbedding;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.NodeNames;
import dev.paperspipeline.streams.StoreNames;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Enrich: {@code papers-unique} → {@code papers-enriched}, {@code paper-embeddings}. Stateless.
 *
 * <ul>
 *   <li>Input {@link Topics#PAPERS_UNIQUE}: key paperId, value {@link UniquePaper}.
 *   <li>Output {@link Topics#PAPERS_ENRICHED}: key paperId, value {@link EnrichedPaper} (topics
 *       from the taxonomy, keyphrases, the paper's own name, code links, dataset mentions, word
 *       count), each a function of the paper's text alone, so that no figure built on them depends
 *       on the order papers arrive in.
 *   <li>Output {@link Topics#PAPER_EMBEDDINGS} (compacted): key paperId, value {@link
 *       PaperEmbedding}, the vector the enrichments read (the paper is embedded once), in the same
 *       transaction as the paper's papers-enriched record. None when the enricher has no model.
 * </ul>
 */
public final class EnrichTopology {
  private EnrichTopology() {}

  /** The enrich topology alone. */
  public static Topology build(
      PaperEnricher enricher,
      Clock clock,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<PaperEmbedding> embeddingSerde) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, enricher, clock, uniquePaperSerde, enrichedSerde, embeddingSerde);
    return builder.build();
  }

  /** Adds the enrich sub-topology, reading {@code papers-unique}, to {@code builder}. */
  public static void addTo(
      StreamsBuilder builder,
      PaperEnricher enricher,
      Clock clock,
      Serde<UniquePaper> uniquePaperSerde,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<PaperEmbedding> embeddingSerde) {
    enrich(
        builder.stream(
            Topics.PAPERS_UNIQUE,
            Consumed.with(Serdes.String(), uniquePaperSerde)
                .withName(NodeNames.source(Topics.PAPERS_UNIQUE))),
        enricher,
        clock,
        enrichedSerde,
        embeddingSerde);
  }

  /**
   * Enriches {@code unique} (the papers of {@code papers-unique}) and writes them to {@code
   * papers-enriched} and their embeddings to {@code paper-embeddings}.
   *
   * @return the enriched papers, for a stage that runs in the same sub-topology
   */
  public static KStream<String, EnrichedPaper> enrich(
      KStream<String, UniquePaper> unique,
      PaperEnricher enricher,
      Clock clock,
      Serde<EnrichedPaper> enrichedSerde,
      Serde<PaperEmbedding> embeddingSerde) {
    KStream<String, PaperEnricher.Enriched> both =
        unique.mapValues(
            paper -> enricher.enrichWithEmbedding(paper, clock.instant()),
            Named.as(StoreNames.ENRICH_PROCESSOR));
    KStream<String, EnrichedPaper> enriched =
        both.mapValues(PaperEnricher.Enriched::paper, Named.as(NodeNames.ENRICH_PAPERS));
    enriched.to(
        Topics.PAPERS_ENRICHED,
        Produced.with(Serdes.String(), enrichedSerde)
            .withName(NodeNames.sink(Topics.PAPERS_ENRICHED)));
    both.flatMapValues(
            e -> e.embedding() == null ? List.<PaperEmbedding>of() : List.of(e.embedding()),
            Named.as(NodeNames.ENRICH_EMBEDDINGS))
        .to(
            Topics.PAPER_EMBEDDINGS,
            Produced.with(Serdes.String(), embeddingSerde)
                .withName(NodeNames.sink(Topics.PAPER_EMBEDDINGS)));
    return enriched;
  }
}
