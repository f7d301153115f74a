package dev.paperspipeline.cli;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Owner;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.util.List;

/**
 * The {@code --help} sentences that name topics, from the topic contracts ({@link Topics#ALL}), so
 * that a topic added, renamed or given another owner shows in every help text at once.
 */
final class TopicsHelp {
  private TopicsHelp() {}

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  static String list(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " and "
        + names.get(names.size() - 1);
  }

  /** The names of the topics {@code owner} writes. */
  static String written(Owner owner) {
    return list(Topics.names(Topics.ownedBy(owner)));
  }

  /** The topics {@code papers reset} deletes and recreates empty. */
  static List<String> rebuiltByReset() {
    return Topics.names(Topics.ALL.stream().filter(c -> c.owner().rebuiltByReset()).toList());
  }

  /** The topics {@code papers reset} keeps. */
  static List<String> keptByReset() {
    return Topics.names(Topics.ALL.stream().filter(c -> !c.owner().rebuiltByReset()).toList());
  }

  /** The pipeline topics the analytics app reads (its repartition topics left out). */
  static String analyticsInputs() {
    return list(
        AnalyticsApp.inputTopics("").stream().filter(t -> Topics.contract(t).isPresent()).toList());
  }
}
