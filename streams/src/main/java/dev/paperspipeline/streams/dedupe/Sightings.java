package dev.paperspipeline.streams.dedupe;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import java.time.LocalDate;

/**
 * How sightings of a paper add up into its {@link PaperSighting} summary, and the {@link
 * UniquePaper} of its first sighting: pure functions of the Avro records, with no Kafka Streams
 * types, so that benchmarks and offline recounts can use them too.
 */
public final class Sightings {
  private Sightings() {}

  /** The unique paper of a first sighting, as written to papers-unique. */
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

  /**
   * The revision of a paper's papers-unique record when {@code e}, read after its first sighting,
   * is dated earlier than every sighting before it: the paper as {@code e} lists it (its title,
   * abstract and lineage: the earliest digest's), with the dates and counts of {@code updated}, the
   * summary that includes {@code e}.
   */
  public static UniquePaper revised(PaperSighting updated, PaperEvent e) {
    return UniquePaper.newBuilder()
        .setPaperId(e.getPaperId())
        .setTitle(e.getTitle())
        .setAbstractText(e.getAbstractText())
        .setFirstDigestDate(updated.getFirstDigestDate())
        .setLastDigestDate(updated.getLastDigestDate())
        .setSightings(updated.getSightings())
        .setFirstLineage(e.getLineage())
        .setFirstSeenAt(updated.getFirstSeenAt())
        .setLastSeenAt(updated.getLastSeenAt())
        .build();
  }

  /** True when {@code e} is dated before every sighting {@code previous} summarizes. */
  public static boolean movesEarlier(PaperSighting previous, PaperEvent e) {
    return e.getDigestDate() != null
        && previous.getFirstDigestDate() != null
        && e.getDigestDate().isBefore(previous.getFirstDigestDate());
  }

  /** The sighting summary of a first sighting. */
  public static PaperSighting firstSighting(PaperEvent e) {
    return PaperSighting.newBuilder()
        .setPaperId(e.getPaperId())
        .setTitle(e.getTitle())
        .setFirstDigestDate(e.getDigestDate())
        .setLastDigestDate(e.getDigestDate())
        .setSightings(1)
        .setFirstLineage(e.getLineage())
        .setFirstSeenAt(e.getIngestedAt())
        .setLastSeenAt(e.getIngestedAt())
        .setSightingDigestDate(e.getDigestDate())
        .build();
  }

  /** {@code previous} updated with one more sighting. */
  public static PaperSighting next(PaperSighting previous, PaperEvent e) {
    return PaperSighting.newBuilder(previous)
        .setSightings(previous.getSightings() + 1)
        .setFirstDigestDate(min(previous.getFirstDigestDate(), e.getDigestDate()))
        .setLastDigestDate(max(previous.getLastDigestDate(), e.getDigestDate()))
        .setLastSeenAt(
            e.getIngestedAt().isAfter(previous.getLastSeenAt())
                ? e.getIngestedAt()
                : previous.getLastSeenAt())
        .setSightingDigestDate(e.getDigestDate())
        .build();
  }

  private static LocalDate min(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
  }

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
