package dev.paperspipeline.metrics;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits for a JDK {@link HttpServer} (the project's registry, metrics and dashboard servers), so
 * slow or hostile clients cannot starve the others: a pool of worker threads, a deadline for
 * receiving each request (line, headers and body), and a maximum body size answered with 413.
 *
 * <p>Why this and not another server library: the JDK server has no read timeout of its own, but it
 * reads each request on a worker thread through a blocking socket channel, and interrupting a
 * thread blocked on such a channel closes the connection. So a watchdog that interrupts the worker
 * whose request has not arrived in time bounds how long one slow client holds a thread, without
 * replacing three working servers. Each request's body is read whole (up to the limit) before the
 * handler runs, so handlers never block on the network while reading.
 *
 * <p>It lives in this module because it is the lowest one the three servers share without pulling
 * in anything else (JDK and SLF4J only).
 *
 * <pre>{@code
 * HttpServer server = HttpLimits.createJdkServer(address, 64);
 * HttpLimits limits = HttpLimits.install(server, HttpLimits.Config.defaults(), "my-http");
 * limits.createContext("/", handler);
 * server.start();
 * ...
 * server.stop(0);
 * limits.close();
 * }</pre>
 */
public final class HttpLimits implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpLimits.class);
  private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

  /**
   * @param threads worker threads; requests beyond them wait in a queue
   * @param readTimeout time a client has to send a whole request (line, headers, body) once a
   *     worker has taken its connection; the connection is closed after it
   * @param maxBodyBytes larger request bodies are answered 413 without being read
   */
  public record Config(int threads, Duration readTimeout, long maxBodyBytes) {
    public static final int DEFAULT_THREADS = 16;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public Config {
      Objects.requireNonNull(readTimeout, "readTimeout");
      if (threads < 1 || readTimeout.isNegative() || readTimeout.isZero() || maxBodyBytes < 0) {
        throw new IllegalArgumentException(
            "threads and readTimeout must be positive and maxBodyBytes not negative");
      }
    }

    /** 16 threads, 10 s to send a request, 1 MiB bodies. */
    public static Config defaults() {
      return new Config(DEFAULT_THREADS, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_BODY_BYTES);
    }

    public Config withThreads(int newThreads) {
      return new Config(newThreads, readTimeout, maxBodyBytes);
    }

    public Config withReadTimeout(Duration newReadTimeout) {
      return new Config(threads, newReadTimeout, maxBodyBytes);
    }

    public Config withMaxBodyBytes(long newMaxBodyBytes) {
      return new Config(threads, readTimeout, newMaxBodyBytes);
    }
  }

  private final HttpServer server;
  private final Config config;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService watchdog;

  private HttpLimits(HttpServer server, Config config, String threadName) {
    this.server = server;
    this.config = config;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            config.threads(),
            config.threads(),
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> daemon(r, threadName + "-" + n.incrementAndGet()));
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, threadName + "-watchdog"));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Gives {@code server} its worker pool and read deadline (call before {@link HttpServer#start});
   * create contexts through {@link #createContext} so the body limit applies.
   */
  public static HttpLimits install(HttpServer server, Config config, String threadName) {
    HttpLimits limits = new HttpLimits(server, config, threadName);
    server.setExecutor(limits.executor());
    return limits;
  }

  /** The limits in force. */
  public Config config() {
    return config;
  }

  /** Creates a context whose requests are read whole, within the limits, before {@code handler}. */
  public HttpContext createContext(String path, HttpHandler handler) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().add(new BodyFilter(config.maxBodyBytes()));
    return context;
  }

  /**
   * The system property that names the JVM's {@link com.sun.net.httpserver.spi.HttpServerProvider}.
   */
  static final String PROVIDER_PROPERTY = "com.sun.net.httpserver.HttpServerProvider";

  /**
   * Creates a server of the JDK's own implementation, which these limits are built for.
   *
   * <p>Why not plain {@link HttpServer#create}: the registry's Jetty ({@code jetty-http-spi}) is on
   * the same classpath and registers itself through {@link java.util.ServiceLoader} as the JVM-wide
   * provider, so {@code HttpServer.create} would hand out Jetty servers, on which {@link #install}
   * cannot work. Naming the JDK's provider in its documented system property (only when the user
   * has not named one) keeps the dashboard and metrics servers on the JDK's server.
   */
  public static HttpServer createJdkServer(java.net.InetSocketAddress address, int backlog)
      throws IOException {
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, "sun.net.httpserver.DefaultHttpServerProvider");
    }
    return HttpServer.create(address, backlog);
  }

  /**
   * The body limit alone, as a filter for a server that bounds threads and read time itself (the
   * registry's, on Jetty): reads each request body whole, answering 413 over {@code maxBodyBytes}.
   */
  public static Filter bodyLimit(long maxBodyBytes) {
    return new BodyFilter(maxBodyBytes);
  }

  private Executor executor() {
    return task ->
        workers.execute(
            () -> {
              Watch watch = new Watch(Thread.currentThread());
              watch.future =
                  watchdog.schedule(
                      watch::expire, config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
              CURRENT.set(watch);
              try {
                task.run();
              } finally {
                watch.received();
                CURRENT.remove();
                Thread.interrupted(); // never leak a late interrupt into the next request
              }
            });
  }

  /** Stops the worker pool and the watchdog (after {@link HttpServer#stop}). */
  @Override
  public void close() {
    workers.shutdownNow();
    watchdog.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The read deadline of the request a worker is on. */
  private static final class Watch {
    private final Thread worker;
    private boolean received;
    private ScheduledFuture<?> future;

    Watch(Thread worker) {
      this.worker = worker;
    }

    synchronized void expire() {
      if (!received) {
        log.info("Closing a connection that did not send its request in time ({})", worker);
        worker.interrupt();
      }
    }

    synchronized void received() {
      received = true;
      if (future != null) {
        future.cancel(false);
      }
    }
  }

  /** Reads the whole body (or answers 413), then lifts the read deadline. */
  private static final class BodyFilter extends Filter {
    private final long maxBodyBytes;

    BodyFilter(long maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public String description() {
      return "request body limit";
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      String declared = exchange.getRequestHeaders().getFirst("Content-Length");
      long length = -1;
      if (declared != null) {
        try {
          length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
          length = -1;
        }
      }
      if (length > maxBodyBytes) {
        tooLarge(exchange);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = readAtMost(in, maxBodyBytes + 1);
      }
      if (body.length > maxBodyBytes) {
        tooLarge(exchange);
        return;
      }
      Watch watch = CURRENT.get();
      if (watch != null) {
        watch.received();
        // A deadline that expired just as the body arrived must not fail the answer.
        Thread.interrupted();
      }
      exchange.setStreams(new ByteArrayInputStream(body), null);
      chain.doFilter(exchange);
    }

    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while (total < limit
          && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total))) > 0) {
        out.write(buffer, 0, n);
        total += n;
      }
      return out.toByteArray();
    }

    private void tooLarge(HttpExchange exchange) throws IOException {
      byte[] body =
          ("{\"error_code\":413,\"message\":\"Request body larger than "
                  + maxBodyBytes
                  + " bytes\"}")
              .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("Connection", "close");
      exchange.sendResponseHeaders(413, body.length);
      OutputStream out = exchange.getResponseBody();
      out.write(body);
      out.flush();
      // Closing drains the unread body, which a client may send slowly or never: interrupted, the
      // worker's next blocking read closes the connection at once instead (the executor clears the
      // interrupt before the worker's next request).
      Thread.currentThread().interrupt();
      try {
        exchange.close();
      } catch (RuntimeException e) {
        log.debug("Connection closed after a 413: {}", e.getMessage());
      }
    }
  }
}
