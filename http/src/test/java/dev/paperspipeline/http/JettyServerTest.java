package dev.paperspipeline.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Jetty's limits, JSON errors and routes as the project sets them up, over raw sockets. */
class JettyServerTest {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);
  private static final ServerLimits LIMITS = limits(512);

  /** 8 threads, 1 s idle timeout, 2 KiB of headers, 1 KiB bodies, 1 KiB/s. */
  private static ServerLimits limits(int maxConnections) {
    return new ServerLimits(8, IDLE_TIMEOUT, 2048, 1024, 1024, maxConnections);
  }

  private JettyServer server;
  private final List<Socket> sockets = new ArrayList<>();

  private void start(ServerLimits limits) throws IOException {
    server =
        JettyServer.start(
            JettyServer.Settings.local(0, "jetty-server-test").withLimits(limits),
            new Routes()
                .add(
                    "POST",
                    "/echo",
                    ex ->
                        ex.send(
                            200,
                            "application/json",
                            ("{\"length\":" + ex.body().length + "}")
                                .getBytes(StandardCharsets.UTF_8)))
                .get(
                    "/topics/{topic}/papers",
                    ex ->
                        ex.send(
                            200,
                            "text/plain; charset=utf-8",
                            ex.param("topic").getBytes(StandardCharsets.UTF_8)))
                .handler());
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
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
  void shouldAnswerOthersWhileSlowClientsHoldIncompleteRequestsAndCloseThemAfterTheIdleTimeout()
      throws Exception {
    start(LIMITS);
    List<Socket> slow = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // More slow clients than threads: a body that never completes...
      slow.add(send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"));
      // ...and headers that never end.
      slow.add(send("GET /echo HTTP/1.1\r\nHost: x\r\nX-Slow: "));
    }

    long start = System.nanoTime();
    String answer =
        answer(
            send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nabc"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"length\":3}");
    assertThat(tookMs).isLessThan(IDLE_TIMEOUT.toMillis());

    int closed = 0;
    for (Socket s : slow) {
      if (closedByServer(s)) {
        closed++;
      }
    }
    long closedAfterMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(closed).isEqualTo(slow.size());
    assertThat(closedAfterMs).isLessThan(IDLE_TIMEOUT.toMillis() + 3_000);
  }

  @Test
  void shouldAnswer413WithJsonForBodiesOverTheLimit() throws Exception {
    start(LIMITS);
    String declared =
        answer(
            send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + "x".repeat(10)));
    assertThat(declared)
        .startsWith("HTTP/1.1 413")
        .contains("application/json")
        .endsWith("{\"error_code\":413,\"message\":\"Request body larger than 1024 bytes\"}");

    String chunk = Integer.toHexString(2000) + "\r\n" + "y".repeat(2000) + "\r\n0\r\n\r\n";
    String chunked =
        answer(
            send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close"
                    + "\r\n\r\n"
                    + chunk));
    assertThat(chunked).startsWith("HTTP/1.1 413").contains("\"error_code\":413");

    String within =
        answer(
            send(
                "POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 1024\r\n\r\n"
                    + "z".repeat(1024)));
    assertThat(within).startsWith("HTTP/1.1 200").endsWith("{\"length\":1024}");
  }

  @Test
  void shouldAnswer431WithJsonForHeadersOverTheLimit() throws Exception {
    start(LIMITS);
    String answer =
        answer(
            send(
                "GET /topics/a/papers HTTP/1.1\r\nHost: x\r\nX-Big: "
                    + "b".repeat(4000)
                    + "\r\nConnection: close\r\n\r\n"));
    assertThat(answer)
        .startsWith("HTTP/1.1 431")
        .contains("application/json")
        .contains("\"error_code\":431");
  }

  @Test
  void shouldAnswer400JsonForAMalformedPathAndDecodeTemplateValuesOnce() throws Exception {
    start(LIMITS);
    String malformed =
        answer(send("GET /topics/%zz/papers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    String[] headAndBody = malformed.split("\r\n\r\n", 2);
    assertThat(headAndBody[0]).startsWith("HTTP/1.1 400").contains("application/json");
    assertThat(headAndBody[0].toLowerCase(java.util.Locale.ROOT)).doesNotContain("server:");
    assertThat(headAndBody[1]).startsWith("{\"error_code\":400,").doesNotContain("Exception");

    String decoded =
        answer(
            send(
                "GET /topics/C%2B%2B%20and%20%3F/papers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    assertThat(decoded).startsWith("HTTP/1.1 200").endsWith("\r\n\r\nC++ and ?");
  }

  @Test
  void shouldAnswer404And405WithJson() throws Exception {
    start(LIMITS);
    assertThat(answer(send("GET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
        .startsWith("HTTP/1.1 404")
        .contains("application/json")
        .endsWith("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    assertThat(answer(send("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")))
        .startsWith("HTTP/1.1 405")
        .contains("Allow: POST")
        .contains("\"error_code\":405");
  }

  @Test
  void shouldServeAgainOnceIdleConnectionsOverTheLimitAreClosed() throws Exception {
    start(limits(4));
    for (int i = 0; i < 4; i++) {
      send("GET /topics/a/papers HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    }
    // Not accepted while four are open; served once the idle timeout closes them.
    long start = System.nanoTime();
    String answer =
        answer(send("GET /topics/a/papers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(answer).startsWith("HTTP/1.1 200").endsWith("\r\n\r\na");
    assertThat(tookMs).isLessThan(IDLE_TIMEOUT.toMillis() + 3_000);
  }
}
