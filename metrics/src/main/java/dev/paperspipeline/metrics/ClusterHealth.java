package dev.paperspipeline.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers, for a {@code /health} endpoint: asks for the cluster's nodes
 * with a short timeout, at most once per {@code cacheFor}, so that a health check
 * (docker-compose's, a load balancer's) sees DOWN while every broker is down instead of the
 * process's own state, which stays "running" then. Thread-safe; {@link #close()} closes its admin
 * client.
 */
public final class ClusterHealth implements BooleanSupplier, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterHealth.class);

  /** How long one check waits for the cluster. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  /** How long an answer is reused. */
  public static final Duration DEFAULT_CACHE = Duration.ofSeconds(5);

  private final Map<String, Object> adminConfig;
  private final Duration timeout;
  private final long cacheNanos;
  private Admin admin;
  private long checkedAt;
  private boolean up;
  private boolean checked;

  /**
   * @param adminConfig admin client settings (bootstrap servers, security)
   */
  public ClusterHealth(Map<String, Object> adminConfig, Duration timeout, Duration cacheFor) {
    this.adminConfig = new HashMap<>(adminConfig);
    this.timeout = timeout;
    this.cacheNanos = cacheFor.toNanos();
    int ms = (int) timeout.toMillis();
    this.adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    this.adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    this.adminConfig.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    this.adminConfig.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "papers-health");
  }

  /** With {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_CACHE}. */
  public ClusterHealth(Map<String, Object> adminConfig) {
    this(adminConfig, DEFAULT_TIMEOUT, DEFAULT_CACHE);
  }

  /** Whether a broker answered within the timeout (at most {@code cacheFor} ago). */
  @Override
  public synchronized boolean getAsBoolean() {
    long now = System.nanoTime();
    if (checked && now - checkedAt < cacheNanos) {
      return up;
    }
    boolean was = up;
    up = ask();
    checked = true;
    checkedAt = System.nanoTime();
    if (was != up) {
      log.info("Kafka cluster {}", up ? "answers again" : "does not answer: health is DOWN");
    }
    return up;
  }

  private boolean ask() {
    try {
      if (admin == null) {
        admin = Admin.create(adminConfig);
      }
      int ms = (int) timeout.toMillis();
      return !admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .nodes()
          .get(ms + 1000L, TimeUnit.MILLISECONDS)
          .isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      log.debug("Health check: the cluster did not answer", e);
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(1));
      admin = null;
    }
  }
}
