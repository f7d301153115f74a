package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.ingest.parse.PaperIds;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {

  private static final String HEADER =
      "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
          + "byAK and the research community\n\nAug 12\n\n";
  private static final String ABSTRACT =
      "We propose a small recurrent model for tabular forecasting. It is trained on synthetic"
          + " series and evaluated on twelve public benchmarks. It matches larger models at a"
          + " fraction of the cost.";

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  private List<JsonNode> jsonLines() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        nodes.add(mapper.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void shouldPrintOneJsonLinePerPaperAndExitZero() throws IOException {
    Path dir = Files.createDirectory(tmp.resolve("in"));
    Files.writeString(dir.resolve("b-2025-08-13.txt"), HEADER + "Second File Paper\n\n" + ABSTRACT);
    Files.writeString(
        dir.resolve("a-2025-08-12.txt"),
        HEADER + "Forecasting: Small Models\n\n" + ABSTRACT + "\n\nAnother One\n\n" + ABSTRACT);

    int code = run("parse", dir.toString());

    assertThat(code).isEqualTo(0);
    List<JsonNode> papers = jsonLines();
    assertThat(papers).hasSize(3);
    assertThat(out.toString().split("\n"))
        .allSatisfy(l -> assertThat(l).startsWith("{\"paperId\":"));
    JsonNode first = papers.get(0);
    assertThat(first.get("paperId").asText()).isEqualTo(PaperIds.of("Forecasting: Small Models"));
    assertThat(first.get("title").asText()).isEqualTo("Forecasting: Small Models");
    assertThat(first.get("abstractText").asText()).isEqualTo(ABSTRACT);
    assertThat(first.get("digestDate").asText()).isEqualTo("2025-08-12");
    assertThat(first.get("digestDateSource").asText()).isEqualTo("FILE_NAME");
    assertThat(first.get("lineage").get("fileName").asText()).isEqualTo("a-2025-08-12.txt");
    assertThat(first.get("lineage").get("fileSha256").asText()).hasSize(64);
    assertThat(first.get("lineage").get("ordinal").asInt()).isEqualTo(1);
    assertThat(first.get("lineage").get("lineNumber").asInt()).isEqualTo(13);
    assertThat(first.get("ingestedAt").isNumber()).isTrue();
    assertThat(papers.get(2).get("lineage").get("fileName").asText()).isEqualTo("b-2025-08-13.txt");
    assertThat(err.toString()).contains("parsed 2 files: 3 papers, 0 rejected").contains("MB/s");
  }

  @Test
  void shouldReportRejectionsOnStderrKeepGoodPapersAndExitOne() throws IOException {
    Path good = Files.writeString(tmp.resolve("good.txt"), HEADER + "Good Paper\n\n" + ABSTRACT);
    Path tail =
        Files.writeString(
            tmp.resolve("tail.txt"), HEADER + "Kept Paper\n\n" + ABSTRACT + "\n\nLonely Title\n");
    Path binary = Files.write(tmp.resolve("blob.bin"), new byte[] {'a', 0, 'b'});

    int code = run("parse", "--year", "2024", good.toString(), tail.toString(), binary.toString());

    assertThat(code).isEqualTo(1);
    assertThat(jsonLines())
        .extracting(n -> n.get("title").asText())
        .containsExactly("Good Paper", "Kept Paper");
    assertThat(jsonLines().get(0).get("digestDate").asText()).isEqualTo("2024-08-12");
    assertThat(jsonLines().get(0).get("digestDateSource").asText()).isEqualTo("OPTION");
    assertThat(err.toString())
        .contains("rejected: tail.txt:17: title without abstract")
        .contains("rejected file: blob.bin:0: binary file")
        .contains("parsed 3 files: 2 papers, 2 rejected (1 entries, 1 files)");
  }

  @Test
  void shouldWarnAboutAnEmptyFileAndDateAPaperWithoutDateLineByItsMtime() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.txt"), "");
    Path undated =
        Files.writeString(
            tmp.resolve("undated.txt"),
            "new\n\nSubscribe\n\nby AK and the research community\n\nT\n\n" + ABSTRACT);

    int code = run("parse", empty.toString(), undated.toString());

    assertThat(code).isEqualTo(0);
    assertThat(jsonLines())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.get("digestDate").asText())
                  .isEqualTo(
                      java.time.LocalDate.ofInstant(
                              Files.getLastModifiedTime(undated).toInstant(),
                              java.time.ZoneOffset.UTC)
                          .toString());
              assertThat(n.get("digestDateSource").asText()).isEqualTo("MTIME_DAY");
            });
    assertThat(err.toString())
        .contains("warning: empty.txt: empty file")
        .contains("warning: undated.txt: no date line");
  }

  @Test
  void shouldExitTwoOnBadUsageAndMissingPath() {
    assertThat(run("parse")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter");
    assertThat(run("parse", "--year", "abc", tmp.toString())).isEqualTo(2);
    assertThat(run("parse", "--no-such-option", tmp.toString())).isEqualTo(2);
    assertThat(run("parse", tmp.resolve("nope.txt").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file or directory");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void shouldShowHelp() {
    assertThat(run("parse", "--help")).isEqualTo(0);
    assertThat(out.toString()).contains("JSON Lines").contains("digestDate");
  }

  @Test
  void shouldListEveryDateSourceInItsHelp() {
    CliFixtures.Run run = CliFixtures.papers("parse", "--help");

    String help = run.out().replaceAll("\\s+", " ");
    for (var source : dev.paperspipeline.ingest.parse.DigestDateSource.values()) {
      org.assertj.core.api.Assertions.assertThat(help).as(source.name()).contains(source.name());
    }
  }
}
