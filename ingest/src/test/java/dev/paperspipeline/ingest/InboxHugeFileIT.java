package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A digest larger than the ingester's heap is ingested (streamed, in bounded memory), and a file
 * the parser refuses goes to error/ with a dead letter while the inbox goes on.
 */
class InboxHugeFileIT {
  /** Heap of the ingester child: smaller than the huge file, so holding it would fail. */
  private static final String HEAP = "-Xmx64m";

  private static final int HUGE_PAPERS = 20_000;

  @TempDir Path dir;

  @Test
  void shouldIngestADigestLargerThanTheHeapAndMoveAnUnhandledFileToError() throws Exception {
    Path inbox = dir.resolve("inbox");
    Path staging = dir.resolve("staging");
    Files.createDirectories(inbox);
    Files.createDirectories(staging);
    Path huge = writeHuge(staging.resolve("huge.txt"), HUGE_PAPERS);
    assertThat(Files.size(huge)).isGreaterThan(64L * 1024 * 1024);
    try (LocalStack stack = LocalStack.startEphemeral()) {
      Path log = dir.resolve("child.log");
      Process child =
          ChildJvm.start(
              List.of(HEAP),
              log,
              "watch",
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              inbox.toString(),
              "200",
              "false");
      try {
        Files.move(huge, inbox.resolve("huge.txt"), StandardCopyOption.ATOMIC_MOVE);
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> !child.isAlive() || Files.exists(inbox.resolve("done/huge.txt")));
        assertThat(child.isAlive()).as("child alive, see %s", log).isTrue();

        // A single line longer than the parser takes, then a normal file behind it.
        Path longLine = staging.resolve("long-line.txt");
        try (BufferedWriter w = Files.newBufferedWriter(longLine, StandardCharsets.UTF_8)) {
          char[] row = new char[1 << 20];
          java.util.Arrays.fill(row, 'a');
          for (int i = 0; i < 20; i++) {
            w.write(row);
          }
          w.write('\n');
        }
        Files.move(longLine, inbox.resolve("long-line.txt"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(
            DigestFixtures.write(staging, "small.txt", "Smallish", 5),
            inbox.resolve("small.txt"),
            StandardCopyOption.ATOMIC_MOVE);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    !child.isAlive()
                        || Files.exists(inbox.resolve("error/long-line.txt"))
                            && Files.exists(inbox.resolve("done/small.txt")));
        assertThat(child.isAlive()).as("child alive, see %s", log).isTrue();
      } finally {
        child.destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
      }
      List<ConsumerRecord<String, PaperEvent>> raw =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.PAPERS_RAW,
              PaperEvent.class);
      assertThat(raw).hasSize(HUGE_PAPERS + 5);
      assertThat(raw.stream().filter(r -> r.value().getLineage().getFileName().equals("huge.txt")))
          .hasSize(HUGE_PAPERS);
      List<ConsumerRecord<String, DeadLetter>> dead =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.DEAD_LETTER,
              DeadLetter.class);
      assertThat(dead).hasSize(1);
      assertThat(dead.get(0).value().getFileName()).isEqualTo("long-line.txt");
      assertThat(dead.get(0).value().getStage()).isEqualTo(DigestIngester.STAGE_FILE);
      // Refused by the parser (line too long), or, when the heap runs out on the way there, caught
      // as a file that cannot be handled: either way a whole-file dead letter, and the child lives.
      assertThat(dead.get(0).value().getReason().toString())
          .containsAnyOf("is longer than", "could not be handled");
    }
  }

  /** A valid digest of {@code papers} entries with abstracts of about 4 kB each. */
  static Path writeHuge(Path file, int papers) throws IOException {
    String filler =
        " The streamed ingester reads each paragraph once, sends it, and forgets it, so the"
            + " heap holds one paragraph and the producer's buffer however large the file is.";
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("Daily Papers\n\nbyAK and the research community\n\nNov 3\n\n");
      for (int i = 1; i <= papers; i++) {
        w.write("Huge study " + i + ": Streaming Digests in Bounded Memory\n\n");
        w.write("We ingest paper number " + i + " of a very large digest.");
        for (int k = 0; k < 24; k++) {
          w.write(filler);
        }
        w.write(" We release the code.\n\n");
      }
    }
    return file;
  }
}
