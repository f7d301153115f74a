package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxWatcherIT {
  @TempDir Path dir;

  @Test
  void shouldIngestFilesDroppedLaterOnceAndMoveThemToDoneOrError() throws Exception {
    Path inbox = dir.resolve("inbox");
    Path staging = dir.resolve("staging");
    InboxWatcher.Settings settings =
        InboxWatcher.Settings.defaults(inbox)
            .withSettle(Duration.ofMillis(300))
            .withRescanInterval(Duration.ofSeconds(1));
    IngestSummary summary = new IngestSummary();
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester ingester =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inbox))) {
      InboxWatcher watcher = new InboxWatcher(ingester, settings, summary::add);
      CompletableFuture<Void> running =
          CompletableFuture.runAsync(
              () -> {
                try {
                  watcher.run();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      try {
        // A file being written under a temporary name is ignored; the rename makes it visible.
        Path written = DigestFixtures.write(inbox, "digest-1.txt.part", "Delta", 4);
        Path temp = DigestFixtures.write(inbox, ".hidden.txt", "Hidden", 2);
        Files.move(written, inbox.resolve("digest-1.txt"), StandardCopyOption.ATOMIC_MOVE);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Files.exists(settings.doneDir().resolve("digest-1.txt")));
        assertThat(raw(stack)).isEqualTo(4);

        // Same bytes under another name: moved to done, nothing produced.
        Path copy = DigestFixtures.write(staging, "copy.txt", "Delta", 4);
        Files.move(copy, inbox.resolve("digest-1-again.txt"));
        // A broken file goes to error and to the dead-letter topic.
        Path broken = DigestFixtures.writeBinary(staging, "broken.bin");
        Files.move(broken, inbox.resolve("broken.txt"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Files.exists(settings.doneDir().resolve("digest-1-again.txt"))
                        && Files.exists(settings.errorDir().resolve("broken.txt")));
        assertThat(raw(stack)).isEqualTo(4);
        assertThat(
                KafkaReads.readAll(
                    stack.bootstrapServers(),
                    stack.schemaRegistryUrl(),
                    Topics.DEAD_LETTER,
                    DeadLetter.class))
            .extracting(r -> r.value().getFileName())
            .containsExactly("broken.txt");
        assertThat(temp).exists();
        assertThat(summary.duplicates()).isEqualTo(1);
      } finally {
        assertThat(watcher.stop(Duration.ofSeconds(30))).isTrue();
        running.get();
      }
    }
  }

  private static int raw(LocalStack stack) {
    return KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.PAPERS_RAW,
            PaperEvent.class)
        .size();
  }
}
