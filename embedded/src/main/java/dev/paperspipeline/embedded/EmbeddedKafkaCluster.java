package dev.paperspipeline.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster of N real Kafka brokers in this JVM, each an {@link EmbeddedKafka} node with its own
 * port and data directory, node ids 1..N.
 *
 * <p>Every node runs in KRaft combined mode (broker and controller) and the N controllers form a
 * static quorum. Combined mode, rather than a separate controller quorum, because in one JVM it
 * needs N servers instead of N + 3, starts in a few seconds, and still tolerates the loss of one
 * node out of three for both roles: two controllers are a majority and two in-sync replicas meet
 * {@code min.insync.replicas=2}. Production clusters of this size use the same layout; larger ones
 * separate the controllers.
 *
 * <p>Topics, the offsets topic and the transaction state log get replication factor min(3, N) and
 * {@code min.insync.replicas} min(2, N): with three nodes, one can be stopped ({@link #stop(int)})
 * and started again ({@link #restart(int)}) while producers with {@code acks=all} and transactions
 * go on.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka =
 *     EmbeddedKafkaCluster.start(EmbeddedKafkaCluster.Config.of(3).withFirstPort(0))) {
 *   String bootstrap = kafka.bootstrapServers(); // three host:port, comma-separated
 * }
 * }</pre>
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

  /** Replicas of every topic at most (and of the internal ones). */
  public static final int MAX_REPLICATION = 3;

  /** {@code min.insync.replicas} at most: one replica of three may be down. */
  public static final int MAX_MIN_INSYNC_REPLICAS = 2;

  /**
   * How to start the cluster.
   *
   * @param brokers number of nodes (1 or more)
   * @param host host the listeners bind to and advertise
   * @param firstPort client port of node 1; node i listens on {@code firstPort + i - 1}; 0 picks
   *     free ports
   * @param ports explicit client ports, one per node (overrides {@code firstPort}); empty for none
   * @param dataDir parent of the nodes' directories ({@code node-1}, ...); {@code null} for a
   *     temporary directory deleted on close
   * @param brokerProperties settings applied to every node last, overriding the defaults
   */
  public record Config(
      int brokers,
      String host,
      int firstPort,
      List<Integer> ports,
      Path dataDir,
      Map<String, String> brokerProperties) {
    public Config {
      if (brokers < 1) {
        throw new IllegalArgumentException("brokers must be >= 1, got " + brokers);
      }
      Objects.requireNonNull(host, "host");
      ports = List.copyOf(ports == null ? List.of() : ports);
      if (!ports.isEmpty() && ports.size() != brokers) {
        throw new IllegalArgumentException(
            brokers + " brokers need " + brokers + " ports, got " + ports);
      }
      brokerProperties = Map.copyOf(brokerProperties == null ? Map.of() : brokerProperties);
    }

    /** {@code brokers} nodes on 127.0.0.1 from port 9092 on, temporary data directory. */
    public static Config of(int brokers) {
      return new Config(
          brokers,
          EmbeddedKafka.DEFAULT_HOST,
          EmbeddedKafka.DEFAULT_PORT,
          List.of(),
          null,
          Map.of());
    }

    public Config withFirstPort(int port) {
      return new Config(brokers, host, port, List.of(), dataDir, brokerProperties);
    }

    public Config withPorts(List<Integer> newPorts) {
      return new Config(brokers, host, firstPort, newPorts, dataDir, brokerProperties);
    }

    public Config withDataDir(Path newDataDir) {
      return new Config(brokers, host, firstPort, ports, newDataDir, brokerProperties);
    }

    /** Adds (or replaces) one setting of every node. */
    public Config withBrokerProperty(String key, String value) {
      Map<String, String> props = new LinkedHashMap<>(brokerProperties);
      props.put(key, value);
      return new Config(brokers, host, firstPort, ports, dataDir, props);
    }

    /** Client port of every node, in node order; free ports picked now when 0. */
    List<Integer> resolvePorts() {
      if (!ports.isEmpty()) {
        return ports;
      }
      return IntStream.range(0, brokers)
          .mapToObj(i -> firstPort == 0 ? EmbeddedKafka.freePort(host) : firstPort + i)
          .toList();
    }
  }

  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final List<EmbeddedKafka.Config> nodeConfigs;
  private final EmbeddedKafka[] nodes;
  private final String bootstrapServers;
  private final String clusterId;
  private boolean closed;

  private EmbeddedKafkaCluster(
      Path dataDir,
      boolean deleteDataDirOnClose,
      List<EmbeddedKafka.Config> nodeConfigs,
      EmbeddedKafka[] nodes) {
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
    this.nodeConfigs = nodeConfigs;
    this.nodes = nodes;
    this.bootstrapServers =
        nodeConfigs.stream().map(c -> c.host() + ":" + c.port()).collect(Collectors.joining(","));
    this.clusterId = nodes[0].clusterId();
  }

  /**
   * Formats new node directories with one cluster id, starts every node at once (a node's broker
   * waits for a controller majority) and returns when all accept clients.
   *
   * @throws IllegalStateException when a node cannot start; the others are stopped again
   */
  public static EmbeddedKafkaCluster start(Config config) {
    long started = System.nanoTime();
    boolean temporary = config.dataDir() == null;
    Path dir = EmbeddedKafka.createDataDir(config.dataDir(), "embedded-kafka-cluster-");
    List<Integer> ports = config.resolvePorts();
    List<Integer> controllerPorts =
        IntStream.range(0, config.brokers())
            .mapToObj(i -> EmbeddedKafka.freePort(config.host()))
            .toList();
    // A static voter set: every node must name the same voters, so the controller ports are fixed
    // for the life of this object (a node restarted by restart(int) keeps its ports).
    String voters =
        IntStream.range(0, config.brokers())
            .mapToObj(i -> (i + 1) + "@" + config.host() + ":" + controllerPorts.get(i))
            .collect(Collectors.joining(","));
    String replication = String.valueOf(Math.min(MAX_REPLICATION, config.brokers()));
    String minInsync = String.valueOf(Math.min(MAX_MIN_INSYNC_REPLICAS, config.brokers()));
    List<EmbeddedKafka.Config> nodeConfigs = new ArrayList<>();
    for (int i = 0; i < config.brokers(); i++) {
      EmbeddedKafka.Config node =
          EmbeddedKafka.Config.defaults()
              .withHost(config.host())
              .withPort(ports.get(i))
              .withControllerPort(controllerPorts.get(i))
              .withDataDir(dir.resolve("node-" + (i + 1)))
              .withBrokerProperty("node.id", String.valueOf(i + 1))
              .withBrokerProperty("controller.quorum.voters", voters)
              .withBrokerProperty("default.replication.factor", replication)
              .withBrokerProperty("min.insync.replicas", minInsync)
              .withBrokerProperty("offsets.topic.replication.factor", replication)
              .withBrokerProperty("transaction.state.log.replication.factor", replication)
              .withBrokerProperty("transaction.state.log.min.isr", minInsync)
              .withBrokerProperty("share.coordinator.state.topic.replication.factor", replication)
              .withBrokerProperty("share.coordinator.state.topic.min.isr", minInsync);
      for (Map.Entry<String, String> e : config.brokerProperties().entrySet()) {
        node = node.withBrokerProperty(e.getKey(), e.getValue());
      }
      nodeConfigs.add(node);
    }
    String newClusterId = Uuid.randomUuid().toString();
    EmbeddedKafka[] nodes = new EmbeddedKafka[config.brokers()];
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      int index = i;
      starts.add(
          CompletableFuture.runAsync(
              () -> nodes[index] = EmbeddedKafka.start(nodeConfigs.get(index), newClusterId),
              runnable -> new Thread(runnable, "embedded-kafka-start-" + (index + 1)).start()));
    }
    try {
      CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      stopAll(nodes);
      if (temporary) {
        EmbeddedKafka.deleteRecursively(dir);
      }
      throw new IllegalStateException(
          "Kafka cluster of " + nodes.length + " nodes (data " + dir + ") did not start",
          e.getCause());
    }
    EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(dir, temporary, nodeConfigs, nodes);
    log.info(
        "Kafka cluster of {} node(s) {} started in {} ms (cluster {}, data {})",
        nodes.length,
        cluster.bootstrapServers,
        (System.nanoTime() - started) / 1_000_000,
        cluster.clusterId,
        dir);
    return cluster;
  }

  /** Every node's host:port, comma-separated, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Host:port of node {@code nodeId} (1..N), whether it runs or not. */
  public String bootstrapServers(int nodeId) {
    EmbeddedKafka.Config c = nodeConfigs.get(nodeId - 1);
    return c.host() + ":" + c.port();
  }

  /** Number of nodes, running or stopped. */
  public int size() {
    return nodes.length;
  }

  /** The KRaft cluster id every node shares. */
  public String clusterId() {
    return clusterId;
  }

  /** The parent of the nodes' data directories. */
  public Path dataDir() {
    return dataDir;
  }

  /** Whether node {@code nodeId} runs. */
  public synchronized boolean isRunning(int nodeId) {
    return nodes[nodeId - 1] != null;
  }

  /**
   * Shuts node {@code nodeId} (1..N) down cleanly (controlled shutdown: its partitions' leadership
   * moves to the others); its directory is kept for {@link #restart(int)}.
   */
  public synchronized void stop(int nodeId) {
    EmbeddedKafka node = nodes[nodeId - 1];
    if (node != null) {
      nodes[nodeId - 1] = null;
      node.close();
    }
  }

  /** Starts a stopped node again on its ports and directory; it catches up from the others. */
  public synchronized void restart(int nodeId) {
    if (nodes[nodeId - 1] == null) {
      nodes[nodeId - 1] = EmbeddedKafka.start(nodeConfigs.get(nodeId - 1), clusterId);
    }
  }

  /** Stops every node at once (one by one, the last ones would wait for a lost quorum). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopAll(nodes);
    if (deleteDataDirOnClose) {
      EmbeddedKafka.deleteRecursively(dataDir);
    }
  }

  private static void stopAll(EmbeddedKafka[] nodes) {
    List<Thread> stops = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      EmbeddedKafka node = nodes[i];
      nodes[i] = null;
      if (node != null) {
        Thread t = new Thread(node::close, "embedded-kafka-stop-" + (i + 1));
        t.start();
        stops.add(t);
      }
    }
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
