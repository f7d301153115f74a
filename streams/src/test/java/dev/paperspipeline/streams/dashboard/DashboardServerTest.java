package dev.paperspipeline.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.Lineage;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.registry.SchemaRegistryClients;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.PipelineTopology;
import dev.paperspipeline.streams.dedupe.DedupeTopology;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard API over the real topologies in a {@link TopologyTestDriver}, one instance. */
class DashboardServerTest {
  @TempDir Path stateDir;

  private static final String SCOPE = "dashboard-test";
  private static final Instant T0 = Instant.parse("2025-08-12T06:00:00Z");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private TopologyTestDriver driver;
  private DashboardServer server;

  @BeforeEach
  void setUp() throws Exception {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://" + SCOPE);
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    // the app's topology: dedupe, enrich and trends chained, and the papers store
    Topology topology =
        PipelineTopology.build(
            DedupeTopology.DEFAULT_HORIZON,
            PaperEnricher.loadDefault(),
            clock,
            TrendsOptions.defaults(),
            serdes);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dashboard-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    // not the shared /tmp/kafka-streams default: concurrent builds would fight over its locks
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props, T0);

    TestInputTopic<String, PaperEvent> raw =
        driver.createInputTopic(
            Topics.PAPERS_RAW,
            Serdes.String().serializer(),
            serdes.paperEvent().serializer(),
            T0,
            java.time.Duration.ofSeconds(1));
    LocalDate day1 = LocalDate.of(2025, 8, 11);
    LocalDate day2 = LocalDate.of(2025, 8, 12);
    raw.pipeInput("p1", event("p1", "Scaling laws for large language models", "", day1));
    raw.pipeInput(
        "p2",
        event(
            "p2",
            "Diffusion transformers for image generation",
            " Code: https://github.com/Acme/DiT.git.",
            day1));
    raw.pipeInput("p3", event("p3", "Instruction tuning large language models at scale", "", day2));
    // p1 again on day 2: a sighting, not a new paper.
    raw.pipeInput("p1", event("p1", "Scaling laws for large language models", "", day2));
    // trends writes its stores once per commit.interval.ms (30 s here), from a punctuation
    driver.advanceWallClockTime(java.time.Duration.ofSeconds(30));

    LocalStores stores = DriverDashboard.stores(driver, serdes.uniquePaper().deserializer());
    server = DashboardServer.start("127.0.0.1", 0, stores, Router.local(), () -> "RUNNING");
  }

  @AfterEach
  void tearDown() {
    server.close();
    driver.close();
    SchemaRegistryClients.dropScope(SCOPE);
  }

  @Test
  void shouldServeTrendSeriesPerDay() throws Exception {
    JsonNode body = get("/api/trends?window=DAY&kind=TOPIC");
    JsonNode llm = seriesNamed(body, "llm");
    assertThat(llm).as("llm series in %s", body).isNotNull();
    // p1 on Aug 11, p3 on Aug 12; the second sighting of p1 is not counted again.
    assertThat(llm.get("total").asLong()).isEqualTo(2);
    assertThat(llm.get("points")).hasSize(2);
    assertThat(llm.get("points").get(0).get("count").asLong()).isEqualTo(1);
  }

  @Test
  void shouldServeTheLatestTopN() throws Exception {
    JsonNode body = get("/api/trending?window=DAY&kind=TOPIC");
    assertThat(body.get("windowStart").asText()).isEqualTo("2025-08-12");
    assertThat(body.get("windowEnd").asText()).isEqualTo("2025-08-13");
    assertThat(body.get("entries").get(0).get("rank").asInt()).isEqualTo(1);
    assertThat(body.get("entries").findValuesAsText("name")).contains("llm");
  }

  @Test
  void shouldDrillDownFromATopicToItsPapers() throws Exception {
    JsonNode body = get("/api/topics/llm/papers?limit=10");
    assertThat(body.get("papers").findValuesAsText("paperId"))
        .containsExactlyInAnyOrder("p1", "p3");
    JsonNode p1 = null;
    for (JsonNode p : body.get("papers")) {
      if (p.get("paperId").asText().equals("p1")) {
        p1 = p;
      }
    }
    assertThat(p1.get("sightings").asInt()).isEqualTo(2);
    // counted on its first digest date, in that date's week; the latest sighting is apart
    assertThat(p1.get("digestDate").asText()).isEqualTo("2025-08-11");
    assertThat(p1.get("week").asText()).isEqualTo("2025-08-11");
    assertThat(p1.get("lastDigestDate").asText()).isEqualTo("2025-08-12");

    JsonNode diffusion = get("/api/topics/diffusion/papers");
    assertThat(diffusion.get("papers").get(0).get("codeLinks").get(0).get("url").asText())
        .isEqualTo("https://github.com/Acme/DiT");
  }

  @Test
  void shouldAnswerHealthAndServeThePage() throws Exception {
    assertThat(get("/api/health").get("status").asText()).isEqualTo("UP");
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<svg id=\"chart\"");
  }

  @Test
  void shouldRejectBadParametersNamingThemWithoutJavaClassNames() throws Exception {
    String[][] cases = {
      {"/api/trends?window=YEAR", "window"},
      {"/api/trending?window=DAY&windowStart=garbage", "windowStart"},
      {"/api/trends?limit=-1", "limit"},
      {"/api/trends?limit=ten", "limit"},
      {"/api/trending?kind=AUTHOR", "kind"},
      {"/api/topics/llm/papers?offset=-3", "offset"},
      {"/api/papers?ids=" + "p,".repeat(DashboardServer.MAX_IDS + 1), "ids"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = send(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      JsonNode body = json.readTree(r.body());
      assertThat(body.get("parameter").asText()).as(c[0]).isEqualTo(c[1]);
      assertThat(body.get("error").asText())
          .as(c[0])
          .contains(c[1])
          .doesNotContainPattern("java\\.|Exception|dev\\.paperspipeline");
    }
    assertThat(send("/api/nothing").statusCode()).isEqualTo(404);
    // every window type is a window
    assertThat(send("/api/trends?window=MONTH").statusCode()).isEqualTo(200);
    assertThat(send("/api/trending?window=month&windowStart=2025-08-12").statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldReadAWeekStartThatIsNotAMondayAsTheWeekContainingIt() throws Exception {
    JsonNode wednesday = get("/api/trending?window=WEEK&windowStart=2025-08-13");
    assertThat(wednesday.get("windowStart").asText()).isEqualTo("2025-08-11");
    assertThat(wednesday.get("entries").findValuesAsText("name")).contains("llm");
    assertThat(get("/api/trending?window=WEEK&windowStart=2025-08-11")).isEqualTo(wednesday);
  }

  @Test
  void shouldMarkTheWeekWithDaysStillToComeAsPartialAndLinkNeighbourWindows() throws Exception {
    JsonNode week = get("/api/trending?window=WEEK");
    assertThat(week.get("final").asBoolean()).isFalse();
    assertThat(week.get("partial").asBoolean()).isTrue();
    // data on Monday and Tuesday of the week of 2025-08-11
    assertThat(week.get("daysWithData").asInt()).isEqualTo(2);
    assertThat(week.get("daysInWindow").asInt()).isEqualTo(7);
    assertThat(week.get("revision").asInt()).isZero();

    JsonNode tuesday = get("/api/trending?window=DAY");
    assertThat(tuesday.get("partial").asBoolean()).isFalse();
    assertThat(tuesday.get("previousWindowStart").asText()).isEqualTo("2025-08-11");
    assertThat(tuesday.get("nextWindowStart").isNull()).isTrue();
    JsonNode mondayTop = get("/api/trending?window=DAY&windowStart=2025-08-11");
    assertThat(mondayTop.get("nextWindowStart").asText())
        .isEqualTo(tuesday.get("windowStart").asText());
    assertThat(mondayTop.get("previousWindowStart").isNull()).isTrue();

    JsonNode llmWeek = seriesNamed(get("/api/trends?window=WEEK&names=llm"), "llm");
    assertThat(llmWeek.get("points").get(0).get("partial").asBoolean()).isTrue();
  }

  @Test
  void shouldServeOnlyTheNamedSeriesAndEveryWindowWithData() throws Exception {
    JsonNode body = get("/api/trends?window=DAY&names=llm,diffusion");
    assertThat(body.get("series").findValuesAsText("name"))
        .containsExactlyInAnyOrder("llm", "diffusion");
    assertThat(body.get("windowStarts")).hasSize(2);
  }

  @Test
  void shouldSayWhenALimitWasCapped() throws Exception {
    JsonNode capped = get("/api/topics/llm/papers?limit=100000");
    assertThat(capped.get("limit").asInt()).isEqualTo(DashboardServer.MAX_PAGE);
    assertThat(capped.get("limitCappedAt").asInt()).isEqualTo(DashboardServer.MAX_PAGE);
    assertThat(get("/api/topics/llm/papers?limit=10").has("limitCappedAt")).isFalse();
    assertThat(get("/api/trends?limit=100000").get("limitCappedAt").asInt())
        .isEqualTo(DashboardServer.MAX_SERIES);
  }

  @Test
  void shouldPageATopicsPapersAndFilterThemByWindow() throws Exception {
    JsonNode first = get("/api/topics/llm/papers?limit=1");
    JsonNode second = get("/api/topics/llm/papers?limit=1&offset=1");
    assertThat(first.get("total").asInt()).isEqualTo(2);
    assertThat(first.get("papers").findValuesAsText("paperId")).containsExactly("p3");
    assertThat(second.get("papers").findValuesAsText("paperId")).containsExactly("p1");
    assertThat(get("/api/topics/llm/papers?offset=2").get("papers")).isEmpty();

    JsonNode monday = get("/api/topics/llm/papers?window=DAY&windowStart=2025-08-11");
    assertThat(monday.get("total").asInt()).isEqualTo(1);
    assertThat(monday.get("papers").findValuesAsText("paperId")).containsExactly("p1");
    JsonNode week = get("/api/topics/llm/papers?window=WEEK&windowStart=2025-08-14");
    assertThat(week.get("total").asInt()).isEqualTo(2);
  }

  @Test
  void shouldServeTheAbstractOnRequestOnly() throws Exception {
    JsonNode plain = get("/api/papers?ids=p2");
    assertThat(plain.get("papers").get(0).has("abstract")).isFalse();
    JsonNode with = get("/api/papers?ids=p2,missing&abstract=1");
    assertThat(with.get("papers")).hasSize(1);
    assertThat(with.get("papers").get(0).get("abstract").asText())
        .isEqualTo(
            "We study diffusion transformers for image generation in depth."
                + " Code: https://github.com/Acme/DiT.git.");
    assertThat(with.get("papers").get(0).get("firstDigestDate").asText()).isEqualTo("2025-08-11");
  }

  @Test
  void shouldReportTheBrokerAndRegistryAndBeDownWhileEitherIsUnreachable() throws Exception {
    boolean[] broker = {true};
    int[] probes = {0};
    server.probing(
        new BackendProbe(
            () -> {
              probes[0]++;
              return broker[0];
            },
            () -> true,
            () -> {}));
    JsonNode up = get("/api/health");
    assertThat(up.get("status").asText()).isEqualTo("UP");
    assertThat(up.get("broker").get("reachable").asBoolean()).isTrue();
    assertThat(up.get("registry").get("reachable").asBoolean()).isTrue();
    get("/api/health");
    assertThat(probes[0]).as("cached between checks").isEqualTo(1);

    broker[0] = false;
    server.probing(new BackendProbe(() -> broker[0], () -> true, () -> {}));
    HttpResponse<String> down = send("/api/health");
    assertThat(down.statusCode()).isEqualTo(503);
    JsonNode body = json.readTree(down.body());
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("state").asText()).isEqualTo("RUNNING");
    assertThat(body.get("broker").get("reachable").asBoolean()).isFalse();
  }

  @Test
  void shouldAnswerAMalformedPathWithJson400NamingNoJavaClass() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket
          .getOutputStream()
          .write(
              "GET /api/topics/%zz/papers HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      String head = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
      String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
      assertThat(answer).startsWith("HTTP/1.1 400");
      assertThat(head).contains("content-type: application/json");
      assertThat(json.readTree(body).get("error").asText())
          .contains("percent-escape")
          .doesNotContainPattern("java\\.|Exception|URISyntax|<");
    }
  }

  @Test
  void shouldAnswerEveryDateOfTheTrendApiAsAnIsoDate() throws Exception {
    for (String path :
        new String[] {
          "/api/trends?window=DAY",
          "/api/trends?window=WEEK",
          "/api/trending?window=DAY",
          "/api/trending?window=DAY&windowStart=2025-08-11",
          "/api/trending?window=WEEK",
          "/api/topics/llm/papers?window=DAY&windowStart=2025-08-11",
        }) {
      assertDatesAreIso(path, "", get(path));
    }
    assertThat(get("/api/trends?window=DAY").get("windowStarts").get(0).asText())
        .isEqualTo("2025-08-11");
    assertThat(
            seriesNamed(get("/api/trends?window=WEEK&names=llm"), "llm")
                .get("points")
                .get(0)
                .get("windowEnd")
                .asText())
        .isEqualTo("2025-08-18");
  }

  /** No field named like a date or time holds a number, unless its name says milliseconds. */
  private static void assertDatesAreIso(String path, String where, JsonNode node) {
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        boolean starts = where.endsWith("windowStarts");
        if (starts) {
          assertThat(node.get(i).asText()).as(path + where).matches("\\d{4}-\\d{2}-\\d{2}");
        }
        assertDatesAreIso(path, where + "[" + i + "]", node.get(i));
      }
    } else if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              f -> {
                String name = f.getKey();
                boolean dated =
                    name.endsWith("Start")
                        || name.endsWith("End")
                        || name.endsWith("Date")
                        || name.endsWith("At");
                if (dated && !f.getValue().isNull()) {
                  assertThat(f.getValue().isTextual()).as(path + where + "." + name).isTrue();
                  assertThat(f.getValue().asText())
                      .as(path + where + "." + name)
                      .matches("\\d{4}-\\d{2}-\\d{2}.*");
                }
                assertDatesAreIso(path, where + "." + name, f.getValue());
              });
    }
  }

  @Test
  void shouldGiveNoPreviousCountOrGrowthWhenTheWindowBeforeHadNoDigest() throws Exception {
    // the only week with data: the week before had no digest, a gap and not zeros
    JsonNode week = get("/api/trending?window=WEEK");
    assertThat(week.get("previousWindowHasData").asBoolean()).isFalse();
    assertThat(week.get("entries")).isNotEmpty();
    for (JsonNode e : week.get("entries")) {
      assertThat(e.get("previousCount").isNull()).as(e.toString()).isTrue();
      assertThat(e.get("growth").isNull()).as(e.toString()).isTrue();
    }
    // Tuesday follows Monday, which had a digest: counts to compare with
    JsonNode tuesday = get("/api/trending?window=DAY&windowStart=2025-08-12");
    assertThat(tuesday.get("previousWindowHasData").asBoolean()).isTrue();
    assertThat(tuesday.get("entries").get(0).get("previousCount").isNumber()).isTrue();
  }

  private JsonNode seriesNamed(JsonNode body, String name) {
    for (JsonNode s : body.get("series")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    return null;
  }

  private HttpResponse<String> send(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r = send(path);
    assertThat(r.statusCode()).as("%s -> %s", path, r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private static PaperEvent event(String id, String title, String extra, LocalDate date) {
    return PaperEvent.newBuilder()
        .setPaperId(id)
        .setTitle(title)
        .setAbstractText(
            "We study " + title.toLowerCase(java.util.Locale.ROOT) + " in depth." + extra)
        .setDigestDate(date)
        .setDigestDateSource("OPTION")
        .setLineage(new Lineage("digest-" + date + ".txt", "0".repeat(64), 1, 9))
        .setIngestedAt(T0)
        .build();
  }
}
