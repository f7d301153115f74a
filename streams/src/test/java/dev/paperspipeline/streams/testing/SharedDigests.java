package dev.paperspipeline.streams.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The real digests of {@code papers.shared.digests}, parsed; tests skip when they are absent. */
public final class SharedDigests {
  private SharedDigests() {}

  /** Skips the calling test when the shared digests are absent. */
  public static Path dirOrSkip() {
    String dir = System.getProperty("papers.shared.digests");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir)), "shared digests absent");
    return Path.of(dir);
  }

  /** Every paper event of every digest, files in name order, papers in file order. */
  public static List<PaperEvent> events(Path dir, Instant ingestedAt) {
    DigestParser parser = new DigestParser(ParserOptions.defaults());
    List<PaperEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        ParseResult r = parser.parse(f);
        for (ParsedPaper p : r.papers()) {
          events.add(p.toEvent(ingestedAt));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return events;
  }
}
