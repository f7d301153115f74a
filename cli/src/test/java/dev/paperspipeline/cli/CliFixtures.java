package dev.paperspipeline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Own digest fixtures (never the shared digests) and an in-process runner of the CLI. */
final class CliFixtures {
  private CliFixtures() {}

  /** The title of paper {@code i} (1-based) of {@link #writeDigest}. */
  static String title(String seed, int i) {
    return seed + " Tailing Study " + i + ": Reading Topics Like a Downstream Consumer";
  }

  /** Writes a digest of {@code papers} entries in the daily-papers text layout. */
  static Path writeDigest(Path dir, String name, String seed, int papers) throws IOException {
    StringBuilder text = new StringBuilder("Daily Papers\n\nbyAK and the research community\n\n");
    text.append("Nov 3\n\n");
    for (int i = 1; i <= papers; i++) {
      text.append(title(seed, i)).append("\n\n");
      text.append("We read back record ")
          .append(i)
          .append(" of the ")
          .append(seed)
          .append(" fixture through the schema registry and print it as one JSON line, so that")
          .append(" operators see exactly what a transactional consumer would see.\n\n");
    }
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), text.toString(), StandardCharsets.UTF_8);
  }

  /** The outcome of one in-process run of {@code papers ...}. */
  record Run(int exitCode, String out, String err) {}

  static Run papers(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }
}
