package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.streams.dashboard.DashboardCluster.Instance;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real headless Chromium over a real pipeline: the chart draws the topic
 * series, the top-N table fills, a click on a topic lists its papers, and the week view redraws the
 * chart. Skipped when {@value #CHROMIUM} or {@value #CHROMEDRIVER} is missing (Debian packages
 * {@code chromium} and {@code chromium-driver}). Screenshots go to {@code target/}.
 */
@ExtendWith(DashboardCluster.Shared.class)
class DashboardBrowserIT {
  static final String CHROMIUM = "/usr/bin/chromium";
  static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path profile;

  /** Skips before the shared cluster is started for nothing. */
  @BeforeAll
  static void requireChromium() {
    assumeTrue(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " missing");
    assumeTrue(Files.isExecutable(Path.of(CHROMEDRIVER)), CHROMEDRIVER + " missing");
  }

  @Test
  void shouldDrawTheChartListATopicsPapersOnClickAndRedrawForTheWeekView(DashboardCluster cluster)
      throws Exception {
    Path target = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"));

    // the second instance: some answers are forwarded to the first
    Instance instance = cluster.instances().get(1);
    int dayWindows = windows(cluster, instance, "DAY");
    int weekWindows = windows(cluster, instance, "WEEK");
    assertThat(dayWindows).isGreaterThan(weekWindows).isGreaterThan(1);
    JsonNode top = JSON.readTree(cluster.get(instance, "/api/trending?kind=TOPIC&window=DAY"));

    ChromeDriver browser = chrome();
    try {
      browser.get(instance.dashboard().url() + "/");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
      wait.ignoring(StaleElementReferenceException.class);

      wait.until(d -> pointsPerSeries(d.findElements(By.cssSelector(SERIES))) == dayWindows);
      wait.until(d -> !d.findElements(By.cssSelector("tr.topic-row")).isEmpty());
      // read in one script: the page redraws chart and table every few seconds
      List<String> drawn = topics(browser, SERIES);
      assertThat(drawn).hasSize(Math.min(12, cluster.papersPerTopic.size()));
      assertThat(cluster.papersPerTopic.keySet()).containsAll(drawn);
      List<String> rowTopics = topics(browser, "tr.topic-row");
      List<String> expectedRows = new java.util.ArrayList<>();
      top.get("entries").forEach(e -> expectedRows.add(e.get("name").asText()));
      assertThat(rowTopics).isEqualTo(expectedRows);
      screenshot(browser, target.resolve("dashboard-day.png"));

      String topic = rowTopics.get(0);
      wait.until(
          d -> {
            d.findElement(By.cssSelector("tr.topic-row[data-topic='" + topic + "']")).click();
            return true;
          });
      int expected = (int) Math.min(50, cluster.papersPerTopic.get(topic));
      wait.until(d -> d.findElements(By.cssSelector("#papers-list li.paper")).size() == expected);
      Set<String> shown = new TreeSet<>();
      for (WebElement li : browser.findElements(By.cssSelector("#papers-list li.paper"))) {
        shown.add(li.findElement(By.tagName("strong")).getText());
      }
      Set<String> withTopic =
          cluster.titles.entrySet().stream()
              .filter(e -> cluster.topicsOf.get(e.getKey()).contains(topic))
              .map(e -> e.getValue())
              .collect(Collectors.toSet());
      assertThat(shown).hasSize(expected);
      assertThat(withTopic).containsAll(shown);
      assertThat(browser.findElement(By.id("papers-title")).getText())
          .contains(topic)
          .contains(String.valueOf(cluster.papersPerTopic.get(topic)));
      wait.until(
          d ->
              topic.equals(
                  d.findElement(By.cssSelector("tr.topic-row.selected"))
                      .getDomAttribute("data-topic")));
      screenshot(browser, target.resolve("dashboard-drilldown.png"));

      browser.findElement(By.id("win-WEEK")).click();
      wait.until(d -> pointsPerSeries(d.findElements(By.cssSelector(SERIES))) == weekWindows);
      assertThat(browser.findElement(By.id("win-WEEK")).getDomAttribute("class"))
          .contains("active");
      wait.until(d -> d.findElement(By.id("top-title")).getText().contains("week of"));
      screenshot(browser, target.resolve("dashboard-week.png"));
    } finally {
      browser.quit();
    }
  }

  /** The data-topic of every element matching {@code css}, in document order. */
  @SuppressWarnings("unchecked")
  private static List<String> topics(ChromeDriver browser, String css) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.topic);", css);
  }

  private static final String SERIES = "svg#chart polyline.series";

  /** Points of the first drawn series; every series spans all windows. -1 when none drawn. */
  private static int pointsPerSeries(List<WebElement> series) {
    if (series.isEmpty()) {
      return -1;
    }
    String points = series.get(0).getDomAttribute("points");
    return points == null || points.isBlank() ? 0 : points.trim().split("\\s+").length;
  }

  private static int windows(DashboardCluster cluster, Instance instance, String window)
      throws Exception {
    JsonNode trends =
        JSON.readTree(cluster.get(instance, "/api/trends?kind=TOPIC&limit=200&window=" + window));
    Set<Long> starts = new TreeSet<>();
    trends
        .get("series")
        .forEach(s -> s.get("points").forEach(p -> starts.add(p.get("windowStart").asLong())));
    return starts.size();
  }

  private ChromeDriver chrome() {
    // An explicit driver keeps Selenium Manager from looking for (or downloading) one.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    return new ChromeDriver(service, options);
  }

  private static void screenshot(ChromeDriver browser, Path to) throws Exception {
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(), to, StandardCopyOption.REPLACE_EXISTING);
  }
}
