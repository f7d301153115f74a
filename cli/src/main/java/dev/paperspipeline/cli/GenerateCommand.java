package dev.paperspipeline.cli;

import dev.paperspipeline.ingest.generate.DigestGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code papers generate}: synthetic digests in the real format, for tests and benchmarks. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Writes D synthetic digests (digest-yyyy-MM-dd.txt, consecutive days) in the exact format of"
          + " the real ones, listing a pool of N distinct papers; each paper appears in 1 to 3"
          + " digests on nearby days, and topics drift from diffusion/vision to agents/LLMs/RL.",
      "The output is a pure function of the options (same seed, same bytes)."
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--papers", required = true, paramLabel = "N", description = "Distinct papers.")
  int papers;

  @Option(names = "--digests", required = true, paramLabel = "D", description = "Digest files.")
  int digests;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--start-date",
      paramLabel = "DATE",
      defaultValue = "2025-01-06",
      description = "Date of the first digest (default: ${DEFAULT-VALUE}).")
  LocalDate startDate;

  @Option(
      names = "--plant-burst",
      paramLabel = "TOPIC:DAY:FACTOR",
      description =
          "Plant a burst: on digest DAY (0 = the first), FACTOR times the new papers of generator"
              + " topic TOPIC (diffusion, vision, llm, agents, rl, speech, robotics), e.g."
              + " robotics:24:10. Off by default.")
  String plantBurst;

  @Option(
      names = "--plant-phrase",
      paramLabel = "TEXT:DAY:PER_DAY",
      description =
          "Plant an emerging phrase: from digest DAY on, PER_DAY extra papers a day whose title and"
              + " abstract name TEXT, a phrase no other paper uses, e.g. 'holographic"
              + " routing:23:4'. Off by default.")
  String plantPhrase;

  @Override
  public Integer call() throws IOException {
    if (papers < 1 || papers > DigestGenerator.MAX_PAPERS) {
      throw new ParameterException(
          spec.commandLine(), "--papers must be in 1.." + DigestGenerator.MAX_PAPERS);
    }
    if (digests < 1) {
      throw new ParameterException(spec.commandLine(), "--digests must be at least 1");
    }
    DigestGenerator generator = new DigestGenerator(papers, digests, seed, startDate);
    try {
      if (plantBurst != null) {
        String[] p = plantParts("--plant-burst", plantBurst);
        generator =
            generator.withBurst(
                new DigestGenerator.Burst(
                    p[0], plantNumber("--plant-burst", p[1]), plantNumber("--plant-burst", p[2])));
      }
      if (plantPhrase != null) {
        String[] p = plantParts("--plant-phrase", plantPhrase);
        generator =
            generator.withPhrase(
                new DigestGenerator.Phrase(
                    p[0],
                    plantNumber("--plant-phrase", p[1]),
                    plantNumber("--plant-phrase", p[2])));
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long started = System.nanoTime();
    DigestGenerator.Summary summary = generator.generate(out);
    double seconds = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
    spec.commandLine()
        .getOut()
        .println(
            String.format(
                Locale.ROOT,
                "wrote %d digests to %s: %d listings of %d distinct papers, %.1f MB in %.2f s (%.1f"
                    + " MB/s)",
                summary.files().size(),
                out,
                summary.sightings(),
                summary.distinctPapers(),
                summary.bytes() / 1e6,
                seconds,
                summary.bytes() / 1e6 / seconds));
    spec.commandLine().getOut().flush();
    return 0;
  }

  /** {@code NAME:DAY:N}, split at its last two colons (a phrase may hold a colon). */
  private String[] plantParts(String flag, String value) {
    int second = value.lastIndexOf(':');
    int first = second < 0 ? -1 : value.lastIndexOf(':', second - 1);
    if (first <= 0) {
      throw new ParameterException(
          spec.commandLine(), flag + " wants NAME:DAY:N, e.g. robotics:24:10; got '" + value + "'");
    }
    return new String[] {
      value.substring(0, first), value.substring(first + 1, second), value.substring(second + 1)
    };
  }

  private int plantNumber(String flag, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ParameterException(
          spec.commandLine(), flag + ": '" + value + "' is not a whole number");
    }
  }
}
