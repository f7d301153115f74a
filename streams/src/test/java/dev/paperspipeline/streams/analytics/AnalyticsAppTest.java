package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.StoreNames;
import org.junit.jupiter.api.Test;

class AnalyticsAppTest {

  @Test
  void shouldListItsInputsAndTheRepartitionTopicsItsTopologyNames() {
    String id = "papers-pipeline-analytics";

    assertThat(AnalyticsApp.inputTopics(id))
        .containsExactlyInAnyOrder(
            Topics.PAPERS_ENRICHED,
            Topics.PAPER_SIGHTINGS,
            Topics.DIGEST_FILES,
            id + "-" + StoreNames.ANALYTICS_REPARTITION + "-repartition",
            id + "-" + StoreNames.ANALYTICS_SIGHTINGS_REPARTITION + "-repartition",
            id + "-" + StoreNames.OPEN_CODE_REPARTITION + "-repartition",
            id + "-" + StoreNames.STAYING_REPARTITION + "-repartition",
            id + "-" + StoreNames.HEALTH_REPARTITION + "-repartition");
  }

  @Test
  void shouldWriteTheTopicsItsContractsSayItOwns() {
    assertThat(AnalyticsApp.OUTPUT_TOPICS)
        .containsExactly(
            Topics.TOPIC_BURSTS,
            Topics.EMERGING_PHRASES,
            Topics.STAYING_POWER,
            Topics.OPEN_CODE_SHARE,
            Topics.DIGEST_HEALTH);
  }
}
