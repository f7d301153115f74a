package dev.paperspipeline.ingest;

/** Kafka refused a file's transaction; nothing of the file was committed. */
public final class IngestException extends RuntimeException {
  private final boolean fatal;

  /**
   * @param fatal true when ingesting must stop (another ingester took over the transactional id),
   *     false when the file may be tried again later
   */
  public IngestException(String message, Throwable cause, boolean fatal) {
    super(message, cause);
    this.fatal = fatal;
  }

  /** Whether ingesting must stop rather than retry later. */
  public boolean fatal() {
    return fatal;
  }
}
