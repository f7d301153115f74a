package dev.paperspipeline.cli;

import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.embedded.LocalStack;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code papers local}: a Kafka broker and a schema registry in this process until Ctrl-C. */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a single-node Kafka broker (KRaft) and the schema registry in this process until"
          + " stopped (Ctrl-C).",
      "Topics, offsets and schema ids are kept in the data directory across restarts."
    })
public final class LocalCommand implements Callable<Integer> {

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
      names = "--registry-port",
      defaultValue = "" + LocalStack.DEFAULT_REGISTRY_PORT,
      description =
          "Schema registry port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Override
  public Integer call() throws InterruptedException {
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, brokerPort, "--broker-port");
    PortInUseException.requireFree(EmbeddedKafka.DEFAULT_HOST, registryPort, "--registry-port");
    LocalStack stack = LocalStack.start(dataDir, brokerPort, registryPort);
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
    out.println("Data directory:          " + stack.dataDir());
    out.println("Press Ctrl-C to stop.");
    out.flush();
    stopped.await();
    return 0;
  }
}
