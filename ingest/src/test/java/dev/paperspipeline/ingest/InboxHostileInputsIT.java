package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.IngestLedgerEntry;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Inbox entries that must not be read, and writers that are slow: exact counts after each. */
class InboxHostileInputsIT {
  @TempDir Path dir;

  @Test
  void shouldIngestOnlyRegularFilesInsideTheInboxAndGoOnPastLinksFifosAndDirectories()
      throws Exception {
    Path inbox = dir.resolve("inbox");
    Path outside = dir.resolve("outside");
    Path staging = dir.resolve("staging");
    Files.createDirectories(inbox);
    // Valid digests outside the inbox: ingested if anything followed a link to them.
    Path secret = DigestFixtures.write(outside, "secret.txt", "Secretive", 3);
    Path hardTarget = DigestFixtures.write(outside, "hard.txt", "Hardlinked", 3);
    Files.createSymbolicLink(inbox.resolve("link.txt"), secret);
    Files.createSymbolicLink(inbox.resolve("dangling.txt"), outside.resolve("missing.txt"));
    Files.createLink(inbox.resolve("hard.txt"), hardTarget);
    DigestFixtures.write(inbox.resolve("sub"), "nested.txt", "Nested", 2);
    DigestFixtures.write(inbox, "..data", "Dotdot", 2);
    Path fifo = inbox.resolve("pipe.txt");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "no mkfifo");
    DigestFixtures.write(inbox, "good-1.txt", "Alpha", 5);

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger watcherLog = (Logger) LoggerFactory.getLogger(InboxWatcher.class);
    watcherLog.addAppender(logs);
    InboxWatcher.Settings settings =
        InboxWatcher.Settings.defaults(inbox)
            .withSettle(Duration.ofMillis(200))
            .withRescanInterval(Duration.ofMillis(300));
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester ingester =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inbox))) {
      InboxWatcher watcher = new InboxWatcher(ingester, settings, o -> {});
      CompletableFuture<Void> running = runAsync(watcher);
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Files.exists(settings.doneDir().resolve("good-1.txt")));
        // The watcher goes on after the FIFO and the links: a later file is ingested too.
        Files.move(
            DigestFixtures.write(staging, "good-2.txt", "Beta", 4),
            inbox.resolve("good-2.txt"),
            StandardCopyOption.ATOMIC_MOVE);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> Files.exists(settings.doneDir().resolve("good-2.txt")));
        // Several more scans, so that "logged once" is tested against repeated listings.
        Thread.sleep(1000);
      } finally {
        assertThat(watcher.stop(Duration.ofSeconds(30))).isTrue();
        running.get();
        watcherLog.detachAppender(logs);
      }

      List<ConsumerRecord<String, PaperEvent>> raw =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.PAPERS_RAW,
              PaperEvent.class);
      List<ConsumerRecord<String, DeadLetter>> dead =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.DEAD_LETTER,
              DeadLetter.class);
      assertThat(raw).hasSize(9);
      assertThat(raw)
          .extracting(r -> r.value().getLineage().getFileName())
          .containsOnly("good-1.txt", "good-2.txt");
      assertThat(dead).isEmpty();
      for (String leaked : List.of("Secretive", "Hardlinked", "Nested", "Dotdot")) {
        assertThat(raw).noneMatch(r -> r.value().getTitle().contains(leaked));
      }
      // Left where they were, the targets untouched.
      for (String name : List.of("link.txt", "dangling.txt", "hard.txt", "pipe.txt", "..data")) {
        assertThat(Files.exists(inbox.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS))
            .as(name)
            .isTrue();
      }
      assertThat(Files.readString(secret)).isEqualTo(DigestFixtures.digest("Secretive", 3));
      // Each skipped entry logged exactly once, with why; done/ and error/ not at all.
      for (String name :
          List.of("link.txt", "dangling.txt", "hard.txt", "pipe.txt", "sub", "..data")) {
        assertThat(
                logs.list.stream()
                    .filter(e -> e.getFormattedMessage().contains("skipped"))
                    .filter(e -> e.getFormattedMessage().contains(inbox.resolve(name) + ":")))
            .as("log lines for %s", name)
            .hasSize(1);
      }
      assertThat(logs.list.stream().filter(e -> e.getFormattedMessage().contains("skipped")))
          .hasSize(6);
    }
  }

  @Test
  void shouldIngestEveryPaperOnceWhenWritersPauseLongerThanTheSettleTime() throws Exception {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    InboxWatcher.Settings settings =
        InboxWatcher.Settings.defaults(inbox)
            .withSettle(Duration.ofMillis(200))
            .withRescanInterval(Duration.ofMillis(300));
    String slowA = DigestFixtures.digest("Slowpoke", 76);
    String slowB = DigestFixtures.digest("Grower", 40);
    String firstHalfB = slowB.substring(0, slowB.indexOf("Grower study 21:"));
    // A writer that keeps appending after the claim (here: once the file's last record, its
    // ledger entry, is sent, right before the commit) must not lose what it appends: the
    // transaction is aborted and the whole file ingested later.
    Path growing = inbox.resolve("grower.txt");
    AtomicBoolean appended = new AtomicBoolean();
    SendInterceptor.Action appendAfterLastRecord =
        new SendInterceptor.Action() {
          @Override
          protected void beforeSend(ProducerRecord<?, ?> record, long sentBefore) {
            if (record.value() instanceof IngestLedgerEntry entry
                && entry.getFileName().equals("grower.txt")
                && appended.compareAndSet(false, true)) {
              try {
                Files.writeString(
                    growing,
                    slowB.substring(firstHalfB.length()),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        };
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester ingester =
            DigestIngester.open(
                SendInterceptor.install(
                    IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inbox),
                    appendAfterLastRecord))) {
      InboxWatcher watcher = new InboxWatcher(ingester, settings, o -> {});
      CompletableFuture<Void> running = runAsync(watcher);
      try {
        Files.writeString(growing, firstHalfB, StandardCharsets.UTF_8);
        // A slow writer that follows the protocol: writes under .part, pausing longer than the
        // settle time between chunks, then renames.
        Path part = inbox.resolve("slowpoke.txt.part");
        int chunk = slowA.length() / 4;
        for (int i = 0; i < 4; i++) {
          String piece = slowA.substring(i * chunk, i == 3 ? slowA.length() : (i + 1) * chunk);
          Files.writeString(
              part,
              piece,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
          Thread.sleep(600);
        }
        assertThat(settings.doneDir().resolve("slowpoke.txt.part")).doesNotExist();
        Files.move(part, inbox.resolve("slowpoke.txt"), StandardCopyOption.ATOMIC_MOVE);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    Files.exists(settings.doneDir().resolve("slowpoke.txt"))
                        && Files.exists(settings.doneDir().resolve("grower.txt")));
      } finally {
        assertThat(watcher.stop(Duration.ofSeconds(30))).isTrue();
        running.get();
      }
      assertThat(appended).isTrue();
      List<ConsumerRecord<String, PaperEvent>> raw =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.PAPERS_RAW,
              PaperEvent.class);
      assertThat(raw).hasSize(76 + 40);
      assertThat(raw.stream().filter(r -> r.value().getTitle().startsWith("Slowpoke"))).hasSize(76);
      assertThat(raw.stream().filter(r -> r.value().getTitle().startsWith("Grower"))).hasSize(40);
      assertThat(raw.stream().map(r -> r.value().getPaperId()).distinct()).hasSize(116);
      assertThat(settings.doneDir().resolve("grower.txt")).hasContent(slowB);
      // The aborted first attempt (half of grower.txt) reached the broker but was never visible.
      assertThat(
              KafkaReads.readAll(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Topics.PAPERS_RAW,
                  PaperEvent.class,
                  "read_uncommitted"))
          .hasSizeGreaterThan(116);
    }
  }

  @Test
  void shouldIngestTheSameBytesOnceAcrossTwoRunningIngestersOnTwoInboxes() throws Exception {
    Path inboxA = dir.resolve("inbox-a");
    Path inboxB = dir.resolve("inbox-b");
    Path a = DigestFixtures.write(inboxA, "digest-a.txt", "Shared", 100);
    Path b = DigestFixtures.write(inboxB, "other-name.txt", "Shared", 100);
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester first =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inboxA));
        DigestIngester second =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inboxB))) {
      // Both started with an empty ledger; the second learns of the first's commit at claim time
      // or, at the latest, right before its own commit. Until the first's commit is visible the
      // file is left for a retry (RETRY), as the inbox watcher does; it is never produced again.
      assertThat(first.ingest(a).status()).isEqualTo(FileOutcome.Status.DONE);
      List<FileOutcome> attempts = new java.util.ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                attempts.add(second.ingest(b));
                return attempts.get(attempts.size() - 1).status() == FileOutcome.Status.DUPLICATE;
              });
      assertThat(attempts)
          .extracting(FileOutcome::status)
          .isSubsetOf(FileOutcome.Status.RETRY, FileOutcome.Status.DUPLICATE);
      assertThat(attempts).extracting(FileOutcome::papers).containsOnly(0);
      assertThat(
              KafkaReads.readAll(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Topics.PAPERS_RAW,
                  PaperEvent.class))
          .hasSize(100);
    }
  }

  @Test
  void shouldRedoATransactionWithoutTheBytesAnotherIngesterCommittedAfterTheClaim()
      throws Exception {
    Path inboxA = dir.resolve("inbox-a");
    Path inboxB = dir.resolve("inbox-b");
    Path a = DigestFixtures.write(inboxA, "digest-a.txt", "Raced", 100);
    Path b = DigestFixtures.write(inboxB, "other-name.txt", "Raced", 100);
    Path c = DigestFixtures.write(inboxB, "unrelated.txt", "Bystander", 7);
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester first =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inboxA))) {
      // The first ingester commits the same bytes after the second claimed them and started
      // sending them (its first paper is sent, its ledger entry not yet): the check right before
      // the second's commit catches it.
      List<FileOutcome> firstOutcomes = new CopyOnWriteArrayList<>();
      SendInterceptor.Action race =
          new SendInterceptor.Action() {
            @Override
            protected void beforeSend(ProducerRecord<?, ?> record, long sentBefore) {
              if (sentBefore == 1) {
                try {
                  firstOutcomes.add(first.ingest(a));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
            }
          };
      List<FileOutcome> outcomes = new java.util.ArrayList<>();
      try (DigestIngester second =
          DigestIngester.open(
              SendInterceptor.install(
                  IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), inboxB),
                  race))) {
        second.ingestAll(List.of(b, c), outcomes::add, (f, e) -> {});
      }
      assertThat(firstOutcomes)
          .extracting(FileOutcome::status)
          .containsExactly(FileOutcome.Status.DONE);
      // The raced file is not produced (DUPLICATE once the first's commit is visible, RETRY while
      // its markers are still being written); the other file of the transaction is redone.
      assertThat(outcomes).hasSize(2);
      assertThat(outcomes)
          .filteredOn(o -> o.fileName().equals("other-name.txt"))
          .extracting(FileOutcome::status)
          .singleElement()
          .isIn(FileOutcome.Status.DUPLICATE, FileOutcome.Status.RETRY);
      assertThat(outcomes)
          .filteredOn(o -> o.fileName().equals("other-name.txt"))
          .extracting(FileOutcome::papers)
          .containsExactly(0);
      assertThat(outcomes)
          .filteredOn(o -> o.fileName().equals("unrelated.txt"))
          .extracting(FileOutcome::status, FileOutcome::papers)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(FileOutcome.Status.DONE, 7));
      List<ConsumerRecord<String, PaperEvent>> raw =
          KafkaReads.readAll(
              stack.bootstrapServers(),
              stack.schemaRegistryUrl(),
              Topics.PAPERS_RAW,
              PaperEvent.class);
      assertThat(raw).hasSize(107);
      assertThat(raw.stream().filter(r -> r.value().getTitle().startsWith("Raced"))).hasSize(100);
      assertThat(raw.stream().filter(r -> r.value().getTitle().startsWith("Bystander"))).hasSize(7);
    }
  }

  @Test
  void shouldCommitTheSameBytesOnceWhenTwoIngestersHoldThemInOpenTransactionsAtOnce()
      throws Exception {
    Path a = DigestFixtures.write(dir.resolve("inbox-a"), "digest-a.txt", "Twice", 100);
    Path b = DigestFixtures.write(dir.resolve("inbox-b"), "other-name.txt", "Twice", 100);
    // The second has sent all of the file (100 papers and its ledger entry) into its open
    // transaction, and the broker has them, when the first ingests the same bytes: neither may
    // commit both. The first runs on the second's network thread once the ledger entry is
    // acknowledged; the second's commit waits for it, since its flush waits for the callbacks.
    List<FileOutcome> firstOutcomes = new CopyOnWriteArrayList<>();
    AtomicBoolean raced = new AtomicBoolean();
    AtomicReference<DigestIngester> firstRef = new AtomicReference<>();
    SendInterceptor.Action race =
        new SendInterceptor.Action() {
          @Override
          protected void acknowledged(RecordMetadata metadata, long acknowledged) {
            if (acknowledged == 101 && raced.compareAndSet(false, true)) {
              try {
                firstOutcomes.add(firstRef.get().ingest(a));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            }
          }
        };
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester first =
            DigestIngester.open(
                IngestOptions.of(
                    stack.bootstrapServers(), stack.schemaRegistryUrl(), dir.resolve("inbox-a")));
        DigestIngester second =
            DigestIngester.open(
                SendInterceptor.install(
                    IngestOptions.of(
                        stack.bootstrapServers(),
                        stack.schemaRegistryUrl(),
                        dir.resolve("inbox-b")),
                    race))) {
      firstRef.set(first);
      List<FileOutcome> secondOutcomes = new java.util.ArrayList<>();
      secondOutcomes.add(second.ingest(b));
      assertThat(raced).isTrue();
      // The first saw the second's undecided entry and backed off.
      assertThat(firstOutcomes)
          .extracting(FileOutcome::status)
          .containsExactly(FileOutcome.Status.RETRY);
      // Both go on retrying, as their inbox watchers would, until the bytes are committed once.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                firstOutcomes.add(first.ingest(a));
                secondOutcomes.add(second.ingest(b));
                return Stream.concat(firstOutcomes.stream(), secondOutcomes.stream())
                    .anyMatch(o -> o.status() == FileOutcome.Status.DONE);
              });
      assertThat(
              Stream.concat(firstOutcomes.stream(), secondOutcomes.stream())
                  .filter(o -> o.status() == FileOutcome.Status.DONE))
          .hasSize(1);
      assertThat(
              KafkaReads.readAll(
                  stack.bootstrapServers(),
                  stack.schemaRegistryUrl(),
                  Topics.PAPERS_RAW,
                  PaperEvent.class))
          .hasSize(100);
    }
  }

  private static CompletableFuture<Void> runAsync(InboxWatcher watcher) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            watcher.run();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
