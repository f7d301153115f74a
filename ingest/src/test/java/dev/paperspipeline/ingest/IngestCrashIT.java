package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} of an ingester in a child JVM at the two points where a crash could cost. */
class IngestCrashIT {
  private static final String TX_ID = "papers-ingest-crash-it";

  @TempDir Path dir;

  @Test
  void shouldNeitherLoseNorDuplicatePapersWhenKilledInTheMiddleOfATransaction() throws Exception {
    Path digests = dir.resolve("digests");
    List<String> files =
        List.of(
            DigestFixtures.write(digests, "digest-1.txt", "Alpha", 100).toString(),
            DigestFixtures.write(digests, "digest-2.txt", "Beta", 120).toString(),
            DigestFixtures.write(digests, "digest-3.txt", "Gamma", 80).toString());
    try (LocalStack stack = LocalStack.startEphemeral()) {
      // First run: one transaction per file; hangs after 150 records, i.e. inside the second
      // file's open transaction (the first file is 100 papers and a ledger entry).
      Path log1 = dir.resolve("child-1.log");
      Process child = batchChild(stack, files, 150L, log1);
      awaitPaused(child, log1);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      // Second run (same transactional id): aborts the dead run's transaction, skips the file
      // the ledger has, produces the unfinished ones again.
      Path log2 = dir.resolve("child-2.log");
      Process rerun = batchChild(stack, files, -1L, log2);
      assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.exitValue()).as("second run, see %s", log2).isZero();
      assertThat(Files.readString(log2))
          .as("the file committed before the kill is skipped")
          .contains("digest-1.txt: same bytes");

      List<ConsumerRecord<String, PaperEvent>> records = raw(stack, "read_committed");
      assertThat(records).hasSize(300);
      assertThat(digestFiles(stack))
          .as("one digest-files record per file, none for the skipped one")
          .containsExactlyInAnyOrder(
              "digest-1.txt DONE 100", "digest-2.txt DONE 120", "digest-3.txt DONE 80");
      // The killed run's half file did reach the broker: it is there, aborted, invisible above.
      assertThat(raw(stack, "read_uncommitted")).hasSizeGreaterThan(300);
      assertThat(
              records.stream()
                  .map(
                      r ->
                          r.value().getLineage().getFileSha256()
                              + "#"
                              + r.value().getLineage().getOrdinal())
                  .distinct())
          .hasSize(300);
    }
  }

  @Test
  void shouldMoveWithoutProducingAgainWhenKilledBetweenCommitAndMove() throws Exception {
    Path inbox = dir.resolve("inbox");
    DigestFixtures.write(inbox, "digest-a.txt", "Delta", 60);
    DigestFixtures.write(inbox, "digest-b.txt", "Epsilon", 40);
    try (LocalStack stack = LocalStack.startEphemeral()) {
      // First run: both files commit in one transaction; the watcher cannot move them (its done
      // directory became a regular file), so they stay in the inbox, and it hangs once told the
      // first file's outcome.
      Path log1 = dir.resolve("watch-1.log");
      Process child = watchChild(stack, inbox, true, log1);
      awaitPaused(child, log1);
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(inbox.resolve("digest-a.txt")).exists();
      assertThat(inbox.resolve("digest-b.txt")).exists();
      assertThat(raw(stack, "read_committed")).hasSize(100);

      // Restart: the ledger has both files' bytes, so they are moved and nothing is produced.
      Path log2 = dir.resolve("watch-2.log");
      Process rerun = watchChild(stack, inbox, false, log2);
      try {
        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    Files.exists(inbox.resolve("done").resolve("digest-a.txt"))
                        && Files.exists(inbox.resolve("done").resolve("digest-b.txt")));
      } finally {
        rerun.destroyForcibly();
        rerun.waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(raw(stack, "read_committed")).hasSize(100);
      assertThat(Files.readString(log2)).contains("DUPLICATE");
      assertThat(digestFiles(stack))
          .as("the files seen again after the crash are not recorded as duplicates")
          .containsExactlyInAnyOrder("digest-a.txt DONE 60", "digest-b.txt DONE 40");
      try (Stream<Path> left = Files.list(inbox)) {
        assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .containsExactly(InboxWatcher.LOCK_FILE);
      }
    }
  }

  private static void awaitPaused(Process child, Path log) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                !child.isAlive() || Files.readString(log).contains(IngestChildMain.PAUSED_MARKER));
    assertThat(child.isAlive()).as("child paused, see %s", log).isTrue();
  }

  private static List<ConsumerRecord<String, PaperEvent>> raw(LocalStack stack, String isolation) {
    return KafkaReads.readAll(
        stack.bootstrapServers(),
        stack.schemaRegistryUrl(),
        Topics.PAPERS_RAW,
        PaperEvent.class,
        isolation);
  }

  private static List<String> digestFiles(LocalStack stack) {
    return KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.DIGEST_FILES,
            DigestFile.class)
        .stream()
        .map(
            r ->
                r.value().getFileName() + " " + r.value().getStatus() + " " + r.value().getPapers())
        .toList();
  }

  private Process batchChild(LocalStack stack, List<String> files, long pauseAfter, Path log)
      throws Exception {
    String[] args =
        Stream.concat(
                Stream.of(
                    "batch",
                    stack.bootstrapServers(),
                    stack.schemaRegistryUrl(),
                    TX_ID,
                    "1",
                    String.valueOf(pauseAfter)),
                files.stream())
            .toArray(String[]::new);
    return ChildJvm.start(List.of(), log, args);
  }

  private Process watchChild(LocalStack stack, Path inbox, boolean pauseAfterCommit, Path log)
      throws Exception {
    return ChildJvm.start(
        List.of(),
        log,
        "watch",
        stack.bootstrapServers(),
        stack.schemaRegistryUrl(),
        inbox.toString(),
        "200",
        String.valueOf(pauseAfterCommit));
  }
}
