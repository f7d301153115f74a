package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Owner;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The help texts that name topics name them as their contracts say. */
class TopicsHelpTest {

  /** The help as one line: picocli wraps long lines, possibly inside a list of topics. */
  private static String help(String... args) {
    CliFixtures.Run run = CliFixtures.papers(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().replaceAll("\\s+", " ");
  }

  @Test
  void shouldJoinNamesAsASentence() {
    assertThat(TopicsHelp.list(List.of("a"))).isEqualTo("a");
    assertThat(TopicsHelp.list(List.of("a", "b"))).isEqualTo("a and b");
    assertThat(TopicsHelp.list(List.of("a", "b", "c"))).isEqualTo("a, b and c");
  }

  @Test
  void shouldResetTheTopicsTheStreamsAppsWriteAndKeepTheOthers() {
    assertThat(ResetCommand.OUTPUT_TOPICS)
        .containsExactly(
            Topics.PAPERS_UNIQUE,
            Topics.PAPER_SIGHTINGS,
            Topics.PAPERS_ENRICHED,
            Topics.PAPER_EMBEDDINGS,
            Topics.TOPIC_TRENDS,
            Topics.TRENDING_TOPICS,
            Topics.TOPIC_BURSTS,
            Topics.EMERGING_PHRASES,
            Topics.STAYING_POWER,
            Topics.OPEN_CODE_SHARE,
            Topics.DIGEST_HEALTH)
        .containsAll(AnalyticsApp.OUTPUT_TOPICS);
    assertThat(TopicsHelp.keptByReset())
        .containsExactly(
            Topics.PAPERS_RAW, Topics.DEAD_LETTER, Topics.INGEST_LEDGER, Topics.DIGEST_FILES);
  }

  @Test
  void shouldNameInResetHelpEveryTopicItDeletesAndKeeps() {
    String help = help("reset", "--help");

    assertThat(help)
        .contains(TopicsHelp.list(ResetCommand.OUTPUT_TOPICS) + ", recreated empty")
        .contains(TopicsHelp.list(TopicsHelp.keptByReset()) + " are kept");
  }

  @Test
  void shouldNameInStreamsHelpTheTopicsOfBothApps() {
    String help = help("streams", "--help");

    assertThat(help)
        .contains("write " + TopicsHelp.written(Owner.STREAMS) + ", until stopped")
        .contains(
            Topics.PAPERS_ENRICHED
                + ", "
                + Topics.PAPER_SIGHTINGS
                + " and "
                + Topics.DIGEST_FILES
                + " -> "
                + TopicsHelp.written(Owner.ANALYTICS))
        .contains("(its outputs: " + TopicsHelp.written(Owner.ANALYTICS) + ")")
        .doesNotContainPattern("#[0-9]");
  }

  @Test
  void shouldNameNoIssueNumbersInAnyHelp() {
    for (String command :
        List.of("parse", "generate", "local", "registry", "ingest", "tail", "report", "streams")) {
      assertThat(help(command, "--help")).as(command).doesNotContainPattern("(?i)issue|#[0-9]");
    }
    for (String command : List.of("reset", "demo", "bench")) {
      assertThat(help(command, "--help")).as(command).doesNotContainPattern("(?i)issue|#[0-9]");
    }
  }
}
