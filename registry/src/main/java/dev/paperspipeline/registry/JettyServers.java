package dev.paperspipeline.registry;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
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
 * The registry's HTTP server: Jetty behind the JDK's {@code com.sun.net.httpserver} API, so the
 * handler code stays the same while requests the JDK server would refuse with an HTML page before
 * any handler runs (a malformed percent-escape in the request line) get Confluent-shaped JSON.
 *
 * <p>Jetty parses requests without holding a thread, so a slow client costs a connection, not a
 * worker; the idle timeout closes a connection that stops sending, and the minimum request data
 * rate one that trickles.
 */
final class JettyServers {
  /** A client that sends its body slower than this is cut off (bytes per second). */
  static final long MIN_REQUEST_DATA_RATE = 1024;

  private JettyServers() {}

  /**
   * A server bound to {@code address} (port 0 picks one), not yet started; HTTPS when {@code https}
   * is not null.
   *
   * @param handlerThreads requests handled at once; Jetty's selector and acceptor threads come on
   *     top
   * @param idleTimeout a connection that sends nothing for this long is closed
   */
  static HttpServer create(
      InetSocketAddress address,
      HttpsConfigurator https,
      int handlerThreads,
      Duration idleTimeout,
      String threadName)
      throws IOException {
    QueuedThreadPool pool = new QueuedThreadPool(handlerThreads + 4, 2);
    pool.setName(threadName);
    pool.setDaemon(true);
    Server jetty = new Server(pool);
    jetty.setHandler(new ContextHandlerCollection());
    jetty.setErrorHandler(JettyServers::jsonError);
    JettyHttpServer server =
        new JettyHttpServer(jetty, false); // false: not shared, stop() stops Jetty
    if (https != null) {
      server.setHttpsConfigurator(https);
    }
    server.bind(address, 64);
    ServerConnector connector = jetty.getBean(ServerConnector.class);
    connector.setIdleTimeout(idleTimeout.toMillis());
    HttpConfiguration http =
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(idleTimeout.toMillis());
    http.setMinRequestDataRate(MIN_REQUEST_DATA_RATE);
    return server;
  }

  /**
   * Starts {@code server}, turning Jetty's wrapped bind failure back into a {@link BindException}.
   */
  static void start(HttpServer server, InetSocketAddress address) throws IOException {
    try {
      server.start();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException bind) {
          BindException clear =
              new BindException(
                  "cannot listen on " + address.getHostString() + ":" + address.getPort());
          clear.initCause(bind);
          throw clear;
        }
      }
      throw new IOException(
          "cannot start the HTTP server on "
              + address.getHostString()
              + ":"
              + address.getPort()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Jetty's answer to a request it refused before any handler ran (bad URI, bad header, body too
   * slow): Confluent's error shape, never an HTML page or a Java class name.
   */
  private static boolean jsonError(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String reason = HttpStatus.getMessage(status);
    String body =
        "{\"error_code\":"
            + status
            + ",\"message\":\""
            + (status == 400 ? "Bad Request: malformed request line or headers" : reason)
            + "\"}";
    response.getHeaders().put("Content-Type", SchemaRegistryServer.V1_JSON);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
