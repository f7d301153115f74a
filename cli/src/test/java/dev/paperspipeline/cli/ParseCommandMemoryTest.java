package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code papers parse} in a child JVM with a small heap: bounded memory, and exit 4 not 1. */
class ParseCommandMemoryTest {
  @TempDir Path tmp;

  @Test
  void shouldParseADigestLargerThanTheHeap() throws Exception {
    Path huge = tmp.resolve("huge.txt");
    String filler =
        " The parser hands each paper over as soon as it is read and keeps none of them, so a"
            + " digest larger than the heap is printed in full.";
    try (BufferedWriter w = Files.newBufferedWriter(huge, StandardCharsets.UTF_8)) {
      w.write("Daily Papers\n\nbyAK and the research community\n\nNov 3\n\n");
      for (int i = 1; i <= 20_000; i++) {
        w.write("Huge study " + i + ": Parsing Digests in Bounded Memory\n\n");
        w.write("We parse paper number " + i + " of a very large digest.");
        for (int k = 0; k < 24; k++) {
          w.write(filler);
        }
        w.write(" We release the code.\n\n");
      }
    }
    assertThat(Files.size(huge)).isGreaterThan(48L * 1024 * 1024);
    Path err = tmp.resolve("err.log");
    Process p = papers(List.of("-Xmx48m"), err, "parse", huge.toString());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("see %s", Files.readString(err)).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(err))
        .contains("parsed 1 files: 20000 papers, 0 rejected (0 entries, 0 files)");
  }

  @Test
  void shouldExitWithTheInternalErrorCodeWhenMemoryRunsOut() throws Exception {
    // One 20 MB line: the parser's line buffer grows towards its 16 MiB limit, more than a 16 MB
    // heap holds.
    Path longLine = tmp.resolve("long-line.txt");
    try (BufferedWriter w = Files.newBufferedWriter(longLine, StandardCharsets.UTF_8)) {
      char[] row = new char[1 << 20];
      java.util.Arrays.fill(row, 'a');
      for (int i = 0; i < 20; i++) {
        w.write(row);
      }
    }
    Path err = tmp.resolve("err.log");
    Process p = papers(List.of("-Xmx16m"), err, "parse", longLine.toString());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as("see %s", stderr).isEqualTo(ExitCodes.INTERNAL);
    assertThat(stderr).contains("papers parse: internal error: out of memory");
    assertThat(stderr).doesNotContain("java.lang.");
  }

  private static Process papers(List<String> jvm, Path err, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvm);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PapersCli.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile())
        .directory(new File(System.getProperty("user.dir")))
        .start();
  }
}
