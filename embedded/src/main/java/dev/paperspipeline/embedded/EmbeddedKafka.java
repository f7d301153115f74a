package dev.paperspipeline.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker running in this JVM: one KRaft node in combined mode (broker and
 * controller), PLAINTEXT, replication factor 1 everywhere, no automatic topic creation.
 *
 * <p>The data directory holds the cluster id and every log: starting again on the same directory
 * keeps topics, records, committed offsets and transactions. Without a data directory a temporary
 * one is used and deleted on {@link #close()}.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafka.Config.defaults().withPort(0))) {
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** Default host the listeners bind to. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** Default client port. */
  public static final int DEFAULT_PORT = 9092;

  private static final int NODE_ID = 1;
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final String META_PROPERTIES = "meta.properties";

  /**
   * Our own lock on the data directory, taken before anything starts. Kafka's own {@code .lock} is
   * only taken by the broker half, after the controller half has already opened the metadata log: a
   * second process on the same directory would corrupt the quorum state before failing.
   */
  private static final String PROCESS_LOCK = ".embedded-kafka.lock";

  /**
   * How to start the broker.
   *
   * @param host host the listeners bind to and advertise
   * @param port client (PLAINTEXT) port; 0 picks a free one
   * @param controllerPort KRaft controller port; 0 picks a free one
   * @param dataDir log directory; {@code null} for a temporary directory deleted on close
   * @param brokerProperties broker settings applied last, overriding the defaults
   */
  public record Config(
      String host,
      int port,
      int controllerPort,
      Path dataDir,
      Map<String, String> brokerProperties) {
    public Config {
      Objects.requireNonNull(host, "host");
      brokerProperties = Map.copyOf(brokerProperties == null ? Map.of() : brokerProperties);
    }

    /** 127.0.0.1:9092, free controller port, temporary data directory. */
    public static Config defaults() {
      return new Config(DEFAULT_HOST, DEFAULT_PORT, 0, null, Map.of());
    }

    public Config withHost(String newHost) {
      return new Config(newHost, port, controllerPort, dataDir, brokerProperties);
    }

    public Config withPort(int newPort) {
      return new Config(host, newPort, controllerPort, dataDir, brokerProperties);
    }

    public Config withControllerPort(int newPort) {
      return new Config(host, port, newPort, dataDir, brokerProperties);
    }

    public Config withDataDir(Path newDataDir) {
      return new Config(host, port, controllerPort, newDataDir, brokerProperties);
    }

    /** Adds (or replaces) one broker setting. */
    public Config withBrokerProperty(String key, String value) {
      Map<String, String> props = new LinkedHashMap<>(brokerProperties);
      props.put(key, value);
      return new Config(host, port, controllerPort, dataDir, props);
    }
  }

  private final KafkaRaftServer server;
  private final DirLock dirLock;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteDataDirOnClose;
  private final String clusterId;
  private boolean closed;

  private EmbeddedKafka(
      KafkaRaftServer server,
      DirLock dirLock,
      String bootstrapServers,
      Path dataDir,
      boolean deleteDataDirOnClose,
      String clusterId) {
    this.server = server;
    this.dirLock = dirLock;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteDataDirOnClose = deleteDataDirOnClose;
    this.clusterId = clusterId;
  }

  /** Starts a broker with the default settings on a free port and a temporary directory. */
  public static EmbeddedKafka startEphemeral() {
    return start(Config.defaults().withPort(0));
  }

  /**
   * Formats the data directory when it is new, then starts the broker and returns once it accepts
   * clients.
   *
   * @throws IllegalStateException when the broker cannot start (port in use, corrupt directory)
   */
  public static EmbeddedKafka start(Config config) {
    return start(config, null);
  }

  /** The configured data directory, created when missing, or a new temporary one. */
  static Path createDataDir(Path configured, String tempPrefix) {
    try {
      return configured == null
          ? Files.createTempDirectory(tempPrefix)
          : Files.createDirectories(configured.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create Kafka data directory " + configured, e);
    }
  }

  /**
   * As {@link #start(Config)}; a new directory is formatted for {@code newClusterId} (every node of
   * an {@link EmbeddedKafkaCluster} shares one), or a random id when {@code null}.
   */
  static EmbeddedKafka start(Config config, String newClusterId) {
    long started = System.nanoTime();
    boolean temporary = config.dataDir() == null;
    Path dir = createDataDir(config.dataDir(), "embedded-kafka-");
    DirLock dirLock = DirLock.acquire(dir.resolve(PROCESS_LOCK));
    int port = config.port() == 0 ? freePort(config.host()) : config.port();
    int controllerPort =
        config.controllerPort() == 0 ? freePort(config.host()) : config.controllerPort();

    Map<String, Object> props = brokerProperties(config.host(), port, controllerPort, dir);
    props.putAll(config.brokerProperties());
    KafkaConfig kafkaConfig = new KafkaConfig(props, false);

    KafkaRaftServer server = null;
    try {
      String clusterId = formatIfNeeded(kafkaConfig, dir, newClusterId);
      server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
      server.startup();
      String bootstrap = config.host() + ":" + port;
      log.info(
          "Kafka broker {} started in {} ms (cluster {}, data {})",
          bootstrap,
          (System.nanoTime() - started) / 1_000_000,
          clusterId,
          dir);
      return new EmbeddedKafka(server, dirLock, bootstrap, dir, temporary, clusterId);
    } catch (RuntimeException | Error e) {
      if (server != null) {
        shutdownQuietly(server);
      }
      dirLock.close();
      if (temporary) {
        deleteRecursively(dir);
      }
      throw new IllegalStateException(
          "Kafka broker on " + config.host() + ":" + port + " (data " + dir + ") did not start", e);
    }
  }

  /** The single-node settings; overrides from {@link Config#brokerProperties()} come after. */
  private static Map<String, Object> brokerProperties(
      String host, int port, int controllerPort, Path dir) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    // A static voter set (kraft.version 0): the controller port is not persisted in the
    // metadata log, so a restart on the same directory may use another free controller port.
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + port);
    p.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", BROKER_LISTENER);
    p.put("log.dirs", dir.toString());

    // One node: every internal topic has one replica, and needs only that one in sync.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "3");
    p.put("auto.create.topics.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Shorter waits so that start and clean shutdown of a single node take a second or two.
    p.put("controlled.shutdown.enable", "true");
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "6000");
    p.put("controller.quorum.election.timeout.ms", "1000");
    p.put("controller.quorum.fetch.timeout.ms", "2000");
    p.put("log.dir.failure.timeout.ms", "30000");
    // Keep local use light: small segments for internal topics, no retention surprises.
    p.put("offsets.topic.segment.bytes", String.valueOf(16 * 1024 * 1024));
    p.put("transaction.state.log.segment.bytes", String.valueOf(16 * 1024 * 1024));
    return p;
  }

  /**
   * Writes meta.properties and the bootstrap checkpoint on a new directory; a directory already
   * formatted keeps its cluster id (that is what lets topics and offsets survive a restart).
   */
  private static String formatIfNeeded(KafkaConfig kafkaConfig, Path dir, String newClusterId) {
    Path meta = dir.resolve(META_PROPERTIES);
    if (Files.exists(meta)) {
      return readClusterId(meta).orElse("?");
    }
    String clusterId = newClusterId != null ? newClusterId : Uuid.randomUuid().toString();
    Formatter formatter =
        new Formatter()
            .setClusterId(clusterId)
            .setNodeId(kafkaConfig.nodeId())
            .setDirectories(java.util.List.of(dir.toString()))
            .setMetadataLogDirectory(kafkaConfig.metadataLogDir())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setIgnoreFormatted(true)
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot format Kafka data directory " + dir, e);
    }
    log.debug("Formatted {} for cluster {}", dir, clusterId);
    return clusterId;
  }

  private static Optional<String> readClusterId(Path meta) {
    try (Stream<String> lines = Files.lines(meta, StandardCharsets.UTF_8)) {
      return lines
          .filter(l -> l.startsWith("cluster.id="))
          .map(l -> l.substring("cluster.id=".length()).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Host:port for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** The directory holding the cluster's logs and metadata. */
  public Path dataDir() {
    return dataDir;
  }

  /** The KRaft cluster id stored in the data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** Shuts the broker down cleanly (flushes logs) and waits for it; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    shutdownQuietly(server);
    dirLock.close();
    if (deleteDataDirOnClose) {
      deleteRecursively(dataDir);
    }
    log.info(
        "Kafka broker {} stopped in {} ms",
        bootstrapServers,
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void shutdownQuietly(KafkaRaftServer server) {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Kafka broker shutdown failed", e);
    }
  }

  /** An exclusive lock on a file, held by this process until closed. */
  private record DirLock(FileChannel channel, FileLock lock) {
    static DirLock acquire(Path file) {
      try {
        FileChannel channel =
            FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          throw new IllegalStateException(
              "Kafka data directory "
                  + file.getParent()
                  + " is in use by another embedded broker (lock "
                  + file
                  + ")");
        }
        return new DirLock(channel, lock);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot lock " + file, e);
      }
    }

    void close() {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        log.debug("Cannot release {}", channel, e);
      }
    }
  }

  /** A free port on 127.0.0.1 (for tests that need an address nobody listens on). */
  public static int freePortForTests() {
    return freePort(DEFAULT_HOST);
  }

  /** A port free right now on the host (another process could still take it before we bind). */
  static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + host, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.debug("Cannot delete {}", p, e);
                }
              });
    } catch (IOException e) {
      log.debug("Cannot delete {}", dir, e);
    }
  }
}
