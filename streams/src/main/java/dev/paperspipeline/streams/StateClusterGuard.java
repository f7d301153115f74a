package dev.paperspipeline.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an app's local state from outliving its Kafka cluster. The state directory of an
 * application ({@code <state.dir>/<application.id>}) holds the stores built from one cluster's
 * topics; against another cluster (a wiped {@code ./data}, a new cluster under the same address)
 * those stores would claim papers as already seen and hold offsets and schema ids that mean nothing
 * there. So the cluster id is recorded in {@value #CLUSTER_ID_FILE} inside that directory, and
 * before the app starts a directory recorded for another cluster, or holding state with no record,
 * is wiped with a WARN: Kafka Streams then restores every store from its changelog on the cluster
 * it runs against, as it does on a new machine.
 */
public final class StateClusterGuard {
  private static final Logger log = LoggerFactory.getLogger(StateClusterGuard.class);

  /** File in {@code <state.dir>/<application.id>} holding the Kafka cluster id. */
  public static final String CLUSTER_ID_FILE = "papers-cluster.id";

  /** The lock file Kafka Streams holds in the application's state directory while it runs. */
  private static final String STREAMS_LOCK_FILE = ".lock";

  private static final long DESCRIBE_TIMEOUT_MS = 30_000;

  private StateClusterGuard() {}

  /**
   * Asks the cluster of {@code props} for its id, wipes the application's state directory when it
   * belongs to another cluster, and records the id. Returns the cluster id.
   *
   * @throws IllegalStateException when the cluster cannot be reached or the directory is in use
   */
  public static String ensure(Properties props) {
    StreamsConfig config = new StreamsConfig(props);
    String clusterId = clusterId(config);
    ensure(appDir(config), clusterId);
    return clusterId;
  }

  /** The application's state directory: {@code <state.dir>/<application.id>}, absolute. */
  static Path appDir(StreamsConfig config) {
    return Path.of(config.getString(StreamsConfig.STATE_DIR_CONFIG))
        .toAbsolutePath()
        .resolve(config.getString(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  /** As {@link #ensure(Properties)} with the cluster id known; package-private for tests. */
  static void ensure(Path appDir, String clusterId) {
    try {
      Path marker = appDir.resolve(CLUSTER_ID_FILE);
      if (Files.isDirectory(appDir)) {
        String recorded =
            Files.exists(marker) ? Files.readString(marker, StandardCharsets.UTF_8).trim() : null;
        if (clusterId.equals(recorded)) {
          return;
        }
        if (recorded != null || hasState(appDir)) {
          wipe(appDir, recorded, clusterId);
        }
      }
      Files.createDirectories(appDir);
      Path tmp = appDir.resolve(CLUSTER_ID_FILE + ".tmp");
      Files.writeString(tmp, clusterId + "\n", StandardCharsets.UTF_8);
      Files.move(
          tmp,
          marker,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check the state directory " + appDir, e);
    }
  }

  private static boolean hasState(Path appDir) throws IOException {
    try (Stream<Path> entries = Files.list(appDir)) {
      // task directories (0_1, 2_0, ...) are what holds stores
      return entries.anyMatch(p -> Files.isDirectory(p));
    }
  }

  private static void wipe(Path appDir, String recorded, String clusterId) throws IOException {
    requireNotInUse(appDir);
    log.warn(
        "State directory {} holds state of Kafka cluster {}, not of {} that this app runs"
            + " against: deleting it; the stores are restored from their changelog topics",
        appDir,
        recorded == null ? "(not recorded)" : recorded,
        clusterId);
    try (Stream<Path> paths = Files.walk(appDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Throws when a running instance holds the lock of the application state directory {@code
   * appDir}: its state must not be changed from under it.
   */
  static void requireNotInUse(Path appDir) throws IOException {
    try (FileChannel channel =
        FileChannel.open(
            appDir.resolve(STREAMS_LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalStateException(
            "State directory " + appDir + " is in use by another running streams instance");
      }
      lock.release();
    }
  }

  private static String clusterId(StreamsConfig config) {
    try (Admin admin = Admin.create(config.getAdminConfigs("papers-state-check"))) {
      return admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) DESCRIBE_TIMEOUT_MS))
          .clusterId()
          .get(DESCRIBE_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while asking the Kafka cluster for its id", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot reach Kafka at "
              + config.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)
              + " to learn its cluster id: "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()),
          e);
    }
  }
}
