package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.embedded.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code papers ingest} exits 1 when any entry or file was rejected, as its --help says. */
class IngestExitCodeIT {
  @TempDir Path dir;

  @Test
  void shouldExitOneWhenAFileIsRejectedAndZeroWhenEverythingIsIngested() throws Exception {
    Path good = CliFixtures.writeDigest(dir.resolve("good"), "2026-11-03.txt", "Exitcode", 2);
    Path bad = Files.createDirectories(dir.resolve("bad")).resolve("2026-11-04.txt");
    Files.writeString(bad, "no digest here\njust two lines\n");
    try (LocalStack stack = LocalStack.startEphemeral()) {
      String b = stack.bootstrapServers();
      String r = stack.schemaRegistryUrl();

      CliFixtures.Run ok = CliFixtures.papers("ingest", "-b", b, "-r", r, good.toString());
      CliFixtures.Run rejected = CliFixtures.papers("ingest", "-b", b, "-r", r, bad.toString());

      assertThat(ok.exitCode()).as(ok.err()).isEqualTo(ExitCodes.OK);
      assertThat(ok.err()).contains("2 papers, 0 rejected");
      assertThat(rejected.exitCode()).as(rejected.err()).isEqualTo(ExitCodes.INPUT_REJECTED);
      assertThat(rejected.err())
          .contains("(0 done, 1 error, 0 duplicate, 0 failed), 0 papers, 1 rejected");
    }
  }
}
