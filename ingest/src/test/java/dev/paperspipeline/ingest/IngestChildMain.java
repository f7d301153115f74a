package dev.paperspipeline.ingest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Runs an ingester in a separate JVM for the crash and memory tests, so that it can be killed with
 * {@code kill -9} or given a small heap.
 *
 * <ul>
 *   <li>{@code batch bootstrap registry transactionalId maxRecordsPerTransaction pauseAfterRecords
 *       file...}: ingests the files; with {@code pauseAfterRecords >= 0} it waits until the broker
 *       has that many records (uncommitted), prints {@link #PAUSED_MARKER} and hangs, before the
 *       next record is sent (a {@link SendInterceptor} on its producer).
 *   <li>{@code watch bootstrap registry inbox settleMs pauseAfterCommit}: watches the inbox until
 *       killed; with {@code pauseAfterCommit} true its done directory is replaced by a regular file
 *       when the first record is sent (a {@link SendInterceptor}), so that the first committed file
 *       cannot be moved and stays in the inbox; told that file's outcome, the child puts the
 *       directory back, prints {@link #PAUSED_MARKER} and hangs before any other file of the
 *       transaction is moved.
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
    if (pauseAfter >= 0) {
      options =
          SendInterceptor.install(
              options,
              new SendInterceptor.Action() {
                @Override
                protected void beforeSend(ProducerRecord<?, ?> record, long sentBefore) {
                  if (sentBefore == pauseAfter) {
                    awaitAcknowledged(this, pauseAfter);
                    hang();
                  }
                }
              });
    }
    try (DigestIngester ingester = DigestIngester.open(options)) {
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
    if (pauseAfterCommit) {
      Path doneDir = settings.doneDir();
      options =
          SendInterceptor.install(
              options,
              new SendInterceptor.Action() {
                @Override
                protected void beforeSend(ProducerRecord<?, ?> record, long sentBefore) {
                  if (sentBefore == 0) {
                    try {
                      Files.delete(doneDir);
                      Files.createFile(doneDir);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }
                }
              });
    }
    try (InboxLock lock = InboxLock.acquire(inbox);
        DigestIngester ingester = DigestIngester.open(options)) {
      System.err.println(WATCHING_MARKER);
      System.err.flush();
      new InboxWatcher(
              ingester,
              settings,
              o -> {
                System.err.println("child: " + o);
                if (pauseAfterCommit && o.status() == FileOutcome.Status.DONE) {
                  try {
                    // As it was, so that a restarted watcher finds a normal inbox.
                    Files.delete(settings.doneDir());
                    Files.createDirectory(settings.doneDir());
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                  hang();
                }
              })
          .withLock(lock)
          .run();
    }
  }

  private static void awaitAcknowledged(SendInterceptor.Action action, long records) {
    await().atMost(Duration.ofSeconds(60)).until(() -> action.acknowledgedCount() >= records);
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
