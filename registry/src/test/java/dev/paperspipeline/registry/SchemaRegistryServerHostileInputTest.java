package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Slow clients, oversized bodies, invalid schemas and malformed requests against the server. */
class SchemaRegistryServerHostileInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  // A qualified Java class name, e.g. org.apache.avro.AvroTypeException or java.lang.Foo.
  private static final Pattern JAVA_CLASS =
      Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.){2,}[A-Z]\\w*|\\w+(?:Exception|Error)\\b");

  private static SchemaRegistryServer server;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    server = SchemaRegistryServer.start(SchemaRegistryServer.Config.inMemory().withPort(0));
    port = URI.create(server.url()).getPort();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> http(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .timeout(Duration.ofSeconds(5))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/vnd.schemaregistry.v1+json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String schemaBody(String schemaText) {
    return JSON.createObjectNode().put("schema", schemaText).toString();
  }

  /** A JSON error body in Confluent's shape whose message names no Java class. */
  private static JsonNode errorBody(HttpResponse<String> r) throws Exception {
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("error_code").isInt()).as(r.body()).isTrue();
    assertThat(body.path("message").asText()).as(r.body()).isNotEmpty();
    assertThat(JAVA_CLASS.matcher(body.path("message").asText()).find())
        .as("no Java class in %s", r.body())
        .isFalse();
    return body;
  }

  private static Socket raw(String request) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
    return socket;
  }

  @Test
  void shouldServeSubjectsWhileEightClientsHoldIncompleteBodies() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        slow.add(
            raw(
                "POST /subjects/slow-"
                    + i
                    + "/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 500\r\n\r\n{\"schema\":"));
      }
      long start = System.nanoTime();
      HttpResponse<String> subjects = http("GET", "/subjects", null);
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(subjects.statusCode()).isEqualTo(200);
      assertThat(subjects.body()).isEqualTo("[]");
      assertThat(tookMs).isLessThan(2_000);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void shouldAnswer413ForABodyOverTheLimit() throws Exception {
    try (Socket socket =
        raw(
            "POST /subjects/big/versions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + (SchemaRegistryServer.Config.MAX_BODY_BYTES + 1)
                + "\r\n\r\n{\"schema\":\"")) {
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer)
          .startsWith("HTTP/1.1 413")
          .contains("Content-Type: application/vnd.schemaregistry.v1+json");
      JsonNode body = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
      assertThat(body.path("error_code").asInt()).isEqualTo(413);
    }
  }

  @Test
  void shouldAnswer42201ForEveryInvalidSchema() throws Exception {
    List<String> invalid =
        List.of(
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":"
                + "[{\"name\":\"f\",\"type\":\"int\",\"default\":\"s\"}]}",
            "{\"type\":\"fixed\",\"name\":\"F\",\"size\":-1}",
            "{\"type\":\"record\",\"fields\":[]}",
            "{\"type\":\"array\"}",
            "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\",\"A\"]}",
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\"}]}",
            "{\"type\":\"nope\"}",
            "{not json",
            "");
    for (String schema : invalid) {
      HttpResponse<String> register =
          http("POST", "/subjects/invalid-value/versions", schemaBody(schema));
      assertThat(register.statusCode()).as(schema).isEqualTo(422);
      assertThat(errorBody(register).path("error_code").asInt()).as(schema).isEqualTo(42201);

      HttpResponse<String> lookup = http("POST", "/subjects/invalid-value", schemaBody(schema));
      assertThat(lookup.statusCode()).as(schema).isEqualTo(422);
      assertThat(errorBody(lookup).path("error_code").asInt()).as(schema).isEqualTo(42201);
    }
    assertThat(http("GET", "/subjects", null).body()).doesNotContain("invalid-value");
  }

  @Test
  void shouldAnswerJsonNamingNoJavaClassForMalformedRequests() throws Exception {
    record Case(String method, String path, String body, int status) {}
    List<Case> cases =
        List.of(
            new Case("POST", "/subjects/s/versions", "{not json", 400),
            new Case("POST", "/subjects/s/versions", "[1]", 422),
            new Case("POST", "/subjects/s/versions", "{\"schema\":1}", 422),
            new Case("GET", "/subjects/s/versions/x", null, 422),
            new Case("GET", "/schemas/ids/abc", null, 404),
            new Case("GET", "/schemas/ids/99999", null, 404),
            new Case("GET", "/no/such/path", null, 404),
            new Case("DELETE", "/schemas/types", null, 405),
            new Case("PUT", "/config", "{\"compatibility\":\"SOMETIMES\"}", 422),
            new Case("GET", "/subjects/%C3%28/versions", null, 400));
    for (Case c : cases) {
      HttpResponse<String> r = http(c.method(), c.path(), c.body());
      assertThat(r.statusCode()).as("%s %s", c.method(), c.path()).isEqualTo(c.status());
      errorBody(r);
    }
  }

  @Test
  void shouldAnswerJsonForAMalformedPercentEscapeInThePath() throws Exception {
    for (String path : List.of("/subjects/%zz", "/subjects/%zz/versions", "/schemas/ids/%")) {
      try (Socket socket =
          raw("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) {
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        String[] headAndBody = response.split("\r\n\r\n", 2);
        assertThat(headAndBody[0]).as(path).startsWith("HTTP/1.1 400 ");
        assertThat(headAndBody[0].toLowerCase(java.util.Locale.ROOT))
            .as(path)
            .contains("content-type: application/vnd.schemaregistry.v1+json")
            .doesNotContain("server: jetty");
        JsonNode body = JSON.readTree(headAndBody[1]);
        assertThat(body.path("error_code").asInt()).as(path).isEqualTo(400);
        assertThat(JAVA_CLASS.matcher(body.path("message").asText()).find()).isFalse();
      }
    }
  }
}
