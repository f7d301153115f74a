package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.PaperEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server over HTTP, through our REST client and raw requests. */
class SchemaRegistryServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Schema V1 = Fixtures.record("R");
  private static final Schema V2_DEFAULTED =
      Fixtures.record("R", "{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
  private static final Schema V2_REQUIRED =
      Fixtures.record("R", "{\"name\":\"b\",\"type\":\"int\"}");

  private static SchemaRegistryServer server;
  private static int subjectCounter;
  private SchemaRegistryClient client;
  private String subject;

  @BeforeAll
  static void start() throws Exception {
    server = SchemaRegistryServer.start(SchemaRegistryServer.Config.inMemory().withPort(0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void freshSubject() {
    client = SchemaRegistryClients.create(server.url(), Map.of());
    subject = "subject-" + (++subjectCounter) + "-value";
  }

  private static HttpResponse<String> http(String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String schemaBody(Schema s) throws Exception {
    return JSON.createObjectNode().put("schema", s.toString()).toString();
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void shouldRegisterLookUpAndFetchThroughOurClient() {
    int id = client.register(subject, V1);
    int id2 = client.register(subject, V2_DEFAULTED);

    assertThat(client.register(subject, V1)).isEqualTo(id);
    SchemaRegistryClient fresh = SchemaRegistryClients.create(server.url(), Map.of());
    assertThat(fresh.register(subject, V1)).as("re-registration answers the same id").isEqualTo(id);
    assertThat(fresh.register("elsewhere-" + subject, V1)).as("same schema, same id").isEqualTo(id);
    assertThat(fresh.lookupId(subject, V2_DEFAULTED)).isEqualTo(id2);
    assertThat(fresh.schemaById(id)).isEqualTo(V1);
    assertThat(fresh.latest(subject))
        .isEqualTo(new RegisteredSchema(subject, 2, id2, V2_DEFAULTED));
    assertThat(fresh.version(subject, 1)).isEqualTo(new RegisteredSchema(subject, 1, id, V1));
    assertThat(fresh.versions(subject)).containsExactly(1, 2);
    assertThat(fresh.subjects()).contains(subject, "elsewhere-" + subject);
  }

  @Test
  void shouldCacheIdsAndSchemasInTheRestClient() {
    long before = server.requestCount();
    for (int i = 0; i < 50; i++) {
      int id = client.register(subject, V1);
      assertThat(client.lookupId(subject, V1)).isEqualTo(id);
      assertThat(client.schemaById(id)).isEqualTo(V1);
    }
    assertThat(server.requestCount() - before).as("one registration, nothing else").isEqualTo(1);

    SchemaRegistryClient reader = SchemaRegistryClients.create(server.url(), Map.of());
    int id = client.register(subject, V1);
    for (int i = 0; i < 50; i++) {
      assertThat(reader.schemaById(id)).isEqualTo(V1);
    }
    assertThat(server.requestCount() - before).isEqualTo(2);
  }

  @Test
  void shouldAnswerConfluentErrorsThroughOurClient() {
    client.register(subject, V1);
    assertThatThrownBy(() -> client.latest("nope-" + subject))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(404);
              assertThat(e.errorCode()).isEqualTo(40401);
              assertThat(e.getMessage()).contains("Subject not found", "nope-" + subject);
            });
    assertThatThrownBy(() -> client.version(subject, 7))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40402));
    assertThatThrownBy(() -> client.schemaById(99_999))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.getMessage()).contains("Schema not found", "99999"));
    assertThatThrownBy(() -> client.lookupId(subject, V2_DEFAULTED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    assertThatThrownBy(() -> client.register(subject, V2_REQUIRED))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.isIncompatible()).isTrue();
              assertThat(e.errorCode()).isEqualTo(40901);
              assertThat(e.getMessage()).contains("Incompatible schema", "incompatible");
            });
    assertThatThrownBy(() -> client.setCompatibility(subject, "SOMETIMES"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.errorCode()).isEqualTo(42203);
            });
  }

  @Test
  void shouldManageCompatibilityThroughOurClient() {
    client.register(subject, V1);
    assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");
    assertThat(client.testCompatibility(subject, V2_REQUIRED)).isFalse();
    assertThat(client.testCompatibility("unknown-" + subject, V2_REQUIRED)).isTrue();

    client.setCompatibility(subject, "none");

    assertThat(client.compatibility(subject)).isEqualTo("NONE");
    assertThat(client.compatibility(null)).isEqualTo("BACKWARD");
    assertThat(client.testCompatibility(subject, V2_REQUIRED)).isTrue();
    assertThat(client.register(subject, V2_REQUIRED)).isPositive();
    assertThat(client.deleteSubject(subject)).containsExactly(1, 2);
    assertThat(client.subjects()).doesNotContain(subject);
  }

  @Test
  void shouldServeSerdesEndToEnd() {
    Map<String, Object> config = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, server.url());
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class);
    serde.configure(config, false);
    PaperEvent event = Fixtures.paperEvent(11);

    byte[] bytes = serde.serializer().serialize("topic-" + subject, event);

    assertThat(serde.deserializer().deserialize("topic-" + subject, bytes)).isEqualTo(event);
    assertThat(client.latest("topic-" + subject + "-value").id())
        .isEqualTo(WireFormat.schemaId(bytes, "t"));
  }

  @Test
  void shouldSpeakConfluentJsonShapes() throws Exception {
    HttpResponse<String> reg = http("POST", "/subjects/" + subject + "/versions", schemaBody(V1));
    assertThat(reg.statusCode()).isEqualTo(200);
    assertThat(reg.headers().firstValue("Content-Type"))
        .as("no Accept header: Confluent's default type")
        .hasValue("application/vnd.schemaregistry.v1+json");
    int id = json(reg).get("id").asInt();
    assertThat(json(reg).size()).isEqualTo(1);

    JsonNode byId = json(http("GET", "/schemas/ids/" + id + "?subject=x&fetchMaxId=false", null));
    assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(V1);
    assertThat(byId.has("schemaType")).isFalse();

    JsonNode found = json(http("POST", "/subjects/" + subject, schemaBody(V1)));
    assertThat(found.get("subject").asText()).isEqualTo(subject);
    assertThat(found.get("version").asInt()).isEqualTo(1);
    assertThat(found.get("id").asInt()).isEqualTo(id);

    JsonNode latest = json(http("GET", "/subjects/" + subject + "/versions/latest", null));
    assertThat(latest.get("version").asInt()).isEqualTo(1);
    HttpResponse<String> raw = http("GET", "/subjects/" + subject + "/versions/1/schema", null);
    assertThat(new Schema.Parser().parse(raw.body())).isEqualTo(V1);
    assertThat(json(http("GET", "/schemas/ids/" + id + "/versions", null)).toString())
        .contains("{\"subject\":\"" + subject + "\",\"version\":1}");

    assertThat(json(http("GET", "/config", null)).get("compatibilityLevel").asText())
        .isEqualTo("BACKWARD");
    HttpResponse<String> noSubjectConfig = http("GET", "/config/" + subject, null);
    assertThat(noSubjectConfig.statusCode()).isEqualTo(404);
    assertThat(json(noSubjectConfig).get("error_code").asInt()).isEqualTo(40408);
    assertThat(
            json(http("GET", "/config/" + subject + "?defaultToGlobal=true", null))
                .get("compatibilityLevel")
                .asText())
        .isEqualTo("BACKWARD");
    assertThat(json(http("PUT", "/config/" + subject, "{\"compatibility\":\"FULL\"}")).toString())
        .isEqualTo("{\"compatibility\":\"FULL\"}");
    assertThat(json(http("GET", "/config/" + subject, null)).get("compatibilityLevel").asText())
        .isEqualTo("FULL");

    JsonNode verbose =
        json(
            http(
                "POST",
                "/compatibility/subjects/" + subject + "/versions/latest?verbose=true",
                schemaBody(V2_REQUIRED)));
    assertThat(verbose.get("is_compatible").asBoolean()).isFalse();
    assertThat(verbose.get("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
    JsonNode terse =
        json(
            http(
                "POST",
                "/compatibility/subjects/" + subject + "/versions/1",
                schemaBody(V2_DEFAULTED)));
    assertThat(terse.toString()).isEqualTo("{\"is_compatible\":true}");

    assertThat(http("GET", "/", null).body()).isEqualTo("{}");
    assertThat(json(http("DELETE", "/subjects/" + subject, null)).toString()).isEqualTo("[1]");
  }

  @Test
  void shouldAnswerErrorBodiesForBadRequests() throws Exception {
    HttpResponse<String> unknown = http("GET", "/associations/resources/x", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error_code").asInt()).isEqualTo(404);

    HttpResponse<String> invalid =
        http(
            "POST",
            "/subjects/" + subject + "/versions",
            "{\"schema\":\"{\\\"type\\\":\\\"nope\\\"}\"}");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(json(invalid).get("error_code").asInt()).isEqualTo(42201);
    assertThat(json(invalid).get("message").asText()).contains("Invalid schema");

    HttpResponse<String> protobuf =
        http(
            "POST",
            "/subjects/" + subject + "/versions",
            "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    assertThat(json(protobuf).get("error_code").asInt()).isEqualTo(42201);

    HttpResponse<String> badVersion = http("GET", "/subjects/" + subject + "/versions/zero", null);
    assertThat(badVersion.statusCode()).isEqualTo(422);
    assertThat(json(badVersion).get("error_code").asInt()).isEqualTo(42202);

    HttpResponse<String> textPlain =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(schemaBody(V1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(textPlain.statusCode()).isEqualTo(415);

    HttpResponse<String> vnd =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/subjects/" + subject + "/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .header("Accept", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(schemaBody(V1)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(vnd.statusCode()).isEqualTo(200);
    assertThat(vnd.headers().firstValue("Content-Type"))
        .hasValue("application/vnd.schemaregistry.v1+json");

    assertThat(http("POST", "/subjects/" + subject + "/versions", "{oops").statusCode())
        .isEqualTo(400);
    assertThat(http("PUT", "/subjects", null).statusCode()).isEqualTo(405);
  }
}
