package dev.paperspipeline.clients;

import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.utils.Utils;

/**
 * Checks, before a command starts its real clients, that the cluster and the registry answer and
 * accept our credentials, so that a wrong address or password ends in one line within the connect
 * timeout instead of a client blocking for a minute and a stack trace.
 */
public final class ClusterProbe {
  /** Default of {@code --connect-timeout}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final int TCP_PROBE_MS = 2000;

  private ClusterProbe() {}

  /**
   * Asks the cluster for its id with the admin settings of {@code config}.
   *
   * @return the cluster id
   * @throws UnreachableException when no broker answered within {@code timeout} (naming the
   *     addresses and what a plain TCP connection to each gave) or the cluster refused our
   *     credentials
   * @throws IllegalArgumentException when a client setting is invalid
   */
  public static String kafka(ClientConfig config, Duration timeout) {
    String bootstrap = config.bootstrapServers();
    // Leave time for the TCP probe that explains a timeout, so the whole check ends in time.
    int ms = (int) Math.max(1000, timeout.toMillis() - TCP_PROBE_MS - 500);
    Map<String, Object> admin = new HashMap<>(config.admin());
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    admin.putIfAbsent(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    admin.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "papers-probe");
    String protocol = String.valueOf(admin.get(AdminClientConfig.SECURITY_PROTOCOL_CONFIG));
    TrustStoreCheck.check(
        admin,
        "",
        protocol.toUpperCase(java.util.Locale.ROOT).endsWith("SSL"),
        key -> originOf(config, key, ClientConfig.ADMIN_PREFIX));
    Admin client;
    try {
      client = Admin.create(admin);
    } catch (ConfigException e) {
      throw new IllegalArgumentException("invalid client setting: " + e.getMessage(), e);
    } catch (KafkaException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ConfigException) {
        // e.g. "No resolvable bootstrap urls given in bootstrap.servers"
        throw new UnreachableException(
            "cannot reach Kafka at " + bootstrap + ": no host name in it resolves (DNS)", e);
      }
      throw new IllegalArgumentException(
          "cannot create a Kafka client for " + bootstrap + ": " + oneLine(rootOf(cause)), e);
    }
    try (client) {
      // Settings are checked (the client exists); now fail in milliseconds, not after the whole
      // timeout, when no server even accepts a TCP connection.
      String tcp = tcpProbe(bootstrap);
      if (everyServerRefused(tcp)) {
        throw new UnreachableException("cannot reach Kafka at " + bootstrap + " (" + tcp + ")");
      }
      return client
          .describeCluster(new DescribeClusterOptions().timeoutMs(ms))
          .clusterId()
          .get(ms + 2000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw failure(bootstrap, timeout, e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw failure(bootstrap, timeout, new TimeoutException("no answer"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException("interrupted while connecting to Kafka at " + bootstrap, e);
    }
  }

  private static String originOf(ClientConfig config, String key, String prefix) {
    String routed = config.originOf(prefix + key);
    return routed.isEmpty() ? config.originOf(key) : routed;
  }

  /** Whether every address of a {@link #tcpProbe} answer refused or does not resolve. */
  static boolean everyServerRefused(String tcpProbe) {
    for (String part : tcpProbe.split("; ")) {
      if (!(part.endsWith(": connection refused") || part.endsWith(": unknown host"))) {
        return false;
      }
    }
    return !tcpProbe.isEmpty();
  }

  private static RuntimeException failure(String bootstrap, Duration timeout, Throwable cause) {
    if (cause instanceof SslAuthenticationException) {
      return new UnreachableException(
          "Kafka at " + bootstrap + " failed the TLS handshake: " + oneLine(rootOf(cause)), cause);
    }
    if (cause instanceof AuthenticationException) {
      return new UnreachableException(
          "Kafka at " + bootstrap + " refused our credentials: " + oneLine(cause), cause);
    }
    if (cause instanceof AuthorizationException) {
      return new UnreachableException(
          "Kafka at " + bootstrap + " denied access: " + oneLine(cause), cause);
    }
    if (cause instanceof TimeoutException) {
      return new UnreachableException(
          "cannot reach Kafka at "
              + bootstrap
              + " within "
              + seconds(timeout)
              + " ("
              + tcpProbe(bootstrap)
              + ")",
          cause);
    }
    return new UnreachableException(
        "Kafka at " + bootstrap + " did not answer: " + oneLine(cause), cause);
  }

  /**
   * Asks the registry for its global compatibility level, once, with the registry settings of
   * {@code config}.
   *
   * @throws UnreachableException when the registry cannot be reached or refused our credentials
   */
  public static void registry(ClientConfig config, Duration timeout) {
    String url = config.schemaRegistryUrl();
    if (url.startsWith(SchemaRegistryClients.MOCK_PREFIX)) {
      return;
    }
    Map<String, Object> settings = new HashMap<>(config.registry());
    TrustStoreCheck.check(
        settings,
        "schema.registry.",
        url.toLowerCase(java.util.Locale.ROOT).contains("https://"),
        config::originOf);
    settings.put("max.retries", 0);
    settings.put("http.connect.timeout.ms", (int) timeout.toMillis());
    settings.put("http.read.timeout.ms", (int) timeout.toMillis());
    try (SchemaRegistryClient client = SchemaRegistryClients.create(url, settings)) {
      // A schema registry (Confluent's or ours) answers GET /config with its compatibilityLevel;
      // anything else is another service at that address, which every later call would fail on
      // (a report of empty sections, a WARN per record) instead of one line now.
      if (client.compatibility(null).isEmpty()) {
        throw notARegistry(url, "200 without a compatibilityLevel");
      }
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == SchemaRegistryException.UNPARSEABLE_ERROR_BODY) {
        throw notARegistry(url, "HTTP " + e.status() + " without a schema registry's JSON");
      }
      if (e.status() == 401 || e.status() == 403) {
        throw new UnreachableException(
            "schema registry at " + url + " refused our credentials (HTTP " + e.status() + ")", e);
      }
      if (e.errorCode() == SchemaRegistryException.UNREACHABLE) {
        throw new UnreachableException(
            "cannot reach the schema registry at " + url + ": " + registryReason(url, e), e);
      }
      // Any other answer (e.g. an error code for /config) means it is there.
    }
  }

  private static UnreachableException notARegistry(String url, String answer) {
    return new UnreachableException(
        "no schema registry at "
            + url
            + ": GET /config answered "
            + answer
            + " (another service on that port? check --schema-registry)");
  }

  /**
   * Why the registry at {@code urls} did not answer: what a plain TCP connection to each gives
   * (e.g. "connection refused"), since the HTTP client's own cause is a bare exception name; the
   * client's message when a connection was accepted.
   */
  static String registryReason(String urls, Throwable failure) {
    List<String> out = new ArrayList<>();
    String[] all = urls.split(",");
    for (String u : all) {
      String s = u.trim();
      URI uri;
      try {
        uri = URI.create(s);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (uri.getHost() == null) {
        continue;
      }
      int port =
          uri.getPort() != -1
              ? uri.getPort()
              : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      String tcp = tcp(uri.getHost(), port);
      if (tcp.startsWith("TCP connection accepted")) {
        tcp = oneLine(rootOf(failure));
      }
      out.add(all.length > 1 ? s + ": " + tcp : tcp);
    }
    return out.isEmpty() ? oneLine(rootOf(failure)) : String.join("; ", out);
  }

  /** What a plain TCP connection to each bootstrap address gives, e.g. "connection refused". */
  static String tcpProbe(String bootstrap) {
    List<String> out = new ArrayList<>();
    for (String server : bootstrap.split(",")) {
      String s = server.trim();
      if (s.isEmpty()) {
        continue;
      }
      String host = Utils.getHost(s);
      Integer port = Utils.getPort(s);
      if (host == null || port == null) {
        out.add(s + ": not host:port");
        continue;
      }
      out.add(s + ": " + tcp(host, port));
    }
    return String.join("; ", out);
  }

  private static String tcp(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TCP_PROBE_MS);
      return "TCP connection accepted but no Kafka answer (wrong port, or a listener that needs"
          + " another security.protocol?)";
    } catch (UnknownHostException e) {
      return "unknown host";
    } catch (ConnectException e) {
      return "connection refused";
    } catch (SocketTimeoutException e) {
      return "no answer to TCP connect within " + TCP_PROBE_MS + " ms";
    } catch (NoRouteToHostException e) {
      return "no route to host";
    } catch (IOException e) {
      return oneLine(e);
    }
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
  }

  private static Throwable rootOf(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r;
  }

  /** A throwable's message on one line, without Java class names. */
  static String oneLine(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      m = t.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }
    return m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
