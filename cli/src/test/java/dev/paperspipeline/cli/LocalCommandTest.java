package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code papers local}'s cluster options are checked before anything starts. */
class LocalCommandTest {

  @Test
  void shouldRefuseABrokerCountOutsideOneToNineAsAUsageError() {
    CliFixtures.Run run = CliFixtures.papers("local", "--brokers", "0");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--brokers must be between 1 and 9");
  }

  @Test
  void shouldRefuseBrokerPortsThatDoNotMatchTheBrokerCount() {
    CliFixtures.Run run =
        CliFixtures.papers("local", "--brokers", "3", "--broker-ports", "9092,9093");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--broker-ports needs one port per broker (3)");
  }

  @Test
  void shouldDescribeTheClusterModeInHelp() {
    CliFixtures.Run run = CliFixtures.papers("local", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--brokers=N").contains("--broker-ports=PORT");
  }

  @Test
  void shouldNameBothPortFlagsWhenAPortAfterTheFirstBrokerPortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int first = taken.getLocalPort() - 1;
      CliFixtures.Run run =
          CliFixtures.papers(
              "local",
              "--brokers",
              "3",
              "--broker-port",
              String.valueOf(first),
              "--registry-port",
              "0");
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err())
          .contains("is already in use; choose another with --broker-port (the brokers use it")
          .contains("or --broker-ports PORT");
    }
  }

  @Test
  void shouldNameTheControllerListenerInHelpAndLetItBeSet() throws Exception {
    CliFixtures.Run help = CliFixtures.papers("local", "--help");
    assertThat(help.out()).contains("--controller-port=PORT").contains("KRaft controller");

    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliFixtures.Run run =
          CliFixtures.papers(
              "local",
              "--broker-port",
              "0",
              "--registry-port",
              "0",
              "--controller-port",
              String.valueOf(taken.getLocalPort()));
      assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
      assertThat(run.err()).contains("--controller-port");
    }
  }
}
