package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.clients.ClusterProbe;
import dev.paperspipeline.clients.UnreachableException;
import dev.paperspipeline.embedded.EmbeddedKafkaCluster;
import dev.paperspipeline.registry.SchemaRegistryClient;
import dev.paperspipeline.registry.SchemaRegistryClients;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code papers registry}: the project's registry alone against an existing three-broker cluster
 * (no registry of its own), over HTTPS with basic auth from flags; {@code _schemas} takes the
 * cluster's durability.
 */
class RegistryCommandIT {
  private static final Pattern URL = Pattern.compile("Schema registry URL: +(https?://\\S+)");
  private static final String STORE_PASSWORD = "store-Secret-3";

  @TempDir Path dir;

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void shouldServeHttpsWithBasicAuthAndGiveSchemasTheClustersDurability() throws Exception {
    Path keyStore = dir.resolve("registry.p12");
    Path cert = dir.resolve("registry.crt");
    Path trustStore = dir.resolve("trust.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "localhost",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "localhost",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "localhost",
        "-file",
        cert.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD);
    Path clientProperties = Files.writeString(dir.resolve("client.properties"), "acks=all\n");

    try (EmbeddedKafkaCluster kafka =
        EmbeddedKafkaCluster.start(EmbeddedKafkaCluster.Config.of(3).withFirstPort(0))) {
      RegistryCommand command = new RegistryCommand();
      CommandLine cli = PapersCli.commandLine();
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      AtomicInteger exit = new AtomicInteger(-1);
      Thread runner =
          new Thread(
              () -> {
                CommandLine sub = new CommandLine(command);
                sub.setOut(new PrintWriter(out, true));
                sub.setErr(new PrintWriter(err, true));
                sub.registerConverter(Duration.class, new DurationConverter());
                exit.set(
                    sub.execute(
                        "--bootstrap-server",
                        kafka.bootstrapServers(),
                        "--command-config",
                        clientProperties.toString(),
                        "--port",
                        "0",
                        "--keystore",
                        keyStore.toString(),
                        "--keystore-password",
                        STORE_PASSWORD,
                        "--user",
                        "alice:alice-Secret-1"));
              },
              "registry-command-it");
      runner.start();
      assertThat(cli.getSubcommands()).containsKey("registry");
      try {
        String url =
            await()
                .atMost(Duration.ofSeconds(60))
                .until(
                    () -> {
                      Matcher m = URL.matcher(out.toString());
                      return m.find() ? m.group(1) : null;
                    },
                    u -> u != null);
        assertThat(url).startsWith("https://");

        Map<String, String> tls =
            Map.of(
                "schema.registry.ssl.truststore.location",
                trustStore.toString(),
                "schema.registry.ssl.truststore.password",
                STORE_PASSWORD,
                "schema.registry.ssl.truststore.type",
                "PKCS12");
        Map<String, Object> good = new java.util.HashMap<>(tls);
        good.put("basic.auth.credentials.source", "USER_INFO");
        good.put("basic.auth.user.info", "alice:alice-Secret-1");
        Schema schema = SchemaBuilder.record("Probe").fields().requiredString("a").endRecord();
        try (SchemaRegistryClient client = SchemaRegistryClients.create(url, good)) {
          int id = client.register("probe-value", schema);
          assertThat(client.schemaById(id)).isEqualTo(schema);
        }
        Map<String, Object> wrong = new java.util.HashMap<>(tls);
        wrong.put("basic.auth.credentials.source", "USER_INFO");
        wrong.put("basic.auth.user.info", "alice:nope");
        List<String> wrongSettings = new ArrayList<>();
        wrong.forEach((k, v) -> wrongSettings.add(k + "=" + v));
        ClientConfig wrongConfig =
            ClientConfig.builder()
                .bootstrapServers(kafka.bootstrapServers())
                .schemaRegistryUrl(url)
                .settings(wrongSettings)
                .build();
        assertThatThrownBy(() -> ClusterProbe.registry(wrongConfig, Duration.ofSeconds(10)))
            .isInstanceOf(UnreachableException.class)
            .hasMessageContaining("refused our credentials (HTTP 401)");

        try (Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
          TopicDescription schemas =
              admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
          assertThat(schemas.partitions()).hasSize(1);
          assertThat(schemas.partitions().get(0).replicas()).hasSize(3);
          ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
          Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
          ConfigEntry minIsr = config.get("min.insync.replicas");
          assertThat(minIsr.value()).isEqualTo("2");
          // the topic's own setting: a cluster whose default is 1 does not weaken it
          assertThat(minIsr.source()).isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
          assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
      } finally {
        command.stop.countDown();
        runner.join(Duration.ofSeconds(30).toMillis());
      }
      assertThat(exit.get()).as(err.toString()).isZero();
    }
  }
}
