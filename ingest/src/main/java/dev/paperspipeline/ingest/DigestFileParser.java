package dev.paperspipeline.ingest;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.ingest.parse.DigestParser;
import dev.paperspipeline.ingest.parse.ParseResult;
import dev.paperspipeline.ingest.parse.ParsedPaper;
import dev.paperspipeline.ingest.parse.ParserOptions;
import dev.paperspipeline.ingest.parse.Rejection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The parser as the ingester sees it: papers to send, rejections to dead-letter. */
final class DigestFileParser {
  private static final Logger log = LoggerFactory.getLogger(DigestFileParser.class);

  /** One rejected entry ({@code wholeFile} false) or a wholly rejected file. */
  record Reject(int lineNumber, String reason, byte[] raw, long rawSize, boolean wholeFile) {}

  /** One parsed file. */
  record Parsed(
      String fileName,
      String sha256,
      List<ParsedPaper> papers,
      List<Reject> rejects,
      boolean wholeFileRejected) {
    List<PaperEvent> events(Instant ingestedAt) {
      return papers.stream().map(p -> p.toEvent(ingestedAt)).toList();
    }
  }

  private final DigestParser parser;

  private DigestFileParser(DigestParser parser) {
    this.parser = parser;
  }

  static DigestFileParser create(Integer year, Clock clock) {
    return new DigestFileParser(new DigestParser(new ParserOptions(year, clock)));
  }

  Parsed parse(Path file) throws IOException {
    ParseResult result = parser.parse(file);
    for (String warning : result.warnings()) {
      log.warn("{}", warning); // one per file whose date was inferred, or that holds no papers
    }
    List<Reject> rejects = result.allRejections().stream().map(DigestFileParser::toReject).toList();
    return new Parsed(
        result.fileName(),
        result.sha256(),
        result.papers(),
        rejects,
        result.fileRejection() != null);
  }

  private static Reject toReject(Rejection r) {
    return new Reject(r.lineNumber(), r.reason(), r.raw(), r.rawSize(), r.wholeFile());
  }
}
