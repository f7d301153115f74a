package dev.paperspipeline.ingest.parse;

/** How the year of a digest date was chosen (the value of {@code PaperEvent.digestDateSource}). */
public enum DigestDateSource {
  /** The parser's explicit {@code year} option. */
  OPTION,
  /** A date in the file name ({@code 2025-08-12} or {@code 20250812}). */
  FILE_NAME,
  /** The file's modification time (or the parser's clock when no modification time is known). */
  FILE_MTIME
}
