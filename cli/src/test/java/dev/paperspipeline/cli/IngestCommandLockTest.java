package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.ingest.InboxFiles;
import dev.paperspipeline.ingest.InboxLock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IngestCommandLockTest {
  @TempDir Path tmp;

  @Test
  void shouldDocumentTheIgnoredNamesAndTheExitCodesInHelp() {
    StringWriter out = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("ingest", "--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    for (String suffix : InboxFiles.TEMPORARY_SUFFIXES) {
      assertThat(help).contains(" " + suffix);
    }
    assertThat(help).contains("starting with '.'").contains("then rename it into DIR");
    assertThat(help)
        .contains("1 some input was rejected")
        .contains("4 internal error")
        .contains("2 bad usage");
  }

  @Test
  void shouldStopBeforeCreatingAProducerWhenTheInboxIsLocked() throws Exception {
    Path inbox = tmp.resolve("inbox");
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    long started = System.nanoTime();
    int code;
    try (InboxLock running = InboxLock.acquire(inbox)) {
      // No broker at that address: an ingester that created its producer first would block there
      // (and, with a broker, fence the running one); it must stop at the lock instead.
      code =
          cli.execute(
              "ingest",
              "-b",
              "127.0.0.1:" + closedPort,
              "-r",
              "http://127.0.0.1:" + closedPort,
              "--watch",
              inbox.toString());
    }
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Another ingester is watching");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
  }
}
