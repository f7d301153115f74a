package dev.paperspipeline.cli;

import java.io.PrintWriter;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code papers bench}: runs the benchmark harness, which lives in {@code papers-bench.jar} (module
 * {@code bench}) so that JMH, the benchmarks and kafka-tools are not in the runtime jar every user
 * runs. The harness is loaded only when this command runs, on top of this jar's classes, and gets
 * every argument as given ({@code --help} included).
 */
@Command(
    name = "bench",
    description = {
      "Throughput, latency and memory of the pipeline next to Kafka's own ceilings, on the"
          + " in-process broker (papers bench --help lists the options).",
      "Needs the benchmark harness papers-bench.jar, next to papers.jar or in bench/target"
          + " (./papers bench builds it), or named by "
          + BenchCommand.JAR_ENV
          + "."
    })
public final class BenchCommand implements Callable<Integer> {
  /** Environment variable that names the harness jar when it is not in one of its usual places. */
  public static final String JAR_ENV = "PAPERS_BENCH_JAR";

  /** The harness jar's file name, as module {@code bench} builds it. */
  public static final String JAR_NAME = "papers-bench.jar";

  /** The harness's picocli command (module {@code bench}). */
  public static final String HARNESS_CLASS = "dev.paperspipeline.bench.PipelineBenchCommand";

  private static final String BUILD = "mvn -B -q -DskipTests package -pl cli,bench -am";

  @Spec CommandSpec spec;

  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Class<?> harnessClass;
    try {
      harnessClass = harnessClass();
    } catch (HarnessMissingException e) {
      if (args.contains("--help") || args.contains("-h")) {
        // Help answers even before the harness is built: this command's usage and how to build it.
        spec.commandLine().usage(spec.commandLine().getOut());
        spec.commandLine().getOut().println(e.getMessage());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
      }
      err.println("papers bench: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    CommandLine harness = new CommandLine(harnessClass.getDeclaredConstructor().newInstance());
    harness.setCommandName("papers bench");
    PapersCli.documentExitCodes(harness);
    harness.setOut(spec.commandLine().getOut());
    harness.setErr(err);
    // the harness is built apart from the root command line: the same one-line usage errors as
    // every other command
    harness.setParameterExceptionHandler(
        (ex, ignored) -> {
          err.println(
              "papers bench: "
                  + ex.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " ").trim()
                  + " (see papers bench --help)");
          err.flush();
          return ExitCodes.USAGE;
        });
    return harness.execute(args.toArray(String[]::new));
  }

  /**
   * The harness class: from the class path when it is there already (the bench module's tests, an
   * IDE), else from the harness jar.
   */
  private static Class<?> harnessClass() throws HarnessMissingException, ClassNotFoundException {
    try {
      return Class.forName(HARNESS_CLASS, true, BenchCommand.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      // the usual case: papers.jar does not carry the harness
    }
    Path jar = locateJar();
    try {
      // Not closed: the harness's classes are needed until the JVM exits, which follows the run.
      URLClassLoader loader =
          new URLClassLoader(
              "papers-bench", new URL[] {jar.toUri().toURL()}, BenchCommand.class.getClassLoader());
      return Class.forName(HARNESS_CLASS, true, loader);
    } catch (MalformedURLException | ClassNotFoundException e) {
      throw new HarnessMissingException(jar + " is not a papers-bench.jar; rebuild it: " + BUILD);
    }
  }

  private static Path locateJar() throws HarnessMissingException {
    String named = System.getenv(JAR_ENV);
    if (named != null && !named.isBlank()) {
      Path jar = Path.of(named);
      if (!Files.isRegularFile(jar)) {
        throw new HarnessMissingException(JAR_ENV + "=" + named + " is not a file");
      }
      return jar;
    }
    List<Path> candidates = candidates();
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new HarnessMissingException(
        "the benchmark harness is not built (looked for "
            + candidates
            + "); build it with: "
            + BUILD
            + " (./papers bench does this), or set "
            + JAR_ENV);
  }

  /**
   * Next to this jar (an installation), then {@code bench/target} of the source tree this jar was
   * built in ({@code cli/target/papers.jar}, or {@code cli/target/classes}).
   */
  static List<Path> candidates() {
    List<Path> out = new ArrayList<>();
    CodeSource source = BenchCommand.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return out; // an unusual class loader: only the environment variable can name the jar
    }
    try {
      Path dir = Path.of(source.getLocation().toURI()).toAbsolutePath().getParent();
      if (dir != null) {
        out.add(dir.resolve(JAR_NAME));
        out.add(dir.resolve("../../bench/target").resolve(JAR_NAME).normalize());
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // not a file location: only the environment variable can name the jar
    }
    return out;
  }

  private static final class HarnessMissingException extends Exception {
    private static final long serialVersionUID = 1L;

    HarnessMissingException(String message) {
      super(message);
    }
  }
}
