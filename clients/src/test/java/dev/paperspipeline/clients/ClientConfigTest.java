package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("client.properties"), text);
  }

  @Test
  void shouldDefaultToTheLocalClusterWithNoOtherSetting() {
    ClientConfig c = ClientConfig.builder().build();

    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.schemaRegistryUrl()).isEqualTo("http://127.0.0.1:8081");
    assertThat(c.streams()).hasSize(2);
  }

  @Test
  void shouldApplyFlagOverEnvironmentOverFileOverDefault() throws Exception {
    Path f =
        file(
            "bootstrap.servers=file:9092\n"
                + "schema.registry.url=https://file:8081\n"
                + "security.protocol=SSL\n"
                + "linger.ms=7\n");

    ClientConfig fileOnly = ClientConfig.builder().file(f).build();
    ClientConfig envOverFile =
        ClientConfig.builder()
            .file(f)
            .env(Map.of(ClientConfig.ENV_BOOTSTRAP_SERVERS, "env:9092"))
            .build();
    ClientConfig flagOverEnv =
        ClientConfig.builder()
            .file(f)
            .env(
                Map.of(
                    ClientConfig.ENV_BOOTSTRAP_SERVERS,
                    "env:9092",
                    ClientConfig.ENV_SCHEMA_REGISTRY_URL,
                    "http://env:8081"))
            .bootstrapServers("flag:9092")
            .settings(List.of("linger.ms=9"))
            .build();

    assertThat(fileOnly.bootstrapServers()).isEqualTo("file:9092");
    assertThat(fileOnly.schemaRegistryUrl()).isEqualTo("https://file:8081");
    assertThat(envOverFile.bootstrapServers()).isEqualTo("env:9092");
    assertThat(envOverFile.schemaRegistryUrl()).isEqualTo("https://file:8081");
    assertThat(flagOverEnv.bootstrapServers()).isEqualTo("flag:9092");
    assertThat(flagOverEnv.schemaRegistryUrl()).isEqualTo("http://env:8081");
    assertThat(flagOverEnv.producer()).containsEntry("linger.ms", "9");
    assertThat(flagOverEnv.producer()).containsEntry("security.protocol", "SSL");
  }

  @Test
  void shouldReadTheFileNamedByThePapersConfigVariableWhenNoFlagNamesOne() throws Exception {
    Path f = file("bootstrap.servers=from-env-file:9092\n");

    ClientConfig c =
        ClientConfig.builder().env(Map.of(ClientConfig.ENV_CONFIG, f.toString())).build();

    assertThat(c.bootstrapServers()).isEqualTo("from-env-file:9092");
  }

  @Test
  void shouldRouteByPrefixAndGiveUnprefixedClientNamesToEveryClient() {
    ClientConfig c =
        ClientConfig.builder()
            .settings(
                List.of(
                    "security.protocol=SASL_SSL",
                    "producer.linger.ms=20",
                    "consumer.max.poll.records=50",
                    "admin.request.timeout.ms=9000",
                    "main.consumer.fetch.max.wait.ms=100",
                    "num.stream.threads=2",
                    "basic.auth.user.info=u:p"))
            .build();

    assertThat(c.producer())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("linger.ms", "20")
        .doesNotContainKeys(
            "max.poll.records", "request.timeout.ms", "producer.linger.ms", "num.stream.threads");
    assertThat(c.consumer())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("max.poll.records", "50")
        .doesNotContainKeys("linger.ms", "fetch.max.wait.ms");
    assertThat(c.admin())
        .containsEntry("request.timeout.ms", "9000")
        .doesNotContainKeys("linger.ms", "max.poll.records");
    assertThat(c.registry()).containsEntry("basic.auth.user.info", "u:p");
    // Kafka Streams routes its own prefixes: it gets every setting as written.
    assertThat(c.streams())
        .containsEntry("producer.linger.ms", "20")
        .containsEntry("main.consumer.fetch.max.wait.ms", "100")
        .containsEntry("num.stream.threads", "2");
  }

  @Test
  void shouldKeepThePipelinesOwnSettingsFromThePlainClients() throws Exception {
    ClientConfig c =
        ClientConfig.builder()
            .file(file("papers.trends.grace=P2D\nlinger.ms=7\n"))
            .settings(List.of("papers.ingest.settle.ms=500"))
            .build();

    assertThat(c.all())
        .containsEntry("papers.trends.grace", "P2D")
        .containsEntry("papers.ingest.settle.ms", "500")
        .hasSize(5);
    assertThat(c.streams()).isEqualTo(c.all());
    for (Map<String, Object> client :
        List.of(c.producer(), c.consumer(), c.admin(), c.registry())) {
      assertThat(client.keySet())
          .containsExactlyInAnyOrder("bootstrap.servers", "schema.registry.url", "linger.ms");
    }
  }

  @Test
  void shouldMaskEverySecretWhenPrinted() {
    ClientConfig c =
        ClientConfig.builder()
            .settings(
                List.of(
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule"
                        + " required username=\"alice\" password=\"s3cr3t\";",
                    "ssl.truststore.password=tspw",
                    "producer.ssl.key.password=kpw",
                    "basic.auth.user.info=bob:hunter2",
                    "bearer.auth.token=tok3n",
                    "schema.registry.ssl.keystore.password=kspw",
                    "sasl.mechanism=SCRAM-SHA-512"))
            .build();

    String printed = c.toString();

    assertThat(printed)
        .doesNotContain("s3cr3t", "tspw", "kpw", "hunter2", "tok3n", "kspw")
        .contains("sasl.mechanism=SCRAM-SHA-512");
    assertThat(c.masked().values()).filteredOn(ClientConfig.HIDDEN::equals).hasSize(6);
  }

  @Test
  void shouldRejectARegistryUrlWithoutSchemeAndAMissingFileBeforeConnecting() {
    assertThatThrownBy(() -> ClientConfig.builder().schemaRegistryUrl("localhost:8081").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "schema registry URL 'localhost:8081' has no scheme: write http://localhost:8081 (or"
                + " https://)");
    assertThatThrownBy(() -> ClientConfig.builder().file(dir.resolve("nope.properties")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope.properties does not exist");
    assertThatThrownBy(() -> ClientConfig.builder().settings(List.of("novalue")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-X takes key=value");
  }
}
