package dev.paperspipeline.ingest;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs a batch ingest in a separate JVM for {@link IngestCrashIT}: {@code bootstrap registry
 * transactionalId maxRecordsPerTransaction file...}.
 */
public final class IngestChildMain {
  private IngestChildMain() {}

  public static void main(String[] args) {
    IngestOptions options =
        IngestOptions.of(args[0], args[1], Path.of("."))
            .withTransactionalId(args[2])
            .withMaxRecordsPerTransaction(Integer.parseInt(args[3]));
    List<Path> files = Arrays.stream(args).skip(4).map(Path::of).toList();
    try (DigestIngester ingester = DigestIngester.open(options)) {
      IngestSummary summary = BatchIngest.run(ingester, files, null);
      System.err.println("child: " + summary.format());
      System.exit(summary.failed() == 0 ? 0 : 1);
    }
  }
}
