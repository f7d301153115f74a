package dev.paperspipeline.streams.dashboard;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.spi.JettyHttpServer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The dashboard's HTTP server: Jetty behind the JDK's {@code com.sun.net.httpserver} API, as the
 * registry's. The JDK's own server answers a request line it cannot parse (a malformed
 * percent-escape such as {@code /api/topics/%zz/papers}) with an HTML page naming {@code
 * URISyntaxException} before any handler runs; Jetty lets the dashboard answer its JSON instead.
 *
 * <p>Jetty parses requests without holding a thread, so a slow client costs a connection, not a
 * worker; the idle timeout closes a connection that stops sending, and the minimum request data
 * rate one that trickles.
 */
final class DashboardHttp {
  /** A client that sends its body slower than this is cut off (bytes per second). */
  static final long MIN_REQUEST_DATA_RATE = 1024;

  private DashboardHttp() {}

  /** A bound server and the address it listens on (the port picked when 0 was asked). */
  record Bound(HttpServer server, InetSocketAddress address) {}

  /**
   * A server listening on {@code address} (port 0 picks one) but not yet answering, so that its
   * port can be advertised before it serves.
   *
   * @param handlerThreads requests handled at once; Jetty's selector and acceptor threads come on
   *     top
   * @param idleTimeout a connection that sends nothing for this long is closed
   */
  static Bound bind(
      InetSocketAddress address, int handlerThreads, Duration idleTimeout, String threadName)
      throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(handlerThreads + 4, 2);
    pool.setName(threadName);
    pool.setDaemon(true);
    Server jetty = new Server(pool);
    jetty.setHandler(new ContextHandlerCollection());
    jetty.setErrorHandler(DashboardHttp::jsonError);
    JettyHttpServer server = new JettyHttpServer(jetty, false); // not shared: stop() stops Jetty
    server.bind(address, 64);
    ServerConnector connector = jetty.getBean(ServerConnector.class);
    connector.setIdleTimeout(idleTimeout.toMillis());
    HttpConfiguration http =
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(idleTimeout.toMillis());
    http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
    try {
      connector.open();
    } catch (IOException e) {
      BindException clear =
          new BindException(
              "cannot listen on " + address.getHostString() + ":" + address.getPort());
      clear.initCause(e);
      throw clear;
    }
    return new Bound(
        server, new InetSocketAddress(address.getHostString(), connector.getLocalPort()));
  }

  /**
   * Jetty's answer to a request it refused before any handler ran (bad URI, bad header, body too
   * slow): the dashboard's error shape, never an HTML page or a Java class name.
   */
  private static boolean jsonError(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String message =
        status == 400
            ? "malformed request: the path, query or a header cannot be read (a percent-escape"
                + " must be % and two hex digits)"
            : HttpStatus.getMessage(status);
    String body = "{\"error\":\"" + message + "\"}";
    response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
    response.getHeaders().put("Cache-Control", "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
