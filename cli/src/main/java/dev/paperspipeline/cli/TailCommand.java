package dev.paperspipeline.cli;

import dev.paperspipeline.clients.RecordDecoder;
import dev.paperspipeline.clients.TopicTail;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code papers tail TOPIC}: a topic's records as JSON lines, decoded through the registry. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a topic's records as JSON lines on stdout, one object per record: topic, partition,"
          + " offset, timestamp, key, headers and value (Avro values decoded through the schema"
          + " registry; other values as UTF-8 text, or base64).",
      "Reads as a downstream consumer does (read_committed by default) without a consumer group:"
          + " nothing is committed.",
      "Runs until Ctrl-C unless --max, --timeout or --exit-at-end is given."
    })
public final class TailCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TOPIC", description = "The topic to read.")
  String topic;

  @Mixin ClusterOptions cluster;

  @Option(names = "--from-beginning", description = "Same as --offset beginning.")
  boolean fromBeginning;

  @Option(
      names = {"--offset", "-o"},
      paramLabel = "OFFSET",
      description =
          "Where to start in each partition, as kcat's -o: beginning, end, an offset N, or -N for"
              + " the last N records of each partition (default: end, only new records).")
  String offset;

  @Option(
      names = {"--partition", "-p"},
      paramLabel = "N",
      description = "Read only this partition; repeatable (default: every partition).")
  List<Integer> partitions;

  @Option(
      names = {"--exit-at-end", "-e"},
      description =
          "Exit once every partition is read up to the end it had when tailing began (kcat -e).")
  boolean exitAtEnd;

  @Option(
      names = {"--max", "-n", "-c"},
      paramLabel = "N",
      defaultValue = "0",
      description = "Exit after N records; -c as kcat spells it (default: no limit).")
  long max;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Exit once no record arrived for this long, e.g. 5s, 500ms, 2m, PT30S (default: wait"
              + " forever).")
  Duration timeout;

  @Option(
      names = "--isolation-level",
      paramLabel = "LEVEL",
      defaultValue = "read_committed",
      description =
          "read_committed (what transactional consumers see) or read_uncommitted (default:"
              + " ${DEFAULT-VALUE}).")
  IsolationLevel isolationLevel;

  @Option(
      names = "--base64",
      description = "Print values that are not Avro as base64 even when they are valid UTF-8 text.")
  boolean base64;

  /** The consumer's isolation levels, as Kafka spells them. */
  enum IsolationLevel {
    read_committed,
    read_uncommitted
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (offset != null && fromBeginning && !TopicTail.BEGINNING.equalsIgnoreCase(offset)) {
      throw new ParameterException(
          spec.commandLine(), "--from-beginning and --offset " + offset + " contradict each other");
    }
    cluster.clients();
    TopicTail.Settings settings;
    try {
      settings =
          new TopicTail.Settings(
              cluster.clients().bootstrapServers(),
              topic,
              fromBeginning ? TopicTail.BEGINNING : offset,
              partitions,
              exitAtEnd,
              max,
              timeout,
              isolationLevel.name(),
              cluster.clients().consumer());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    cluster.probeKafka();
    // Every value is Avro in wire format: without the registry each line would be a warning.
    cluster.probeRegistry();
    CountDownLatch done = new CountDownLatch(1);
    try (SchemaRegistryClient client =
            SchemaRegistryClients.create(
                cluster.clients().schemaRegistryUrl(), cluster.clients().registry());
        TopicTail tail = new TopicTail(settings, new RecordDecoder(client, base64))) {
      Thread hook =
          new Thread(
              () -> {
                tail.stop();
                try {
                  // Let run() return and the consumer close before the JVM exits.
                  done.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "papers-tail-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        tail.run(out::println, out::flush);
      } catch (IllegalArgumentException e) {
        // A topic or partition that does not exist: bad usage, like a missing path.
        err.println("papers tail: " + e.getMessage());
        err.flush();
        return ExitCodes.USAGE;
      } finally {
        done.countDown();
        removeHook(hook);
      }
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C): the hook is running, nothing to remove.
    }
  }
}
