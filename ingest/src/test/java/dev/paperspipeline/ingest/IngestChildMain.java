package dev.paperspipeline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs an ingester in a separate JVM for the crash and memory tests, so that it can be killed with
 * {@code kill -9} or given a small heap.
 *
 * <ul>
 *   <li>{@code batch bootstrap registry transactionalId maxRecordsPerTransaction pauseAfterRecords
 *       file...}: ingests the files; with {@code pauseAfterRecords >= 0} it flushes that many
 *       records (uncommitted), prints {@link #PAUSED_MARKER} and hangs.
 *   <li>{@code watch bootstrap registry inbox settleMs pauseAfterCommit}: watches the inbox until
 *       killed; with {@code pauseAfterCommit} true it hangs after its first commit, before the
 *       files are moved, and prints {@link #PAUSED_MARKER}.
 * </ul>
 */
public final class IngestChildMain {
  /** Printed on stderr when the child reached its pause. */
  static final String PAUSED_MARKER = "PAPERS-INGEST-PAUSED";

  /** Printed on stderr when the watcher is running. */
  static final String WATCHING_MARKER = "PAPERS-INGEST-WATCHING";

  private IngestChildMain() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("watch")) {
      watch(args);
    } else {
      batch(args);
    }
  }

  private static void batch(String[] args) {
    IngestOptions options =
        IngestOptions.of(args[1], args[2], Path.of("."))
            .withTransactionalId(args[3])
            .withMaxRecordsPerTransaction(Integer.parseInt(args[4]));
    long pauseAfter = Long.parseLong(args[5]);
    List<Path> files = Arrays.stream(args).skip(6).map(Path::of).toList();
    try (DigestIngester ingester = DigestIngester.open(options)) {
      if (pauseAfter >= 0) {
        ingester.setHooks(
            new DigestIngester.Hooks() {
              @Override
              public void afterSend(long sent, Runnable flush) {
                if (sent == pauseAfter) {
                  flush.run();
                  hang();
                }
              }
            });
      }
      IngestSummary summary = BatchIngest.run(ingester, files, null);
      System.err.println("child: " + summary.format());
      System.exit(summary.failed() == 0 ? 0 : 1);
    }
  }

  private static void watch(String[] args) throws Exception {
    Path inbox = Path.of(args[3]);
    IngestOptions options = IngestOptions.of(args[1], args[2], inbox);
    boolean pauseAfterCommit = Boolean.parseBoolean(args[5]);
    InboxWatcher.Settings settings =
        InboxWatcher.Settings.defaults(inbox)
            .withSettle(Duration.ofMillis(Long.parseLong(args[4])))
            .withRescanInterval(Duration.ofMillis(500));
    try (InboxLock lock = InboxLock.acquire(inbox);
        DigestIngester ingester = DigestIngester.open(options)) {
      if (pauseAfterCommit) {
        ingester.setHooks(
            new DigestIngester.Hooks() {
              @Override
              public void afterCommit() {
                hang();
              }
            });
      }
      System.err.println(WATCHING_MARKER);
      System.err.flush();
      new InboxWatcher(ingester, settings, o -> System.err.println("child: " + o))
          .withLock(lock)
          .run();
    }
  }

  private static void hang() {
    System.err.println(PAUSED_MARKER);
    System.err.flush();
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
