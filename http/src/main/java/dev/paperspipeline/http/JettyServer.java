package dev.paperspipeline.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The one way the project serves HTTP (the schema registry, the dashboard and the metrics
 * endpoint): a Jetty 12 server with {@link ServerLimits}, bound to 127.0.0.1 unless told otherwise,
 * HTTPS when given an {@link SSLContext}, and JSON for every error Jetty answers itself (a path it
 * cannot read, headers or a body over the limit, no route), never an HTML page or a Java class
 * name.
 *
 * <pre>{@code
 * JettyServer server = JettyServer.bind(JettyServer.Settings.local(0, "my-http"));
 * String url = server.url(); // known before it serves
 * server.start(new Routes().get("/hello", ex -> ex.send(200, "text/plain", bytes)).handler());
 * ...
 * server.close();
 * }</pre>
 */
public final class JettyServer implements AutoCloseable {
  /** The address every server binds unless told otherwise. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * How a server words the errors Jetty answers for it.
   *
   * @param contentType the errors' Content-Type
   * @param body the JSON body for a status and a message that is safe to show to anyone
   */
  public record ErrorFormat(String contentType, BiFunction<Integer, String, String> body) {
    public ErrorFormat {
      Objects.requireNonNull(contentType, "contentType");
      Objects.requireNonNull(body, "body");
    }

    /** {@code {"error_code": status, "message": ...}}, as Confluent's registry words errors. */
    public static ErrorFormat errorCode(String contentType) {
      return new ErrorFormat(
          contentType,
          (status, message) -> "{\"error_code\":" + status + ",\"message\":\"" + message + "\"}");
    }
  }

  /**
   * Where and how a server listens.
   *
   * @param host address to bind ({@code 0.0.0.0} inside a container)
   * @param port port; 0 picks a free one
   * @param name names its threads
   * @param limits its limits
   * @param tls HTTPS with this context; null for plain HTTP
   * @param errors how its errors read
   */
  public record Settings(
      String host, int port, String name, ServerLimits limits, SSLContext tls, ErrorFormat errors) {
    public Settings {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(limits, "limits");
      Objects.requireNonNull(errors, "errors");
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port out of range: " + port);
      }
    }

    /**
     * {@code host:port}, default limits, plain HTTP, errors as {@code {"error_code","message"}}.
     */
    public static Settings of(String host, int port, String name) {
      return new Settings(
          host,
          port,
          name,
          ServerLimits.defaults(),
          null,
          ErrorFormat.errorCode("application/json"));
    }

    /** {@link #DEFAULT_HOST}{@code :port}, otherwise as {@link #of}. */
    public static Settings local(int port, String name) {
      return of(DEFAULT_HOST, port, name);
    }

    public Settings withLimits(ServerLimits newLimits) {
      return new Settings(host, port, name, newLimits, tls, errors);
    }

    public Settings withTls(SSLContext context) {
      return new Settings(host, port, name, limits, context, errors);
    }

    public Settings withErrors(ErrorFormat newErrors) {
      return new Settings(host, port, name, limits, tls, newErrors);
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final Settings settings;
  private final SizeLimitHandler bodyLimit;

  private JettyServer(Settings settings) {
    this.settings = settings;
    ServerLimits limits = settings.limits();
    // One acceptor and one selector; the rest of the pool handles requests.
    QueuedThreadPool pool = new QueuedThreadPool(limits.threads() + 4, 2);
    pool.setName(settings.name());
    pool.setDaemon(true);
    server = new Server(pool);
    server.setErrorHandler(this::error);

    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    http.setRequestHeaderSize(limits.maxRequestHeaderBytes());
    http.setMinRequestDataRate(limits.minRequestDataRate());
    HttpConnectionFactory h1 = new HttpConnectionFactory(http);
    if (settings.tls() == null) {
      connector = new ServerConnector(server, 1, 1, h1);
    } else {
      // No SNI or Host check: clients reach the server by address as often as by name.
      http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setSslContext(settings.tls());
      connector =
          new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, h1.getProtocol()), h1);
    }
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(64);
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
    bodyLimit = new SizeLimitHandler(limits.maxBodyBytes(), -1);
    server.setHandler(bodyLimit);
  }

  /**
   * A server listening on its address (port 0 picks one) but not yet answering, so that its port
   * can be advertised before it serves.
   *
   * @throws BindException when the address cannot be bound
   */
  public static JettyServer bind(Settings settings) throws IOException {
    JettyServer bound = new JettyServer(settings);
    try {
      bound.connector.open();
    } catch (IOException e) {
      throw bindFailure(settings, e);
    }
    return bound;
  }

  /** Binds and serves {@code handler} at once. */
  public static JettyServer start(Settings settings, Handler handler) throws IOException {
    JettyServer server = bind(settings);
    server.start(handler);
    return server;
  }

  /**
   * Starts answering with {@code handler} (behind the body limit); requests no handler takes are
   * answered 404.
   */
  public void start(Handler handler) throws IOException {
    bodyLimit.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      close();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException bind) {
          throw bindFailure(settings, bind);
        }
      }
      throw new IOException(
          "cannot start the HTTP server on "
              + settings.host()
              + ":"
              + settings.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static BindException bindFailure(Settings settings, IOException cause) {
    BindException clear =
        new BindException("cannot listen on " + settings.host() + ":" + settings.port());
    clear.initCause(cause);
    return clear;
  }

  /** The port bound. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The address bound, with the port picked when 0 was asked. */
  public InetSocketAddress address() {
    return new InetSocketAddress(settings.host(), port());
  }

  /** {@code http://host:port} or {@code https://host:port}, without a path. */
  public String url() {
    String h = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
    return (settings.tls() == null ? "http" : "https") + "://" + h + ":" + port();
  }

  /** Stops listening and answering at once. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping a server that never started, or twice: nothing more to release.
    }
  }

  /** What a client is told for an error Jetty answers: no request text, no Java class. */
  private String message(int status) {
    ServerLimits limits = settings.limits();
    return switch (status) {
      case 400 ->
          "malformed request: the path, query or a header cannot be read (a percent-escape must"
              + " be % and two hex digits)";
      case 413 -> "Request body larger than " + limits.maxBodyBytes() + " bytes";
      case 431 -> "Request headers larger than " + limits.maxRequestHeaderBytes() + " bytes";
      default -> "HTTP " + status + " " + HttpStatus.getMessage(status);
    };
  }

  private boolean error(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    String body = settings.errors().body().apply(status, message(status));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, settings.errors().contentType());
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
