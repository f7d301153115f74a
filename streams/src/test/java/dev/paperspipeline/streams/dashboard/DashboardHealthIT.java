package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.embedded.LocalStack;
import dev.paperspipeline.streams.PipelineConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/health} over a real broker and registry: UP while both answer, DOWN (503) naming the
 * broker once it stops, even though the streams state still says RUNNING.
 */
class DashboardHealthIT {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void shouldAnswerDownNamingTheBrokerOnceTheBrokerStops() throws Exception {
    LocalStack stack = LocalStack.startEphemeral();
    try (DashboardServer server =
        DashboardServer.bind("127.0.0.1", 0)
            .probing(
                BackendProbe.of(
                    PipelineConfig.streamsProperties(
                        stack.bootstrapServers(), stack.schemaRegistryUrl(), Map.of())))
            .serve(null, Router.local(), () -> "RUNNING")) {
      HttpResponse<String> up = health(server);
      assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
      JsonNode body = json.readTree(up.body());
      assertThat(body.get("status").asText()).isEqualTo("UP");
      assertThat(body.get("broker").get("reachable").asBoolean()).isTrue();
      assertThat(body.get("registry").get("reachable").asBoolean()).isTrue();

      stack.kafka().close();
      // the answer is cached for BackendProbe.CACHE_FOR, then probed again
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> health(server).statusCode() == 503);
      JsonNode down = json.readTree(health(server).body());
      assertThat(down.get("status").asText()).isEqualTo("DOWN");
      assertThat(down.get("state").asText()).isEqualTo("RUNNING");
      assertThat(down.get("broker").get("reachable").asBoolean()).isFalse();
    } finally {
      stack.close();
    }
  }

  private HttpResponse<String> health(DashboardServer server) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + "/api/health"))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
