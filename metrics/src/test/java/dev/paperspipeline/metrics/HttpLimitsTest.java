package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Slow and oversized requests against a JDK server with {@link HttpLimits}, over raw sockets. */
class HttpLimitsTest {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(1);

  private HttpServer server;
  private HttpLimits limits;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpLimits.createJdkServer(new InetSocketAddress("127.0.0.1", 0), 64);
    limits =
        HttpLimits.install(
            server, new HttpLimits.Config(8, READ_TIMEOUT, 1024), "http-limits-test");
    limits.createContext(
        "/",
        exchange -> {
          byte[] body =
              ("{\"length\":" + exchange.getRequestBody().readAllBytes().length + "}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    server.stop(0);
    limits.close();
  }

  private Socket send(String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", server.getAddress().getPort());
    sockets.add(socket);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String answer(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /** True once the server has closed the connection (end of stream or reset). */
  private static boolean closedByServer(Socket socket) throws IOException {
    try {
      InputStream in = socket.getInputStream();
      while (in.read() != -1) {
        // an error answer before the close is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    }
  }

  @Test
  void shouldAnswerOthersWhileSlowClientsHoldIncompleteRequestsAndCloseThemAfterTheReadTimeout()
      throws Exception {
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      // A body that never completes...
      slow.add(send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
      // ...and headers that never end.
      slow.add(send("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: "));
    }

    long start = System.nanoTime();
    Socket normal =
        send("POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc");
    String answer = answer(normal);
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"length\":3}");
    assertThat(tookMs).isLessThan(READ_TIMEOUT.toMillis());

    int closed = 0;
    for (Socket s : slow) {
      if (closedByServer(s)) {
        closed++;
      }
    }
    long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(closed).isEqualTo(6);
    assertThat(closedAfterMs).isLessThan(READ_TIMEOUT.toMillis() + 3_000);
  }

  @Test
  void shouldAnswer413WithJsonForBodiesOverTheLimit() throws Exception {
    String declared =
        answer(send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(10)));
    assertThat(declared)
        .startsWith("HTTP/1.1 413")
        .contains("application/json")
        .endsWith("{\"error_code\":413,\"message\":\"Request body larger than 1024 bytes\"}");

    String chunk = Integer.toHexString(2000) + "\r\n" + "y".repeat(2000) + "\r\n0\r\n\r\n";
    String chunked =
        answer(
            send(
                "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close"
                    + "\r\n\r\n"
                    + chunk));
    assertThat(chunked).startsWith("HTTP/1.1 413").contains("\"error_code\":413");

    String within =
        answer(
            send(
                "POST / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1024\r\n\r\n"
                    + "z".repeat(1024)));
    assertThat(within).startsWith("HTTP/1.1 200").endsWith("{\"length\":1024}");
  }
}
