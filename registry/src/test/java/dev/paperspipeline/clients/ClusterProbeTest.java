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
}
