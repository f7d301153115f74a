package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code papers demo --once}, the README's first command, end to end on free ports: the broker,
 * registry, ingest of the generated digests, the streams and analytics apps, and what it prints.
 */
class DemoCommandIT {
  @TempDir Path dir;

  @Test
  void shouldRunThePipelineOnceAndFindThePlantedBurstAndPhrase() {
    CliFixtures.Run run =
        // --verbose: without it the demo quiets the pipeline's loggers for the whole JVM, which
        // the other tests of this JVM share
        CliFixtures.papers(
            "--verbose",
            "demo",
            "--once",
            "--data-dir",
            dir.resolve("demo").toString(),
            "--broker-port",
            "0",
            "--registry-port",
            "0",
            "--dashboard-port",
            "0",
            "--metrics-port",
            "0");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("ingest: 28 files (28 done, 0 error, 0 duplicate, 0 failed)");
    assertThat(run.out()).contains("Top trending topics, week of ");
    // the table once: the running demo reprints it only when it changes
    assertThat(run.out().split("Top trending topics, week of ", -1)).hasSize(2);
    assertThat(run.err()).containsPattern("metrics http://127\\.0\\.0\\.1:[0-9]+/metrics");
    // the generator plants ten times the robotics papers on one day: the strongest daily burst
    List<String> daily =
        run.out().lines().dropWhile(l -> !l.startsWith("Bursts, topics per day")).skip(1).toList();
    assertThat(daily).isNotEmpty();
    assertThat(daily.get(0)).contains("robotics");
    // and a phrase no other paper uses, four papers a day: the first emerging phrase
    List<String> emerging =
        run.out().lines().dropWhile(l -> !l.startsWith("Emerging phrases")).skip(1).toList();
    assertThat(emerging).isNotEmpty();
    assertThat(emerging.get(0)).contains("holographic routing").contains("20 papers");
  }
}
