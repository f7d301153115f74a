package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.metrics.ClusterHealth;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code /health} reflects the cluster, not only the process: docker-compose's health check reads
 * it, and ingest (or a streams instance) whose every broker is down is not healthy.
 */
class HealthIT {
  private static final Pattern METRICS_URL =
      Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

  @TempDir Path dir;

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerDownOnIngestsHealthOnceEveryBrokerIsDown() throws Exception {
    LocalStack stack = LocalStack.startEphemeral();
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    StringWriter err = new StringWriter();
    Thread watcher =
        new Thread(
            () -> {
              CommandLine cli = PapersCli.commandLine();
              cli.setErr(new PrintWriter(err, true));
              cli.execute(
                  "ingest",
                  "--bootstrap-server",
                  stack.bootstrapServers(),
                  "--schema-registry",
                  stack.schemaRegistryUrl(),
                  "--watch",
                  inbox.toString(),
                  "--settle-ms",
                  "200",
                  "--metrics-port",
                  "0");
            },
            "ingest-health-it");
    watcher.setDaemon(true);
    watcher.start();
    try {
      String base =
          await()
              .atMost(Duration.ofSeconds(60))
              .until(
                  () -> {
                    Matcher m = METRICS_URL.matcher(err.toString());
                    return m.find() ? m.group(1) : null;
                  },
                  url -> url != null);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<String> up = get(base + "/health");
                assertThat(up.statusCode()).isEqualTo(200);
                assertThat(up.body()).isEqualTo("{\"status\":\"UP\"}");
              });

      stack.kafka().close();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<String> down = get(base + "/health");
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\"}");
              });
    } finally {
      watcher.interrupt();
      watcher.join(Duration.ofSeconds(30).toMillis());
      stack.close();
    }
  }

  @Test
  void shouldReportTheClusterDownToTheStreamsHealthCheckAndUpAgainOnceItAnswers() {
    // the check papers streams --metrics-port adds to its Kafka Streams state (which stays
    // RUNNING while every broker is down)
    try (LocalStack stack = LocalStack.startEphemeral();
        ClusterHealth health =
            new ClusterHealth(
                ClientConfig.of(stack.bootstrapServers(), stack.schemaRegistryUrl()).admin(),
                Duration.ofSeconds(2),
                Duration.ofMillis(200))) {
      assertThat(health.getAsBoolean()).isTrue();

      stack.kafka().close();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(health.getAsBoolean()).isFalse());
    }
  }
}
