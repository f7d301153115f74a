package dev.paperspipeline.cli;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.schemas.Topics.Owner;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.analytics.AnalyticsApp;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code papers streams --help}: the settings of {@link PipelineConfig#CONFIG_DEF}, and the
 * description and {@code --no-analytics} text, which name the topics of their contracts.
 */
public final class StreamsSettingsHelp extends SettingsHelp {
  /** The bundle key of {@code --no-analytics}'s description. */
  static final String NO_ANALYTICS = "papers.streams.no-analytics";

  public StreamsSettingsHelp() {
    super(PipelineConfig.CONFIG_DEF);
  }

  @Override
  protected Object[][] getContents() {
    List<Object[]> contents = new ArrayList<>(List.of(super.getContents()));
    String[] description = {
      "Runs the Kafka Streams app (exactly-once) on "
          + Topics.PAPERS_RAW
          + ": dedupe, enrich and trends write "
          + TopicsHelp.written(Owner.STREAMS)
          + ", until stopped (Ctrl-C).",
      "Also runs the analytics app (application id <application-id>"
          + AnalyticsApp.APPLICATION_ID_SUFFIX
          + ", state in <state-dir>/"
          + AnalyticsApp.STATE_SUBDIR
          + "): "
          + TopicsHelp.analyticsInputs()
          + " -> "
          + TopicsHelp.written(Owner.ANALYTICS)
          + "; --no-analytics skips it.",
      "Creates missing pipeline topics first. Poison records go to " + Topics.DEAD_LETTER + ".",
      "Serves the trend dashboard and its JSON API (see docs/api.md) from interactive queries."
    };
    for (int i = 0; i < description.length; i++) {
      contents.add(new Object[] {"usage.description." + i, description[i]});
    }
    contents.add(
        new Object[] {
          NO_ANALYTICS,
          "Do not run the analytics app (its outputs: "
              + TopicsHelp.written(Owner.ANALYTICS)
              + ") in this process."
        });
    return contents.toArray(new Object[0][]);
  }
}
