package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.registry.SchemaRegistryException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterProbeTest {

  @Test
  void shouldSayConnectionRefusedWhenNothingListensOnTheRegistryPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    ClientConfig config = ClientConfig.of("127.0.0.1:9092", url);

    assertThatThrownBy(() -> ClusterProbe.registry(config, Duration.ofSeconds(5)))
        .isInstanceOf(UnreachableException.class)
        .hasMessage("cannot reach the schema registry at " + url + ": connection refused");
  }

  @Test
  void shouldNameNoJavaClassWhenTheRegistryClientCannotConnect() throws Exception {
    String url = "http://127.0.0.1:" + closedPort();
    try (SchemaRegistryClient client =
        SchemaRegistryClients.create(url, Map.of("max.retries", 0))) {
      assertThatThrownBy(() -> client.schemaById(1))
          .isInstanceOf(SchemaRegistryException.class)
          .hasMessageEndingWith("after 1 attempts (GET /schemas/ids/1): connection refused");
    }
  }

  @Test
  void shouldGiveTheRootCauseWhenTheKafkaClientCannotBeCreated() {
    ClientConfig config =
        ClientConfig.builder()
            .bootstrapServers("127.0.0.1:9092")
            .settings(java.util.List.of("security.protocol=SASL_PLAINTEXT"))
            .build();

    assertThatThrownBy(() -> ClusterProbe.kafka(config, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cannot create a Kafka client for 127.0.0.1:9092: Could not find a 'KafkaClient' entry"
                + " in the JAAS configuration");
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "404, text/html, <html><body>Not Found</body></html>, HTTP 404 without a schema registry's JSON",
    "200, text/html, <html><body>Grafana</body></html>, HTTP 200 without a schema registry's JSON",
    "200, application/json, {\"status\":\"UP\"}, 200 without a compatibilityLevel"
  })
  void shouldSayWhenTheRegistryUrlIsAnotherService(
      int status, String type, String body, String answer) throws Exception {
    com.sun.net.httpserver.HttpServer other =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    other.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", type);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    other.start();
    try {
      String url = "http://127.0.0.1:" + other.getAddress().getPort();
      ClientConfig config = ClientConfig.of("127.0.0.1:9092", url);
      long started = System.nanoTime();

      assertThatThrownBy(() -> ClusterProbe.registry(config, Duration.ofSeconds(15)))
          .isInstanceOf(UnreachableException.class)
          .hasMessage(
              "no schema registry at "
                  + url
                  + ": GET /config answered "
                  + answer
                  + " (another service on that port? check --schema-registry)");
      org.assertj.core.api.Assertions.assertThat((System.nanoTime() - started) / 1e9)
          .isLessThan(3.0);
    } finally {
      other.stop(0);
    }
  }
}
