package dev.paperspipeline.streams.dedupe;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import java.time.LocalDate;

/**
 * How sightings of a paper add up into its {@link UniquePaper}, and its {@link PaperSighting}
 * summary: pure functions of the Avro records, with no Kafka Streams types, so that benchmarks and
 * offline recounts can use them too.
 */
public final class Sightings {
  private Sightings() {}

  /** The unique paper of a first sighting. */
  public static UniquePaper first(PaperEvent e) {
    return UniquePaper.newBuilder()
        .setPaperId(e.getPaperId())
        .setTitle(e.getTitle())
        .setAbstractText(e.getAbstractText())
        .setFirstDigestDate(e.getDigestDate())
        .setLastDigestDate(e.getDigestDate())
        .setSightings(1)
        .setFirstLineage(e.getLineage())
        .setFirstSeenAt(e.getIngestedAt())
        .setLastSeenAt(e.getIngestedAt())
        .build();
  }

  /** {@code previous} updated with one more sighting. */
  public static UniquePaper next(UniquePaper previous, PaperEvent e) {
    return UniquePaper.newBuilder(previous)
        .setSightings(previous.getSightings() + 1)
        .setFirstDigestDate(min(previous.getFirstDigestDate(), e.getDigestDate()))
        .setLastDigestDate(max(previous.getLastDigestDate(), e.getDigestDate()))
        .setLastSeenAt(
            e.getIngestedAt().isAfter(previous.getLastSeenAt())
                ? e.getIngestedAt()
                : previous.getLastSeenAt())
        .build();
  }

  /** The sighting summary of {@code paper}: everything but the abstract. */
  public static PaperSighting summary(UniquePaper paper) {
    return PaperSighting.newBuilder()
        .setPaperId(paper.getPaperId())
        .setTitle(paper.getTitle())
        .setFirstDigestDate(paper.getFirstDigestDate())
        .setLastDigestDate(paper.getLastDigestDate())
        .setSightings(paper.getSightings())
        .setFirstLineage(paper.getFirstLineage())
        .setFirstSeenAt(paper.getFirstSeenAt())
        .setLastSeenAt(paper.getLastSeenAt())
        .build();
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
