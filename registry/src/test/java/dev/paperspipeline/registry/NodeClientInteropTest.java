package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperspipeline.avro.PaperEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our server and serdes against Confluent's Node.js client and Avro serdes
 * ({@code @confluentinc/schemaregistry}, installed by {@code npm ci --prefix
 * registry/src/test/node}). Skipped when {@code node} or the installed package is missing.
 */
class NodeClientInteropTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");
  private static final String TOPIC = "papers-raw";

  @TempDir Path tmp;

  private static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Test
  void shouldDecodeOurBytesWithConfluentsNodeClientAndReadItsBytesBack() throws Exception {
    assumeTrue(nodeAvailable(), "node is not installed");
    assumeTrue(
        Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry")),
        "run: npm ci --prefix registry/src/test/node");

    try (SchemaRegistryServer server =
        SchemaRegistryServer.start(SchemaRegistryServer.Config.inMemory().withPort(0))) {
      Map<String, Object> config = Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, server.url());
      PaperEvent event = Fixtures.paperEvent(9);
      AvroSerializer<PaperEvent> serializer = new AvroSerializer<>();
      serializer.configure(config, false);
      Path in = tmp.resolve("in.hex");
      Path out = tmp.resolve("out.hex");
      Files.writeString(in, HexFormat.of().formatHex(serializer.serialize(TOPIC, event)));

      Process node =
          new ProcessBuilder(
                  List.of(
                      "node",
                      "interop.js",
                      server.url(),
                      TOPIC,
                      in.toAbsolutePath().toString(),
                      out.toAbsolutePath().toString()))
              .directory(NODE_DIR.toFile())
              .redirectError(tmp.resolve("stderr.txt").toFile())
              .start();
      byte[] stdout = node.getInputStream().readAllBytes();
      assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("node finished").isTrue();
      assertThat(node.exitValue())
          .as("node exit; stderr: %s", Files.readString(tmp.resolve("stderr.txt")))
          .isZero();

      JsonNode summary = new ObjectMapper().readTree(new String(stdout, StandardCharsets.UTF_8));
      int ourId = WireFormat.schemaId(serializer.serialize(TOPIC, event), TOPIC);
      assertThat(summary.get("registeredId").asInt()).as("same schema, same id").isEqualTo(ourId);
      assertThat(summary.get("lookedUpId").asInt()).isEqualTo(ourId);
      assertThat(summary.get("latest").get("id").asInt()).isEqualTo(ourId);
      assertThat(summary.get("latest").get("version").asInt()).isEqualTo(1);
      assertThat(summary.get("latest").get("subject").asText()).isEqualTo(TOPIC + "-value");
      assertThat(summary.get("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
      assertThat(summary.get("compatible").asBoolean()).isTrue();
      SchemaRegistryClient ours = SchemaRegistryClients.create(server.url(), Map.of());
      assertThat(ours.compatibility("node-" + TOPIC + "-value")).isEqualTo("FULL_TRANSITIVE");
      assertThat(ours.latest("node-" + TOPIC + "-value").id()).isEqualTo(ourId);

      JsonNode decoded = summary.get("record");
      assertThat(decoded.get("paperId").asText()).isEqualTo(event.getPaperId());
      assertThat(decoded.get("title").asText()).isEqualTo(event.getTitle());
      assertThat(decoded.get("abstractText").asText()).isEqualTo(event.getAbstractText());
      assertThat(decoded.get("lineage").get("ordinal").asInt()).isEqualTo(9);
      assertThat(decoded.get("lineage").get("fileName").asText()).isEqualTo("digest-9.txt");

      byte[] theirs = HexFormat.of().parseHex(Files.readString(out).trim());
      AvroDeserializer<PaperEvent> deserializer = new AvroDeserializer<>(PaperEvent.class);
      deserializer.configure(config, false);
      PaperEvent back = deserializer.deserialize(TOPIC, theirs);
      assertThat(back.getTitle()).isEqualTo("Node: " + event.getTitle());
      assertThat(back.getAbstractText()).isEqualTo(event.getAbstractText());
      assertThat(back.getLineage()).isEqualTo(event.getLineage());
      assertThat(back.getDigestDate()).isEqualTo(event.getDigestDate());
      assertThat(back.getIngestedAt()).isEqualTo(event.getIngestedAt());
      assertThat(WireFormat.schemaId(theirs, TOPIC))
          .isEqualTo(WireFormat.schemaId(serializer.serialize(TOPIC, event), TOPIC));
    }
  }
}
