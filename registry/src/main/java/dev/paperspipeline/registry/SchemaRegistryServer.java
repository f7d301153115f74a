package dev.paperspipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperspipeline.http.Exchange;
import dev.paperspipeline.http.JettyServer;
import dev.paperspipeline.http.Routes;
import dev.paperspipeline.http.ServerLimits;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.eclipse.jetty.server.Handler;
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
    public static final String DEFAULT_HOST = JettyServer.DEFAULT_HOST;
    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_THREADS = ServerLimits.DEFAULT_THREADS;

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

  private final SchemaStore store;
  private JettyServer http;
  // Known once the server is bound (port 0 picks one).
  private volatile String url;
  private final AtomicLong requests = new AtomicLong();

  private SchemaRegistryServer(SchemaStore store) {
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
    JettyServer.Settings settings =
        JettyServer.Settings.of(config.host(), config.port(), "schema-registry-http")
            .withLimits(
                ServerLimits.defaults()
                    .withThreads(config.threads())
                    .withMaxBodyBytes(Config.MAX_BODY_BYTES))
            .withErrors(JettyServer.ErrorFormat.errorCode(V1_JSON));
    if (security.tls()) {
      settings = settings.withTls(security.sslContext());
    }
    SchemaRegistryServer server = new SchemaRegistryServer(config.store());
    server.http = JettyServer.start(settings, security.protect(server.routes()));
    server.url = urlOf(server.http.address(), security.tls() ? "https" : "http");
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
    http.close();
    store.close();
    log.info("Schema registry at {} stopped", url);
  }

  /** What a handler returns: a status and a JSON body (or raw text). */
  private record Reply(int status, Object body) {
    static Reply ok(Object body) {
      return new Reply(200, body);
    }
  }

  /** An answer other than the registry's own errors, e.g. 404 for an unknown id. */
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

  /** One operation of the REST API, from the request's path parameters, query and body. */
  private interface Operation {
    Reply apply(Exchange ex, Map<String, String> query) throws IOException;
  }

  /**
   * The REST API's routes. An unknown path is answered 404, a method a path does not take 405, both
   * {@code {"error_code", "message"}} as every other error.
   */
  private Handler routes() {
    return new Routes()
        .get("/", read((ex, q) -> Reply.ok(JSON.createObjectNode())))
        .get("/subjects", read((ex, q) -> Reply.ok(store.state().subjects(flag(q, "deleted")))))
        .add("POST", "/subjects/{subject}", write((ex, q) -> lookup(ex.param("subject"), body(ex))))
        .add(
            "DELETE",
            "/subjects/{subject}",
            write(
                (ex, q) ->
                    Reply.ok(store.deleteSubject(ex.param("subject"), flag(q, "permanent")))))
        .add(
            "POST",
            "/subjects/{subject}/versions",
            write((ex, q) -> register(ex.param("subject"), body(ex))))
        .get(
            "/subjects/{subject}/versions",
            read(
                (ex, q) ->
                    Reply.ok(store.state().versions(ex.param("subject"), flag(q, "deleted")))))
        .get(
            "/subjects/{subject}/versions/{version}",
            read(
                (ex, q) ->
                    Reply.ok(
                        schemaJson(
                            store.state().version(ex.param("subject"), ex.param("version"))))))
        .get(
            "/subjects/{subject}/versions/{version}/schema",
            read(
                (ex, q) ->
                    Reply.ok(
                        store
                            .state()
                            .version(ex.param("subject"), ex.param("version"))
                            .schema()
                            .toString())))
        .get("/schemas/types", read((ex, q) -> Reply.ok(List.of("AVRO"))))
        .get(
            "/schemas/ids/{id}",
            readById((ex, q) -> Reply.ok(schemaString(schemaId(ex), flag(q, "fetchMaxId")))))
        .get(
            "/schemas/ids/{id}/schema",
            readById((ex, q) -> Reply.ok(store.state().schemaById(schemaId(ex)).toString())))
        .get("/schemas/ids/{id}/versions", read((ex, q) -> Reply.ok(subjectVersions(schemaId(ex)))))
        .get(
            "/schemas/ids/{id}/subjects",
            read(
                (ex, q) ->
                    Reply.ok(
                        store.state().subjectVersionsOf(schemaId(ex)).stream()
                            .map(RegistryState.SubjectVersion::subject)
                            .distinct()
                            .toList())))
        .get("/config", read((ex, q) -> Reply.ok(config(store.state().globalLevel()))))
        .add("PUT", "/config", write((ex, q) -> putConfig(null, body(ex))))
        .get(
            "/config/{subject}",
            read((ex, q) -> Reply.ok(config(subjectConfig(ex.param("subject"), q)))))
        .add("PUT", "/config/{subject}", write((ex, q) -> putConfig(ex.param("subject"), body(ex))))
        .add(
            "DELETE",
            "/config/{subject}",
            write(
                (ex, q) -> {
                  String subject = ex.param("subject");
                  CompatibilityLevel removed = store.clearLevel(subject);
                  if (removed == null) {
                    throw notConfigured(subject);
                  }
                  return Reply.ok(config(removed));
                }))
        .add(
            "POST",
            "/compatibility/subjects/{subject}/versions",
            write(
                (ex, q) -> compatibility(ex.param("subject"), null, flag(q, "verbose"), body(ex))))
        .add(
            "POST",
            "/compatibility/subjects/{subject}/versions/{version}",
            write(
                (ex, q) ->
                    compatibility(
                        ex.param("subject"), ex.param("version"), flag(q, "verbose"), body(ex))))
        .get("/mode", read((ex, q) -> Reply.ok(JSON.createObjectNode().put("mode", "READWRITE"))))
        .get(
            "/mode/{subject}",
            read((ex, q) -> Reply.ok(JSON.createObjectNode().put("mode", "READWRITE"))))
        .handler();
  }

  /**
   * A read whose answer can change (subjects, versions, "latest", levels): it first catches up with
   * the store's log, so that it sees every write acknowledged before it, by this registry process
   * or another one sharing the log (when the cluster cannot be reached in a few seconds, it is
   * answered from what was replayed).
   */
  private Routes.Endpoint read(Operation operation) {
    return ex ->
        answer(
            ex,
            q -> {
              store.catchUpBeforeRead();
              return operation.apply(ex, q);
            });
  }

  /**
   * A read by schema id, whose answer never changes once it exists: answered at once, and caught up
   * only when it finds nothing, so that deserializers' lookups cost no round trip to the broker.
   */
  private Routes.Endpoint readById(Operation operation) {
    return ex ->
        answer(
            ex,
            q -> {
              try {
                return operation.apply(ex, q);
              } catch (SchemaRegistryException e) {
                if (e.status() != 404) {
                  throw e;
                }
                store.catchUp();
                return operation.apply(ex, q);
              }
            });
  }

  /** A write, or a lookup that catches up by itself. */
  private Routes.Endpoint write(Operation operation) {
    return ex -> answer(ex, q -> operation.apply(ex, q));
  }

  private interface Answer {
    Reply apply(Map<String, String> query) throws IOException;
  }

  private void answer(Exchange ex, Answer answer) throws IOException {
    requests.incrementAndGet();
    String method = ex.method();
    Reply reply;
    try {
      reply = answer.apply(query(ex.rawQuery()));
    } catch (SchemaRegistryException e) {
      reply = error(e.status(), e.errorCode(), messageOf(e));
      if (e.status() >= 500) {
        log.warn("{} {} failed: {}", method, ex.rawPath(), e.getMessage(), e);
      }
    } catch (HttpError e) {
      reply = error(e.status, e.status, e.getMessage());
    } catch (RuntimeException e) {
      log.error("{} {} failed", method, ex.rawPath(), e);
      reply = error(500, 500, "Internal Server Error");
    }
    log.debug("{} {} -> {}", method, ex.rawPath(), reply.status());
    byte[] body =
        reply.body() instanceof String raw
            ? raw.getBytes(StandardCharsets.UTF_8)
            : JSON.writeValueAsBytes(reply.body());
    ex.send(reply.status(), responseType(ex.header("Accept")), body);
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

  private static String responseType(String accept) {
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

  private static boolean flag(Map<String, String> query, String name) {
    return "true".equalsIgnoreCase(query.get(name));
  }

  private static int schemaId(Exchange ex) {
    try {
      return Integer.parseInt(ex.param("id"));
    } catch (NumberFormatException e) {
      throw new HttpError(404, "HTTP 404 Not Found");
    }
  }

  private static JsonNode body(Exchange ex) {
    String type = ex.header("Content-Type");
    if (type != null) {
      String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!media.isEmpty() && !ACCEPTED_REQUEST_TYPES.contains(media)) {
        throw new HttpError(415, "HTTP 415 Unsupported Media Type");
      }
    }
    byte[] bytes = ex.body();
    try {
      JsonNode node = bytes.length == 0 ? null : JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new HttpError(422, "Request body must be a JSON object");
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new HttpError(400, "HTTP 400 Bad Request: malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpError(400, "HTTP 400 Bad Request: unreadable body");
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
