package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.registry.RegistryConfig;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the broker and the schema registry answer, for {@code /api/health}. A health check is
 * polled often (load balancers, the demo page) and a probe of a dead broker waits for its timeout,
 * so each answer is remembered for {@link #CACHE_FOR} and at most one probe of each runs at a time.
 */
public final class BackendProbe implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackendProbe.class);

  /** How long a probe's answer is reused. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(5);

  /** How long a probe waits for an answer before calling the backend unreachable. */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final Cached broker;
  private final Cached registry;
  private final AutoCloseable resources;

  BackendProbe(BooleanSupplier broker, BooleanSupplier registry, AutoCloseable resources) {
    this.broker = new Cached("broker", broker);
    this.registry = new Cached("schema registry", registry);
    this.resources = resources;
  }

  /**
   * Probes the broker and registry that a streams app of {@code config} uses (the same bootstrap
   * servers, security settings and registry URL), with {@code describeCluster} and a registry
   * subjects listing.
   */
  public static BackendProbe of(Properties config) {
    Map<String, Object> adminConfig = new HashMap<>();
    for (String name : config.stringPropertyNames()) {
      if (AdminClientConfig.configNames().contains(name)) {
        adminConfig.put(name, config.getProperty(name));
      }
    }
    adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    adminConfig.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) PROBE_TIMEOUT.toMillis());
    adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "papers-dashboard-health");
    Admin admin = Admin.create(adminConfig);
    Map<String, Object> registryConfig = new HashMap<>();
    config.stringPropertyNames().forEach(n -> registryConfig.put(n, config.getProperty(n)));
    // one quick try: the next health check probes again
    registryConfig.put(RegistryConfig.MAX_RETRIES, "0");
    registryConfig.put(
        RegistryConfig.HTTP_CONNECT_TIMEOUT_MS, String.valueOf(PROBE_TIMEOUT.toMillis()));
    registryConfig.put(
        RegistryConfig.HTTP_READ_TIMEOUT_MS, String.valueOf(PROBE_TIMEOUT.toMillis()));
    SchemaRegistryClient registryClient =
        SchemaRegistryClients.create(
            config.getProperty(RegistryConfig.SCHEMA_REGISTRY_URL), registryConfig);
    BooleanSupplier brokerUp =
        () -> {
          try {
            admin
                .describeCluster(
                    new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                .clusterId()
                .get(PROBE_TIMEOUT.toMillis() + 500, TimeUnit.MILLISECONDS);
            return true;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          } catch (Exception e) {
            return false;
          }
        };
    BooleanSupplier registryUp =
        () -> {
          try {
            registryClient.subjects();
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        };
    return new BackendProbe(
        brokerUp,
        registryUp,
        () -> {
          admin.close(Duration.ofSeconds(2));
          registryClient.close();
        });
  }

  /** {@code {"reachable": bool, "checkedAt": ISO instant}} of the broker. */
  public Map<String, Object> broker() {
    return broker.get();
  }

  /** {@code {"reachable": bool, "checkedAt": ISO instant}} of the schema registry. */
  public Map<String, Object> registry() {
    return registry.get();
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      log.warn("closing the health probes failed: {}", e.getMessage());
    }
  }

  /** One backend's last answer and when it was obtained. */
  private static final class Cached {
    private final String name;
    private final BooleanSupplier probe;
    private long checkedAtMs = Long.MIN_VALUE;
    private boolean reachable;

    Cached(String name, BooleanSupplier probe) {
      this.name = name;
      this.probe = probe;
    }

    synchronized Map<String, Object> get() {
      long now = System.currentTimeMillis();
      if (checkedAtMs == Long.MIN_VALUE || now - checkedAtMs >= CACHE_FOR.toMillis()) {
        boolean was = reachable;
        reachable = probe.getAsBoolean();
        if (checkedAtMs != Long.MIN_VALUE && was != reachable) {
          log.warn("{} is {}", name, reachable ? "reachable again" : "unreachable");
        }
        checkedAtMs = System.currentTimeMillis();
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("reachable", reachable);
      out.put("checkedAt", java.time.Instant.ofEpochMilli(checkedAtMs).toString());
      return out;
    }
  }
}
