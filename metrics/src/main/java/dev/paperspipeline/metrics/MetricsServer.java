package dev.paperspipeline.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint (the JDK's HttpServer under {@link HttpLimits}) for Prometheus: {@code GET
 * /metrics} returns {@link PipelineMetrics#scrape()} in the text format 0.0.4; {@code GET /health}
 * returns 200 {@code {"status":"UP"}} while the health check holds, else 503 {@code
 * {"status":"DOWN"}}. Binds 127.0.0.1 unless told otherwise, so nothing is exposed by accident.
 *
 * <p>Why not the Prometheus library's own {@code HTTPServer}: it takes an executor but has no read
 * deadline and no request body limit, so a slow or hostile client could hold its threads; here the
 * library only writes the text format and the project's {@link HttpLimits} serve it.
 */
public final class MetricsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

  /** Path of the Prometheus scrape endpoint. */
  public static final String METRICS_PATH = "/metrics";

  /** Path of the health endpoint. */
  public static final String HEALTH_PATH = "/health";

  /** Largest request body accepted (the endpoints take none); larger ones are answered 413. */
  public static final long MAX_BODY_BYTES = 64 * 1024;

  /** Default bind address. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /**
   * Where to listen and what "healthy" means.
   *
   * @param host address to bind ({@code 0.0.0.0} inside a container)
   * @param port port; 0 picks a free one
   * @param health read at each {@code /health} request
   */
  public record Config(String host, int port, BooleanSupplier health) {
    public Config {
      Objects.requireNonNull(host, "host");
      health = health == null ? () -> true : health;
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Port out of range: " + port);
      }
    }

    /** 127.0.0.1 on {@code port}, always healthy. */
    public static Config localhost(int port) {
      return new Config(DEFAULT_HOST, port, null);
    }

    public Config withHost(String newHost) {
      return new Config(newHost, port, health);
    }

    public Config withHealth(BooleanSupplier newHealth) {
      return new Config(host, port, newHealth);
    }
  }

  private final HttpServer server;
  private final HttpLimits limits;
  private final String host;

  private MetricsServer(HttpServer server, HttpLimits limits, String host) {
    this.server = server;
    this.limits = limits;
    this.host = host;
  }

  /**
   * Starts serving {@code metrics}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static MetricsServer start(Config config, PipelineMetrics metrics) throws IOException {
    Objects.requireNonNull(metrics, "metrics");
    HttpServer server =
        HttpLimits.createJdkServer(new InetSocketAddress(config.host(), config.port()), 16);
    HttpLimits limits =
        HttpLimits.install(
            server,
            HttpLimits.Config.defaults().withMaxBodyBytes(MAX_BODY_BYTES),
            "papers-metrics-http");
    limits.createContext(
        METRICS_PATH,
        exchange ->
            handle(
                exchange,
                METRICS_PATH,
                () ->
                    new Response(
                        200,
                        PipelineMetrics.contentType(),
                        metrics.scrape().getBytes(StandardCharsets.UTF_8))));
    limits.createContext(
        HEALTH_PATH,
        exchange ->
            handle(
                exchange,
                HEALTH_PATH,
                () -> {
                  boolean up = config.health().getAsBoolean();
                  return new Response(
                      up ? 200 : 503,
                      "application/json",
                      (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}")
                          .getBytes(StandardCharsets.UTF_8));
                }));
    server.start();
    MetricsServer started = new MetricsServer(server, limits, config.host());
    log.info("Metrics on {}{}", started.url(), METRICS_PATH);
    return started;
  }

  private record Response(int status, String contentType, byte[] body) {}

  private interface Handler {
    Response respond();
  }

  private static void handle(HttpExchange exchange, String path, Handler handler)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      Response response;
      if (!exchange.getRequestURI().getPath().equals(path)) {
        response = text(404, "Not found\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        response = text(405, "Method not allowed\n");
      } else {
        try {
          response = handler.respond();
        } catch (RuntimeException e) {
          log.error("{} {} failed", method, path, e);
          response = text(500, "Internal error\n");
        }
      }
      exchange.getResponseHeaders().set("Content-Type", response.contentType());
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(response.status(), -1);
        return;
      }
      exchange.sendResponseHeaders(response.status(), response.body().length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(response.body());
      }
    }
  }

  private static Response text(int status, String body) {
    return new Response(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://host:port} (without a path). */
  public String url() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "http://" + h + ":" + port();
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.stop(0);
    limits.close();
  }
}
