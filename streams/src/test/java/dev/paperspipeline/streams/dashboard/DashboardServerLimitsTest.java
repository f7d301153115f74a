package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow clients and oversized bodies against the dashboard server, over raw sockets. */
class DashboardServerLimitsTest {
  private DashboardServer server;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    // The health endpoint reads no store.
    LocalStores none =
        (LocalStores)
            Proxy.newProxyInstance(
                LocalStores.class.getClassLoader(),
                new Class<?>[] {LocalStores.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    server = DashboardServer.start("127.0.0.1", 0, none, Router.local(), () -> "RUNNING");
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.close();
  }

  private Socket send(String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.port());
    sockets.add(socket);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String answer(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void shouldAnswerHealthWhileSlowClientsHoldIncompleteRequests() throws Exception {
    for (int i = 0; i < 4; i++) {
      send("POST /api/trends HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":");
      send("GET /api/trending HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    long start = System.nanoTime();
    String health =
        answer(send("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(health).startsWith("HTTP/1.1 200").contains("\"status\":\"UP\"");
    assertThat(tookMs).isLessThan(2_000);
  }

  @Test
  void shouldAnswer405JsonWithAllowForAMethodTheApiDoesNotTake() throws Exception {
    String answer =
        answer(
            send(
                "POST /api/trends HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + "Content-Length: 2\r\n\r\n{}"));
    assertThat(answer)
        .startsWith("HTTP/1.1 405")
        .contains("Allow: GET")
        .contains("application/json")
        .contains("\"error_code\":405");
  }

  @Test
  void shouldAnswer413ForAnOversizedBody() throws Exception {
    String answer =
        answer(
            send(
                "POST /api/trends HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"
                    + "x".repeat(100)));
    assertThat(answer)
        .startsWith("HTTP/1.1 413")
        .contains("application/json")
        .contains("\"error_code\":413");
  }
}
