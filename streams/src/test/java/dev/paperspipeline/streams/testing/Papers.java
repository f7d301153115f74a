package dev.paperspipeline.streams.testing;

import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Hand-made records for topology tests. */
public final class Papers {
  private Papers() {}

  public static PaperEvent event(String id, String title, LocalDate date, Instant ingestedAt) {
    return PaperEvent.newBuilder()
        .setPaperId(id)
        .setTitle(title)
        .setAbstractText("An abstract about " + title + ".")
        .setDigestDate(date)
        .setDigestDateSource(date == null ? null : "OPTION")
        .setLineage(new Lineage("digest-" + date + ".txt", "0".repeat(64), 1, 9))
        .setIngestedAt(ingestedAt)
        .build();
  }

  public static EnrichedPaper enriched(
      String id, LocalDate date, List<String> topics, List<String> keyphrases) {
    return EnrichedPaper.newBuilder()
        .setPaperId(id)
        .setTitle("Title " + id)
        .setAbstractText("Abstract " + id)
        .setDigestDate(date)
        .setTopics(topics)
        .setTaxonomyVersion("taxonomy-v1")
        .setKeyphrases(keyphrases)
        .setCodeLinks(List.of())
        .setMentions(List.of())
        .setWordCount(2)
        .setFirstLineage(new Lineage("d.txt", "0".repeat(64), 1, 9))
        .setEnrichedAt(Instant.parse("2025-01-01T00:00:00Z"))
        .build();
  }
}
