package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCrashIT {
  private static final String TX_ID = "papers-ingest-crash-it";

  @TempDir Path dir;

  @Test
  void shouldNeitherLoseNorDuplicatePapersWhenKilledInTheMiddleOfAFile() throws Exception {
    String shared = System.getProperty("papers.shared.digests");
    assumeTrue(shared != null && Files.isDirectory(Path.of(shared)), "shared digests absent");
    List<String> files;
    try (Stream<Path> list = Files.list(Path.of(shared))) {
      files = list.filter(Files::isRegularFile).sorted().map(Path::toString).toList();
    }
    try (LocalStack stack = LocalStack.startEphemeral()) {
      // First run: hangs after 150 records, i.e. inside the second file's open transaction
      // (the first file holds fewer than 150 papers).
      Path log1 = dir.resolve("child-1.log");
      Process child = child(stack, files, 150L, log1);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  !child.isAlive()
                      || Files.readString(log1).contains(DigestIngester.PAUSED_MARKER));
      assertThat(child.isAlive()).as("child paused, see %s", log1).isTrue();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

      // Second run (same transactional id): aborts the dead run's transaction, skips files the
      // ledger has, produces the unfinished ones again.
      Path log2 = dir.resolve("child-2.log");
      Process rerun = child(stack, files, null, log2);
      assertThat(rerun.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(rerun.exitValue()).as("second run, see %s", log2).isZero();
      assertThat(Files.readString(log2))
          .as("the file committed before the kill is skipped")
          .contains(Path.of(files.get(0)).getFileName() + ": same bytes");

      List<ConsumerRecord<String, PaperEvent>> records =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.PAPERS_RAW,
              PaperEvent.class);
      assertThat(records).hasSize(302);
      // The killed run's half file did reach the broker: it is there, aborted, invisible above.
      assertThat(
              KafkaReads.readAll(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Topics.PAPERS_RAW,
                  PaperEvent.class,
                  "read_uncommitted"))
          .hasSizeGreaterThan(302);
      assertThat(
              records.stream()
                  .map(
                      r ->
                          r.value().getLineage().getFileSha256()
                              + "#"
                              + r.value().getLineage().getOrdinal())
                  .distinct())
          .hasSize(302);
    }
  }

  private Process child(LocalStack stack, List<String> files, Long pauseAfter, Path log)
      throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    if (pauseAfter != null) {
      cmd.add("-D" + DigestIngester.PAUSE_AFTER_RECORDS_PROPERTY + "=" + pauseAfter);
    }
    cmd.add(IngestChildMain.class.getName());
    cmd.add(stack.bootstrapServers());
    cmd.add(stack.schemaRegistryUrl());
    cmd.add(TX_ID);
    // One transaction per file: the first file commits before the kill, the second does not.
    cmd.add("1");
    cmd.addAll(files);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
  }
}
