package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.streams.report.AnalyticsView;
import dev.paperspipeline.streams.report.ReportFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The analytics panels' API and the report page, over a view fed the fixture week. */
class DashboardAnalyticsTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private DashboardServer server;

  @BeforeEach
  void setUp() throws Exception {
    // the panels need no trend store: the local stores are never asked
    server =
        DashboardServer.start("127.0.0.1", 0, null, Router.local(), () -> "RUNNING")
            .analytics(ReportFixtures.view());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private HttpResponse<String> fetch(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = fetch(pathAndQuery);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Test
  void shouldServeEveryPanelOfTheLatestWeekWithData() throws Exception {
    JsonNode bursts = get("/api/bursts");
    assertThat(bursts.get("week").asText()).isEqualTo("2026-W47");
    assertThat(bursts.get("weekStart").asText()).isEqualTo("2026-11-16");
    assertThat(bursts.get("weekEnd").asText()).isEqualTo("2026-11-22");
    assertThat(bursts.get("weeks")).hasSize(2);
    assertThat(bursts.get("weeks").get(0).asText()).isEqualTo("2026-W47");
    assertThat(bursts.get("total").asInt()).isEqualTo(2);
    assertThat(texts(bursts.get("bursts"), "name")).containsExactly("state space models", "q-bio");
    JsonNode first = bursts.get("bursts").get(0);
    assertThat(first.get("window").asText()).isEqualTo("WEEK");
    assertThat(first.get("windowStart").asText()).isEqualTo("2026-11-16T00:00:00Z");
    assertThat(texts(first.get("papers"), "paperId")).containsExactly("2611.00001", "2611.00002");

    JsonNode emerging = get("/api/emerging-phrases");
    assertThat(texts(emerging.get("phrases"), "phrase"))
        .containsExactly("state space models", "protein folding");
    assertThat(emerging.get("phrases").get(0).get("asOfDate").asText()).isEqualTo("2026-11-20");
    assertThat(emerging.get("phrases").get(0).get("papers").asInt()).isEqualTo(3);

    JsonNode staying = get("/api/staying-power");
    assertThat(staying.get("final").asBoolean()).isFalse();
    assertThat(texts(staying.get("papers"), "paperId")).containsExactly("2611.00001", "2611.00003");
    assertThat(staying.get("papers").get(0).get("spanDays").asInt()).isEqualTo(14);

    JsonNode code = get("/api/open-code-share");
    assertThat(texts(code.get("topics"), "topic")).containsExactly("cs.CL", "q-bio");
    assertThat(code.get("topics").get(0).get("share").asDouble()).isEqualTo(0.75);
    assertThat(code.get("topics").get(0).get("hosts").get("github.com").asLong()).isEqualTo(8);

    JsonNode health = get("/api/digest-health");
    assertThat(texts(health.get("days"), "date"))
        .containsExactly(
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20",
            "2026-11-21",
            "2026-11-22");
    assertThat(texts(health.get("days"), "status"))
        .containsExactly("ok", "ok", "ok", "missing", "ok", "unknown", "unknown");
    assertThat(health.get("missingDays").asInt()).isEqualTo(1);
    assertThat(health.get("days").get(4).get("gapDaysBefore").asInt()).isEqualTo(1);
    assertThat(health.get("days").get(4).get("papers").asInt()).isEqualTo(8);

    assertThat(get("/api/weeks").get("weeks").toString()).isEqualTo("[\"2026-W47\",\"2026-W46\"]");
  }

  @Test
  void shouldFilterBurstsByWindowAndKindAndCapTheLimit() throws Exception {
    assertThat(texts(get("/api/bursts?window=DAY").get("bursts"), "name")).containsExactly("q-bio");
    assertThat(texts(get("/api/bursts?kind=keyphrase").get("bursts"), "name"))
        .containsExactly("state space models");
    JsonNode one = get("/api/bursts?limit=1");
    assertThat(one.get("total").asInt()).isEqualTo(2);
    assertThat(one.get("bursts")).hasSize(1);
    JsonNode capped = get("/api/bursts?limit=100000");
    assertThat(capped.get("limit").asInt()).isEqualTo(DashboardServer.MAX_PAGE);
    assertThat(capped.get("limitCappedAt").asInt()).isEqualTo(DashboardServer.MAX_PAGE);
    // the week before holds one burst, of its WEEK window
    JsonNode before = get("/api/bursts?week=2026-W46");
    assertThat(texts(before.get("bursts"), "name")).containsExactly("cs.CL");
    JsonNode empty = get("/api/bursts?week=2026-W40");
    assertThat(empty.get("total").asInt()).isZero();
    assertThat(empty.get("bursts")).isEmpty();
  }

  @Test
  void shouldServeTheMostSimilarEarlierPapersOfAPaper() throws Exception {
    JsonNode s4 = get("/api/papers/2611.00002/similar");
    assertThat(s4.get("found").asBoolean()).isTrue();
    assertThat(s4.get("digestDate").asText()).isEqualTo("2026-11-17");
    assertThat(s4.get("model").asText()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(s4.get("indexed").asInt()).isEqualTo(6);
    // earlier only (2611.00099 is later), best first, the tie of equal vectors by paperId
    assertThat(texts(s4.get("papers"), "paperId"))
        .containsExactly("2611.00001", "2610.00010", "2610.00012", "2610.00011");
    assertThat(s4.get("papers").get(0).get("title").asText())
        .isEqualTo("Mamba_2 | faster *state* spaces");
    assertThat(s4.get("papers").get(0).get("digestDate").asText()).isEqualTo("2026-11-06");
    assertThat(s4.get("papers").get(0).get("cosine").asDouble()).isBetween(0.99, 1.0);

    JsonNode two = get("/api/papers/2611.00002/similar?limit=2");
    assertThat(texts(two.get("papers"), "paperId")).containsExactly("2611.00001", "2610.00010");

    JsonNode unknown = get("/api/papers/2611.00003/similar");
    assertThat(unknown.get("found").asBoolean()).isFalse();
    assertThat(unknown.get("papers")).isEmpty();
    assertThat(fetch("/api/papers/2611.00002/similar?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void shouldServeTheReportAsPapersReportWritesIt() throws Exception {
    HttpResponse<String> md = fetch("/report?week=2026-W47&format=md");
    assertThat(md.statusCode()).isEqualTo(200);
    assertThat(md.headers().firstValue("Content-Type")).contains("text/markdown; charset=utf-8");
    String golden;
    try (var in = getClass().getResourceAsStream("/report/2026-W47.md")) {
      golden = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(md.body()).isEqualTo(golden);
    HttpResponse<String> html = fetch("/report");
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(html.body())
        .startsWith("<!doctype html>")
        .contains("<h1>Weekly report 2026-W47</h1>");
  }

  @Test
  void shouldAnswer400JsonNamingTheParameterThatCannotBeUsed() throws Exception {
    assertBad(
        "/api/bursts?week=2026-47",
        "week",
        "a week is written YYYY-Www, e.g. 2026-W47, not '2026-47'");
    assertBad(
        "/api/digest-health?week=2025-W53",
        "week",
        "week 53 does not exist in 2025 (it has weeks 1 to 52)");
    assertBad("/report?week=2026-W47&format=pdf", "format", "format must be md or html, not 'pdf'");
    assertBad(
        "/api/bursts?window=YEAR",
        "window",
        "window must be one of "
            + java.util.Arrays.toString(dev.paperspipeline.streams.trends.TrendWindow.values())
            + ", not 'YEAR'");
    assertBad("/api/bursts?kind=AUTHOR", "kind", "kind must be TOPIC or KEYPHRASE, not 'AUTHOR'");
    assertBad("/api/emerging-phrases?limit=0", "limit", "limit must be from 1 to 500, not 0");
  }

  private void assertBad(String pathAndQuery, String parameter, String error) throws Exception {
    HttpResponse<String> r = fetch(pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
    JsonNode body = json.readTree(r.body());
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("error").asText()).isEqualTo(error);
  }

  @Test
  void shouldAnswer503WhenNotConnectedToTheOutputTopics() throws Exception {
    try (DashboardServer bare =
        DashboardServer.start("127.0.0.1", 0, null, Router.local(), () -> "RUNNING")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(bare.url() + "/api/digest-health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json.readTree(r.body()).get("error").asText())
          .isEqualTo(
              "not ready, retry shortly: the analytics panels are not connected to the output"
                  + " topics on this instance");
    }
  }

  @Test
  void shouldMarkBurstsThatScoreBelowTheThresholdNowAndCountDaysWithoutARecord() throws Exception {
    // the fixture's bursts score 2.6 and 2.3: updates of windows that passed once
    JsonNode bursts = get("/api/bursts");
    assertThat(bursts.get("threshold").asDouble()).isEqualTo(3.0);
    assertThat(bursts.get("bursts").findValuesAsText("belowThreshold")).containsOnly("true");
    // the week before the fixture's had data: one of the four weeks of the baseline
    assertThat(bursts.get("baselineWeeksWithData").asInt()).isEqualTo(1);
    assertThat(bursts.get("baselineWeeks").asInt()).isEqualTo(4);
    server.bursts(
        new dev.paperspipeline.streams.analytics.BurstOptions(
            2.5, 3, dev.paperspipeline.streams.analytics.BurstOptions.defaultBaselines(), 2, 5));
    JsonNode lower = get("/api/bursts");
    assertThat(lower.get("bursts").get(0).get("belowThreshold").asBoolean()).isFalse();
    assertThat(lower.get("bursts").get(1).get("belowThreshold").asBoolean()).isTrue();

    JsonNode health = get("/api/digest-health");
    assertThat(health.get("missingDays").asInt()).isEqualTo(1);
    assertThat(health.get("noRecordDays").asInt()).isEqualTo(2);
  }

  @Test
  void shouldShowADayWhoseFileWasRejectedWholeAsRejected() throws Exception {
    java.time.LocalDate saturday = ReportFixtures.MONDAY.plusDays(5);
    dev.paperspipeline.avro.DigestHealth rejected =
        ReportFixtures.health(saturday, 1, 0, 1, false, 0);
    rejected.setRejectedFiles(1);
    AnalyticsView view = ReportFixtures.view();
    view.accept(dev.paperspipeline.schemas.Topics.DIGEST_HEALTH, saturday.toString(), rejected);
    server.analytics(view);
    JsonNode health = get("/api/digest-health");
    assertThat(health.get("rejectedDays").asInt()).isEqualTo(1);
    assertThat(health.get("days").get(5).get("status").asText()).isEqualTo("rejected");
    assertThat(health.get("days").get(5).get("rejectedFiles").asInt()).isEqualTo(1);
  }
}
