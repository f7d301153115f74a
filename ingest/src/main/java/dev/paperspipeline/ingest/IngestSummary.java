package dev.paperspipeline.ingest;

import java.time.Duration;
import java.util.Locale;

/** Running totals of an ingest run, for the end-of-run summary and the progress line. */
public final class IngestSummary {
  private final long startNanos = System.nanoTime();
  private int files;
  private int done;
  private int errors;
  private int duplicates;
  private int failed;
  private long papers;
  private long rejected;

  /** Adds one file's outcome. */
  public synchronized void add(FileOutcome outcome) {
    files++;
    papers += outcome.papers();
    rejected += outcome.rejected();
    switch (outcome.status()) {
      case DONE -> done++;
      case ERROR -> errors++;
      case DUPLICATE -> duplicates++;
      case FAILED, RETRY -> failed++;
    }
  }

  public synchronized int files() {
    return files;
  }

  public synchronized long papers() {
    return papers;
  }

  public synchronized long rejected() {
    return rejected;
  }

  public synchronized int duplicates() {
    return duplicates;
  }

  public synchronized int failed() {
    return failed;
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
        files,
        done,
        errors,
        duplicates,
        failed,
        papers,
        rejected,
        elapsed().toMillis() / 1000.0,
        papersPerSecond());
  }
}
