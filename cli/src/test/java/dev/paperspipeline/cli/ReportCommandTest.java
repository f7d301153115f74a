package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code papers report} usage errors and help, without a cluster. */
class ReportCommandTest {
  @TempDir Path dir;

  /** Nothing listens here: a command that got past its checks would fail with exit code 3. */
  private static final String NO_BROKER = "127.0.0.1:1";

  @Test
  void shouldRefuseABadWeekInOneLineBeforeConnecting() {
    CliFixtures.Run run = CliFixtures.papers("report", "-b", NO_BROKER, "--week", "2026-47");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "papers report: Invalid value for option '--week': a week is written YYYY-Www, e.g."
                + " 2026-W47, not '2026-47' (see papers report --help)\n");
  }

  @Test
  void shouldRefuseAnUnknownFormatInOneLine() {
    CliFixtures.Run run = CliFixtures.papers("report", "-b", NO_BROKER, "--format", "pdf");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo(
            "papers report: Invalid value for option '--format': format must be md or html, not"
                + " 'pdf' (see papers report --help)\n");
  }

  @Test
  void shouldReportAMissingOutputDirectoryBeforeConnecting() {
    Path missing = dir.resolve("no-such-dir").resolve("w47.md");
    CliFixtures.Run run =
        CliFixtures.papers("report", "-b", NO_BROKER, "--output", missing.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .isEqualTo("papers report: no such file or directory: " + missing.getParent() + "\n");
  }

  @Test
  void shouldFailInOneLineWithExitCodeThreeWhenNoBrokerAnswers() {
    long started = System.nanoTime();
    CliFixtures.Run run = CliFixtures.papers("report", "-b", NO_BROKER, "--connect-timeout", "2s");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("papers report: ").contains(NO_BROKER);
    assertThat(System.nanoTime() - started).isLessThan(15_000_000_000L);
  }

  @Test
  void shouldShowExamplesTheConnectionOptionsAndTheExitCodesInItsHelp() {
    CliFixtures.Run help = CliFixtures.papers("report", "--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("Examples:")
        .contains("papers report --week 2026-W47 --format html -o w47.html")
        .contains("--bootstrap-servers")
        .contains("--schema-registry")
        .contains("--config")
        .contains("-X=KEY=VALUE")
        .contains("--connect-timeout")
        .contains("Exit codes:")
        .contains("3   the Kafka cluster or the schema registry cannot be reached");
  }
}
