package dev.paperspipeline.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the empty directories left in an application's task directories before Kafka Streams
 * opens them, so that a task whose stores hold nothing is seen as the empty task it is.
 *
 * <p>Why: a persistent window store (the dedupe store) keeps its changelog offsets inside its
 * segments, and has no segment until its first record. A task that never got a record (a papers-raw
 * partition no paper was keyed to) still creates the store's directory, so after a clean close its
 * task directory is not empty while the store reports no committed offset. Under exactly-once Kafka
 * Streams 4.3.1 takes that for a store left dirty by a crash: at every start it logs the store as
 * corrupted, closes the task dirty, wipes it and restores it, and the restore leaves the same empty
 * directory behind for the next start. An empty directory holds no state, so removing it loses
 * nothing; a store with data is left as it is, offsets or not.
 */
public final class EmptyStoreDirectories {
  private static final Logger log = LoggerFactory.getLogger(EmptyStoreDirectories.class);

  /** Task directories are named {@code <subtopology>_<partition>}. */
  private static final Pattern TASK_DIRECTORY = Pattern.compile("\\d+_\\d+");

  private EmptyStoreDirectories() {}

  /**
   * Removes the empty directories inside the task directories of the application of {@code props}
   * ({@code <state.dir>/<application.id>/<task>/...}). Call it before the app starts.
   *
   * @return the directories removed
   * @throws IllegalStateException when a running instance holds the application's state directory
   */
  public static List<Path> remove(Properties props) {
    return remove(StateClusterGuard.appDir(new StreamsConfig(props)));
  }

  /** As {@link #remove(Properties)} for the application state directory {@code appDir}. */
  static List<Path> remove(Path appDir) {
    if (!Files.isDirectory(appDir)) {
      return List.of();
    }
    List<Path> removed = new ArrayList<>();
    try {
      List<Path> tasks;
      try (Stream<Path> entries = Files.list(appDir)) {
        tasks =
            entries
                .filter(Files::isDirectory)
                .filter(p -> TASK_DIRECTORY.matcher(p.getFileName().toString()).matches())
                .sorted()
                .toList();
      }
      if (tasks.isEmpty()) {
        return List.of();
      }
      StateClusterGuard.requireNotInUse(appDir);
      for (Path task : tasks) {
        List<Path> inside;
        try (Stream<Path> walk = Files.walk(task)) {
          // deepest first, so that a directory emptied here is seen empty in turn
          inside =
              walk.filter(p -> !p.equals(task))
                  .filter(Files::isDirectory)
                  .sorted(Comparator.reverseOrder())
                  .toList();
        }
        for (Path dir : inside) {
          if (isEmpty(dir)) {
            Files.delete(dir);
            removed.add(dir);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check the state directory " + appDir, e);
    }
    if (!removed.isEmpty()) {
      log.info(
          "Removed {} empty store directories from {} (stores that never held a record): {}",
          removed.size(),
          appDir,
          removed.stream().map(appDir::relativize).toList());
    }
    return removed;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
