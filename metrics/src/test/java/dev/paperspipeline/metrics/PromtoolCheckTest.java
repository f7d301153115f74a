package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.metrics.Metrics;

/**
 * Runs Prometheus' own linter, {@code promtool check metrics}, on a scrape with every kind of
 * series the pipeline exports. Skipped where promtool is not on the PATH (Debian package {@code
 * prometheus}; CI installs it).
 */
public final class PromtoolCheckTest {
  /**
   * Runs {@code promtool check metrics} on {@code exposition} (skipping the calling test where
   * promtool is absent) and returns what it printed; fails on a non-zero exit.
   */
  public static String promtoolCheck(String exposition) throws Exception {
    Path promtool = onPath("promtool");
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
    return out;
  }

  static Path onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  @org.junit.jupiter.api.Test
  void shouldPassPromtoolCheckMetrics() throws Exception {
    PipelineMetrics metrics = new PipelineMetrics();
    metrics.recordIngestedFile("DONE", 12, 1);
    metrics.recordIngestedFile("DUPLICATE", 0, 0);
    metrics.recordDeadLetter("trends");
    metrics.recordCommittedFile(LocalDate.parse("2026-11-03"), Instant.now());
    try (Metrics kafka = PipelineMetricsTest.streamsLikeMetrics()) {
      metrics.registerKafkaMetrics(kafka::metrics);

      String out = promtoolCheck(metrics.scrape());

      assertThat(out).isEmpty();
    }
  }
}
