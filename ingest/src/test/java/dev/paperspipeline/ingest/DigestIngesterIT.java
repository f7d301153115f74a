package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParserOptions;
import dev.paperspipeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestIngesterIT {
  @TempDir Path dir;
  private LocalStack stack;

  @BeforeEach
  void start() {
    stack = LocalStack.startEphemeral();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private IngestOptions options() {
    return IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), dir);
  }

  private List<ConsumerRecord<String, PaperEvent>> raw() {
    return KafkaReads.readAll(
        stack.bootstrapServers(), stack.schemaRegistryUrl(), Topics.PAPERS_RAW, PaperEvent.class);
  }

  @Test
  void shouldProduceOneEventPerPaperOfTheSharedDigests() throws Exception {
    String shared = System.getProperty("papers.shared.digests");
    assumeTrue(shared != null && Files.isDirectory(Path.of(shared)), "shared digests absent");
    List<Path> files;
    try (Stream<Path> list = Files.list(Path.of(shared))) {
      files = list.filter(Files::isRegularFile).sorted().toList();
    }
    DigestParser parser = new DigestParser(ParserOptions.defaults());
    int parsedPapers = 0;
    for (Path f : files) {
      parsedPapers += parser.parse(f).papers().size();
    }

    IngestSummary summary;
    try (DigestIngester ingester = DigestIngester.open(options())) {
      summary = BatchIngest.run(ingester, files, null);
    }

    List<ConsumerRecord<String, PaperEvent>> records = raw();
    assertThat(summary.papers()).isEqualTo(parsedPapers);
    assertThat(records).hasSize(parsedPapers).hasSize(302);
    ConsumerRecord<String, PaperEvent> first = records.get(0);
    assertThat(first.key()).isEqualTo(first.value().getPaperId());
    assertThat(header(first, DigestIngester.HEADER_FILE_SHA256))
        .isEqualTo(first.value().getLineage().getFileSha256());
    assertThat(header(first, DigestIngester.HEADER_FILE_LINE))
        .isEqualTo(String.valueOf(first.value().getLineage().getLineNumber()));
    assertThat(header(first, DigestIngester.HEADER_FILE_ORDINAL))
        .isEqualTo(String.valueOf(first.value().getLineage().getOrdinal()));
    assertThat(header(first, DigestIngester.HEADER_FILE_NAME))
        .isEqualTo(first.value().getLineage().getFileName());
  }

  @Test
  void shouldAddNothingWhenTheSameBytesAreIngestedAgainUnderAnotherName() throws Exception {
    Path a = DigestFixtures.write(dir.resolve("in"), "a.txt", "Alpha", 5);
    Path copy = Files.copy(a, dir.resolve("in").resolve("renamed-copy.txt"));
    try (DigestIngester ingester = DigestIngester.open(options())) {
      assertThat(ingester.ingest(a).status()).isEqualTo(FileOutcome.Status.DONE);
      assertThat(ingester.ingest(a).status()).isEqualTo(FileOutcome.Status.DUPLICATE);
    }
    // A new ingester (new process) learns the ledger from Kafka.
    try (DigestIngester ingester = DigestIngester.open(options())) {
      FileOutcome again = ingester.ingest(copy);
      assertThat(again.status()).isEqualTo(FileOutcome.Status.DUPLICATE);
      assertThat(again.papers()).isZero();
    }
    assertThat(raw()).hasSize(5);
    List<ConsumerRecord<String, IngestLedgerEntry>> ledger =
        KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.INGEST_LEDGER,
            IngestLedgerEntry.class);
    assertThat(ledger).hasSize(1);
    assertThat(ledger.get(0).value().getStatus()).isEqualTo(DigestIngester.LEDGER_DONE);
    assertThat(ledger.get(0).value().getPapers()).isEqualTo(5);
  }

  @Test
  void shouldRecordEachFileOnDigestFilesWithItsOutcome() throws Exception {
    Path a = DigestFixtures.write(dir.resolve("in"), "a.txt", "Alpha", 5);
    Path broken = DigestFixtures.writeBinary(dir.resolve("in"), "broken.txt");
    Path copy = Files.copy(a, dir.resolve("in").resolve("copy-of-a.txt"));
    try (DigestIngester ingester = DigestIngester.open(options())) {
      BatchIngest.run(ingester, List.of(a, broken), null);
      // The very file again (as after a crash before its move): not a second copy.
      assertThat(ingester.ingest(a).status()).isEqualTo(FileOutcome.Status.DUPLICATE);
    }
    try (DigestIngester ingester = DigestIngester.open(options())) {
      assertThat(ingester.ingest(copy).status()).isEqualTo(FileOutcome.Status.DUPLICATE);
    }

    List<DigestFile> files =
        KafkaReads.readAll(
                stack.bootstrapServers(),
                stack.schemaRegistryUrl(),
                Topics.DIGEST_FILES,
                DigestFile.class)
            .stream()
            .peek(r -> assertThat(r.key()).isEqualTo(r.value().getFileSha256()))
            .map(ConsumerRecord::value)
            .toList();
    assertThat(files)
        .extracting(
            f ->
                f.getFileName() + " " + f.getStatus() + " " + f.getPapers() + " " + f.getRejected())
        .containsExactlyInAnyOrder(
            "a.txt DONE 5 0", "broken.txt ERROR 0 1", "copy-of-a.txt DUPLICATE 0 0");
    DigestFile done = files.stream().filter(f -> f.getStatus().equals("DONE")).findFirst().get();
    assertThat(done.getFileSha256()).isEqualTo(DigestFixtures.sha256(a));
    assertThat(done.getPaperIds())
        .containsExactlyElementsOf(
            raw().stream()
                .map(ConsumerRecord::value)
                .sorted(java.util.Comparator.comparingInt(e -> e.getLineage().getOrdinal()))
                .map(PaperEvent::getPaperId)
                .toList());
    assertThat(done.getDigestDate()).isNotNull();
    assertThat(done.getDigestDate().getMonthValue()).isEqualTo(11);
    assertThat(done.getDigestDate().getDayOfMonth()).isEqualTo(3);
    assertThat(done.getDigestDateSource()).isNotNull();
    DigestFile duplicate =
        files.stream().filter(f -> f.getStatus().equals("DUPLICATE")).findFirst().get();
    assertThat(duplicate.getDuplicateOf()).isEqualTo("a.txt");
    assertThat(duplicate.getFileSha256()).isEqualTo(done.getFileSha256());
    assertThat(duplicate.getDigestDate()).isEqualTo(done.getDigestDate());
    assertThat(duplicate.getPaperIds()).isEmpty();
    DigestFile error = files.stream().filter(f -> f.getStatus().equals("ERROR")).findFirst().get();
    assertThat(error.getDigestDate()).isNull();
  }

  @Test
  void shouldDeadLetterABinaryFileWhileTheOtherFilesFlow() throws Exception {
    Path good1 = DigestFixtures.write(dir, "good-1.txt", "Beta", 3);
    Path broken = DigestFixtures.writeBinary(dir, "broken.txt");
    Path good2 = DigestFixtures.write(dir, "good-2.txt", "Gamma", 4);
    IngestSummary summary;
    try (DigestIngester ingester = DigestIngester.open(options())) {
      summary = BatchIngest.run(ingester, List.of(good1, broken, good2), null);
    }
    assertThat(summary.failed()).isZero();
    assertThat(raw()).hasSize(7);
    List<ConsumerRecord<String, DeadLetter>> dead =
        KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.DEAD_LETTER,
            DeadLetter.class);
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.get(0).value();
    assertThat(letter.getStage()).isEqualTo(DigestIngester.STAGE_FILE);
    assertThat(letter.getFileName()).isEqualTo("broken.txt");
    assertThat(letter.getRawSize()).isEqualTo(Files.size(broken));
    assertThat(letter.getRaw().remaining()).isPositive();
    assertThat(letter.getReason()).isNotBlank();
    List<ConsumerRecord<String, IngestLedgerEntry>> ledger =
        KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.INGEST_LEDGER,
            IngestLedgerEntry.class);
    assertThat(ledger)
        .extracting(r -> r.value().getFileName() + "=" + r.value().getStatus())
        .containsExactlyInAnyOrder("good-1.txt=DONE", "broken.txt=ERROR", "good-2.txt=DONE");
  }

  @Test
  void shouldDeadLetterARejectedEntryWithItsLineWhileTheRestOfTheFileFlows() throws Exception {
    String text = DigestFixtures.digest("Zeta", 3);
    int orphanLine = (int) text.lines().count() + 1;
    String orphan = "An Orphan Title Whose Abstract Never Came";
    Path file = Files.writeString(dir.resolve("orphan.txt"), text + orphan + "\n");
    FileOutcome outcome;
    try (DigestIngester ingester = DigestIngester.open(options())) {
      outcome = ingester.ingest(file);
    }
    assertThat(outcome.status()).isEqualTo(FileOutcome.Status.DONE);
    assertThat(outcome.rejected()).isEqualTo(1);
    assertThat(raw()).hasSize(3);
    List<ConsumerRecord<String, DeadLetter>> dead =
        KafkaReads.readAll(
            stack.bootstrapServers(),
            stack.schemaRegistryUrl(),
            Topics.DEAD_LETTER,
            DeadLetter.class);
    assertThat(dead).hasSize(1);
    DeadLetter letter = dead.get(0).value();
    assertThat(letter.getStage()).isEqualTo(DigestIngester.STAGE_ENTRY);
    assertThat(letter.getLineNumber()).isEqualTo(orphanLine);
    assertThat(StandardCharsets.UTF_8.decode(letter.getRaw()).toString()).contains(orphan);
    assertThat(letter.getTruncated()).isFalse();
    assertThat(header(dead.get(0), DigestIngester.HEADER_FILE_LINE))
        .isEqualTo(String.valueOf(orphanLine));
  }

  @Test
  void shouldCommitNothingOfAFileWhoseTransactionFailedAndIngestItLater() throws Exception {
    Path file = DigestFixtures.write(dir, "retry.txt", "Eta", 4);
    int deadPort = dev.paperspipeline.embedded.EmbeddedKafka.freePortForTests();
    IngestOptions noRegistry =
        new IngestOptions(
            stack.bootstrapServers(),
            "http://127.0.0.1:" + deadPort,
            options().transactionalId(),
            null,
            3,
            0,
            java.util.Map.of(),
            IngestOptions.DEFAULT_MAX_RECORDS_PER_TRANSACTION);
    try (DigestIngester ingester = DigestIngester.open(noRegistry)) {
      IngestSummary summary = BatchIngest.run(ingester, List.of(file), null);
      assertThat(summary.failed()).isEqualTo(1);
      assertThat(ingester.ledgerStatus(DigestFixtures.sha256(file))).isEmpty();
    }
    try (DigestIngester ingester = DigestIngester.open(options())) {
      assertThat(ingester.ingest(file).status()).isEqualTo(FileOutcome.Status.DONE);
    }
    assertThat(raw()).hasSize(4);
  }

  @Test
  void shouldRememberIngestedFilesAcrossARestartOfTheLocalStack() throws Exception {
    Path data = dir.resolve("data");
    Path file = DigestFixtures.write(dir.resolve("in"), "e.txt", "Epsilon", 3);
    try (LocalStack local = LocalStack.start(data, 0, 0);
        DigestIngester ingester =
            DigestIngester.open(
                IngestOptions.of(local.bootstrapServers(), local.schemaRegistryUrl(), dir))) {
      assertThat(ingester.ingest(file).status()).isEqualTo(FileOutcome.Status.DONE);
    }
    try (LocalStack local = LocalStack.start(data, 0, 0);
        DigestIngester ingester =
            DigestIngester.open(
                IngestOptions.of(local.bootstrapServers(), local.schemaRegistryUrl(), dir))) {
      assertThat(ingester.ledgerSize()).isEqualTo(1);
      assertThat(ingester.ingest(file).status()).isEqualTo(FileOutcome.Status.DUPLICATE);
      assertThat(
              KafkaReads.readAll(
                  local.bootstrapServers(),
                  local.schemaRegistryUrl(),
                  Topics.PAPERS_RAW,
                  PaperEvent.class))
          .hasSize(3);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String key) {
    Header h = record.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
