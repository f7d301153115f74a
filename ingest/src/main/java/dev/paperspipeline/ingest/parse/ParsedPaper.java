package dev.paperspipeline.ingest.parse;

import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One paper as read from one digest file.
 *
 * @param paperId {@link PaperIds#of(String)} of the title
 * @param title the title line, trimmed
 * @param abstractText the abstract paragraph, trimmed, wrapped lines joined with single spaces
 * @param digestDate the digest's date, or {@code null} when the digest has no date line
 * @param digestDateSource a {@link DigestDateSource} name, or {@code null} without a date
 * @param fileName base name of the digest file
 * @param fileSha256 lower-case hex SHA-256 of the file's bytes
 * @param ordinal 1-based position among the papers of the file
 * @param lineNumber 1-based line number of the title
 */
public record ParsedPaper(
    String paperId,
    String title,
    String abstractText,
    LocalDate digestDate,
    String digestDateSource,
    String fileName,
    String fileSha256,
    int ordinal,
    int lineNumber) {

  /** The Avro event for topic papers-raw. */
  public PaperEvent toEvent(Instant ingestedAt) {
    return PaperEvent.newBuilder()
        .setPaperId(paperId)
        .setTitle(title)
        .setAbstractText(abstractText)
        .setDigestDate(digestDate)
        .setDigestDateSource(digestDateSource)
        .setLineage(
            Lineage.newBuilder()
                .setFileName(fileName)
                .setFileSha256(fileSha256)
                .setOrdinal(ordinal)
                .setLineNumber(lineNumber)
                .build())
        .setIngestedAt(ingestedAt)
        .build();
  }
}
