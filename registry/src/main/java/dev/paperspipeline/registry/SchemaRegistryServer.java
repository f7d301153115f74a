package dev.paperspipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.paperspipeline.metrics.HttpLimits;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded registry speaking the part of Confluent Schema Registry's REST API that Confluent's
 * clients and serdes use, so they (and ours) work against it unchanged: registration, lookup,
 * schemas by id, subjects and versions, compatibility configuration and checks, subject deletion.
 * Avro only; no schema references, contexts or modes other than READWRITE. HTTPS and HTTP basic
 * authentication are optional ({@link RegistryServerSecurity}).
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry =
 *     SchemaRegistryServer.start(SchemaRegistryServer.Config.inMemory().withPort(0))) {
 *   String url = registry.url(); // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
  static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
  static final String PLAIN_JSON = "application/json";
  private static final Set<String> ACCEPTED_REQUEST_TYPES =
      Set.of(V1_JSON, DEFAULT_JSON, PLAIN_JSON, "application/octet-stream");

  /**
   * Where and how the server runs.
   *
   * @param host address to bind; default 127.0.0.1
   * @param port port to bind; default 8081, 0 picks a free one
   * @param store where schemas live; closed with the server
   * @param threads request-handling threads; default 16
   */
  public record Config(String host, int port, SchemaStore store, int threads) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_THREADS = HttpLimits.Config.DEFAULT_THREADS;

    /**
     * Largest request body: a schema larger than about 1 MiB cannot be stored in a Kafka topic with
     * default limits anyway (it is answered 422/42209), so 4 MiB is room enough.
     */
    public static final long MAX_BODY_BYTES = 4L * 1024 * 1024;

    public Config {
      Objects.requireNonNull(store, "store");
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive, got " + threads);
      }
    }

    /** 127.0.0.1:8081 over {@code store}. */
    public static Config of(SchemaStore store) {
      return new Config(DEFAULT_HOST, DEFAULT_PORT, store, DEFAULT_THREADS);
    }

    /** 127.0.0.1:8081 over a new {@link InMemorySchemaStore}. */
    public static Config inMemory() {
      return of(new InMemorySchemaStore());
    }

    public Config withHost(String newHost) {
      return new Config(newHost, port, store, threads);
    }

    public Config withPort(int newPort) {
      return new Config(host, newPort, store, threads);
    }

    public Config withThreads(int newThreads) {
      return new Config(host, port, store, newThreads);
    }
  }

  private final HttpServer http;
  private final SchemaStore store;
  // Known once the server is bound (port 0 picks one).
  private volatile String url;
  private final java.util.concurrent.atomic.AtomicLong requests =
      new java.util.concurrent.atomic.AtomicLong();

  private SchemaRegistryServer(HttpServer http, SchemaStore store) {
    this.http = http;
    this.store = store;
  }

  private static String urlOf(InetSocketAddress bound, String scheme) {
    String host = bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return scheme + "://" + host + ":" + bound.getPort();
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException when the address cannot be bound
   */
  public static SchemaRegistryServer start(Config config) throws IOException {
    return start(config, RegistryServerSecurity.NONE);
  }

  /**
   * Binds and starts serving over HTTPS and/or with basic authentication as {@code security} says.
   *
   * @throws IOException when the address cannot be bound
   */
  public static SchemaRegistryServer start(Config config, RegistryServerSecurity security)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    HttpServer http =
        JettyServers.create(
            address,
            security.tls() ? security.httpsConfigurator() : null,
            config.threads(),
            HttpLimits.Config.DEFAULT_READ_TIMEOUT,
            "schema-registry-http");
    com.sun.net.httpserver.HttpContext context = http.createContext("/");
    context.getFilters().add(HttpLimits.bodyLimit(Config.MAX_BODY_BYTES));
    if (security.authenticator() != null) {
      context.setAuthenticator(security.authenticator());
    }
    SchemaRegistryServer server = new SchemaRegistryServer(http, config.store());
    context.setHandler(server::handle);
    JettyServers.start(http, address);
    server.url = urlOf(http.getAddress(), security.tls() ? "https" : "http");
    log.info("Schema registry listening on {}", server.url);
    return server;
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8081}, for {@code schema.registry.url}. */
  public String url() {
    return url;
  }

  /** Stops serving and closes the store. */
  @Override
  public void close() {
    http.stop(0);
    store.close();
    log.info("Schema registry at {} stopped", url);
  }

  /** What a handler returns: a status and a JSON body (or raw text). */
  private record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }
  }

  /** An answer other than the registry's own errors, e.g. 404 for an unknown path. */
  private static final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  /** Requests handled so far (tests check client-side caching with it). */
  long requestCount() {
    return requests.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = exchange.getRequestURI().getRawPath();
    Reply reply;
    try {
      reply = routeCatchingUp(method, rawPath, exchange);
    } catch (SchemaRegistryException e) {
      reply = error(e.status(), e.errorCode(), messageOf(e));
      if (e.status() >= 500) {
        log.warn("{} {} failed: {}", method, rawPath, e.getMessage(), e);
      }
    } catch (HttpError e) {
      reply = error(e.status, e.status, e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, rawPath, e);
      reply = error(500, 500, "Internal Server Error");
    }
    log.debug("{} {} -> {}", method, rawPath, reply.status());
    byte[] body =
        reply.body() instanceof String raw
            ? raw.getBytes(StandardCharsets.UTF_8)
            : JSON.writeValueAsBytes(reply.body());
    exchange.getResponseHeaders().set("Content-Type", responseType(exchange));
    exchange.sendResponseHeaders(reply.status(), body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Routes a request so that a read sees every write acknowledged before it, by this registry
   * process or another one sharing the store's log. A read whose answer can change (subjects,
   * versions, "latest", levels) catches up with the log first: a client that registers through one
   * process and lists through another must find its version (when the cluster cannot be reached in
   * a few seconds, the read is answered from what was replayed). A read by schema id, whose answer
   * never changes once it exists, is answered at once and catches up only when it finds nothing, so
   * deserializers' lookups cost no round trip to the broker.
   */
  private Reply routeCatchingUp(String method, String rawPath, HttpExchange exchange)
      throws IOException {
    List<String> path = segments(rawPath);
    Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
    boolean byId = isReadById(path);
    if ("GET".equals(method) && !byId) {
      store.catchUpBeforeRead();
    }
    try {
      return route(method, path, q, exchange);
    } catch (SchemaRegistryException e) {
      if (!"GET".equals(method) || !byId || e.status() != 404) {
        throw e;
      }
      store.catchUp();
      return route(method, path, q, exchange);
    }
  }

  /** {@code /schemas/ids/{id}} and {@code /schemas/ids/{id}/schema}: an id's schema is fixed. */
  private static boolean isReadById(List<String> path) {
    int n = path.size();
    return n >= 3
        && path.get(0).equals("schemas")
        && path.get(1).equals("ids")
        && (n == 3 || (n == 4 && path.get(3).equals("schema")));
  }

  private static String messageOf(SchemaRegistryException e) {
    // SchemaRegistryException appends "(HTTP n, error code m)"; the body carries those separately.
    String m = e.getMessage();
    int cut = m.lastIndexOf(" (HTTP ");
    return cut > 0 ? m.substring(0, cut) : m;
  }

  private static Reply error(int status, int code, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("error_code", code);
    body.put("message", message);
    return new Reply(status, body);
  }

  private static String responseType(HttpExchange exchange) {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    if (accept == null || accept.contains(V1_JSON) || accept.contains("*/*")) {
      return V1_JSON;
    }
    if (accept.contains(DEFAULT_JSON)) {
      return DEFAULT_JSON;
    }
    return accept.contains(PLAIN_JSON) ? PLAIN_JSON : V1_JSON;
  }

  private static Map<String, String> query(String rawQuery) {
    try {
      return QueryStrings.parse(rawQuery);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "HTTP 400 Bad Request: malformed percent-escape in the query");
    }
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        try {
          out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new HttpError(400, "HTTP 400 Bad Request: malformed percent-escape in the path");
        }
      }
    }
    return out;
  }

  private static boolean flag(Map<String, String> query, String name) {
    return "true".equalsIgnoreCase(query.get(name));
  }

  private Reply route(String method, List<String> p, Map<String, String> q, HttpExchange exchange)
      throws IOException {
    int n = p.size();
    String root = n == 0 ? "" : p.get(0);
    switch (root) {
      case "":
        return only(method, "GET", () -> Reply.ok(JSON.createObjectNode()));
      case "subjects":
        if (n == 1) {
          return only(method, "GET", () -> Reply.ok(store.state().subjects(flag(q, "deleted"))));
        }
        String subject = p.get(1);
        if (n == 2) {
          if (method.equals("POST")) {
            return lookup(subject, body(exchange));
          }
          return only(
              method, "DELETE", () -> Reply.ok(store.deleteSubject(subject, flag(q, "permanent"))));
        }
        if (!p.get(2).equals("versions")) {
          break;
        }
        if (n == 3) {
          if (method.equals("POST")) {
            return register(subject, body(exchange));
          }
          return only(
              method, "GET", () -> Reply.ok(store.state().versions(subject, flag(q, "deleted"))));
        }
        if (n == 4) {
          return only(
              method, "GET", () -> Reply.ok(schemaJson(store.state().version(subject, p.get(3)))));
        }
        if (n == 5 && p.get(4).equals("schema")) {
          return only(
              method,
              "GET",
              () -> Reply.ok(store.state().version(subject, p.get(3)).schema().toString()));
        }
        break;
      case "schemas":
        if (n == 2 && p.get(1).equals("types")) {
          return only(method, "GET", () -> Reply.ok(List.of("AVRO")));
        }
        if (n >= 3 && p.get(1).equals("ids")) {
          int id = schemaId(p.get(2));
          if (n == 3) {
            return only(method, "GET", () -> Reply.ok(schemaString(id, flag(q, "fetchMaxId"))));
          }
          if (n == 4) {
            switch (p.get(3)) {
              case "schema":
                return only(method, "GET", () -> Reply.ok(store.state().schemaById(id).toString()));
              case "versions":
                return only(method, "GET", () -> Reply.ok(subjectVersions(id)));
              case "subjects":
                return only(
                    method,
                    "GET",
                    () ->
                        Reply.ok(
                            store.state().subjectVersionsOf(id).stream()
                                .map(RegistryState.SubjectVersion::subject)
                                .distinct()
                                .toList()));
              default:
                break;
            }
          }
        }
        break;
      case "config":
        if (n == 1) {
          if (method.equals("PUT")) {
            return putConfig(null, body(exchange));
          }
          return only(method, "GET", () -> Reply.ok(config(store.state().globalLevel())));
        }
        if (n == 2) {
          String s = p.get(1);
          switch (method) {
            case "PUT":
              return putConfig(s, body(exchange));
            case "DELETE":
              CompatibilityLevel removed = store.clearLevel(s);
              if (removed == null) {
                throw notConfigured(s);
              }
              return Reply.ok(config(removed));
            default:
              return only(method, "GET", () -> Reply.ok(config(subjectConfig(s, q))));
          }
        }
        break;
      case "compatibility":
        if (n >= 4 && p.get(1).equals("subjects") && p.get(3).equals("versions") && n <= 5) {
          String s = p.get(2);
          String version = n == 5 ? p.get(4) : null;
          if (method.equals("POST")) {
            return compatibility(s, version, flag(q, "verbose"), body(exchange));
          }
          throw new HttpError(405, "HTTP 405 Method Not Allowed");
        }
        break;
      case "mode":
        if (n <= 2) {
          return only(
              method, "GET", () -> Reply.ok(JSON.createObjectNode().put("mode", "READWRITE")));
        }
        break;
      default:
        break;
    }
    throw new HttpError(404, "HTTP 404 Not Found");
  }

  private interface Handler {
    Reply handle() throws IOException;
  }

  private static Reply only(String method, String allowed, Handler handler) throws IOException {
    if (!method.equals(allowed)) {
      throw new HttpError(405, "HTTP 405 Method Not Allowed");
    }
    return handler.handle();
  }

  private static int schemaId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new HttpError(404, "HTTP 404 Not Found");
    }
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null) {
      String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!media.isEmpty() && !ACCEPTED_REQUEST_TYPES.contains(media)) {
        throw new HttpError(415, "HTTP 415 Unsupported Media Type");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readAllBytes();
      JsonNode node = bytes.length == 0 ? null : JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new HttpError(422, "Request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "HTTP 400 Bad Request: malformed JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses the {"schema", "schemaType", "references"} body of register/lookup/compatibility. */
  private static Schema requestSchema(JsonNode body) {
    String type = body.path("schemaType").asText("");
    if (!type.isEmpty() && !type.equalsIgnoreCase("AVRO")) {
      throw SchemaRegistryException.invalidSchema(
          "schema type " + type + " is not supported by this registry (AVRO only)", null);
    }
    JsonNode refs = body.get("references");
    if (refs != null && refs.isArray() && refs.size() > 0) {
      throw SchemaRegistryException.invalidSchema(
          "schema references are not supported by this registry", null);
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw SchemaRegistryException.invalidSchema("the request has no \"schema\" string", null);
    }
    return RegistryState.parse(schema.asText());
  }

  private Reply register(String subject, JsonNode body) {
    RegisteredSchema registered = store.register(subject, requestSchema(body));
    return Reply.ok(JSON.createObjectNode().put("id", registered.id()));
  }

  private Reply lookup(String subject, JsonNode body) {
    Schema schema = requestSchema(body);
    try {
      return Reply.ok(schemaJson(store.state().lookup(subject, schema)));
    } catch (SchemaRegistryException e) {
      store.catchUp();
      return Reply.ok(schemaJson(store.state().lookup(subject, schema)));
    }
  }

  private Reply compatibility(String subject, String version, boolean verbose, JsonNode body) {
    Schema schema = requestSchema(body);
    store.catchUpBeforeRead(); // tested against what every registry process has written
    List<String> problems;
    try {
      problems = store.state().testCompatibility(subject, schema, version);
    } catch (SchemaRegistryException e) {
      // Checking against "latest" of a subject without versions: anything is compatible.
      if (e.errorCode() != SchemaRegistryException.SUBJECT_NOT_FOUND
          || (version != null && RegistryState.parseVersion(version) != -1)) {
        throw e;
      }
      problems = List.of();
    }
    ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
    if (verbose) {
      ArrayNode messages = out.putArray("messages");
      problems.forEach(messages::add);
    }
    return Reply.ok(out);
  }

  private Reply putConfig(String subject, JsonNode body) {
    CompatibilityLevel level = CompatibilityLevel.parse(body.path("compatibility").asText(null));
    store.setLevel(subject, level);
    return Reply.ok(JSON.createObjectNode().put("compatibility", level.name()));
  }

  private CompatibilityLevel subjectConfig(String subject, Map<String, String> q) {
    CompatibilityLevel own = store.state().subjectLevel(subject);
    if (own != null) {
      return own;
    }
    if (flag(q, "defaultToGlobal")) {
      return store.state().globalLevel();
    }
    throw notConfigured(subject);
  }

  private static SchemaRegistryException notConfigured(String subject) {
    return new SchemaRegistryException(
        404,
        SchemaRegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
        "Subject '" + subject + "' does not have subject-level compatibility configured");
  }

  private static ObjectNode config(CompatibilityLevel level) {
    return JSON.createObjectNode().put("compatibilityLevel", level.name());
  }

  private static ObjectNode schemaJson(RegisteredSchema s) {
    ObjectNode out = JSON.createObjectNode();
    out.put("subject", s.subject());
    out.put("version", s.version());
    out.put("id", s.id());
    out.put("schema", s.schema().toString());
    return out;
  }

  private ObjectNode schemaString(int id, boolean fetchMaxId) {
    ObjectNode out = JSON.createObjectNode();
    out.put("schema", store.state().schemaById(id).toString());
    if (fetchMaxId) {
      out.put("maxId", store.state().maxId());
    }
    return out;
  }

  private ArrayNode subjectVersions(int id) {
    ArrayNode out = JSON.createArrayNode();
    for (RegistryState.SubjectVersion sv : store.state().subjectVersionsOf(id)) {
      out.addObject().put("subject", sv.subject()).put("version", sv.version());
    }
    return out;
  }
}
