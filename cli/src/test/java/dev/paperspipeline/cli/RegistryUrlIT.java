package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.paperspipeline.embedded.EmbeddedKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code --schema-registry} URL where another service answers: {@code papers report} and {@code
 * papers ingest} exit 3 with one line, in seconds, against a real broker.
 */
class RegistryUrlIT {
  @TempDir Path dir;

  @Test
  void shouldExitThreeInOneLineWhenTheRegistryUrlIsAnotherService() throws Exception {
    HttpServer other =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] body = "<html><body>Grafana</body></html>".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    other.start();
    try (EmbeddedKafka kafka = EmbeddedKafka.startEphemeral()) {
      String url = "http://127.0.0.1:" + other.getAddress().getPort();
      Path digest = CliFixtures.writeDigest(dir, "2026-11-03.txt", "Elsewhere", 1);
      for (String[] args :
          new String[][] {
            {"report", "--week", "2026-W45", "-b", kafka.bootstrapServers(), "-r", url},
            {"ingest", digest.toString(), "-b", kafka.bootstrapServers(), "-r", url}
          }) {
        long started = System.nanoTime();

        CliFixtures.Run run = CliFixtures.papers(args);

        assertThat((System.nanoTime() - started) / 1e9).as(args[0]).isLessThan(10.0);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err().strip().lines().toList()).as(run.err()).hasSize(1);
        assertThat(run.err())
            .isEqualTo(
                "papers "
                    + args[0]
                    + ": no schema registry at "
                    + url
                    + ": GET /config answered HTTP 200 without a schema registry's JSON (another"
                    + " service on that port? check --schema-registry)\n");
      }
    } finally {
      other.stop(0);
    }
  }
}
