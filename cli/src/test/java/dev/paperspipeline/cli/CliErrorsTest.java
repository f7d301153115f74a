package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.EmbeddedKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors a person can act on: one line, no stack trace, the documented exit code. */
class CliErrorsTest {
  @TempDir Path dir;

  private static void assertOneLine(CliFixtures.Run run) {
    assertThat(run.err().strip().lines().toList()).as(run.err()).hasSize(1);
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void shouldNameTheAddressAndWhatWasTriedWhenNoBrokerListens() throws Exception {
    Path digest = CliFixtures.writeDigest(dir, "2026-11-03.txt", "Nobroker", 1);
    String address = "127.0.0.1:" + EmbeddedKafka.freePortForTests();
    long started = System.nanoTime();

    CliFixtures.Run run =
        CliFixtures.papers(
            "ingest",
            digest.toString(),
            "--bootstrap-servers",
            address,
            "--connect-timeout",
            "15s");

    // every server refused the connection: no need to wait out --connect-timeout
    assertThat((System.nanoTime() - started) / 1_000_000_000.0).isLessThan(2.5);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertOneLine(run);
    assertThat(run.err())
        .isEqualTo(
            "papers ingest: cannot reach Kafka at "
                + address
                + " ("
                + address
                + ": connection refused)\n");
  }

  @Test
  void shouldReportAMissingPathBeforeConnecting() {
    long started = System.nanoTime();
    CliFixtures.Run run =
        CliFixtures.papers(
            "ingest",
            dir.resolve("missing.txt").toString(),
            "--bootstrap-servers",
            "127.0.0.1:" + EmbeddedKafka.freePortForTests());

    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2000);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("no such file or directory: ").contains("missing.txt");
    assertThat(run.err()).doesNotContain("Exception");
  }

  @Test
  void shouldSayOnceWhatIsMissingWhenNeitherPathNorWatchIsGiven() {
    CliFixtures.Run run = CliFixtures.papers("ingest");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertOneLine(run);
    assertThat(run.err())
        .isEqualTo(
            "papers ingest: Missing required argument (specify one of these):"
                + " (PATH... | --watch=DIR) (see papers ingest --help)\n");
  }

  @Test
  void shouldRejectARegistryUrlWithoutSchemeAndAMissingConfigFileInOneLine() {
    CliFixtures.Run noScheme =
        CliFixtures.papers("tail", "papers-raw", "--schema-registry", "localhost:8081");
    CliFixtures.Run noFile =
        CliFixtures.papers("streams", "--config", dir.resolve("absent.properties").toString());

    assertThat(noScheme.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertOneLine(noScheme);
    assertThat(noScheme.err())
        .isEqualTo(
            "papers tail: schema registry URL 'localhost:8081' has no scheme: write"
                + " http://localhost:8081 (or https://)\n");
    assertThat(noFile.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertOneLine(noFile);
    assertThat(noFile.err()).contains("absent.properties does not exist");
  }

  @Test
  void shouldNameThePortAndTheFlagWhenAPortIsInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int port = taken.getLocalPort();

      CliFixtures.Run streams =
          CliFixtures.papers("streams", "--dashboard-port", String.valueOf(port));
      CliFixtures.Run local =
          CliFixtures.papers(
              "local", "--broker-port", String.valueOf(port), "--data-dir", dir.toString());

      assertThat(streams.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertOneLine(streams);
      assertThat(streams.err())
          .isEqualTo(
              "papers streams: port "
                  + port
                  + " on 127.0.0.1 is already in use; choose another with --dashboard-port PORT (0"
                  + " picks a free one)\n");
      assertThat(local.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertOneLine(local);
      assertThat(local.err()).contains("port " + port).contains("--broker-port");
    }
  }

  @Test
  void shouldDocumentTheExitCodesAndTheConfigurationInEveryCommandsHelp() {
    for (String command :
        List.of("ingest", "streams", "tail", "local", "demo", "parse", "generate", "bench")) {
      CliFixtures.Run help = CliFixtures.papers(command, "--help");
      assertThat(help.exitCode()).isZero();
      assertThat(help.out())
          .as(command)
          .contains("Exit codes:")
          .contains("3   the Kafka cluster or the schema registry cannot be reached");
    }
    CliFixtures.Run ingest = CliFixtures.papers("ingest", "--help");
    assertThat(ingest.out())
        .contains("--config")
        .contains("-X=KEY=VALUE")
        .contains("PAPERS_BOOTSTRAP_SERVERS")
        .contains("--connect-timeout")
        .contains("default: 15s")
        .contains("--verbose");
  }

  @Test
  void shouldSayWhyNothingIsIngestedFromAnEmptyDirectoryBeforeConnecting() throws Exception {
    Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
    java.nio.file.Files.writeString(empty.resolve("2026-11-03.txt.part"), "partial");

    CliFixtures.Run run =
        CliFixtures.papers(
            "ingest",
            empty.toString(),
            "--bootstrap-servers",
            "127.0.0.1:" + EmbeddedKafka.freePortForTests());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertOneLine(run);
    assertThat(run.err())
        .startsWith("papers ingest: 0 files: no digest file in [" + empty + "]")
        .contains("names starting with '.' or ending in .tmp, .part");
  }
}
