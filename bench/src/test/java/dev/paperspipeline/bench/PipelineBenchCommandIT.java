package dev.paperspipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.cli.BenchCommand;
import dev.paperspipeline.cli.PapersCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code papers bench} on a tiny corpus: every stage runs and lands in the table, through {@code
 * papers.jar} loading {@code papers-bench.jar} as a user runs it; neither jar carries the other's
 * classes.
 */
class PipelineBenchCommandIT {

  @TempDir Path tmp;

  /** As {@code java -jar cli/target/papers.jar bench} finds the harness: built by the reactor. */
  private static final Path PAPERS_JAR = Path.of("..", "cli", "target", "papers.jar");

  private static final Path HARNESS_JAR = Path.of("target", BenchCommand.JAR_NAME);

  @Test
  void shouldMeasureEveryStageThroughThePapersJarAndWriteTheTable() throws Exception {
    Path table = tmp.resolve("bench.md");
    Path err = tmp.resolve("stderr.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                PAPERS_JAR.toString(),
                "bench",
                "--quick",
                "--papers",
                "300",
                "--papers-per-digest",
                "100",
                "--work-dir",
                tmp.resolve("work").toString(),
                "--out",
                table.toString())
            .redirectError(err.toFile());
    builder.environment().remove(BenchCommand.JAR_ENV);
    Process bench = builder.start();
    String printed = new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(bench.waitFor(5, TimeUnit.MINUTES)).as("bench finished").isTrue();
    assertThat(bench.exitValue()).as(Files.readString(err)).isZero();
    assertThat(Files.readString(table)).isEqualTo(printed);
    // the stages table comes first; the table of what was written per sighting follows
    String stagesTable = printed.substring(0, printed.indexOf("\n\n"));
    List<String> rows =
        Arrays.stream(stagesTable.split("\n")).filter(l -> l.startsWith("| ")).toList();
    assertThat(rows)
        .anyMatch(r -> r.startsWith("| ceiling: ProducerPerformance |"))
        .anyMatch(r -> r.startsWith("| ceiling: chained identity "))
        .anyMatch(r -> r.startsWith("| ingest ") && r.contains("| ProducerPerformance |"))
        .anyMatch(r -> r.startsWith("| dedupe topology alone |"))
        .anyMatch(
            r ->
                r.startsWith("| enrich topology alone, 1 stream thread(s) |")
                    && r.contains("| model, 1 thread(s) |"))
        .anyMatch(r -> r.startsWith("| ceiling: the model alone, 1 thread(s) "))
        .anyMatch(r -> r.startsWith("| trends topology alone |"))
        .anyMatch(
            r -> r.startsWith("| full pipeline end to end") && r.contains("| chained identity |"));
    // every measured stage processed the whole corpus: 300 papers, listed 1 to 3 times
    for (String row : rows.subList(1, rows.size())) {
      long papers = Long.parseLong(row.split("\\|")[2].trim().replace(",", ""));
      // a day's digest is 150 papers by definition; every other row measures the corpus
      assertThat(papers)
          .as(row)
          .isGreaterThanOrEqualTo(row.startsWith("| a day's digest") ? 150 : 300);
    }
    assertThat(printed).contains("latency").contains("heap used").contains("ready in");
    String sightingsRow =
        Arrays.stream(printed.substring(printed.indexOf("Written per sighting")).split("\n"))
            .filter(l -> l.startsWith("| paper-sightings |"))
            .findFirst()
            .orElseThrow();
    String[] cells = sightingsRow.split("\\|");
    // one paper-sightings record per sighting, from the pipeline and from the chained identity
    assertThat(cells[2].trim()).isEqualTo("1.000");
    assertThat(cells[5].trim()).isEqualTo("1.000");
  }

  @Test
  void shouldKeepTheHarnessOutOfThePapersJar() throws Exception {
    try (JarFile papers = new JarFile(PAPERS_JAR.toFile());
        JarFile harness = new JarFile(HARNESS_JAR.toFile())) {
      assertThat(papers.stream().map(JarEntry::getName).filter(PipelineBenchCommandIT::harnessOnly))
          .as("harness classes in papers.jar")
          .isEmpty();
      assertThat(harness.getEntry(BenchCommand.HARNESS_CLASS.replace('.', '/') + ".class"))
          .isNotNull();
      assertThat(harness.getEntry("org/apache/kafka/tools/ProducerPerformance.class")).isNotNull();
      // the harness jar adds to papers.jar; it does not carry the pipeline or JMH again
      assertThat(
              harness.stream()
                  .map(JarEntry::getName)
                  .filter(
                      n ->
                          n.startsWith("org/openjdk/jmh/")
                              || n.startsWith("dev/paperspipeline/streams/")
                              || n.startsWith("org/apache/kafka/clients/")))
          .isEmpty();
    }
  }

  private static boolean harnessOnly(String entry) {
    return entry.startsWith("org/openjdk/jmh/")
        || entry.startsWith("dev/paperspipeline/bench/")
        || entry.startsWith("org/apache/kafka/tools/ProducerPerformance");
  }

  @Test
  void shouldMeasureOnlyTheSelectedStageAndItsCeiling() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    int code =
        cli.execute(
            "bench",
            "--stage",
            "dedupe",
            "--papers",
            "300",
            "--papers-per-digest",
            "100",
            "--work-dir",
            tmp.resolve("work").toString());

    assertThat(code).as(err.toString()).isZero();
    String printed = out.toString();
    List<String> rows = Arrays.stream(printed.split("\n")).filter(l -> l.startsWith("| ")).toList();
    assertThat(rows.subList(1, rows.size()))
        .satisfiesExactly(
            r -> assertThat(r).startsWith("| ceiling: pass-through over papers-raw |"),
            r ->
                assertThat(r).startsWith("| dedupe topology alone |").contains("| pass-through |"));
    // the ingest that filled papers-raw ran, unmeasured: no ProducerPerformance, no e2e lines
    assertThat(printed).doesNotContain("ProducerPerformance").doesNotContain("latency");
    assertThat(printed).contains("ready in");
  }
}
