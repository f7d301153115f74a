package dev.paperspipeline.bench;

import dev.paperspipeline.cli.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code papers bench}: the pipeline and its ceilings side by side on the in-process broker. The
 * CLI's {@code bench} command loads this class from {@code papers-bench.jar} and hands it its
 * arguments, so the harness and its dependencies stay out of {@code papers.jar}.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures on one generated corpus and the in-process broker: Kafka's ProducerPerformance and"
          + " a pass-through Kafka Streams app (the ceilings), ingest, each topology alone, the"
          + " full pipeline end to end, latency at half load, memory and start-up time.",
      "The enrich stage also runs on one and on two stream threads against the model's own"
          + " ceiling (the texts it embedded, embedded again in this JVM on as many threads),"
          + " and enriches a day's digest (150 papers) on one thread.",
      "Prints a markdown table (papers/s, MB/s, ratio to the ceiling).",
      "--stage narrows the run, e.g. --stage dedupe --papers 20000 measures dedupe and its"
          + " pass-through ceiling in well under a minute."
    })
public final class PipelineBenchCommand implements Callable<Integer> {
  private static final int QUICK_PAPERS = 5_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--papers",
      paramLabel = "N",
      description = "Distinct papers in the corpus (default: 200000, or 5000 with --quick).")
  Integer papers;

  @Option(
      names = "--quick",
      description = "5000 papers and a 5 s latency run (a couple of minutes on two cores).")
  boolean quick;

  @Option(
      names = "--papers-per-digest",
      defaultValue = "500",
      description = "New papers per digest file (default: ${DEFAULT-VALUE}).")
  int papersPerDigest;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the table here.")
  Path out;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Corpus and state (default: a temporary directory, deleted afterwards).")
  Path workDir;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      converter = DurationConverter.class,
      description = "Longest wait for one stage to drain, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      split = ",",
      description =
          "Measure only these stages, each with its ceiling: ingest, dedupe, enrich, trends, e2e"
              + " (end to end + latency + memory); comma-separated or repeated (default: all). The"
              + " stages a selected one reads from still run, unmeasured, to fill its input.")
  List<String> stages;

  @Option(
      names = "--warm-up-streams",
      description =
          "Also run the measured topologies and their pass-throughs over the warm-up corpus (a"
              + " fifth), so that their code is JIT-compiled before it is timed (default: only"
              + " ingest warms up).")
  boolean warmUpStreams;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<PipelineBench.Stage> selected = EnumSet.allOf(PipelineBench.Stage.class);
    if (stages != null && !stages.isEmpty()) {
      selected = EnumSet.noneOf(PipelineBench.Stage.class);
      for (String name : stages) {
        try {
          selected.add(PipelineBench.Stage.parse(name));
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), "--stage: " + e.getMessage());
        }
      }
    }
    int n = papers != null ? papers : quick ? QUICK_PAPERS : 200_000;
    Path dir = workDir != null ? workDir : Files.createTempDirectory("papers-bench");
    try {
      PipelineBench.Options options =
          new PipelineBench.Options(
              n,
              papersPerDigest,
              seed,
              dir,
              quick ? Duration.ofSeconds(5) : Duration.ofSeconds(30),
              timeout,
              selected,
              warmUpStreams);
      PipelineBench.Result result =
          new PipelineBench(
                  options,
                  line -> {
                    err.println(line);
                    err.flush();
                  })
              .run();
      String table = result.markdown();
      stdout.print(table);
      stdout.flush();
      if (out != null) {
        Files.writeString(out, table);
      }
      return 0;
    } finally {
      if (workDir == null) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
