package dev.paperspipeline.cli;

import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.embedded.EmbeddedKafkaCluster;
import dev.paperspipeline.embedded.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code papers local}: a Kafka broker and a schema registry in this process until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Kafka broker (KRaft), or a cluster of them with --brokers, and the schema registry"
          + " in this process until stopped (Ctrl-C).",
      "Topics, offsets and schema ids are kept in the data directory across restarts.",
      "With --brokers 3 the nodes listen on --broker-port and the two ports after it (or"
          + " --broker-ports), in KRaft combined mode; topics get replication factor 3 and"
          + " min.insync.replicas=2, so one broker may be down.",
      "Each broker also listens for KRaft controller traffic on a second port of 127.0.0.1"
          + " (--controller-port for a single broker, else free ports); clients never use it."
    })
public final class LocalCommand implements Callable<Integer> {
  /** More would only be slow in one process: three already tolerate the loss of one. */
  static final int MAX_BROKERS = 9;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "./data",
      description = "Directory kept across restarts (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--broker-port",
      defaultValue = "" + LocalStack.DEFAULT_BROKER_PORT,
      description = "Kafka port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int brokerPort;

  @Option(
      names = "--brokers",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Number of brokers (1 to 9); more than one runs a KRaft cluster in combined mode with"
              + " replication factor min(3, N) and min.insync.replicas min(2, N)"
              + " (default: ${DEFAULT-VALUE}).")
  int brokers;

  @Option(
      names = "--broker-ports",
      split = ",",
      paramLabel = "PORT",
      description =
          "Client port of each broker, comma-separated (with --brokers); default: --broker-port"
              + " and the ports after it.")
  List<Integer> brokerPorts;

  @Option(
      names = "--controller-port",
      defaultValue = "0",
      paramLabel = "PORT",
      description =
          "KRaft controller listener of the single broker on 127.0.0.1 (not for clients); 0"
              + " picks a free one, printed at start (default: ${DEFAULT-VALUE}). With --brokers"
              + " each node's controller port is a free one.")
  int controllerPort;

  @Option(
      names = "--registry-port",
      defaultValue = "" + LocalStack.DEFAULT_REGISTRY_PORT,
      description =
          "Schema registry port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  private static int freePort() {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(
            0, 1, java.net.InetAddress.getByName(EmbeddedKafka.DEFAULT_HOST))) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, registryPort, "--registry-port");
    if (brokers < 1 || brokers > MAX_BROKERS) {
      throw new ParameterException(
          spec.commandLine(), "--brokers must be between 1 and " + MAX_BROKERS + ": " + brokers);
    }
    if (brokerPorts != null && brokerPorts.size() != brokers) {
      throw new ParameterException(
          spec.commandLine(),
          "--broker-ports needs one port per broker (" + brokers + "), got " + brokerPorts);
    }
    // --broker-port 0 gives every broker a free port, not ports 0, 1, 2
    List<Integer> ports =
        brokerPorts != null
            ? brokerPorts
            : java.util.stream.IntStream.range(0, brokers)
                .mapToObj(i -> brokerPort == 0 ? 0 : brokerPort + i)
                .toList();
    String flag =
        brokerPorts != null
            ? "--broker-ports"
            : brokers == 1
                ? "--broker-port"
                : "--broker-port (the brokers use it and the "
                    + (brokers - 1)
                    + " after it) or --broker-ports";
    for (int port : ports) {
      PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, port, flag);
    }
    boolean single = brokers == 1 && brokerPorts == null;
    if (controllerPort != 0 && !single) {
      throw new ParameterException(
          spec.commandLine(), "--controller-port applies to a single broker (no --brokers N)");
    }
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, controllerPort, "--controller-port");
    int controller = single && controllerPort == 0 ? freePort() : controllerPort;
    LocalStack stack =
        brokers == 1 && brokerPorts == null
            ? LocalStack.start(dataDir, brokerPort, controller, registryPort)
            : LocalStack.startCluster(
                dataDir,
                EmbeddedKafkaCluster.Config.of(brokers)
                    .withFirstPort(brokerPort)
                    .withPorts(brokerPorts == null ? List.of() : brokerPorts),
                registryPort);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stack.close();
                  } finally {
                    stopped.countDown();
                  }
                },
                "papers-local-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kafka bootstrap servers: " + stack.bootstrapServers());
    out.println("Schema registry URL:     " + stack.schemaRegistryUrl());
    if (single) {
      out.println(
          "KRaft controller:        "
              + EmbeddedKafka.DEFAULT_HOST
              + ":"
              + controller
              + " (not for clients)");
    }
    out.println("Data directory:          " + stack.dataDir());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
