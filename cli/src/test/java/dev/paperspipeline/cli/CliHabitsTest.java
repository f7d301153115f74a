package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParseResult;

/** The spellings people bring from Kafka's tools and kcat, and one duration syntax everywhere. */
class CliHabitsTest {
  private static ParseResult parse(String... args) {
    return PapersCli.commandLine().parseArgs(args).subcommand();
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "streams, --grace, 2d, PT48H",
    "streams, --dedupe-horizon, 90d, PT2160H",
    "streams, --retention, P400D, PT9600H",
    "streams, --max-skew, 36h, PT36H",
    "report, --timeout, 10m, PT10M",
    "demo, --timeout, 10m, PT10M",
    "demo, --timeout, PT1H, PT1H",
    "tail, --timeout, 1.5h, PT1H30M",
    "report, --connect-timeout, 500ms, PT0.5S",
  })
  void shouldAcceptTheSameDurationSyntaxOnEveryDurationFlag(
      String command, String flag, String value, String expected) {
    ParseResult parsed =
        command.equals("tail") ? parse(command, "t", flag, value) : parse(command, flag, value);

    Duration d = parsed.matchedOptionValue(flag, null);

    assertThat(d).isEqualTo(Duration.parse(expected));
  }

  @Test
  void shouldRejectAMalformedDurationNamingTheAcceptedForms() {
    CliFixtures.Run run = CliFixtures.papers("streams", "--grace", "2 days");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains(
            "'2 days' is not a duration (e.g. 2d, 1h, 10m, 30s, 500ms or ISO-8601 P1D, PT30S)")
        .doesNotContain("java.time");
  }

  @Test
  void shouldTakeKafkaToolsSpellingsOfBootstrapServersAndTheClientConfigFile() {
    ParseResult parsed =
        parse(
            "tail",
            "papers-raw",
            "--bootstrap-server",
            "h1:9092",
            "--command-config",
            "client.properties");

    assertThat((String) parsed.matchedOptionValue("--bootstrap-servers", null))
        .isEqualTo("h1:9092");
    assertThat((Path) parsed.matchedOptionValue("--config", null))
        .isEqualTo(Path.of("client.properties"));
  }

  @Test
  void shouldTakeKcatsCountFlagInTail() {
    ParseResult parsed = parse("tail", "papers-raw", "-c", "5");

    assertThat((Long) parsed.matchedOptionValue("--max", 0L)).isEqualTo(5L);
  }

  @Test
  void shouldNameEachUnknownSettingWithTheClosestKnownNameBeforeConnecting() {
    CliFixtures.Run run =
        CliFixtures.papers(
            "tail",
            "papers-raw",
            "-X",
            "foo.bar=1",
            "-X",
            "consumer.fetch.max.bytez=1",
            "--bootstrap-server",
            "127.0.0.1:" + dev.paperspipeline.embedded.EmbeddedKafka.freePortForTests(),
            "--connect-timeout",
            "2s");

    assertThat(run.err().lines().limit(2))
        .containsExactly(
            "papers tail: WARN unknown setting foo.bar from -X: not a Kafka client, Kafka Streams,"
                + " schema-registry or papers setting",
            "papers tail: WARN unknown setting consumer.fetch.max.bytez from -X: did you mean"
                + " consumer.fetch.max.bytes?");
  }
}
