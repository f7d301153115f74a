package dev.paperspipeline.cli;

import ch.qos.logback.classic.Level;
import dev.paperspipeline.clients.UnreachableException;
import dev.paperspipeline.registry.SchemaRegistryException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code papers} command line. Each subcommand has {@code --help}. */
@Command(
    name = "papers",
    mixinStandardHelpOptions = true,
    version = "papers-pipeline 0.1.0",
    description =
        "Daily-papers digests to deduplicated, enriched Kafka topics and live topic trends.",
    subcommands = {
      CommandLine.HelpCommand.class,
      ParseCommand.class,
      GenerateCommand.class,
      LocalCommand.class,
      RegistryCommand.class,
      IngestCommand.class,
      TailCommand.class,
      ReportCommand.class,
      StreamsCommand.class,
      ResetCommand.class,
      DemoCommand.class,
      BenchCommand.class,
    })
public final class PapersCli implements Callable<Integer> {
  /**
   * The Kafka client loggers that report every failed connection attempt; a command reports the
   * outcome in one line instead, and {@code --verbose} shows them.
   */
  private static final String[] CONNECTION_LOGGERS = {
    "org.apache.kafka.clients.NetworkClient",
    "org.apache.kafka.clients.ClientUtils",
    "org.apache.kafka.clients.admin.internals.AdminMetadataManager",
    "org.apache.kafka.common.network.Selector",
    "dev.paperspipeline.registry.RestSchemaRegistryClient"
  };

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description =
          "Show stack traces, the Kafka clients' connection logs and (papers demo) the"
              + " pipeline's INFO log.")
  boolean verbose;

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    PapersCli root = new PapersCli();
    CommandLine cli = new CommandLine(root);
    // One duration syntax for every flag (2d, 10m, 500ms, ISO-8601), not only where a converter
    // is named: picocli's own falls back to Duration.parse, which takes ISO-8601 only.
    cli.registerConverter(Duration.class, new DurationConverter());
    documentExitCodes(cli);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> handle(ex, commandLine, root.verbose));
    cli.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine failed = ex.getCommandLine();
          PrintWriter err = failed.getErr();
          String name = failed.getCommandSpec().qualifiedName();
          // picocli starts some messages with "Error: "; the command name already says it
          String message = oneLine(ex.getMessage()).replaceFirst("^Error: ", "");
          err.println(name + ": " + message + " (see " + name + " --help)");
          if (root.verbose) {
            ex.printStackTrace(err);
          }
          err.flush();
          return ExitCodes.USAGE;
        });
    cli.setExecutionStrategy(
        parseResult -> {
          quietConnectionLogs(!root.verbose);
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli;
  }

  /** Lists {@link ExitCodes#HELP} in the help of {@code cli} and of all its subcommands. */
  static void documentExitCodes(CommandLine cli) {
    Map<String, String> exitCodes = new LinkedHashMap<>();
    for (String line : ExitCodes.HELP) {
      int colon = line.indexOf(':');
      exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
    }
    document(cli, exitCodes);
  }

  private static void document(CommandLine cli, Map<String, String> exitCodes) {
    cli.getCommandSpec()
        .usageMessage()
        .exitCodeListHeading("%nExit codes:%n")
        .exitCodeList(exitCodes);
    for (CommandLine sub : cli.getSubcommands().values()) {
      document(sub, exitCodes);
    }
  }

  private static void quietConnectionLogs(boolean quiet) {
    for (String name : CONNECTION_LOGGERS) {
      if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(quiet ? Level.OFF : null);
      }
    }
  }

  /** One line on stderr and the exit code of the failure; the stack trace only with --verbose. */
  static int handle(Exception ex, CommandLine commandLine, boolean verbose) {
    PrintWriter err = commandLine.getErr();
    CommandSpec spec = commandLine.getCommandSpec();
    Failure failure = classify(ex);
    String message = failure.message();
    if (failure.code() == ExitCodes.INTERNAL && !verbose) {
      message += " (--verbose shows the stack trace)";
    }
    err.println(spec.qualifiedName() + ": " + message);
    if (verbose) {
      ex.printStackTrace(err);
    }
    err.flush();
    return failure.code();
  }

  /** An exit code and the one line that explains it. */
  record Failure(int code, String message) {}

  private static Failure kafkaUnreachable(String what, Throwable t) {
    return new Failure(
        ExitCodes.UNREACHABLE,
        "Kafka at "
            + ClusterOptions.lastBootstrapServers
            + " "
            + what
            + ": "
            + oneLine(t.getMessage()));
  }

  static Failure classify(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnreachableException) {
        return new Failure(ExitCodes.UNREACHABLE, t.getMessage());
      }
      if (t instanceof PortInUseException) {
        return new Failure(ExitCodes.USAGE, t.getMessage());
      }
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return kafkaUnreachable("refused access", t);
      }
      if (t instanceof SchemaRegistryException e
          && (e.errorCode() == SchemaRegistryException.UNREACHABLE
              || e.status() == 401
              || e.status() == 403)) {
        return new Failure(ExitCodes.UNREACHABLE, oneLine(e.getMessage()));
      }
      if (t instanceof TimeoutException) {
        return kafkaUnreachable("did not answer in time", t);
      }
      if (t instanceof NoSuchFileException e) {
        return new Failure(ExitCodes.USAGE, "no such file or directory: " + e.getFile());
      }
    }
    if (ex instanceof IllegalArgumentException || ex instanceof ConfigException) {
      return new Failure(ExitCodes.USAGE, oneLine(ex.getMessage()));
    }
    String m = ex.getMessage();
    return new Failure(
        ExitCodes.INTERNAL, "internal error: " + (m == null ? "no message" : oneLine(m)));
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
