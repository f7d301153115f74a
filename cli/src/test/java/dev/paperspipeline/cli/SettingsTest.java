package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.clients.SettingsDoc;
import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.ingest.IngestConfig;
import dev.paperspipeline.streams.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The settings of {@code papers streams} and {@code papers ingest}: flags, {@code -X} and defaults
 * resolve in that order, a bad value stops the command with exit 2 before anything connects, and
 * {@code --help} shows what the {@link ConfigDef}s define.
 */
class SettingsTest {
  @TempDir Path dir;

  private static String unreachable() {
    return "127.0.0.1:" + EmbeddedKafka.freePortForTests();
  }

  private static void assertUsageErrorNaming(CliFixtures.Run run, String... names) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().strip().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception").contains(names);
  }

  @Test
  void shouldLetAFlagWinOverXAndXOverTheDefault() {
    StreamsCommand command = new StreamsCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs(
        "--grace",
        "P2D",
        "-X",
        PipelineConfig.TRENDS_GRACE + "=P5D",
        "-X",
        PipelineConfig.TRENDS_TOP_N + "=7");

    Map<String, Object> settings =
        SettingFlags.resolve(
            cli.getCommandSpec(), PipelineConfig.CONFIG_DEF, command.cluster.clients());

    assertThat(PipelineConfig.trendsOptions(settings).grace()).hasDays(2);
    assertThat(PipelineConfig.trendsOptions(settings).topN()).isEqualTo(7);
    assertThat(PipelineConfig.trendsOptions(settings).retention()).hasDays(1095);
    assertThat(PipelineConfig.dedupeHorizon(settings)).hasDays(90);
  }

  @Test
  void shouldTakeOnlyTheFlagsGiven() {
    IngestCommand command = new IngestCommand();
    CommandLine cli = new CommandLine(command);
    cli.parseArgs("--settle-ms", "500", "--year", "2025", "--done-dir", "/x/done", "a.txt");

    Map<String, Object> given = SettingFlags.given(cli.getCommandSpec(), IngestConfig.CONFIG_DEF);

    assertThat(given)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                IngestConfig.SETTLE_MS,
                "500",
                IngestConfig.YEAR,
                "2025",
                IngestConfig.DONE_DIR,
                "/x/done"));
  }

  @Test
  void shouldNameTheFlagAndTheSettingOfAnInvalidFlagValue() {
    CommandLine cli = new CommandLine(new StreamsCommand());
    cli.parseArgs("--top-n", "0");

    assertThatThrownBy(() -> SettingFlags.given(cli.getCommandSpec(), PipelineConfig.CONFIG_DEF))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "--top-n: Invalid value 0 for configuration papers.trends.top.n: Value must be at"
                + " least 1");
  }

  @Test
  void shouldStopStreamsWithExitTwoBeforeConnectingOnANegativeGrace() {
    long started = System.nanoTime();
    CliFixtures.Run run =
        CliFixtures.papers(
            "streams",
            "--grace=-P1D",
            "--bootstrap-servers",
            unreachable(),
            "--dashboard-port",
            "0",
            "--connect-timeout",
            "10s");

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5000);
    assertUsageErrorNaming(run, "--grace", PipelineConfig.TRENDS_GRACE, "-P1D");
  }

  @Test
  void shouldStopStreamsWithExitTwoOnAnInvalidSettingFromX() {
    CliFixtures.Run run =
        CliFixtures.papers(
            "streams",
            "-X",
            PipelineConfig.TRENDS_CLOSE_CHECK_INTERVAL + "=30 seconds",
            "--bootstrap-servers",
            unreachable(),
            "--dashboard-port",
            "0",
            "--connect-timeout",
            "10s");

    assertUsageErrorNaming(run, PipelineConfig.TRENDS_CLOSE_CHECK_INTERVAL, "ISO-8601");
  }

  @Test
  void shouldStopIngestWithExitTwoOnAnInvalidSettingFromTheConfigFile() throws Exception {
    Path config = dir.resolve("ingest.properties");
    Files.writeString(config, IngestConfig.TOPIC_PARTITIONS + "=three\n");
    Path digest = CliFixtures.writeDigest(dir, "2026-11-03.txt", "Settings", 1);

    CliFixtures.Run fromFile =
        CliFixtures.papers(
            "ingest", digest.toString(), "--config", config.toString(), "-b", unreachable());
    CliFixtures.Run fromFlag =
        CliFixtures.papers("ingest", "--watch", dir.toString(), "--settle-ms=-1");

    assertUsageErrorNaming(fromFile, IngestConfig.TOPIC_PARTITIONS, "three");
    assertUsageErrorNaming(fromFlag, "--settle-ms", IngestConfig.SETTLE_MS);
  }

  @Test
  void shouldListEverySettingWithItsDefaultInHelp() {
    CliFixtures.Run streams = CliFixtures.papers("streams", "--help");
    CliFixtures.Run ingest = CliFixtures.papers("ingest", "--help");

    assertThat(streams.exitCode()).isZero();
    assertThat(ingest.exitCode()).isZero();
    assertListsEverySetting(streams.out(), PipelineConfig.CONFIG_DEF);
    assertListsEverySetting(ingest.out(), IngestConfig.CONFIG_DEF);
    assertThat(description("streams", "--grace"))
        .endsWith("(default: P1D; setting papers.trends.grace)");
    assertThat(description("ingest", "--settle-ms"))
        .endsWith("(default: 2000; setting papers.ingest.settle.ms)");
    assertThat(description("ingest", "--year"))
        .isEqualTo(
            "Year of the digests' dates (none: from the file name, else its mtime)."
                + " (setting papers.ingest.year)");
  }

  /** The description picocli shows for {@code option} of {@code command}. */
  private static String description(String command, String option) {
    return String.join(
        " ",
        PapersCli.commandLine()
            .getSubcommands()
            .get(command)
            .getCommandSpec()
            .findOption(option)
            .description());
  }

  private static void assertListsEverySetting(String help, ConfigDef def) {
    for (ConfigDef.ConfigKey key : def.configKeys().values()) {
      assertThat(help)
          .as(key.name)
          .contains("  " + key.name + " (")
          .contains("default " + SettingsDoc.defaultValue(key));
    }
  }
}
