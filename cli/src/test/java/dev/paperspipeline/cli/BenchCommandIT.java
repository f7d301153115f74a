package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code papers bench} on a tiny corpus: every stage runs and lands in the table. */
class BenchCommandIT {

  @TempDir Path tmp;

  @Test
  void shouldMeasureEveryStageAndWriteTheTable() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    Path table = tmp.resolve("bench.md");

    int code =
        cli.execute(
            "bench",
            "--quick",
            "--papers",
            "300",
            "--papers-per-digest",
            "100",
            "--work-dir",
            tmp.resolve("work").toString(),
            "--out",
            table.toString());

    assertThat(code).as(err.toString()).isZero();
    String printed = out.toString();
    assertThat(Files.readString(table)).isEqualTo(printed);
    List<String> rows = Arrays.stream(printed.split("\n")).filter(l -> l.startsWith("| ")).toList();
    assertThat(rows)
        .anyMatch(r -> r.startsWith("| ceiling: ProducerPerformance |"))
        .anyMatch(r -> r.startsWith("| ingest ") && r.contains("| ProducerPerformance |"))
        .anyMatch(r -> r.startsWith("| dedupe topology alone |"))
        .anyMatch(r -> r.startsWith("| enrich topology alone |"))
        .anyMatch(r -> r.startsWith("| trends topology alone |"))
        .anyMatch(r -> r.startsWith("| full pipeline end to end"));
    // every measured stage processed the whole corpus: 300 papers, listed 1 to 3 times
    for (String row : rows.subList(1, rows.size())) {
      long papers = Long.parseLong(row.split("\\|")[2].trim().replace(",", ""));
      assertThat(papers).as(row).isGreaterThanOrEqualTo(300);
    }
    assertThat(printed).contains("latency").contains("heap used").contains("ready in");
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
