package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.ingest.parse.MutatedDigests;
import dev.paperspipeline.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100 mutated digests through the ingester: every entry ends up in papers-raw or dead letters. */
class IngestFuzzIT {
  /** Override with -Dpapers.fuzz.seed=N to reproduce a failure printed by this test. */
  private static final long SEED = Long.getLong("papers.fuzz.seed", 1126L);

  private static final int FILES = 100;

  @TempDir Path dir;

  @Test
  void shouldAccountForEveryEntryOfAHundredMutatedDigestsInPapersRawOrDeadLetters()
      throws Exception {
    System.out.println("IngestFuzzIT seed " + SEED + " (-Dpapers.fuzz.seed=" + SEED + ")");
    Random random = new Random(SEED);
    Map<String, Integer> expected = new HashMap<>();
    Set<String> shas = new HashSet<>();
    for (int i = 0; i < FILES; i++) {
      byte[] bytes = MutatedDigests.next(random, i);
      Path file = Files.write(dir.resolve(String.format("fuzz-%03d.txt", i)), bytes);
      // Identical bytes are ingested once (the later file is a duplicate): count the first only.
      if (shas.add(DigestFixtures.sha256(file))) {
        expected.put(file.getFileName().toString(), MutatedDigests.paragraphsToAccountFor(bytes));
      }
    }
    try (LocalStack stack = LocalStack.startEphemeral();
        DigestIngester ingester =
            DigestIngester.open(
                IngestOptions.of(stack.bootstrapServers(), stack.schemaRegistryUrl(), dir))) {
      IngestSummary summary = BatchIngest.run(ingester, BatchIngest.expand(List.of(dir)), null);
      assertThat(summary.files()).isEqualTo(FILES);
      assertThat(summary.failed()).isZero();
      assertThat(summary.duplicates()).isEqualTo(FILES - expected.size());

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
      assertThat(raw).hasSize((int) summary.papers());
      assertThat(dead).hasSize((int) summary.rejected());
      Map<String, Long> papersByFile =
          raw.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.value().getLineage().getFileName().toString(), Collectors.counting()));
      Map<String, List<DeadLetter>> deadByFile =
          dead.stream()
              .map(ConsumerRecord::value)
              .collect(Collectors.groupingBy(d -> d.getFileName().toString()));
      int rejectedFiles = 0;
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        String name = e.getKey();
        long papers = papersByFile.getOrDefault(name, 0L);
        List<DeadLetter> letters = deadByFile.getOrDefault(name, List.of());
        String where = "seed " + SEED + ", " + name;
        if (e.getValue() < 0) {
          assertThat(papers).as(where).isZero();
          assertThat(letters)
              .as(where)
              .extracting(d -> d.getStage().toString())
              .containsExactly(DigestIngester.STAGE_FILE);
          rejectedFiles++;
        } else {
          assertThat(letters)
              .as(where)
              .allMatch(d -> d.getStage().toString().equals(DigestIngester.STAGE_ENTRY));
          assertThat(2 * papers + letters.size())
              .as("%s: paragraphs = 2 x papers + dead letters", where)
              .isEqualTo(e.getValue().longValue());
        }
      }
      assertThat(rejectedFiles).isPositive();
      // No record of a file that was not expected (a duplicate's bytes produce nothing).
      assertThat(papersByFile.keySet()).isSubsetOf(expected.keySet());
      assertThat(deadByFile.keySet()).isSubsetOf(expected.keySet());
    }
  }
}
