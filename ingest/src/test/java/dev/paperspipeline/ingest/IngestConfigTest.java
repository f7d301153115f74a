package dev.paperspipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.clients.ClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestConfigTest {
  private static final ClientConfig CLIENTS = ClientConfig.of("broker:9092", "http://registry:1");

  @TempDir Path inbox;

  @Test
  void shouldDefaultToWhatIngestOptionsAndTheWatcherDefault() {
    IngestConfig config = IngestConfig.of(Map.of());

    assertThat(config.options(CLIENTS, inbox)).isEqualTo(IngestOptions.of(CLIENTS, inbox));
    assertThat(config.watcherSettings(inbox)).isEqualTo(InboxWatcher.Settings.defaults(inbox));
  }

  @Test
  void shouldApplyEverySetting() {
    IngestConfig config =
        IngestConfig.of(
            Map.of(
                IngestConfig.SETTLE_MS,
                "250",
                IngestConfig.RESCAN_MS,
                1000L,
                IngestConfig.DONE_DIR,
                "/srv/done",
                IngestConfig.ERROR_DIR,
                "/srv/error",
                IngestConfig.TRANSACTIONAL_ID,
                "papers-ingest-fixed",
                IngestConfig.YEAR,
                "2025",
                IngestConfig.MAX_RECORDS_PER_TRANSACTION,
                "10",
                IngestConfig.TOPIC_PARTITIONS,
                "6",
                IngestConfig.TOPIC_REPLICATION,
                "3",
                "bootstrap.servers",
                "ignored:9092"));

    assertThat(config.options(CLIENTS, inbox))
        .isEqualTo(
            new IngestOptions(
                "broker:9092",
                "http://registry:1",
                "papers-ingest-fixed",
                2025,
                6,
                3,
                Map.of(),
                10,
                CLIENTS));
    assertThat(config.watcherSettings(inbox))
        .isEqualTo(
            new InboxWatcher.Settings(
                inbox,
                Path.of("/srv/done"),
                Path.of("/srv/error"),
                Duration.ofMillis(250),
                Duration.ofSeconds(1)));
  }

  @Test
  void shouldNameTheSettingOfAnInvalidValue() {
    assertThatThrownBy(() -> IngestConfig.of(Map.of(IngestConfig.RESCAN_MS, "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "Invalid value 0 for configuration papers.ingest.rescan.ms: Value must be at least 1");
    assertThatThrownBy(() -> IngestConfig.of(Map.of(IngestConfig.YEAR, "twenty")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Invalid value twenty for configuration papers.ingest.year:");
  }
}
