package dev.paperspipeline.ingest;

import java.time.LocalDate;

/**
 * What ingesting one digest file did.
 *
 * @param fileName the file's name
 * @param sha256 lower-case hex SHA-256 of its bytes ({@code null} when it could not be read)
 * @param status what happened
 * @param papers paper events committed to papers-raw
 * @param rejected dead letters committed (entries, or 1 for a wholly rejected file)
 * @param digestDate the latest digest date among the committed papers, or {@code null} (none
 *     committed, or undated)
 */
public record FileOutcome(
    String fileName, String sha256, Status status, int papers, int rejected, LocalDate digestDate) {

  /** An outcome without a digest date. */
  public FileOutcome(String fileName, String sha256, Status status, int papers, int rejected) {
    this(fileName, sha256, status, papers, rejected, null);
  }

  /** The fate of a file. */
  public enum Status {
    /** Its papers (and any rejected entries) were committed; recorded in the ledger as DONE. */
    DONE,
    /** The whole file was rejected to the dead-letter topic; recorded in the ledger as ERROR. */
    ERROR,
    /** The ledger already had a file with the same bytes: nothing was produced. */
    DUPLICATE,
    /** Nothing was committed (I/O or Kafka failure); the file may be tried again. */
    FAILED,
    /**
     * Nothing was committed because the file changed after it was claimed (a writer still
     * appending) or another ingester committed the same bytes meanwhile: the file stays where it is
     * and the inbox watcher tries it again once it settled (a batch run counts it as failed).
     */
    RETRY;

    /** DONE and ERROR: its records (and ledger entry) were sent in a transaction. */
    public boolean sentInTransaction() {
      return this == DONE || this == ERROR;
    }
  }

  /** Whether this status is a file whose records were sent (DONE or ERROR). */
  public boolean sentInTransaction() {
    return status.sentInTransaction();
  }

  /** Whether the file belongs in the error directory rather than the done directory. */
  public boolean belongsInError() {
    return status == Status.ERROR;
  }
}
