package dev.paperspipeline.ingest.parse;

/**
 * How a digest's date was found (the value of {@code PaperEvent.digestDateSource}), in order of
 * precedence; see {@link DigestDates}.
 */
public enum DigestDateSource {
  /** Given by the user: the parser's {@code date}, or its {@code year} with the date line. */
  OPTION,
  /** A full date in the file name ({@code 2025-08-12} or {@code 20250812}). */
  FILE_NAME,
  /**
   * The date line, its year inferred from the file's modification time (or the parser's clock when
   * no modification time is known).
   */
  FILE_MTIME,
  /** No date line: the file's modification day (or the parser's clock's day). */
  MTIME_DAY
}
