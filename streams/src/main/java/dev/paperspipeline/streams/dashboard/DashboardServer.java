package dev.paperspipeline.streams.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.StayingPaper;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.clients.AvroJson;
import dev.paperspipeline.http.Exchange;
import dev.paperspipeline.http.JettyServer;
import dev.paperspipeline.http.Routes;
import dev.paperspipeline.http.ServerLimits;
import dev.paperspipeline.registry.AvroDeserializer;
import dev.paperspipeline.registry.QueryStrings;
import dev.paperspipeline.streams.PipelineConfig;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.StreamsApp;
import dev.paperspipeline.streams.analytics.BurstOptions;
import dev.paperspipeline.streams.report.AnalyticsView;
import dev.paperspipeline.streams.report.IsoWeek;
import dev.paperspipeline.streams.report.PaperVectors;
import dev.paperspipeline.streams.report.ReportFormat;
import dev.paperspipeline.streams.report.ReportRenderer;
import dev.paperspipeline.streams.report.WeeklyReport;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trend dashboard and its JSON API, served from the streams app's interactive queries.
 *
 * <p>Every answer comes from the instance that owns the data: trend series and rankings from the
 * owner of partition key {@code <kind>@<window>} of the trends stores, papers from the owner of
 * their paperId in the dedupe store. A request reaching another instance is forwarded once (marked
 * {@code forwarded=1}) so that any instance gives the same answer.
 *
 * <ul>
 *   <li>{@code GET /} the dashboard page
 *   <li>{@code GET /api/health} {@code {"status": "UP"|"DOWN", "state": <KafkaStreams state>,
 *       "broker": {"reachable"}, "registry": {"reachable"}}}: UP only while the app runs and both
 *       answer (probed at most every {@link BackendProbe#CACHE_FOR})
 *   <li>{@code GET /api/trends?window=DAY|WEEK|...&kind=TOPIC|KEYPHRASE&limit=12[&names=a,b]}
 *       series of counts, and every window start with data ({@code windowStarts})
 *   <li>{@code GET /api/trending?window=DAY|WEEK|...&kind=TOPIC|KEYPHRASE[&windowStart=YYYY-MM-DD]}
 *       the top N of a window (the latest by default; a WEEK start means the week containing that
 *       day) with growth, whether it is partial, and the previous and next windows with data; when
 *       the window right before had no digest ({@code previousWindowHasData} false) the entries'
 *       {@code previousCount} and {@code growth} are null: a gap, not zeros
 *   <li>{@code GET /api/topics/{topic}/papers?kind=TOPIC&limit=50&offset=0[&window=&windowStart=]}
 *       the papers counted for a topic (of one window, or all), newest day first, and their {@code
 *       total} number
 *   <li>{@code GET /api/papers?ids=a,b[&abstract=1]} papers by id (at most {@link #MAX_IDS}):
 *       sightings, first and last digest dates, code links, the abstract on request
 * </ul>
 *
 * <p>The analytics panels and the weekly report answer from the output topics (topic-bursts,
 * emerging-phrases, staying-power, open-code-share, digest-health, trending-topics), which every
 * instance follows in full (see {@link OutputsFeed}); they are never forwarded. {@code week} is an
 * ISO week {@code YYYY-Www}; without it, the latest week with data. Each answer names its {@code
 * week}, {@code weekStart} and {@code weekEnd} (ISO dates) and the {@code weeks} with data, latest
 * first; records are the topics' Avro records as plain JSON (dates as {@code YYYY-MM-DD}, instants
 * as ISO-8601).
 *
 * <ul>
 *   <li>{@code GET /report?week=&format=html|md} the weekly report, as {@code papers report} writes
 *       it
 *   <li>{@code GET /api/weeks} the weeks with data, latest first
 *   <li>{@code GET /api/bursts?week=[&window=DAY|WEEK|...][&kind=TOPIC|KEYPHRASE]&limit=20} the
 *       week's bursts, its WEEK window first, then its days, highest surprise first; the {@code
 *       threshold} surprise, and per burst {@code belowThreshold} when its window passed once and
 *       scores below it now; {@code baselineWeeksWithData} of the {@code baselineWeeks} before had
 *       data, and a window is scored only when {@code minBaselineWindows} had
 *   <li>{@code GET /api/emerging-phrases?week=&limit=20} the latest record of each phrase emerging
 *       in the week, fastest growing first
 *   <li>{@code GET /api/staying-power?week=&limit=20} the week's ranking of returning papers
 *   <li>{@code GET /api/open-code-share?week=&limit=50} per topic, the share of papers with code
 *   <li>{@code GET /api/digest-health?week=} the seven dates of the week, each with {@code status}
 *       {@code ok}, {@code missing} (a gap in the digests), {@code rejected} (its files were all
 *       rejected whole, e.g. a wrong encoding) or {@code unknown} (no record), and the {@code
 *       missingDays}, {@code rejectedDays} and {@code noRecordDays} among them
 *   <li>{@code GET /api/papers/{id}/similar?limit=5} the papers of earlier digests most similar to
 *       paper {@code id} (cosine of their embeddings in paper-embeddings), best first, ties by
 *       paperId: {@code {"paperId","found","digestDate","model","papers":[{"paperId","title",
 *       "digestDate","cosine"}],"indexed"}}; {@code found} is false while the paper has no
 *       embedding
 * </ul>
 *
 * <p>Dates are ISO dates {@code YYYY-MM-DD} (window starts and ends, UTC) or ISO-8601 instants, in
 * answers and parameters alike; epoch milliseconds only where a field's name ends in {@code Ms}.
 *
 * <p>A parameter that cannot be used answers 400 {@code {"error", "parameter"}}, and a request line
 * that cannot be read (a malformed percent-escape in the path) 400 {@code {"error"}}, both {@code
 * application/json} and never naming a Java class; a limit above its cap is served capped and says
 * so in {@code limitCappedAt}.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String FORWARDED = "forwarded";

  /** Largest request body (the API takes none); larger ones are answered 413. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /**
   * Errors Jetty answers for the dashboard, in the API's shape: {@code {"error", "error_code"}}.
   */
  private static final JettyServer.ErrorFormat ERRORS =
      new JettyServer.ErrorFormat(
          JSON,
          (status, message) -> "{\"error\":\"" + message + "\",\"error_code\":" + status + "}");

  private final JettyServer server;
  private volatile TrendQueries queries;
  private volatile Router router;
  private volatile Supplier<String> state = () -> "STARTING";
  private volatile BackendProbe probe;
  private volatile AnalyticsView analytics;
  private volatile OutputsFeed feed;
  private volatile Deserializer<UniquePaper> papers;
  private volatile BurstOptions bursts = BurstOptions.defaults();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final byte[] page;

  private DashboardServer(String host, int port) throws IOException {
    this.page = resource("/dashboard/index.html");
    this.server =
        JettyServer.bind(
            JettyServer.Settings.of(host, port, "dashboard-http")
                .withLimits(ServerLimits.defaults().withMaxBodyBytes(MAX_BODY_BYTES))
                .withErrors(ERRORS));
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) without serving yet, so that the streams app
   * can advertise the bound port as its {@code application.server} before it starts.
   */
  public static DashboardServer bind(String host, int port) throws IOException {
    return new DashboardServer(host, port);
  }

  /**
   * Starts answering from {@code stores}, routing by {@code router}.
   *
   * @param state supplies the streams state for the health endpoint
   */
  public DashboardServer serve(LocalStores stores, Router router, Supplier<String> state) {
    this.queries = new TrendQueries(stores);
    this.router = router;
    this.state = state;
    try {
      server.start(routes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /**
   * The queries of the local stores this server answers from (null before it serves): shared with
   * the HTTP workers, which use it concurrently too.
   */
  public TrendQueries queries() {
    return queries;
  }

  /** Binds and serves at once. */
  public static DashboardServer start(
      String host, int port, LocalStores stores, Router router, Supplier<String> state)
      throws IOException {
    return bind(host, port).serve(stores, router, state);
  }

  /**
   * Serves the dashboard of a running app that advertises {@code self} as application.server;
   * {@code papers} decodes papers-unique values (a paper's abstract and code links).
   */
  public DashboardServer serve(
      KafkaStreams streams, HostInfo self, Deserializer<UniquePaper> papers) {
    return serve(
        LocalStores.of(streams, papers), Router.of(streams, self), () -> streams.state().name());
  }

  /**
   * Serves the dashboard of a running app started with {@code config}; the health endpoint also
   * probes the broker and registry of that config.
   */
  public DashboardServer serve(KafkaStreams streams, HostInfo self, Properties config) {
    Deserializer<UniquePaper> papers = paperDeserializer(config);
    this.papers = papers; // its registry client is closed with this server
    bursts(PipelineConfig.analyticsOptions(config).bursts());
    return probing(BackendProbe.of(config)).followOutputs(config).serve(streams, self, papers);
  }

  /** The papers-unique value deserializer of the app started with {@code config}. */
  public static Deserializer<UniquePaper> paperDeserializer(Properties config) {
    AvroDeserializer<UniquePaper> papers = new AvroDeserializer<>(UniquePaper.class);
    papers.configure(StreamsApp.registrySettings(config), false);
    return papers;
  }

  /**
   * Answers the analytics panels and the report from the output topics of the cluster in {@code
   * config} (a streams app's properties), followed by an {@link OutputsFeed} closed with this
   * server.
   */
  public DashboardServer followOutputs(Properties config) {
    OutputsFeed started = OutputsFeed.start(config);
    this.feed = started;
    return analytics(started.view());
  }

  /** Answers the analytics panels and the report from {@code view}, filled by the caller. */
  public DashboardServer analytics(AnalyticsView view) {
    this.analytics = view;
    return this;
  }

  /**
   * The burst detector's options ({@code papers.bursts.*}): a burst emitted earlier whose window
   * later scored below {@link BurstOptions#minScore()} is marked {@code belowThreshold}, and an
   * empty week says whether its baseline was too short to score.
   */
  public DashboardServer bursts(BurstOptions options) {
    this.bursts = options;
    return this;
  }

  /** Reports the reachability of the broker and registry that {@code probe} checks in health. */
  public DashboardServer probing(BackendProbe probe) {
    this.probe = probe;
    return this;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    return server.url();
  }

  /** The bound port. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    if (probe != null) {
      probe.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (papers != null) {
      papers.close();
    }
  }

  /** An API answer from the request's parameters. */
  private interface Api {
    void answer(Exchange ex, Map<String, String> q) throws IOException;
  }

  private Handler routes() {
    return new Routes()
        .get("/", ex -> send(ex, 200, "text/html; charset=utf-8", page))
        .get("/index.html", ex -> send(ex, 200, "text/html; charset=utf-8", page))
        .get("/api/health", api((ex, q) -> health(ex)))
        .get("/api/trends", api(this::trends))
        .get("/api/trending", api(this::trending))
        .get("/api/topics/{topic}/papers", api((ex, q) -> topicPapers(ex, ex.param("topic"), q)))
        .get("/api/papers/{id}/similar", api((ex, q) -> similar(ex, ex.param("id"), q)))
        .get("/api/papers", api(this::papers))
        .get("/report", api(this::report))
        .get(
            "/api/weeks",
            api(
                (ex, q) ->
                    sendJson(
                        ex,
                        200,
                        Map.of("weeks", view().weeks().stream().map(String::valueOf).toList()))))
        .get("/api/bursts", api(this::bursts))
        .get("/api/emerging-phrases", weekRecords("phrases", WeeklyReport::emerging, 20))
        .get("/api/staying-power", api(this::stayingPower))
        .get("/api/open-code-share", weekRecords("topics", WeeklyReport::openCode, 50))
        .get("/api/digest-health", api(this::digestHealth))
        .handler();
  }

  /** The week's records of one output topic, as {@code name}, {@code defaultLimit} by default. */
  private <T extends SpecificRecord> Routes.Endpoint weekRecords(
      String name, Function<WeeklyReport, List<T>> records, int defaultLimit) {
    return api(
        (ex, q) -> {
          Limit limit = limit(q, defaultLimit, MAX_PAGE);
          WeeklyReport r = week(q);
          sendJson(ex, 200, records(r, name, records.apply(r), x -> true, limit));
        });
  }

  /** Answers {@code api}, turning what went wrong into the dashboard's JSON errors. */
  private Routes.Endpoint api(Api api) {
    return ex -> {
      try {
        api.answer(ex, query(ex.rawQuery()));
      } catch (BadParameter e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("parameter", e.parameter);
        sendJson(ex, 400, body);
      } catch (IllegalStateException | InvalidStateStoreException e) {
        // Rebalancing or still restoring: the client retries. The messages name stores and
        // instances, never classes.
        log.info("dashboard request {} not ready: {}", ex.rawPath(), e.getMessage());
        sendJson(ex, 503, Map.of("error", "not ready, retry shortly: " + e.getMessage()));
      } catch (RuntimeException e) {
        log.error("dashboard request {} failed", ex.rawPath(), e);
        sendJson(ex, 500, Map.of("error", "internal error; see the streams app's log"));
      }
    };
  }

  /** The most papers one {@code /api/papers} request may name. */
  public static final int MAX_IDS = 100;

  /** The most series one {@code /api/trends} request may return or name. */
  public static final int MAX_SERIES = 200;

  /** The most papers one {@code /api/topics/{t}/papers} page may hold. */
  public static final int MAX_PAGE = 500;

  private void health(Exchange ex) throws IOException {
    String s = state.get();
    boolean up = "RUNNING".equals(s) || "REBALANCING".equals(s);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", s);
    BackendProbe p = probe;
    if (p != null) {
      Map<String, Object> broker = p.broker();
      Map<String, Object> registry = p.registry();
      up &= Boolean.TRUE.equals(broker.get("reachable"));
      up &= Boolean.TRUE.equals(registry.get("reachable"));
      body.put("broker", broker);
      body.put("registry", registry);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("status", up ? "UP" : "DOWN");
    out.putAll(body);
    sendJson(ex, up ? 200 : 503, out);
  }

  private void trends(Exchange ex, Map<String, String> q) throws IOException {
    TrendKind kind = kind(q);
    TrendWindow window = window(q);
    Limit limit = limit(q, 12, MAX_SERIES);
    List<String> names = list(q, "names", MAX_SERIES);
    if (forward(ex, q, StoreNames.TREND_COUNTS, TrendKeys.partition(kind))) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.name());
    out.put("window", window.name());
    limit.describe(out);
    List<Map<String, Object>> series = new ArrayList<>();
    for (TrendQueries.Series s :
        queries.series(kind, window, limit.value(), names.isEmpty() ? null : Set.copyOf(names))) {
      List<Map<String, Object>> points = new ArrayList<>();
      for (TrendQueries.Point p : s.points()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowStart", TrendQueries.date(p.windowStart()));
        m.put("windowEnd", TrendQueries.date(p.windowEnd()));
        m.put("count", p.count());
        m.put("final", p.isFinal());
        m.put("partial", p.partial());
        m.put("revision", p.revision());
        points.add(m);
      }
      series.add(Map.of("name", s.name(), "total", s.total(), "points", points));
    }
    out.put("series", series);
    // every window with data, so that a client tells a window without these names' papers (zero)
    // from a window without any data (a gap)
    out.put(
        "windowStarts",
        queries.windowStarts(kind, window).stream().map(TrendQueries::date).toList());
    sendJson(ex, 200, out);
  }

  private void trending(Exchange ex, Map<String, String> q) throws IOException {
    TrendKind kind = kind(q);
    TrendWindow window = window(q);
    Long start = windowStart(q, window);
    if (forward(ex, q, StoreNames.TRENDING, TrendKeys.partition(kind))) {
      return;
    }
    sendJson(ex, 200, queries.trending(kind, window, start));
  }

  private void topicPapers(Exchange ex, String topic, Map<String, String> q) throws IOException {
    TrendKind kind = kind(q);
    Limit limit = limit(q, 50, MAX_PAGE);
    int offset = nonNegative(q, "offset");
    Long start = q.containsKey("windowStart") ? windowStart(q, window(q)) : null;
    Long end = start == null ? null : window(q).end(start);
    if (forward(ex, q, StoreNames.TREND_MEMBERS, TrendKeys.partition(kind))) {
      return;
    }
    List<TrendQueries.Member> all = queries.members(kind, topic, start, end);
    List<TrendQueries.Member> page =
        all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit.value()));
    Map<String, Map<String, Object>> found =
        lookupPapers(page.stream().map(TrendQueries.Member::paperId).toList(), false);
    List<Map<String, Object>> papers = new ArrayList<>();
    for (TrendQueries.Member m : page) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("paperId", m.paperId());
      p.put("title", m.title());
      // the day and week it was counted in: its first digest date within the dedupe horizon
      p.put("digestDate", m.day());
      p.put("week", m.week());
      Map<String, Object> details = found.get(m.paperId());
      p.put("lastDigestDate", details != null ? details.get("lastDigestDate") : null);
      p.put("sightings", details != null ? details.get("sightings") : 1);
      p.put("codeLinks", details != null ? details.get("codeLinks") : List.of());
      papers.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", topic);
    out.put("kind", kind.name());
    if (start != null) {
      out.put("window", window(q).name());
      out.put("windowStart", TrendQueries.date(start));
    }
    out.put("total", all.size());
    out.put("offset", offset);
    limit.describe(out);
    out.put("papers", papers);
    sendJson(ex, 200, out);
  }

  private void papers(Exchange ex, Map<String, String> q) throws IOException {
    List<String> list = list(q, "ids", MAX_IDS);
    boolean withAbstract = flag(q, "abstract");
    if (q.containsKey(FORWARDED)) {
      for (String id : list) {
        // a paper that moved away since the caller routed would silently be missing
        if (router.remoteOwner(StoreNames.DEDUPE_SIGHTINGS, id).isPresent()) {
          throw new IllegalStateException("ownership of paper " + id + " moved during the request");
        }
      }
      sendJson(ex, 200, Map.of("papers", localPapers(list, withAbstract)));
    } else {
      sendJson(
          ex, 200, Map.of("papers", new ArrayList<>(lookupPapers(list, withAbstract).values())));
    }
  }

  /**
   * Looks papers up where they live: locally, or one batched call per remote owner. The answer is
   * in the order of {@code ids}, so that it does not depend on which instance was asked.
   */
  private Map<String, Map<String, Object>> lookupPapers(List<String> ids, boolean withAbstract)
      throws IOException {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    List<String> local = new ArrayList<>();
    Map<HostInfo, List<String>> remote = new LinkedHashMap<>();
    for (String id : ids) {
      Optional<HostInfo> owner = router.remoteOwner(StoreNames.DEDUPE_SIGHTINGS, id);
      if (owner.isPresent()) {
        remote.computeIfAbsent(owner.get(), h -> new ArrayList<>()).add(id);
      } else {
        local.add(id);
      }
    }
    for (Map<String, Object> p : localPapers(local, withAbstract)) {
      found.put((String) p.get("paperId"), p);
    }
    for (Map.Entry<HostInfo, List<String>> e : remote.entrySet()) {
      // at most MAX_IDS per call: a topic page may name more papers than one call accepts
      List<String> all = e.getValue();
      for (int from = 0; from < all.size(); from += MAX_IDS) {
        List<String> batch = all.subList(from, Math.min(all.size(), from + MAX_IDS));
        String path =
            "/api/papers?"
                + FORWARDED
                + "=1"
                + (withAbstract ? "&abstract=1" : "")
                + "&ids="
                + URLEncoder.encode(String.join(",", batch), StandardCharsets.UTF_8);
        Map<?, ?> body = json.readValue(get(e.getKey(), path), Map.class);
        for (Object o : (List<?>) body.get("papers")) {
          @SuppressWarnings("unchecked")
          Map<String, Object> p = (Map<String, Object>) o;
          found.put((String) p.get("paperId"), p);
        }
      }
    }
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (String id : ids) {
      Map<String, Object> p = found.get(id);
      if (p != null) {
        out.put(id, p);
      }
    }
    return out;
  }

  private List<Map<String, Object>> localPapers(List<String> ids, boolean withAbstract) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : ids) {
      TrendQueries.PaperView v = queries.paper(id);
      if (v == null) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("paperId", v.paperId());
      m.put("title", v.title());
      m.put("digestDate", v.firstDigestDate());
      m.put("firstDigestDate", v.firstDigestDate());
      m.put("lastDigestDate", v.lastDigestDate());
      m.put("sightings", v.sightings());
      m.put("codeLinks", v.codeLinks());
      if (withAbstract) {
        m.put("abstract", v.abstractText());
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Sends the request on to the owner of {@code key} and relays its answer; false when this
   * instance owns it and must answer itself.
   */
  private boolean forward(Exchange ex, Map<String, String> q, String store, String key)
      throws IOException {
    Optional<HostInfo> owner = router.remoteOwner(store, key);
    if (owner.isEmpty()) {
      return false;
    }
    if (q.containsKey(FORWARDED)) {
      throw new IllegalStateException("ownership of " + store + " moved during the request");
    }
    String path =
        ex.rawPath() + "?" + (ex.rawQuery() == null ? "" : ex.rawQuery() + "&") + FORWARDED + "=1";
    send(ex, 200, JSON, get(owner.get(), path));
    return true;
  }

  private byte[] get(HostInfo host, String pathAndQuery) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "instance " + host + " answered " + response.statusCode() + " for " + pathAndQuery);
      }
      return response.body();
    } catch (java.net.ConnectException | java.net.http.HttpTimeoutException e) {
      // The owner is down or stuck: the metadata is stale until the group rebalances.
      throw new IllegalStateException("instance " + host + " unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + host, e);
    } catch (IOException e) {
      throw new IllegalStateException("instance " + host + " failed to answer", e);
    }
  }

  private AnalyticsView view() {
    AnalyticsView v = analytics;
    if (v == null) {
      throw new IllegalStateException(
          "the analytics panels are not connected to the output topics on this instance");
    }
    return v;
  }

  /** The report of the {@code week} parameter, or of the latest week with data. */
  private WeeklyReport week(Map<String, String> q) {
    AnalyticsView v = view();
    String w = q.get("week");
    IsoWeek week;
    if (w == null || w.isEmpty()) {
      // no data yet: the current week, so that every panel says it has nothing
      week = v.latestWeek().orElseGet(() -> IsoWeek.of(java.time.Instant.now()));
    } else {
      try {
        week = IsoWeek.parse(w);
      } catch (IllegalArgumentException e) {
        throw new BadParameter("week", e.getMessage());
      }
    }
    return v.report(week);
  }

  private void report(Exchange ex, Map<String, String> q) throws IOException {
    ReportFormat format;
    try {
      format = ReportFormat.parse(q.getOrDefault("format", "html"));
    } catch (IllegalArgumentException e) {
      throw new BadParameter("format", e.getMessage());
    }
    WeeklyReport r = week(q);
    send(
        ex,
        200,
        format.contentType(),
        ReportRenderer.render(r, format, view().vectors()).getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, Object> weekHeader(WeeklyReport r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("week", r.week().toString());
    out.put("weekStart", r.week().monday().toString());
    out.put("weekEnd", r.week().sunday().toString());
    out.put("weeks", view().weeks().stream().map(String::valueOf).toList());
    return out;
  }

  private <T extends SpecificRecord> Map<String, Object> records(
      WeeklyReport r, String name, List<T> all, Predicate<T> filter, Limit limit) {
    List<T> matching = all.stream().filter(filter).toList();
    Map<String, Object> out = weekHeader(r);
    out.put("total", matching.size());
    limit.describe(out);
    out.put(
        name,
        matching.subList(0, Math.min(limit.value(), matching.size())).stream()
            .map(AvroJson::toJson)
            .toList());
    return out;
  }

  private void bursts(Exchange ex, Map<String, String> q) throws IOException {
    String window = q.containsKey("window") ? window(q).name() : null;
    String kind = q.containsKey("kind") ? kind(q).name() : null;
    Limit limit = limit(q, 20, MAX_PAGE);
    WeeklyReport r = week(q);
    BurstOptions options = bursts;
    double threshold = options.minScore();
    Map<String, Object> out =
        records(
            r,
            "bursts",
            r.bursts(),
            b ->
                (window == null || window.equals(b.getWindow()))
                    && (kind == null || kind.equals(b.getKind())),
            limit);
    // a window that passed once is updated, not withdrawn, when it later scores lower
    out.put("threshold", threshold);
    out.put("baselineWeeks", options.weekBaseline());
    out.put("baselineWeeksWithData", view().weeksWithDataBefore(r.week(), options.weekBaseline()));
    out.put("minBaselineWindows", options.minBaselineWindows());
    for (Object b : (List<?>) out.get("bursts")) {
      ObjectNode o = (ObjectNode) b;
      o.put("belowThreshold", o.get("score").asDouble() < threshold);
    }
    sendJson(ex, 200, out);
  }

  private void stayingPower(Exchange ex, Map<String, String> q) throws IOException {
    Limit limit = limit(q, 20, MAX_PAGE);
    WeeklyReport r = week(q);
    Map<String, Object> out = weekHeader(r);
    StayingPower sp = r.stayingPower();
    out.put("final", sp != null && sp.getFinal$());
    out.put("revision", sp == null ? 0 : sp.getRevision());
    List<StayingPaper> entries = sp == null ? List.of() : sp.getEntries();
    out.put("total", entries.size());
    limit.describe(out);
    out.put(
        "papers",
        entries.subList(0, Math.min(limit.value(), entries.size())).stream()
            .map(AvroJson::toJson)
            .toList());
    sendJson(ex, 200, out);
  }

  /** The most similar earlier papers one {@code /api/papers/{id}/similar} request may ask. */
  public static final int MAX_SIMILAR = 50;

  private void similar(Exchange ex, String id, Map<String, String> q) throws IOException {
    Limit limit = limit(q, 5, MAX_SIMILAR);
    PaperVectors vectors = view().vectors();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("paperId", id);
    out.put("found", vectors.contains(id));
    out.put("digestDate", vectors.digestDate(id).map(LocalDate::toString).orElse(null));
    out.put("model", vectors.model(id).orElse(null));
    limit.describe(out);
    List<Map<String, Object>> papers = new ArrayList<>();
    for (PaperVectors.Similar s : vectors.earlier(id, limit.value())) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("paperId", s.paperId());
      p.put("title", s.title());
      p.put("digestDate", s.digestDate().toString());
      p.put("cosine", s.cosine());
      papers.add(p);
    }
    out.put("papers", papers);
    out.put("indexed", vectors.size());
    sendJson(ex, 200, out);
  }

  private void digestHealth(Exchange ex, Map<String, String> q) throws IOException {
    WeeklyReport r = week(q);
    Map<String, Object> out = weekHeader(r);
    List<Object> days = new ArrayList<>();
    int missing = 0;
    int noRecord = 0;
    int rejected = 0;
    for (Map.Entry<LocalDate, DigestHealth> e : r.health().entrySet()) {
      DigestHealth h = e.getValue();
      ObjectNode day = json.createObjectNode();
      day.put("date", e.getKey().toString());
      day.put("status", status(h));
      noRecord += h == null ? 1 : 0;
      rejected += "rejected".equals(status(h)) ? 1 : 0;
      if (h != null) {
        missing += h.getMissing() ? 1 : 0;
        day.setAll(AvroJson.toJson(h));
      }
      days.add(day);
    }
    out.put("missingDays", missing);
    out.put("noRecordDays", noRecord);
    out.put("rejectedDays", rejected);
    out.put("days", days);
    sendJson(ex, 200, out);
  }

  /**
   * A date's input health: unknown (no record), missing, rejected (its files all rejected whole),
   * or ok.
   */
  private static String status(DigestHealth h) {
    if (h == null) {
      return "unknown";
    } else if (h.getMissing()) {
      return "missing";
    }
    return h.getRejectedFiles() > 0 && h.getFiles() == h.getRejectedFiles() ? "rejected" : "ok";
  }

  /** A request parameter that cannot be used; answered 400 naming it. */
  private static final class BadParameter extends RuntimeException {
    final String parameter;

    BadParameter(String parameter, String message) {
      super(message);
      this.parameter = parameter;
    }
  }

  /** A limit as asked, or capped, so that the answer can say it was. */
  private record Limit(int value, Integer cappedAt) {
    void describe(Map<String, Object> out) {
      out.put("limit", value);
      if (cappedAt != null) {
        out.put("limitCappedAt", cappedAt);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    try {
      return QueryStrings.parse(raw);
    } catch (IllegalArgumentException e) {
      throw new BadParameter("query", "the query has a malformed percent-escape");
    }
  }

  private static TrendKind kind(Map<String, String> q) {
    String v = q.getOrDefault("kind", "TOPIC").toUpperCase(Locale.ROOT);
    for (TrendKind k : TrendKind.values()) {
      if (k.name().equals(v)) {
        return k;
      }
    }
    throw new BadParameter("kind", "kind must be TOPIC or KEYPHRASE, not '" + q.get("kind") + "'");
  }

  private static TrendWindow window(Map<String, String> q) {
    String v = q.getOrDefault("window", "DAY").toUpperCase(Locale.ROOT);
    for (TrendWindow w : TrendWindow.values()) {
      if (w.name().equals(v)) {
        return w;
      }
    }
    throw new BadParameter(
        "window",
        "window must be one of "
            + java.util.Arrays.toString(TrendWindow.values())
            + ", not '"
            + q.get("window")
            + "'");
  }

  /**
   * The start of the window of {@code window}'s size that contains the {@code windowStart}
   * parameter, an ISO date {@code YYYY-MM-DD} as the API answers them: a WEEK start that is not a
   * Monday means the week that contains it. Null when absent.
   */
  private static Long windowStart(Map<String, String> q, TrendWindow window) {
    String v = q.get("windowStart");
    if (v == null || v.isEmpty()) {
      return null;
    }
    long ms;
    try {
      ms = LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new BadParameter(
          "windowStart", "windowStart must be a date YYYY-MM-DD, not '" + v + "'");
    }
    return window.start(ms);
  }

  private static Limit limit(Map<String, String> q, int def, int max) {
    String v = q.get("limit");
    if (v == null) {
      return new Limit(def, null);
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadParameter("limit", "limit must be a whole number from 1 to " + max);
    }
    if (n < 1) {
      throw new BadParameter("limit", "limit must be from 1 to " + max + ", not " + v);
    }
    return n > max ? new Limit(max, max) : new Limit(n, null);
  }

  private static int nonNegative(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadParameter(name, name + " must be a whole number, 0 or more, not '" + v + "'");
  }

  private static boolean flag(Map<String, String> q, String name) {
    String v = q.get(name);
    return v != null && (v.isEmpty() || v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /** A comma-separated list of at most {@code max} non-blank items. */
  private static List<String> list(Map<String, String> q, String name, int max) {
    String v = q.getOrDefault(name, "");
    List<String> items = new ArrayList<>();
    for (String s : v.split(",")) {
      if (!s.isBlank()) {
        items.add(s.trim());
      }
    }
    if (items.size() > max) {
      throw new BadParameter(
          name, name + " names " + items.size() + " items; at most " + max + " per request");
    }
    return items;
  }

  private void sendJson(Exchange ex, int status, Object body) throws IOException {
    send(ex, status, JSON, json.writeValueAsBytes(body));
  }

  private static void send(Exchange ex, int status, String type, byte[] body) {
    ex.responseHeader("Cache-Control", "no-store").send(status, type, body);
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
