package dev.paperspipeline.streams.dashboard;

import static dev.paperspipeline.streams.report.ReportFixtures.health;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.dashboard.DashboardCluster.Instance;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
      List<String> rowTopics = topics(browser, "tr.topic-row");
      List<String> expectedRows = new java.util.ArrayList<>();
      top.get("entries").forEach(e -> expectedRows.add(e.get("name").asText()));
      assertThat(rowTopics).isEqualTo(expectedRows);
      // the chart draws the table's topics, so a click on a row never dims every line
      assertThat(topics(browser, SERIES)).containsExactlyInAnyOrderElementsOf(rowTopics);
      assertThat(cluster.papersPerTopic.keySet()).containsAll(rowTopics);
      assertTickLabelsApart(browser, 3);
      screenshot(browser, target.resolve("dashboard-day.png"));

      String topic = rowTopics.get(0);
      wait.until(
          d -> {
            d.findElement(By.cssSelector("tr.topic-row[data-topic='" + topic + "']")).click();
            return true;
          });
      // the drill-down lists the topic's papers of the table's window
      int inWindow = top.get("entries").get(0).get("count").asInt();
      int expected = Math.min(50, inWindow);
      wait.until(d -> d.findElements(By.cssSelector("#papers-list li.paper")).size() == expected);
      Set<String> shown = new TreeSet<>();
      for (WebElement li : browser.findElements(By.cssSelector("#papers-list li.paper"))) {
        shown.add(li.findElement(By.cssSelector("a.paper-title")).getText());
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
          .contains("(" + inWindow + ")");
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
      // ten digests from a Monday: the latest week holds three of its seven days
      wait.until(
          d -> d.findElement(By.id("top-title")).getText().contains("partial · 3 of 7 days"));
      assertThat(browser.getCurrentUrl()).contains("window=WEEK").contains("topic=" + topic);
      screenshot(browser, target.resolve("dashboard-week.png"));
    } finally {
      browser.quit();
    }
  }

  @Test
  void shouldShowTheInputHealthPanelWithItsMissingDayAndLinkTheWeeksReport(DashboardCluster cluster)
      throws Exception {
    Path target = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"));
    // a week far from the cluster's digests, so that the pipeline's own outputs never mix in
    LocalDate monday = LocalDate.parse("2030-03-04");
    Map<String, DigestHealth> health = new java.util.LinkedHashMap<>();
    health.put("2030-03-04", health(monday, 2, 30, 1, false, 0));
    health.put("2030-03-05", health(monday.plusDays(1), 0, 0, 0, true, 0));
    health.put("2030-03-06", health(monday.plusDays(2), 1, 12, 0, false, 1));
    cluster.produce(Topics.DIGEST_HEALTH, health);

    // the first instance this time: every instance follows the output topics itself
    Instance instance = cluster.instances().get(0);
    ChromeDriver browser = chrome();
    try {
      browser.get(instance.dashboard().url() + "/#week=2030-W10");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.ignoring(StaleElementReferenceException.class);
      wait.until(d -> d.findElements(By.cssSelector("tr.health-row")).size() == 7);
      @SuppressWarnings("unchecked")
      List<String> statuses =
          (List<String>)
              browser.executeScript(
                  "return [...document.querySelectorAll('tr.health-row')]"
                      + ".map(r => r.dataset.date + ' ' + r.dataset.status);");
      assertThat(statuses)
          .containsExactly(
              "2030-03-04 ok",
              "2030-03-05 missing",
              "2030-03-06 ok",
              "2030-03-07 unknown",
              "2030-03-08 unknown",
              "2030-03-09 unknown",
              "2030-03-10 unknown");
      // the title counts what the rows say
      assertThat(browser.findElement(By.id("health-title")).getText())
          .isEqualTo("Input health · 1 day missing · 4 days without a record");
      WebElement missing = browser.findElement(By.cssSelector("tr.health-row.missing"));
      assertThat(missing.getText()).contains("missing: no digest");
      assertThat(
              browser
                  .findElement(By.cssSelector("tr.health-row[data-date='2030-03-06']"))
                  .getText())
          .isEqualTo("2030-03-06 1 12 0 0 0 ok, after 1 missing day");
      assertThat(browser.findElement(By.id("week-title")).getText())
          .isEqualTo("Week 2030-W10 · 2030-03-04 to 2030-03-10");
      assertThat(browser.findElement(By.id("report-link")).getDomAttribute("href"))
          .isEqualTo("/report?week=2030-W10&format=html");
      // nothing else of that week was produced: the other panels say so
      // nor had any week before it: too little baseline to score, not a quiet week
      assertThat(browser.findElement(By.id("bursts-empty")).getText())
          .isEqualTo(
              "No burst: too little baseline. 0 of the 4 weeks before had a digest; a window is"
                  + " scored only when 2 have.");
      screenshot(browser, target.resolve("dashboard-input-health.png"));

      browser.findElement(By.id("report-link")).click();
      wait.until(d -> d.getWindowHandles().size() == 2);
      List<String> tabs = new java.util.ArrayList<>(browser.getWindowHandles());
      browser.switchTo().window(tabs.get(1));
      wait.until(d -> !d.findElements(By.tagName("h1")).isEmpty());
      assertThat(browser.findElement(By.tagName("h1")).getText())
          .isEqualTo("Weekly report 2030-W10");
      // the six analytics sections and the similar earlier papers
      assertThat(browser.findElements(By.tagName("h2"))).hasSize(7);
      assertThat(browser.findElements(By.tagName("h2")).get(6).getText())
          .isEqualTo("Similar earlier papers");
      screenshot(browser, target.resolve("dashboard-report.png"));
    } finally {
      browser.quit();
    }
  }

  /** Days of the fixture's digests: no digest on Thursday 2025-08-07. */
  private static final List<LocalDate> DAYS =
      Stream.of("2025-08-04", "2025-08-05", "2025-08-06", "2025-08-08", "2025-08-11")
          .map(LocalDate::parse)
          .toList();

  private static final String[] SUBJECTS = {
    "Large language models for %s",
    "Diffusion models for image generation of %s",
    "Speech recognition and audio for %s",
    "Graph neural networks over %s",
    "Robot manipulation and embodied control of %s",
  };

  @Test
  void shouldOpenADeepLinkShowGapsAndThePartialWeekAndPageAndBrowse() throws Exception {
    Path target = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"));
    Map<LocalDate, Integer> llmPerDay = new TreeMap<>();
    try (DriverDashboard fixture =
        new DriverDashboard(profile.resolve("state"), "browser-it", Instant.now())) {
      int n = 0;
      for (int d = 0; d < DAYS.size(); d++) {
        for (int s = 0; s < SUBJECTS.length; s++) {
          // llm grows from 10 to 18 a day, the others shrink: lines that cross
          int papers = s == 0 ? 10 + 2 * d : 8 - d - s / 2;
          for (int i = 0; i < papers; i++) {
            String title = String.format(SUBJECTS[s], "case " + (n++));
            fixture.paper("p" + n, title, DAYS.get(d));
          }
          if (s == 0) {
            llmPerDay.put(DAYS.get(d), papers);
          }
        }
      }
      int llmTotal = llmPerDay.values().stream().mapToInt(Integer::intValue).sum();
      String url = fixture.server().url();
      ChromeDriver browser = chrome();
      try {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);

        // a shared link opens the drill-down of that topic and window
        browser.get(url + "/#topic=llm&window=DAY&start=2025-08-05");
        int on0805 = llmPerDay.get(LocalDate.parse("2025-08-05"));
        wait.until(d -> d.findElements(By.cssSelector("#papers-list li.paper")).size() == on0805);
        assertThat(browser.findElement(By.id("papers-title")).getText())
            .isEqualTo("Papers on llm · 2025-08-05 (" + on0805 + ")");
        assertThat(browser.findElement(By.id("top-title")).getText()).contains("2025-08-05");
        wait.until(
            d ->
                "llm"
                    .equals(
                        d.findElement(By.cssSelector("tr.topic-row.selected"))
                            .getDomAttribute("data-topic")));
        WebElement first = browser.findElement(By.cssSelector("#papers-list li.paper"));
        String title = first.findElement(By.cssSelector("a.paper-title")).getText();
        assertThat(first.findElement(By.cssSelector("a.paper-title")).getDomAttribute("href"))
            .isEqualTo(
                "https://huggingface.co/papers?q="
                    + java.net.URLEncoder.encode(title, StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        first.findElement(By.cssSelector("button.abstract-toggle")).click();
        wait.until(
            d ->
                d.findElement(By.cssSelector("#papers-list li.paper p.abstract"))
                    .getText()
                    .equals("We study " + title.toLowerCase(Locale.ROOT) + " in depth."));

        // the axis is scaled by date: the missing Thursday is a gap one day wide
        assertThat(browser.findElements(By.cssSelector("rect.gap"))).hasSize(2);
        assertThat(
                browser
                    .findElements(By.cssSelector("rect.gap[data-from='2025-08-07']"))
                    .get(0)
                    .getDomAttribute("data-to"))
            .isEqualTo("2025-08-07");
        double x05 = cx(browser, "2025-08-05"), x06 = cx(browser, "2025-08-06");
        double x08 = cx(browser, "2025-08-08"), x11 = cx(browser, "2025-08-11");
        assertThat(x08 - x06).isCloseTo(2 * (x06 - x05), within(0.01));
        assertThat(x11 - x08).isCloseTo(3 * (x06 - x05), within(0.01));
        assertTickLabelsApart(browser, 5);
        // the tooltip names the hovered day and its counts
        new org.openqa.selenium.interactions.Actions(browser)
            .moveToElement(
                browser.findElement(
                    By.cssSelector("circle.pt[data-topic='llm'][data-start='2025-08-06']")))
            .perform();
        wait.until(d -> d.findElement(By.id("tooltip")).isDisplayed());
        assertThat(browser.findElement(By.id("tooltip")).getText().replaceAll("\\s+", " "))
            .startsWith("2025-08-06")
            .contains("llm " + llmPerDay.get(LocalDate.parse("2025-08-06")));
        screenshot(browser, target.resolve("dashboard-deeplink.png"));

        // all windows: more than one page
        browser.findElement(By.id("scope-all")).click();
        wait.until(
            d ->
                d.findElement(By.id("papers-title"))
                    .getText()
                    .equals("Papers on llm · all windows (1–50 of " + llmTotal + ")"));
        browser.findElement(By.id("page-next")).click();
        wait.until(
            d -> d.findElements(By.cssSelector("#papers-list li.paper")).size() == llmTotal - 50);
        assertThat(browser.getCurrentUrl()).contains("scope=all").contains("offset=50");

        // the latest week holds one of its seven days; the week before is whole
        browser.findElement(By.id("win-WEEK")).click();
        wait.until(d -> d.findElement(By.id("top-title")).getText().contains("week of 2025-08-11"));
        wait.until(d -> !d.findElements(By.id("partial-badge")).isEmpty());
        assertThat(browser.findElement(By.id("partial-badge")).getText())
            .isEqualTo("partial · 1 of 7 days");
        assertThat(
                browser.findElements(By.cssSelector("rect.partial-band[data-start='2025-08-11']")))
            .hasSize(1);
        screenshot(browser, target.resolve("dashboard-partial-week.png"));
        browser.findElement(By.id("prev-window")).click();
        wait.until(d -> d.findElement(By.id("top-title")).getText().contains("week of 2025-08-04"));
        assertThat(browser.findElements(By.id("partial-badge"))).isEmpty();
        assertThat(browser.getCurrentUrl()).contains("start=2025-08-04");

        // keyphrases instead of topics
        browser.findElement(By.id("kind-KEYPHRASE")).click();
        wait.until(d -> d.findElement(By.id("name-col")).getText().equals("Keyphrase"));
        wait.until(d -> !d.findElements(By.cssSelector("tr.topic-row")).isEmpty());
        assertThat(topics(browser, SERIES))
            .containsExactlyInAnyOrderElementsOf(topics(browser, "tr.topic-row"));
        screenshot(browser, target.resolve("dashboard-keyphrases.png"));
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  void shouldFitAPhoneWithoutOverflowOrWordsBrokenInsideAndKeepEachTopicsColour() throws Exception {
    Path target = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"));
    // the fixture week of the analytics panels; over the week llm leads, on its last day robotics
    LocalDate monday = dev.paperspipeline.streams.report.ReportFixtures.MONDAY;
    String[][] perDay = {
      {"Large language models for %s", "8", "4", "1"},
      {"Robot manipulation and embodied control of %s", "1", "2", "6"},
      {
        "Deep reinforcement learning with reward shaping and policy gradients for %s", "3", "3", "3"
      },
    };
    try (DriverDashboard fixture =
        new DriverDashboard(profile.resolve("state"), "browser-phone", Instant.now())) {
      int n = 0;
      for (int d = 0; d < 3; d++) {
        for (String[] subject : perDay) {
          for (int i = 0; i < Integer.parseInt(subject[d + 1]); i++) {
            fixture.paper("p" + n, String.format(subject[0], "case " + n), monday.plusDays(d));
            n++;
          }
        }
      }
      DashboardServer server =
          fixture.server().analytics(dev.paperspipeline.streams.report.ReportFixtures.view());
      ChromeDriver browser = chrome();
      try {
        browser.executeCdpCommand(
            "Emulation.setDeviceMetricsOverride",
            Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        browser.get(server.url() + "/#window=DAY&week=2026-W47");
        wait.until(d -> d.findElements(By.cssSelector("tr.topic-row")).size() >= 3);
        wait.until(d -> !d.findElements(By.cssSelector("tr.burst-row")).isEmpty());
        wait.until(d -> d.findElements(By.cssSelector("tr.health-row")).size() == 7);
        assertThat(((Number) browser.executeScript("return window.innerWidth")).intValue())
            .isEqualTo(390);
        // nothing wider than the phone: no sideways scrolling
        assertThat(
                ((Number) browser.executeScript("return document.documentElement.scrollWidth"))
                    .intValue())
            .isLessThanOrEqualTo(390);
        // a name wraps between words, never inside one ("reinforcemen t-learning")
        @SuppressWarnings("unchecked")
        List<String> broken =
            (List<String>)
                browser.executeScript(
                    "const out = [];"
                        + "document.querySelectorAll('td.name').forEach(td => {"
                        + "  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);"
                        + "  for (let t = walker.nextNode(); t; t = walker.nextNode()) {"
                        + "    const re = /[^\\s-]+/g; let m;"
                        + "    while ((m = re.exec(t.data))) {"
                        + "      const r = document.createRange();"
                        + "      r.setStart(t, m.index); r.setEnd(t, m.index + m[0].length);"
                        + "      const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));"
                        + "      if (tops.size > 1) out.push(m[0]);"
                        + "    }"
                        + "  }"
                        + "});"
                        + "return out;");
        assertThat(broken).isEmpty();
        assertThat(topics(browser, "tr.topic-row")).contains("reinforcement-learning");
        // compact rows: a line or two each, not a column of words
        @SuppressWarnings("unchecked")
        Map<String, Number> tallest =
            (Map<String, Number>)
                browser.executeScript(
                    "const out = {};"
                        + "['tr.topic-row','tr.burst-row','tr.phrase-row','tr.code-row',"
                        + " 'tr.health-row','tr.staying-row'].forEach(css => {"
                        + "  out[css] = Math.max(0, ...[...document.querySelectorAll(css)]"
                        + "    .map(r => r.getBoundingClientRect().height));"
                        + "});"
                        + "return out;");
        assertThat(tallest.get("tr.topic-row").doubleValue()).isLessThanOrEqualTo(48);
        tallest.forEach(
            (css, h) ->
                assertThat(h.doubleValue()).as(css).isGreaterThan(0).isLessThanOrEqualTo(80));
        screenshot(browser, target.resolve("dashboard-phone.png"));
        browser.executeScript("document.getElementById('bursts-panel').scrollIntoView()");
        screenshot(browser, target.resolve("dashboard-phone-panels.png"));

        // the same topic, the same colour, in the Day and the Week view, each loaded afresh
        Map<String, String> day = swatches(browser);
        assertThat(topics(browser, "tr.topic-row").get(0)).isEqualTo("robotics");
        browser.get("about:blank");
        browser.get(server.url() + "/#window=WEEK&week=2026-W47");
        wait.until(d -> d.findElement(By.id("top-title")).getText().contains("week of"));
        wait.until(d -> d.findElements(By.cssSelector("tr.topic-row")).size() >= 3);
        Map<String, String> week = swatches(browser);
        assertThat(topics(browser, "tr.topic-row").get(0)).isEqualTo("llm");
        assertThat(week.keySet()).contains("robotics", "llm", "reinforcement-learning");
        for (String name : week.keySet()) {
          if (day.containsKey(name)) {
            assertThat(week.get(name)).as(name).isEqualTo(day.get(name));
          }
        }
        assertThat(new java.util.HashSet<>(week.values())).hasSameSizeAs(week.keySet());
      } finally {
        browser.quit();
      }
    }
  }

  /** The swatch colour of each row of the trending table, by topic. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> swatches(ChromeDriver browser) {
    return (Map<String, String>)
        browser.executeScript(
            "const out = {};"
                + "document.querySelectorAll('tr.topic-row').forEach(r =>"
                + "  out[r.dataset.topic] = getComputedStyle(r.querySelector('.swatch'))"
                + "    .backgroundColor);"
                + "return out;");
  }

  /** The date labels of the time axis: at least {@code min}, none touching the next. */
  @SuppressWarnings("unchecked")
  private static void assertTickLabelsApart(ChromeDriver browser, int min) {
    List<List<Number>> boxes =
        (List<List<Number>>)
            browser.executeScript(
                "return [...document.querySelectorAll('#chart text.x-tick')]"
                    + ".map(t => { const b = t.getBBox(); return [b.x, b.width]; });");
    assertThat(boxes).hasSizeGreaterThanOrEqualTo(min);
    for (int i = 1; i < boxes.size(); i++) {
      double end = boxes.get(i - 1).get(0).doubleValue() + boxes.get(i - 1).get(1).doubleValue();
      assertThat(boxes.get(i).get(0).doubleValue())
          .as("label %d starts after label %d", i, i - 1)
          .isGreaterThan(end + 4);
    }
  }

  /** The x of a point of the llm series on {@code day}. */
  private static double cx(ChromeDriver browser, String day) {
    return Double.parseDouble(
        browser
            .findElement(By.cssSelector("circle.pt[data-topic='llm'][data-start='" + day + "']"))
            .getDomAttribute("cx"));
  }

  /** The data-topic of every element matching {@code css}, in document order. */
  @SuppressWarnings("unchecked")
  private static List<String> topics(ChromeDriver browser, String css) {
    return (List<String>)
        browser.executeScript(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.dataset.topic);", css);
  }

  private static final String SERIES = "svg#chart path.series";

  /** Points of the first drawn series; every series spans all windows. -1 when none drawn. */
  private static int pointsPerSeries(List<WebElement> series) {
    if (series.isEmpty()) {
      return -1;
    }
    String points = series.get(0).getDomAttribute("data-points");
    return points == null || points.isBlank() ? 0 : Integer.parseInt(points);
  }

  private static int windows(DashboardCluster cluster, Instance instance, String window)
      throws Exception {
    JsonNode trends =
        JSON.readTree(cluster.get(instance, "/api/trends?kind=TOPIC&limit=200&window=" + window));
    Set<String> starts = new TreeSet<>();
    trends
        .get("series")
        .forEach(s -> s.get("points").forEach(p -> starts.add(p.get("windowStart").asText())));
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
