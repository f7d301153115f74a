package dev.paperspipeline.streams.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paperspipeline.metrics.HttpLimits;
import dev.paperspipeline.registry.QueryStrings;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
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
 *   <li>{@code GET /api/health} {@code {"status": "UP"|"DOWN", "state": <KafkaStreams state>}}
 *   <li>{@code GET /api/trends?window=DAY|WEEK&kind=TOPIC|KEYPHRASE&limit=12} series of counts
 *   <li>{@code GET /api/trending?window=DAY|WEEK&kind=TOPIC|KEYPHRASE[&windowStart=YYYY-MM-DD]} the
 *       top N of a window (the latest by default) with growth
 *   <li>{@code GET /api/topics/{topic}/papers?limit=50} the papers driving a topic, newest first,
 *       and their {@code total} number
 *   <li>{@code GET /api/papers?ids=a,b} papers by id (sightings, digest date, code links)
 * </ul>
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final String FORWARDED = "forwarded";

  private final HttpServer server;
  private final HttpLimits limits;
  private volatile TrendQueries queries;
  private volatile Router router;
  private volatile Supplier<String> state = () -> "STARTING";
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final byte[] page;

  private DashboardServer(InetSocketAddress address) throws IOException {
    this.page = resource("/dashboard/index.html");
    this.server = HttpServer.create(address, 64);
    // Slow clients must not starve the others: bounded request time, 16 workers, small bodies.
    this.limits =
        HttpLimits.install(
            server, HttpLimits.Config.defaults().withMaxBodyBytes(64 * 1024), "dashboard-http");
    limits.createContext("/", this::handle);
  }

  /**
   * Binds {@code host:port} (port 0 picks a free one) without serving yet, so that the streams app
   * can advertise the bound port as its {@code application.server} before it starts.
   */
  public static DashboardServer bind(String host, int port) throws IOException {
    return new DashboardServer(new InetSocketAddress(host, port));
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
    server.start();
    return this;
  }

  /** Binds and serves at once. */
  public static DashboardServer start(
      String host, int port, LocalStores stores, Router router, Supplier<String> state)
      throws IOException {
    return bind(host, port).serve(stores, router, state);
  }

  /** Serves the dashboard of a running app that advertises {@code self} as application.server. */
  public DashboardServer serve(KafkaStreams streams, HostInfo self) {
    return serve(LocalStores.of(streams), Router.of(streams, self), () -> streams.state().name());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    InetSocketAddress a = server.getAddress();
    return "http://" + a.getHostString() + ":" + a.getPort();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    limits.close();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, JSON, error("only GET is supported"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      Map<String, String> q = QueryStrings.parse(ex.getRequestURI().getRawQuery());
      try {
        if (path.equals("/") || path.equals("/index.html")) {
          send(ex, 200, "text/html; charset=utf-8", page);
        } else if (path.equals("/api/health")) {
          String s = state.get();
          boolean up = "RUNNING".equals(s) || "REBALANCING".equals(s);
          sendJson(ex, up ? 200 : 503, Map.of("status", up ? "UP" : "DOWN", "state", s));
        } else if (path.equals("/api/trends")) {
          trends(ex, q);
        } else if (path.equals("/api/trending")) {
          trending(ex, q);
        } else if (path.startsWith("/api/topics/") && path.endsWith("/papers")) {
          String topic =
              URLDecoder.decode(
                  path.substring("/api/topics/".length(), path.length() - "/papers".length()),
                  StandardCharsets.UTF_8);
          topicPapers(ex, topic, intParam(q, "limit", 50, 500), q);
        } else if (path.equals("/api/papers")) {
          papers(ex, q);
        } else {
          sendJson(ex, 404, Map.of("error", "no such path: " + path));
        }
      } catch (IllegalArgumentException e) {
        sendJson(ex, 400, Map.of("error", e.getMessage()));
      } catch (IllegalStateException | InvalidStateStoreException e) {
        // Rebalancing or still restoring: the client retries.
        sendJson(ex, 503, Map.of("error", "not ready: " + e.getMessage()));
      } catch (RuntimeException e) {
        log.error("dashboard request {} failed", ex.getRequestURI(), e);
        sendJson(ex, 500, Map.of("error", e.toString()));
      }
    }
  }

  private void trends(HttpExchange ex, Map<String, String> q) throws IOException {
    TrendKind kind = kind(q);
    TrendWindow window = window(q);
    if (forward(ex, q, StoreNames.TREND_COUNTS, TrendKeys.partition(kind))) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.name());
    out.put("window", window.name());
    List<Map<String, Object>> series = new ArrayList<>();
    for (TrendQueries.Series s : queries.series(kind, window, intParam(q, "limit", 12, 200))) {
      List<Map<String, Object>> points = new ArrayList<>();
      for (TrendQueries.Point p : s.points()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windowStart", p.windowStart());
        m.put("windowEnd", p.windowEnd());
        m.put("count", p.count());
        m.put("final", p.isFinal());
        points.add(m);
      }
      series.add(Map.of("name", s.name(), "total", s.total(), "points", points));
    }
    out.put("series", series);
    sendJson(ex, 200, out);
  }

  private void trending(HttpExchange ex, Map<String, String> q) throws IOException {
    TrendKind kind = kind(q);
    TrendWindow window = window(q);
    if (forward(ex, q, StoreNames.TRENDING, TrendKeys.partition(kind))) {
      return;
    }
    sendJson(ex, 200, queries.trending(kind, window, q.get("windowStart")));
  }

  private void topicPapers(HttpExchange ex, String topic, int limit, Map<String, String> q)
      throws IOException {
    if (forward(ex, q, StoreNames.TREND_MEMBERS, TrendKeys.partition(TrendKind.TOPIC))) {
      return;
    }
    List<String[]> all = queries.topicMembers(topic, Integer.MAX_VALUE);
    List<String[]> members = all.size() > limit ? all.subList(0, limit) : all;
    List<String> ids = members.stream().map(m -> m[0]).toList();
    Map<String, Map<String, Object>> found = lookupPapers(ids);
    List<Map<String, Object>> papers = new ArrayList<>();
    for (String[] m : members) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("paperId", m[0]);
      p.put("title", m[1]);
      p.put("week", m[2]);
      Map<String, Object> details = found.get(m[0]);
      p.put("digestDate", details != null ? details.get("digestDate") : null);
      p.put("sightings", details != null ? details.get("sightings") : 1);
      p.put("codeLinks", details != null ? details.get("codeLinks") : List.of());
      papers.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", topic);
    out.put("total", all.size());
    out.put("papers", papers);
    sendJson(ex, 200, out);
  }

  private void papers(HttpExchange ex, Map<String, String> q) throws IOException {
    String ids = q.getOrDefault("ids", "");
    List<String> list = ids.isBlank() ? List.of() : List.of(ids.split(","));
    if (q.containsKey(FORWARDED)) {
      for (String id : list) {
        // a paper that moved away since the caller routed would silently be missing
        if (router.remoteOwner(StoreNames.DEDUPE_SIGHTINGS, id).isPresent()) {
          throw new IllegalStateException("ownership of paper " + id + " moved during the request");
        }
      }
      sendJson(ex, 200, Map.of("papers", localPapers(list)));
    } else {
      sendJson(ex, 200, Map.of("papers", new ArrayList<>(lookupPapers(list).values())));
    }
  }

  /**
   * Looks papers up where they live: locally, or one batched call per remote owner. The answer is
   * in the order of {@code ids}, so that it does not depend on which instance was asked.
   */
  private Map<String, Map<String, Object>> lookupPapers(List<String> ids) throws IOException {
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
    for (Map<String, Object> p : localPapers(local)) {
      found.put((String) p.get("paperId"), p);
    }
    for (Map.Entry<HostInfo, List<String>> e : remote.entrySet()) {
      String path =
          "/api/papers?"
              + FORWARDED
              + "=1&ids="
              + URLEncoder.encode(String.join(",", e.getValue()), StandardCharsets.UTF_8);
      Map<?, ?> body = json.readValue(get(e.getKey(), path), Map.class);
      for (Object o : (List<?>) body.get("papers")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) o;
        found.put((String) p.get("paperId"), p);
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

  private List<Map<String, Object>> localPapers(List<String> ids) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : ids) {
      TrendQueries.PaperView v = queries.paper(id);
      if (v == null) {
        continue;
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("paperId", v.paperId());
      m.put("title", v.title());
      m.put("digestDate", v.digestDate());
      m.put("sightings", v.sightings());
      m.put("codeLinks", v.codeLinks());
      out.add(m);
    }
    return out;
  }

  /**
   * Sends the request on to the owner of {@code key} and relays its answer; false when this
   * instance owns it and must answer itself.
   */
  private boolean forward(HttpExchange ex, Map<String, String> q, String store, String key)
      throws IOException {
    Optional<HostInfo> owner = router.remoteOwner(store, key);
    if (owner.isEmpty()) {
      return false;
    }
    if (q.containsKey(FORWARDED)) {
      throw new IllegalStateException("ownership of " + store + " moved during the request");
    }
    URI uri = ex.getRequestURI();
    String path =
        uri.getRawPath()
            + "?"
            + (uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&")
            + FORWARDED
            + "=1";
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
      throw new IllegalStateException("instance " + host + " unreachable: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + host, e);
    }
  }

  private static TrendKind kind(Map<String, String> q) {
    return TrendKind.valueOf(q.getOrDefault("kind", "TOPIC").toUpperCase(java.util.Locale.ROOT));
  }

  private static TrendWindow window(Map<String, String> q) {
    return TrendWindow.valueOf(q.getOrDefault("window", "DAY").toUpperCase(java.util.Locale.ROOT));
  }

  private static int intParam(Map<String, String> q, String name, int def, int max) {
    String v = q.get(name);
    if (v == null) {
      return def;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be positive: " + v);
      }
      return Math.min(n, max);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " is not a number: " + v);
    }
  }

  private void sendJson(HttpExchange ex, int status, Object body) throws IOException {
    send(ex, status, JSON, json.writeValueAsBytes(body));
  }

  private static byte[] error(String message) {
    return ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
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
