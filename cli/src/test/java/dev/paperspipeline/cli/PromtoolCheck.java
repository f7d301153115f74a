package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own linter on a scrape: {@code promtool check metrics} (Debian package {@code
 * prometheus}, which CI installs). Where promtool is not on the PATH the calling test is skipped
 * from this point, after its own assertions.
 */
final class PromtoolCheck {
  private PromtoolCheck() {}

  /** Fails unless {@code promtool check metrics} accepts {@code exposition} without a remark. */
  static void run(String exposition) throws Exception {
    Path promtool = null;
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        promtool = Path.of(dir, "promtool");
        break;
      }
    }
    assumeTrue(promtool != null, "promtool is not on the PATH");
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check metrics:\n%s", out).isZero();
    assertThat(out).as("promtool check metrics").isEmpty();
  }
}
