package dev.paperspipeline.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST client of a Confluent-compatible registry. Ids and schemas never change once assigned, so
 * register/lookup results and schemas by id are cached forever; subject listings are not cached.
 */
final class RestSchemaRegistryClient implements SchemaRegistryClient {
  private static final Logger log = LoggerFactory.getLogger(RestSchemaRegistryClient.class);

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9,"
          + " application/json; qs=0.5";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<URI> baseUrls;
  private final HttpClient http;
  private final Duration requestTimeout;
  private final int maxRetries;
  private final int retryWaitMs;
  private final int retryMaxWaitMs;
  private final String authorization;
  private volatile int preferredUrl;

  // subject -> schema -> id. Schema.hashCode is cached by Avro and equals() starts with ==, so a
  // generated class's SCHEMA$ costs two cheap map probes.
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

  RestSchemaRegistryClient(String urls, Map<String, ?> config) {
    List<URI> parsed = new ArrayList<>();
    String urlUserInfo = null;
    for (String u : urls.split(",")) {
      String trimmed = u.trim();
      if (!trimmed.isEmpty()) {
        URI uri = URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/");
        if (uri.getRawUserInfo() != null) {
          // Confluent's basic.auth.credentials.source=URL: credentials in the URL, never sent as
          // part of it (and never logged with it).
          urlUserInfo = decodeUserInfo(uri.getRawUserInfo());
          uri = withoutUserInfo(uri);
        }
        parsed.add(uri);
      }
    }
    if (parsed.isEmpty()) {
      throw new IllegalArgumentException("No schema registry URL in '" + urls + "'");
    }
    this.baseUrls = List.copyOf(parsed);
    this.maxRetries =
        RegistryConfig.integer(
            config, RegistryConfig.MAX_RETRIES, RegistryConfig.MAX_RETRIES_DEFAULT);
    this.retryWaitMs =
        RegistryConfig.integer(
            config, RegistryConfig.RETRIES_WAIT_MS, RegistryConfig.RETRIES_WAIT_MS_DEFAULT);
    this.retryMaxWaitMs =
        RegistryConfig.integer(
            config, RegistryConfig.RETRIES_MAX_WAIT_MS, RegistryConfig.RETRIES_MAX_WAIT_MS_DEFAULT);
    this.requestTimeout =
        Duration.ofMillis(
            RegistryConfig.integer(
                config,
                RegistryConfig.HTTP_READ_TIMEOUT_MS,
                RegistryConfig.HTTP_READ_TIMEOUT_MS_DEFAULT));
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .connectTimeout(
                Duration.ofMillis(
                    RegistryConfig.integer(
                        config,
                        RegistryConfig.HTTP_CONNECT_TIMEOUT_MS,
                        RegistryConfig.HTTP_CONNECT_TIMEOUT_MS_DEFAULT)))
            .version(HttpClient.Version.HTTP_1_1);
    javax.net.ssl.SSLContext tls = RegistryTls.context(config);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.authorization = authorization(config, urlUserInfo);
  }

  /**
   * The Authorization header from Confluent's settings: {@code bearer.auth.credentials.source=
   * STATIC_TOKEN} with {@code bearer.auth.token}, else basic auth from {@code
   * basic.auth.credentials.source} ({@code USER_INFO}: {@code basic.auth.user.info}; {@code URL}:
   * the URL's user info; unset: whichever is given).
   */
  static String authorization(Map<String, ?> config, String urlUserInfo) {
    String bearerSource =
        RegistryConfig.string(config, RegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE);
    if (bearerSource != null && !bearerSource.isBlank()) {
      if (!"STATIC_TOKEN".equalsIgnoreCase(bearerSource.trim())) {
        throw new IllegalArgumentException(
            RegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE
                + "="
                + bearerSource
                + " is not supported; use STATIC_TOKEN");
      }
      String token = RegistryConfig.string(config, RegistryConfig.BEARER_AUTH_TOKEN);
      if (token == null || token.isBlank()) {
        throw new IllegalArgumentException(
            RegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE
                + "=STATIC_TOKEN needs "
                + RegistryConfig.BEARER_AUTH_TOKEN);
      }
      return "Bearer " + token.trim();
    }
    String source = RegistryConfig.string(config, RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE);
    String userInfo = RegistryConfig.string(config, RegistryConfig.BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = RegistryConfig.string(config, RegistryConfig.SCHEMA_REGISTRY_USER_INFO);
    }
    String chosen;
    if (source == null || source.isBlank()) {
      chosen = userInfo != null && !userInfo.isEmpty() ? userInfo : urlUserInfo;
    } else if ("USER_INFO".equalsIgnoreCase(source.trim())) {
      if (userInfo == null || userInfo.isEmpty()) {
        throw new IllegalArgumentException(
            RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                + "=USER_INFO needs "
                + RegistryConfig.BASIC_AUTH_USER_INFO
                + " (user:password)");
      }
      chosen = userInfo;
    } else if ("URL".equalsIgnoreCase(source.trim())) {
      chosen = urlUserInfo;
    } else {
      throw new IllegalArgumentException(
          RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE
              + "="
              + source
              + " is not supported; use USER_INFO or URL");
    }
    return chosen == null || chosen.isEmpty()
        ? null
        : "Basic " + Base64.getEncoder().encodeToString(chosen.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeUserInfo(String raw) {
    return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static URI withoutUserInfo(URI uri) {
    try {
      return new URI(
          uri.getScheme(),
          null,
          uri.getHost(),
          uri.getPort(),
          uri.getPath(),
          uri.getQuery(),
          uri.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("Bad schema registry URL " + uri.getHost(), e);
    }
  }

  @Override
  public int register(String subject, Schema schema) {
    return idOf(subject, schema, "subjects/" + encode(subject) + "/versions");
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    return idOf(subject, schema, "subjects/" + encode(subject));
  }

  /** The id the registry answers a POST of {@code schema} to {@code path} with, cached. */
  private int idOf(String subject, Schema schema, String path) {
    Map<Schema, Integer> ids =
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = ids.get(schema);
    if (cached != null) {
      return cached;
    }
    int id = send("POST", path, schemaBody(schema)).path("id").asInt();
    ids.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode response = send("GET", "schemas/ids/" + id, null);
    requireAvro(response);
    Schema schema = RegistryState.parse(response.path("schema").asText());
    Schema previous = schemasById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return toRegistered(send("GET", "subjects/" + encode(subject) + "/versions/latest", null));
  }

  @Override
  public List<String> subjects() {
    List<String> out = new ArrayList<>();
    send("GET", "subjects", null).forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public List<Integer> versions(String subject) {
    List<Integer> out = new ArrayList<>();
    send("GET", "subjects/" + encode(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
    return out;
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return toRegistered(send("GET", "subjects/" + encode(subject) + "/versions/" + version, null));
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    try {
      return send(
              "POST",
              "compatibility/subjects/" + encode(subject) + "/versions/latest",
              schemaBody(schema))
          .path("is_compatible")
          .asBoolean();
    } catch (SchemaRegistryException e) {
      // Older registries answer 40401/40402 for a subject without versions: anything goes then.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public String compatibility(String subjectOrNull) {
    String path =
        subjectOrNull == null
            ? "config"
            : "config/" + encode(subjectOrNull) + "?defaultToGlobal=true";
    return send("GET", path, null).path("compatibilityLevel").asText();
  }

  @Override
  public void setCompatibility(String subjectOrNull, String level) {
    String path = subjectOrNull == null ? "config" : "config/" + encode(subjectOrNull);
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    send("PUT", path, body);
  }

  @Override
  public List<Integer> deleteSubject(String subject) {
    List<Integer> out = new ArrayList<>();
    send("DELETE", "subjects/" + encode(subject), null).forEach(n -> out.add(n.asInt()));
    return out;
  }

  @Override
  public void close() {
    // java.net.http.HttpClient has no close() before Java 21; its threads end when unreachable.
  }

  private static ObjectNode schemaBody(Schema schema) {
    // Same text as Confluent's client sends (Avro's compact JSON), so a Confluent registry assigns
    // the ids its own clients would find. schemaType is omitted for AVRO, as Confluent does.
    return JSON.createObjectNode().put("schema", RegistryState.canonical(schema));
  }

  private static void requireAvro(JsonNode response) {
    String type = response.path("schemaType").asText("AVRO");
    if (!type.isEmpty() && !"AVRO".equals(type)) {
      throw new SchemaRegistryException(
          422,
          SchemaRegistryException.INVALID_SCHEMA,
          "Schema type " + type + " is not supported; only AVRO is");
    }
  }

  private RegisteredSchema toRegistered(JsonNode n) {
    requireAvro(n);
    int id = n.path("id").asInt();
    Schema schema = schemasById.get(id);
    if (schema == null) {
      schema = RegistryState.parse(n.path("schema").asText());
      Schema previous = schemasById.putIfAbsent(id, schema);
      schema = previous != null ? previous : schema;
    }
    return new RegisteredSchema(n.path("subject").asText(), n.path("version").asInt(), id, schema);
  }

  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sends one request, trying each URL in turn and retrying transient failures with exponential
   * backoff and full jitter; bounded by {@code max.retries}.
   */
  private JsonNode send(String method, String path, JsonNode body) {
    byte[] payload;
    try {
      payload = body == null ? null : JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode request body", e);
    }
    Exception lastFailure = null;
    for (int attempt = 0; attempt <= maxRetries; attempt++) {
      if (attempt > 0) {
        backoff(attempt);
      }
      int urlIndex = Math.floorMod(preferredUrl + attempt, baseUrls.size());
      URI uri = baseUrls.get(urlIndex).resolve(path);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(requestTimeout)
              .header("Accept", ACCEPT)
              .method(
                  method,
                  payload == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(payload));
      if (payload != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        lastFailure = e;
        log.warn(
            "Schema registry {} {} failed (attempt {} of {}): {}",
            method,
            uri,
            attempt + 1,
            maxRetries + 1,
            describe(e));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SchemaRegistryException(
            SchemaRegistryException.UNREACHABLE,
            SchemaRegistryException.UNREACHABLE,
            "Interrupted while calling the schema registry at " + uri,
            e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        preferredUrl = urlIndex;
        return parse(response.body(), uri);
      }
      SchemaRegistryException error = errorOf(status, response.body(), method, uri);
      if (!retriable(status)) {
        throw error;
      }
      lastFailure = error;
      log.warn(
          "Schema registry {} {} answered {} (attempt {} of {})",
          method,
          uri,
          status,
          attempt + 1,
          maxRetries + 1);
    }
    if (lastFailure instanceof SchemaRegistryException e) {
      throw e;
    }
    throw new SchemaRegistryException(
        SchemaRegistryException.UNREACHABLE,
        SchemaRegistryException.UNREACHABLE,
        "Schema registry unreachable at "
            + baseUrls
            + " after "
            + (maxRetries + 1)
            + " attempts ("
            + method
            + " /"
            + path
            + "): "
            + describe(lastFailure),
        lastFailure);
  }

  /**
   * A failed call in words, without Java class names: the JDK's HTTP client reports a refused
   * connection as a {@code ConnectException} with no message.
   */
  static String describe(Exception e) {
    if (e instanceof java.net.ConnectException) {
      return e.getMessage() == null || e.getMessage().isBlank()
          ? "connection refused"
          : e.getMessage();
    }
    if (e instanceof java.net.http.HttpConnectTimeoutException) {
      return "no answer to the connection within the connect timeout";
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer within the request timeout";
    }
    if (e instanceof java.net.UnknownHostException) {
      return "unknown host " + e.getMessage();
    }
    if (e == null) {
      return "no answer";
    }
    String m = e.getMessage();
    return m == null || m.isBlank()
        ? e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
        : m.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  private static boolean retriable(int status) {
    return status == 408 || status == 429 || status == 502 || status == 503 || status == 504;
  }

  private void backoff(int attempt) {
    long ceiling = Math.min((long) retryWaitMs << Math.min(attempt - 1, 30), retryMaxWaitMs);
    if (ceiling <= 0) {
      return;
    }
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling) + 1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException(
          SchemaRegistryException.UNREACHABLE,
          SchemaRegistryException.UNREACHABLE,
          "Interrupted while waiting to retry the schema registry",
          e);
    }
  }

  private static JsonNode parse(byte[] body, URI uri) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.UNPARSEABLE_ERROR_BODY,
          "Unparseable answer from schema registry " + uri + ": " + e.getMessage(),
          e);
    }
  }

  private static SchemaRegistryException errorOf(int status, byte[] body, String method, URI uri) {
    int code = SchemaRegistryException.UNPARSEABLE_ERROR_BODY;
    String message = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode n = JSON.readTree(body);
      if (n != null && n.has("error_code")) {
        code = n.path("error_code").asInt();
        message = n.path("message").asText();
      }
    } catch (IOException e) {
      // keep the raw body as message
    }
    return new SchemaRegistryException(
        status, code, describe(status, code) + ": " + message + " [" + method + " " + uri + "]");
  }

  private static String describe(int status, int code) {
    if (status == 409) {
      return "Incompatible schema";
    }
    return switch (code) {
      case SchemaRegistryException.SUBJECT_NOT_FOUND -> "Subject not found";
      case SchemaRegistryException.VERSION_NOT_FOUND -> "Version not found";
      case SchemaRegistryException.SCHEMA_NOT_FOUND -> "Schema not found";
      case SchemaRegistryException.INVALID_SCHEMA -> "Invalid schema";
      case SchemaRegistryException.INVALID_VERSION -> "Invalid version";
      case SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL -> "Invalid compatibility level";
      default -> "Schema registry error";
    };
  }
}
