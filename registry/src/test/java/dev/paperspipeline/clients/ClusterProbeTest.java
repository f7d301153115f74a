package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
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
}
