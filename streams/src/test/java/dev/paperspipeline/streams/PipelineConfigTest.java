package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {
  @Test
  void shouldDefaultToTheTopologiesOwnDefaults() {
    Properties props = PipelineConfig.streamsProperties("unused:9092", "mock://x", Map.of());

    assertThat(PipelineConfig.dedupeHorizon(props)).isEqualTo(DedupeTopology.DEFAULT_HORIZON);
    assertThat(PipelineConfig.trendsOptions(props)).isEqualTo(TrendsOptions.defaults());
  }

  @Test
  void shouldReadIsoTextDurationsAndNumbersAsTheyAreWritten() {
    Properties props =
        PipelineConfig.streamsProperties(
            "unused:9092",
            "mock://x",
            Map.of(
                PipelineConfig.DEDUPE_HORIZON, "P7D",
                PipelineConfig.TRENDS_GRACE, Duration.ofHours(36),
                PipelineConfig.TRENDS_TOP_N, "25",
                PipelineConfig.TRENDS_CLOSE_CHECK_INTERVAL, "PT5S",
                PipelineConfig.TRENDS_RETENTION, "P30D",
                PipelineConfig.TRENDS_MAX_SKEW, "PT0S"));

    assertThat(PipelineConfig.dedupeHorizon(props)).isEqualTo(Duration.ofDays(7));
    assertThat(PipelineConfig.trendsOptions(props))
        .isEqualTo(
            new TrendsOptions(
                Duration.ofHours(36),
                25,
                Duration.ofSeconds(5),
                Duration.ofDays(30),
                Duration.ZERO));
  }

  @Test
  void shouldNameTheSettingOfAnInvalidValue() {
    assertThatThrownBy(() -> PipelineConfig.validate(Map.of(PipelineConfig.DEDUPE_HORIZON, "P0D")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value P0D for configuration papers.dedupe.horizon: must be > PT0S (ISO-8601 or 2d, 10m)");
    assertThatThrownBy(() -> PipelineConfig.validate(Map.of(PipelineConfig.TRENDS_GRACE, "1 day")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 1 day for configuration papers.trends.grace: not a duration, e.g. 2d,"
                + " 1h, 10m, 30s, 500ms or ISO-8601 P1D, PT30S");
    assertThatThrownBy(() -> PipelineConfig.validate(Map.of(PipelineConfig.TRENDS_TOP_N, "ten")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value ten for configuration papers.trends.top.n:");
  }

  @Test
  void shouldIgnoreSettingsThatAreNotThePipelines() {
    Map<String, Object> props =
        Map.of("application.id", "x", "papers.ingest.settle.ms", "nonsense", "top.n", "-1");

    assertThat(PipelineConfig.trendsOptions(props)).isEqualTo(TrendsOptions.defaults());
  }
}
