package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestClientUnreachableTest {
  @Test
  void shouldGiveUpAfterBoundedRetriesWhenNoRegistryListens() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            "http://127.0.0.1:" + port,
            Map.of(RegistryConfig.MAX_RETRIES, 2, RegistryConfig.RETRIES_WAIT_MS, "5"));

    long start = System.nanoTime();
    assertThatThrownBy(() -> client.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isUnreachable()).isTrue();
              assertThat(e.status()).isEqualTo(SchemaRegistryException.UNREACHABLE);
              assertThat(e.getMessage())
                  .contains("unreachable", "127.0.0.1:" + port, "after 3 attempts");
            });
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
  }

  @Test
  void shouldRejectAMissingUrl() {
    assertThatThrownBy(() -> SchemaRegistryClients.create(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RegistryConfig.SCHEMA_REGISTRY_URL);
  }
}
