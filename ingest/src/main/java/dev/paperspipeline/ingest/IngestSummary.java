package dev.paperspipeline.ingest;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Running totals of an ingest run, for the end-of-run summary and the progress line. */
public final class IngestSummary {
  private final long startNanos = System.nanoTime();

  /**
   * The latest status of each file by name: a file that failed (or had to be retried) and was
   * committed on a later try counts once, as committed, not as failed too.
   */
  private final Map<String, FileOutcome.Status> latest = new HashMap<>();

  private long papers;
  private long rejected;

  /** Adds one file's outcome; a later outcome of the same file replaces its earlier one. */
  public synchronized void add(FileOutcome outcome) {
    papers += outcome.papers();
    rejected += outcome.rejected();
    latest.put(outcome.fileName(), outcome.status());
  }

  private int count(FileOutcome.Status... statuses) {
    List<FileOutcome.Status> wanted = List.of(statuses);
    return (int) latest.values().stream().filter(wanted::contains).count();
  }

  /** Files seen, each once however often it was tried. */
  public synchronized int files() {
    return latest.size();
  }

  public synchronized long papers() {
    return papers;
  }

  public synchronized long rejected() {
    return rejected;
  }

  public synchronized int duplicates() {
    return count(FileOutcome.Status.DUPLICATE);
  }

  /** Files whose latest try committed nothing (FAILED, or RETRY never followed by a commit). */
  public synchronized int failed() {
    return count(FileOutcome.Status.FAILED, FileOutcome.Status.RETRY);
  }

  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Papers per second since the run started. */
  public synchronized double papersPerSecond() {
    double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
    return papers / seconds;
  }

  /** One line such as {@code 3 files (3 done, 0 error, 0 duplicate, 0 failed), 302 papers...}. */
  public synchronized String format() {
    return String.format(
        Locale.ROOT,
        "%d files (%d done, %d error, %d duplicate, %d failed), %d papers, %d rejected in %.2f s"
            + " (%.0f papers/s)",
        files(),
        count(FileOutcome.Status.DONE),
        count(FileOutcome.Status.ERROR),
        duplicates(),
        failed(),
        papers,
        rejected,
        elapsed().toMillis() / 1000.0,
        papersPerSecond());
  }
}
