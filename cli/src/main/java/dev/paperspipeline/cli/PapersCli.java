package dev.paperspipeline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
      IngestCommand.class,
      TailCommand.class,
      StreamsCommand.class,
      ResetCommand.class,
      DemoCommand.class,
      BenchCommand.class,
    })
public final class PapersCli implements Callable<Integer> {

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    return new CommandLine(new PapersCli());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
