package dev.paperspipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.cli.PapersCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code papers bench} argument checks that need no broker. */
class PipelineBenchCommandTest {

  @Test
  void shouldRejectAnUnknownStageBeforeRunningAnything() {
    StringWriter err = new StringWriter();
    CommandLine cli = PapersCli.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("bench", "--stage", "dedupe,warp");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("unknown stage 'warp'").contains("DEDUPE");
  }
}
