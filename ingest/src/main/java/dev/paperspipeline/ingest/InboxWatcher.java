package dev.paperspipeline.ingest;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches an inbox directory and ingests each complete digest file exactly once.
 *
 * <p>Protocol per file: <b>claim</b> (the file is a regular, non-temporary file directly in the
 * inbox whose size and modification time have not changed for the settle time; only one watcher per
 * inbox, enforced by a lock file and by the transactional id), <b>produce + commit</b> (a Kafka
 * transaction holding the file with its ledger entry, see {@link DigestIngester}), then <b>move</b>
 * to the done or error directory. A file moves only after its transaction committed. A crash before
 * the commit leaves the file in the inbox and its transaction is aborted at restart, so it is
 * produced again from the start; a crash between commit and move leaves a file whose SHA-256 is in
 * the ledger, which is then just moved. A file whose content was ingested before (under any name)
 * is moved to done without producing anything.
 *
 * <p>Change notification comes from a {@link WatchService}; every wake-up (and every rescan
 * interval when there is no event, e.g. on file systems that do not report changes) lists the inbox
 * again, so a missed event delays a file by at most the rescan interval.
 */
public final class InboxWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);

  /** Name of the lock file that keeps a second watcher off the same inbox. */
  public static final String LOCK_FILE = ".papers-ingest.lock";

  /** Files handed to the ingester at once (stop requests are honoured between rounds). */
  private static final int FILES_PER_ROUND = 50;

  /** Wait after a failed transaction before trying the inbox again. */
  private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(5);

  /**
   * Where and how to watch.
   *
   * @param inbox directory new digest files appear in
   * @param doneDir where committed files go (created when missing)
   * @param errorDir where wholly rejected files go (created when missing)
   * @param settle how long size and mtime must stay unchanged before a file counts as complete
   * @param rescanInterval longest time between two listings of the inbox
   */
  public record Settings(
      Path inbox, Path doneDir, Path errorDir, Duration settle, Duration rescanInterval) {
    /** Default settle time. */
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(2);

    /** Default rescan interval. */
    public static final Duration DEFAULT_RESCAN = Duration.ofSeconds(10);

    public Settings {
      Objects.requireNonNull(inbox, "inbox");
      Objects.requireNonNull(doneDir, "doneDir");
      Objects.requireNonNull(errorDir, "errorDir");
      if (settle.isNegative() || rescanInterval.isNegative() || rescanInterval.isZero()) {
        throw new IllegalArgumentException("settle must be >= 0 and rescan interval > 0");
      }
    }

    /** {@code inbox/done}, {@code inbox/error}, default settle and rescan times. */
    public static Settings defaults(Path inbox) {
      return new Settings(
          inbox, inbox.resolve("done"), inbox.resolve("error"), DEFAULT_SETTLE, DEFAULT_RESCAN);
    }

    public Settings withSettle(Duration newSettle) {
      return new Settings(inbox, doneDir, errorDir, newSettle, rescanInterval);
    }

    public Settings withRescanInterval(Duration newRescan) {
      return new Settings(inbox, doneDir, errorDir, settle, newRescan);
    }

    public Settings withDirs(Path newDone, Path newError) {
      return new Settings(inbox, newDone, newError, settle, rescanInterval);
    }
  }

  /** Size and mtime of a file at the time they were first seen with these values. */
  private record Observation(long size, long mtimeMillis, long sinceNanos) {}

  private final DigestIngester ingester;
  private final Settings settings;
  private final Consumer<FileOutcome> listener;
  private final Map<Path, Observation> observed = new HashMap<>();
  private final Map<Path, Observation> unreadable = new HashMap<>();
  // Entries not ingested and already logged (with their kind), so each is logged once.
  private final Map<Path, InboxFiles.Kind> skipped = new HashMap<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean stopping;
  private volatile boolean started;
  private volatile WatchService watchService;
  private long retryAfterNanos;
  private InboxLock heldLock;

  /**
   * @param ingester ingests one file (not closed by the watcher)
   * @param listener told about each file's outcome (summary, progress)
   */
  public InboxWatcher(DigestIngester ingester, Settings settings, Consumer<FileOutcome> listener) {
    this.ingester = ingester;
    this.settings = settings;
    this.listener = listener == null ? o -> {} : listener;
  }

  /**
   * Uses a lock the caller already holds (taken before the ingester's producer was created, so that
   * a second ingester on a locked inbox stops before it can fence the running one) instead of
   * taking it in {@link #run()}.
   */
  public InboxWatcher withLock(InboxLock lock) {
    this.heldLock = Objects.requireNonNull(lock, "lock");
    return this;
  }

  /**
   * Whether a file name is a temporary or hidden file that must not be ingested.
   *
   * @see InboxFiles#isTemporaryName(String)
   */
  public static boolean isTemporaryName(String name) {
    return InboxFiles.isTemporaryName(name);
  }

  /**
   * Watches until {@link #stop()} is called (or the thread is interrupted). The file being ingested
   * when stop is requested is finished first.
   *
   * @throws IngestException when another ingester took over the transactional id
   * @throws IOException when the inbox cannot be watched or is locked by another watcher
   */
  public void run() throws IOException {
    started = true;
    Path inbox = settings.inbox();
    Files.createDirectories(inbox);
    Files.createDirectories(settings.doneDir());
    Files.createDirectories(settings.errorDir());
    InboxLock own = heldLock == null ? InboxLock.acquire(inbox) : null;
    try (own;
        WatchService watch = inbox.getFileSystem().newWatchService()) {
      watchService = watch;
      if (stopping) {
        return;
      }
      inbox.register(
          watch,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      log.info(
          "Watching {} (done: {}, error: {}, settle {} ms)",
          inbox,
          settings.doneDir(),
          settings.errorDir(),
          settings.settle().toMillis());
      while (!stopping && !Thread.currentThread().isInterrupted()) {
        scanAndIngest();
        long waitMs = observed.isEmpty() ? settings.rescanInterval().toMillis() : tickMillis();
        WatchKey key = watch.poll(waitMs, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
      }
    } catch (ClosedWatchServiceException e) {
      // stop() closed it to end the wait at once.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
      log.info("Stopped watching {}", inbox);
    }
  }

  private long tickMillis() {
    return Math.max(50, Math.min(settings.settle().toMillis() / 2, 1000));
  }

  /** Asks {@link #run()} to return after the current file; waits up to {@code timeout}. */
  public boolean stop(Duration timeout) throws InterruptedException {
    stopping = true;
    WatchService watch = watchService;
    if (watch != null) {
      try {
        watch.close();
      } catch (IOException e) {
        log.debug("Closing the watch service failed", e);
      }
    }
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lists the inbox once and ingests every file that is complete. */
  void scanAndIngest() throws IOException {
    long now = System.nanoTime();
    if (now < retryAfterNanos) {
      return;
    }
    List<Path> ready = new ArrayList<>();
    Set<Path> present = new HashSet<>();
    Set<Path> seenEntries = new HashSet<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(settings.inbox())) {
      for (Path file : files) {
        seenEntries.add(file);
        InboxFiles.Entry entry = InboxFiles.classify(file);
        if (entry.kind() != InboxFiles.Kind.REGULAR) {
          logSkippedOnce(entry);
          continue;
        }
        BasicFileAttributes attrs = entry.attrs();
        present.add(file);
        Observation seen = observed.get(file);
        long mtime = attrs.lastModifiedTime().toMillis();
        if (seen == null || seen.size() != attrs.size() || seen.mtimeMillis() != mtime) {
          observed.put(file, new Observation(attrs.size(), mtime, now));
        } else if (now - seen.sinceNanos() >= settings.settle().toNanos()) {
          Observation bad = unreadable.get(file);
          if (bad == null || bad.size() != attrs.size() || bad.mtimeMillis() != mtime) {
            ready.add(file);
          }
        }
      }
    }
    skipped.keySet().retainAll(seenEntries);
    observed.keySet().retainAll(present);
    unreadable.keySet().retainAll(present);
    ready.sort(null);
    for (int from = 0; from < ready.size() && !stopping; from += FILES_PER_ROUND) {
      if (!ingestAndMove(ready.subList(from, Math.min(ready.size(), from + FILES_PER_ROUND)))) {
        retryAfterNanos = System.nanoTime() + FAILURE_BACKOFF.toNanos();
        return;
      }
    }
  }

  private boolean isOwnDirectory(Path dir) {
    Path p = dir.toAbsolutePath().normalize();
    return p.equals(settings.doneDir().toAbsolutePath().normalize())
        || p.equals(settings.errorDir().toAbsolutePath().normalize());
  }

  private void logSkippedOnce(InboxFiles.Entry entry) {
    String reason = entry.kind().skipReason();
    if (reason == null
        || entry.path().getFileName().toString().equals(LOCK_FILE)
        || entry.kind() == InboxFiles.Kind.DIRECTORY && isOwnDirectory(entry.path())) {
      return;
    }
    if (skipped.put(entry.path(), entry.kind()) != entry.kind()) {
      log.warn("{}: skipped, left in the inbox: {}", entry.path(), reason);
    }
  }

  /**
   * Ingests files (several per transaction) and moves each once its transaction committed; false
   * when Kafka failed and the inbox should be retried later.
   */
  private boolean ingestAndMove(List<Path> files) {
    boolean[] kafkaFailed = {false};
    ingester.ingestAll(
        files,
        outcome -> {
          if (outcome.status() == FileOutcome.Status.FAILED) {
            // Nothing of it was committed: it stays in the inbox and is tried again.
            kafkaFailed[0] = true;
          } else if (outcome.status() == FileOutcome.Status.RETRY) {
            // Still being written (or raced with another ingester): must settle again first.
            observed.remove(settings.inbox().resolve(outcome.fileName()));
          } else {
            move(settings.inbox().resolve(outcome.fileName()), outcome);
          }
          listener.accept(outcome);
        },
        (file, e) -> {
          if (e instanceof NoSuchFileException) {
            observed.remove(file);
            return;
          }
          // Unreadable (permissions, I/O error): not retried until the file changes.
          log.error("{}: cannot read: {}; left in the inbox", file, e.toString());
          unreadable.put(file, observed.get(file));
          listener.accept(
              new FileOutcome(
                  file.getFileName().toString(), null, FileOutcome.Status.FAILED, 0, 0));
        });
    if (kafkaFailed[0]) {
      log.error(
          "Kafka refused a transaction; files left in {} are tried again in {} s",
          settings.inbox(),
          FAILURE_BACKOFF.toSeconds());
    }
    return !kafkaFailed[0];
  }

  private void move(Path file, FileOutcome outcome) {
    boolean knownBad =
        outcome.status() == FileOutcome.Status.DUPLICATE
            && ingester
                .ledgerStatus(outcome.sha256())
                .filter(DigestIngester.LEDGER_ERROR::equals)
                .isPresent();
    Path targetDir =
        outcome.belongsInError() || knownBad ? settings.errorDir() : settings.doneDir();
    try {
      Path moved = moveInto(file, targetDir);
      observed.remove(file);
      log.info("{}: {} -> {}", file.getFileName(), outcome.status(), moved);
    } catch (IOException e) {
      // Committed but not moved: the next scan finds it in the ledger and moves it without
      // producing anything again.
      log.error("{}: committed but could not move to {}: {}", file, targetDir, e.toString());
    }
  }

  /** Moves atomically when possible; never overwrites (adds a numeric suffix instead). */
  static Path moveInto(Path file, Path dir) throws IOException {
    Files.createDirectories(dir);
    String name = file.getFileName().toString();
    for (int attempt = 0; ; attempt++) {
      Path target = dir.resolve(attempt == 0 ? name : name + "." + attempt);
      if (Files.exists(target)) {
        continue;
      }
      try {
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        return Files.move(file, target);
      } catch (FileAlreadyExistsException e) {
        // Lost a race with another writer of the target: try the next suffix.
      }
    }
  }

  /** Stops a running watcher (waiting up to 30 s for the current file to finish). */
  @Override
  public void close() {
    if (started) {
      try {
        stop(Duration.ofSeconds(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
