package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.metrics.PromtoolCheckTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code papers ingest --watch --metrics-port}: the counters and producer metrics on /metrics. */
class IngestMetricsIT {
  private static final Pattern METRICS_URL =
      Pattern.compile("metrics on (http://127\\.0\\.0\\.1:\\d+)/metrics");

  @TempDir Path dir;
  private LocalStack stack;

  @BeforeEach
  void start() {
    stack = LocalStack.startEphemeral();
  }

  @AfterEach
  void stop() {
    stack.close();
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void shouldExposeIngestCountersAndProducerMetricsWhileWatching() throws Exception {
    Path inbox = dir.resolve("inbox");
    Files.createDirectories(inbox);
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread watcher =
        new Thread(
            () -> {
              CommandLine cli = PapersCli.commandLine();
              cli.setErr(new PrintWriter(err, true));
              exit.set(
                  cli.execute(
                      "ingest",
                      "--bootstrap-servers",
                      stack.bootstrapServers(),
                      "--schema-registry",
                      stack.schemaRegistryUrl(),
                      "--watch",
                      inbox.toString(),
                      "--settle-ms",
                      "200",
                      "--metrics-port",
                      "0"));
            },
            "ingest-watch-it");
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
      CliFixtures.writeDigest(inbox, "2026-11-03.txt", "Metered", 3);
      CliFixtures.writeDigest(inbox, "copy-of-2026-11-03.txt", "Metered", 3);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () ->
                  assertThat(get(base + "/metrics"))
                      .contains("papers_ingested_total 3.0\n")
                      .contains("papers_files_ingested_total{status=\"done\"} 1.0\n")
                      .contains("papers_files_ingested_total{status=\"duplicate\"} 1.0\n"));
      String text = get(base + "/metrics");
      long nov3 = java.time.LocalDate.parse("2026-11-03").toEpochDay() * 86_400;
      assertThat(text)
          .contains("papers_ingest_last_digest_timestamp_seconds " + (double) nov3 + "\n")
          .containsPattern("papers_ingest_last_file_timestamp_seconds [0-9.E]+\n")
          .containsPattern("kafka_producer_records_sent_total\\{client=\"[^\"]+\"\\} [1-9]")
          .doesNotContain("NaN");
      assertThat(PromtoolCheckTest.promtoolCheck(text)).as("promtool check metrics").isEmpty();
      assertThat(get(base + "/health")).isEqualTo("{\"status\":\"UP\"}");
    } finally {
      watcher.interrupt();
      watcher.join(Duration.ofSeconds(60).toMillis());
    }
    assertThat(watcher.isAlive()).isFalse();
    assertThat(exit.get()).as(err.toString()).isZero();
  }
}
