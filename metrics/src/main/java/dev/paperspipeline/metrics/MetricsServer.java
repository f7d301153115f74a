package dev.paperspipeline.metrics;

import dev.paperspipeline.http.Exchange;
import dev.paperspipeline.http.JettyServer;
import dev.paperspipeline.http.Routes;
import dev.paperspipeline.http.ServerLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint (the project's {@link JettyServer}) for Prometheus: {@code GET /metrics}
 * returns {@link PipelineMetrics#scrape()} in the text format 0.0.4; {@code GET /health} returns
 * 200 {@code {"status":"UP"}} while the health check holds, else 503 {@code {"status":"DOWN"}}; any
 * other path, method or an unreadable request is answered with a JSON error. Binds 127.0.0.1 unless
 * told otherwise, so nothing is exposed by accident.
 *
 * <p>Why not the Prometheus library's own {@code HTTPServer}: it takes an executor but has no read
 * deadline and no request body limit, so a slow or hostile client could hold its threads; here the
 * library only writes the text format and Jetty, with the limits every server of the project has,
 * serves it.
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
  public static final String DEFAULT_HOST = JettyServer.DEFAULT_HOST;

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

  private final JettyServer server;

  private MetricsServer(JettyServer server) {
    this.server = server;
  }

  /**
   * Starts serving {@code metrics}.
   *
   * @throws IOException when the address cannot be bound
   */
  public static MetricsServer start(Config config, PipelineMetrics metrics) throws IOException {
    Objects.requireNonNull(metrics, "metrics");
    Routes.Endpoint scrape =
        ex ->
            answer(
                ex,
                200,
                PipelineMetrics.contentType(),
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    Routes.Endpoint health =
        ex -> {
          boolean up = config.health().getAsBoolean();
          answer(
              ex,
              up ? 200 : 503,
              "application/json",
              (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}")
                  .getBytes(StandardCharsets.UTF_8));
        };
    JettyServer server =
        JettyServer.start(
            JettyServer.Settings.of(config.host(), config.port(), "papers-metrics-http")
                .withLimits(ServerLimits.defaults().withMaxBodyBytes(MAX_BODY_BYTES)),
            new Routes()
                .get(METRICS_PATH, scrape)
                .add("HEAD", METRICS_PATH, scrape)
                .get(HEALTH_PATH, health)
                .add("HEAD", HEALTH_PATH, health)
                .handler());
    MetricsServer started = new MetricsServer(server);
    log.info("Metrics on {}{}", started.url(), METRICS_PATH);
    return started;
  }

  private static void answer(Exchange ex, int status, String contentType, byte[] body) {
    ex.responseHeader("Cache-Control", "no-store").send(status, contentType, body);
  }

  /** The port actually bound. */
  public int port() {
    return server.port();
  }

  /** {@code http://host:port} (without a path). */
  public String url() {
    return server.url();
  }

  /** Stops listening at once. */
  @Override
  public void close() {
    server.close();
  }
}
