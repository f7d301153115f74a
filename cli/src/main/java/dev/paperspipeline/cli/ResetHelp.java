package dev.paperspipeline.cli;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.util.ListResourceBundle;

/**
 * {@code papers reset --help}: its description, which names the topics it deletes and keeps as
 * their contracts say ({@link Topics.Owner#rebuiltByReset()}).
 */
public final class ResetHelp extends ListResourceBundle {
  @Override
  protected Object[][] getContents() {
    return new Object[][] {
      {
        "usage.description.0",
        "Resets the streams app and its analytics app (<application-id>"
            + AnalyticsApp.APPLICATION_ID_SUFFIX
            + ") so that their next start reprocesses "
            + Topics.PAPERS_RAW
            + " from the beginning: deletes their consumer groups (committed offsets), their"
            + " internal changelog and repartition topics, and the output topics ("
            + TopicsHelp.list(TopicsHelp.rebuiltByReset())
            + ", recreated empty with "
            + Topics.PAPERS_RAW
            + "'s partitions and replication), and deletes their local state directories."
      },
      {
        "usage.description.1",
        TopicsHelp.list(TopicsHelp.keptByReset())
            + " are kept. Every instance of the application must be stopped first."
      }
    };
  }
}
