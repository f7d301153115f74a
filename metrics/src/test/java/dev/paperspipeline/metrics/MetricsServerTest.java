package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(MetricsServer server, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeMetricsInTheTextFormatAndHealth() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics();
    AtomicBoolean healthy = new AtomicBoolean(true);
    try (MetricsServer server =
        MetricsServer.start(MetricsServer.Config.localhost(0).withHealth(healthy::get), metrics)) {
      metrics.recordIngestedFile("DONE", 7, 0);

      HttpResponse<String> scrape = get(server, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(scrape.body()).contains("papers_ingested_total 7.0\n");

      assertThat(get(server, "/health").statusCode()).isEqualTo(200);
      assertThat(get(server, "/health").body()).isEqualTo("{\"status\":\"UP\"}");
      healthy.set(false);
      assertThat(get(server, "/health").statusCode()).isEqualTo(503);

      HttpResponse<String> head =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                  .method("HEAD", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();

      assertThat(get(server, "/metrics/extra").statusCode()).isEqualTo(404);
      assertThat(get(server, "/metrics/extra").headers().firstValue("Content-Type"))
          .hasValue("application/json");
      assertThat(get(server, "/").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                  .POST(HttpRequest.BodyPublishers.ofString("x"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(server.url()).startsWith("http://127.0.0.1:");
    }
  }

  @Test
  void shouldAnswer400JsonForAMalformedPath() throws Exception {
    try (MetricsServer server =
            MetricsServer.start(MetricsServer.Config.localhost(0), new PipelineMetrics());
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              "GET /metrics/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String[] headAndBody =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
              .split("\r\n\r\n", 2);
      assertThat(headAndBody[0])
          .startsWith("HTTP/1.1 400")
          .contains("Content-Type: application/json");
      assertThat(headAndBody[1]).startsWith("{\"error_code\":400,").doesNotContain("Exception");
    }
  }

  @Test
  void shouldServeScrapesWhileSlowClientsHoldIncompleteRequests() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try (MetricsServer server =
        MetricsServer.start(MetricsServer.Config.localhost(0), new PipelineMetrics())) {
      for (int i = 0; i < 6; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        slow.add(s);
        s.getOutputStream()
            .write(
                "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\nab"
                    .getBytes(StandardCharsets.US_ASCII));
      }
      long start = System.nanoTime();
      assertThat(get(server, "/metrics").statusCode()).isEqualTo(200);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);

      Socket big = new Socket("127.0.0.1", server.port());
      slow.add(big);
      big.setSoTimeout(5_000);
      big.getOutputStream()
          .write(
              "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(big.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 413").contains("\"error_code\":413");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }
}
