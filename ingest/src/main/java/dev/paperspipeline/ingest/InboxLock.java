package dev.paperspipeline.ingest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock file that keeps a second ingester off an inbox ({@value InboxWatcher#LOCK_FILE}). Take
 * it before creating the ingester: initializing a transactional producer with the inbox's
 * transactional id fences the running ingester, so the lock must be checked first.
 */
public final class InboxLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private InboxLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code inbox} (created when missing).
   *
   * @throws IOException when another ingester holds the lock, or the lock file cannot be written
   */
  public static InboxLock acquire(Path inbox) throws IOException {
    Files.createDirectories(inbox);
    FileChannel channel =
        FileChannel.open(
            inbox.resolve(InboxWatcher.LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException(
          "Another ingester is watching " + inbox + " (lock " + InboxWatcher.LOCK_FILE + ")");
    }
    return new InboxLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
