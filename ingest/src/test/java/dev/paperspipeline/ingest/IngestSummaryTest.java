package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.ingest.FileOutcome.Status;
import org.junit.jupiter.api.Test;

class IngestSummaryTest {
  @Test
  void shouldNotCountAFileAsFailedOnceItsRetryCommitted() {
    IngestSummary summary = new IngestSummary();

    summary.add(new FileOutcome("a.txt", "aa", Status.RETRY, 0, 0));
    summary.add(new FileOutcome("b.txt", "bb", Status.FAILED, 0, 0));
    summary.add(new FileOutcome("a.txt", "aa", Status.DONE, 12, 1));
    summary.add(new FileOutcome("b.txt", "bb", Status.DONE, 3, 0));
    summary.add(new FileOutcome("c.txt", "cc", Status.FAILED, 0, 0));

    assertThat(summary.failed()).isEqualTo(1);
    assertThat(summary.files()).isEqualTo(3);
    assertThat(summary.papers()).isEqualTo(15);
    assertThat(summary.format())
        .startsWith("3 files (2 done, 0 error, 0 duplicate, 1 failed), 15 papers, 1 rejected");
  }
}
