package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GenerateCommandTest {

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void shouldGenerateDigestsThatParseCleanly() throws IOException {
    Path dir = tmp.resolve("gen");

    int code =
        run(
            "generate",
            "--papers",
            "200",
            "--digests",
            "5",
            "--out",
            dir.toString(),
            "--seed",
            "3",
            "--start-date",
            "2025-02-27");

    assertThat(code).isEqualTo(0);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly(
              "digest-2025-02-27.txt",
              "digest-2025-02-28.txt",
              "digest-2025-03-01.txt",
              "digest-2025-03-02.txt",
              "digest-2025-03-03.txt");
    }
    assertThat(out.toString()).contains("wrote 5 digests").contains("of 200 distinct papers");

    StringWriter parsed = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(parsed));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("parse", dir.toString())).isEqualTo(0);
    ObjectMapper mapper = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    for (String line : parsed.toString().split("\n")) {
      ids.add(mapper.readTree(line).get("paperId").asText());
    }
    assertThat(ids).hasSizeGreaterThan(200);
    assertThat(ids.stream().distinct().count()).isEqualTo(200);
  }

  @Test
  void shouldPlantABurstAndAPhraseOnTheDaysAsked() throws IOException {
    Path plain = tmp.resolve("plain");
    Path planted = tmp.resolve("planted");
    String[] base = {"generate", "--papers", "300", "--digests", "6", "--seed", "5"};

    assertThat(run(concat(base, "--out", plain.toString()))).isZero();
    assertThat(
            run(
                concat(
                    base,
                    "--out",
                    planted.toString(),
                    "--plant-burst",
                    "robotics:4:10",
                    "--plant-phrase",
                    "holographic routing:3:4")))
        .as(err.toString())
        .isZero();

    for (int day = 0; day < 6; day++) {
      String name = "digest-" + java.time.LocalDate.parse("2025-01-06").plusDays(day) + ".txt";
      String before = Files.readString(plain.resolve(name));
      String after = Files.readString(planted.resolve(name));
      long phrase = after.split("holographic routing", -1).length - 1;
      if (day < 3) {
        assertThat(after).as(name).isEqualTo(before);
      } else {
        // four papers a day, each naming it in title and abstract
        assertThat(phrase).as(name).isEqualTo(8);
        assertThat(before).doesNotContain("holographic routing");
      }
      if (day == 4) {
        assertThat(after.length()).isGreaterThan(before.length() + 4 * 200);
      }
    }
  }

  @Test
  void shouldExitTwoOnABadPlant() {
    String[] base = {"generate", "--papers", "10", "--digests", "3", "--out", tmp.toString()};
    assertThat(run(concat(base, "--plant-burst", "robotics:3:10"))).isEqualTo(2);
    assertThat(err.toString()).contains("burst day must be in 0..2");
    assertThat(run(concat(base, "--plant-burst", "knitting:1:10"))).isEqualTo(2);
    assertThat(run(concat(base, "--plant-phrase", "no-numbers"))).isEqualTo(2);
    assertThat(err.toString()).contains("--plant-phrase wants NAME:DAY:N");
    assertThat(run(concat(base, "--plant-burst", "robotics:x:10"))).isEqualTo(2);
    assertThat(err.toString()).contains("'x' is not a whole number");
  }

  private static String[] concat(String[] a, String... b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @Test
  void shouldExitTwoOnBadArguments() {
    assertThat(run("generate", "--papers", "10")).isEqualTo(2);
    assertThat(run("generate", "--papers", "0", "--digests", "1", "--out", tmp.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--papers must be");
  }
}
