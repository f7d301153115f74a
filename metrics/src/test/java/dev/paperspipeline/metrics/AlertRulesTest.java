package dev.paperspipeline.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules of {@code monitoring/alerts.yml} pass {@code promtool check rules} and their unit
 * tests, {@code promtool test rules monitoring/alerts-test.yml}, and every rule has a test. Skipped
 * where promtool is not on the PATH (Debian package {@code prometheus}; CI installs it).
 */
class AlertRulesTest {
  private static Path monitoring() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("monitoring/alerts.yml"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("monitoring/alerts.yml above the working directory").isNotNull();
    return dir.resolve("monitoring");
  }

  private static String promtool(Path dir, String... args) throws Exception {
    Path promtool = PromtoolCheckTest.onPath("promtool");
    assumeTrue(promtool != null, "promtool is not on the PATH");
    List<String> cmd = new ArrayList<>(List.of(promtool.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
    return out;
  }

  @Test
  void shouldPassPromtoolCheckRules() throws Exception {
    assertThat(promtool(monitoring(), "check", "rules", "alerts.yml")).contains("SUCCESS");
  }

  @Test
  void shouldPassTheUnitTestsOfEveryAlertRule() throws Exception {
    assertThat(promtool(monitoring(), "test", "rules", "alerts-test.yml")).contains("SUCCESS");
  }

  @Test
  void shouldTestEveryRuleFiringAndNotFiring() throws Exception {
    Path dir = monitoring();
    List<String> rules = names(Files.readString(dir.resolve("alerts.yml")), "- alert: (\\S+)");
    String tests = Files.readString(dir.resolve("alerts-test.yml"));

    assertThat(rules)
        .contains(
            "PapersNoDigestForDays",
            "PapersDeadLetters",
            "PapersConsumerLag",
            "PapersStreamThreadFailed",
            "PapersTargetDown");
    for (String rule : rules) {
      Matcher firing =
          Pattern.compile("alertname: " + rule + "\\s+exp_alerts:\\s+- exp_labels").matcher(tests);
      Matcher silent =
          Pattern.compile("alertname: " + rule + "\\s+exp_alerts: \\[\\]").matcher(tests);
      assertThat(firing.find()).as("%s has a test where it fires", rule).isTrue();
      assertThat(silent.find()).as("%s has a test where it does not fire", rule).isTrue();
    }
  }

  private static List<String> names(String text, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
