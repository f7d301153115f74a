package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paperspipeline.clients.ClientConfig;
import dev.paperspipeline.clients.ClusterProbe;
import dev.paperspipeline.clients.UnreachableException;
import dev.paperspipeline.embedded.EmbeddedKafka;
import dev.paperspipeline.registry.RegistryServerSecurity;
import dev.paperspipeline.registry.SchemaRegistryServer;
import dev.paperspipeline.schemas.Topics;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a secured cluster, configured only through a {@code --config} file: a real broker
 * whose client listener is SASL_SSL (SCRAM-SHA-512 users created through the Admin API, a TLS
 * certificate generated here with keytool) and the registry over HTTPS with basic auth.
 */
class SecuredClusterIT {
  private static final String HOST = "127.0.0.1";
  private static final String USER = "alice";
  private static final String PASSWORD = "alice-Secret-1";
  private static final String REGISTRY_USER = "registry-user";
  private static final String REGISTRY_PASSWORD = "registry-Secret-2";
  private static final String STORE_PASSWORD = "store-Secret-3";

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static SchemaRegistryServer registry;
  private static String secureBootstrap;
  private static Path trustStore;
  private static Path config;

  @BeforeAll
  static void start() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    trustStore = dir.resolve("trust.p12");
    Path cert = dir.resolve("server.crt");
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

    int plainPort = EmbeddedKafka.freePortForTests();
    int securePort = EmbeddedKafka.freePortForTests();
    int controllerPort = EmbeddedKafka.freePortForTests();
    secureBootstrap = HOST + ":" + securePort;
    // PLAINTEXT stays for the broker itself and for creating the SCRAM users; every command of
    // the test connects to the SASL_SSL listener only.
    kafka =
        EmbeddedKafka.start(
            EmbeddedKafka.Config.defaults()
                .withPort(plainPort)
                .withControllerPort(controllerPort)
                .withBrokerProperty(
                    "listeners",
                    "PLAINTEXT://"
                        + HOST
                        + ":"
                        + plainPort
                        + ",SASL_SSL://"
                        + secureBootstrap
                        + ",CONTROLLER://"
                        + HOST
                        + ":"
                        + controllerPort)
                .withBrokerProperty(
                    "advertised.listeners",
                    "PLAINTEXT://" + HOST + ":" + plainPort + ",SASL_SSL://" + secureBootstrap)
                .withBrokerProperty(
                    "listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT")
                .withBrokerProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512")
                .withBrokerProperty(
                    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .withBrokerProperty(
                    "listener.name.sasl_ssl.ssl.keystore.location", keyStore.toString())
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.password", STORE_PASSWORD)
                .withBrokerProperty("listener.name.sasl_ssl.ssl.key.password", STORE_PASSWORD)
                .withBrokerProperty("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12"));
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD)))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    registry =
        SchemaRegistryServer.start(
            SchemaRegistryServer.Config.inMemory().withPort(0),
            RegistryServerSecurity.NONE
                .withTls(keyStore, STORE_PASSWORD, "PKCS12")
                .withUser(REGISTRY_USER + ":" + REGISTRY_PASSWORD));
    config = writeConfig("client.properties", PASSWORD, REGISTRY_PASSWORD, registry.url());
    // The user's credentials reach the broker through the metadata log: wait until they work.
    ClientConfig clients = ClientConfig.builder().file(config).build();
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreException(UnreachableException.class)
        .until(() -> ClusterProbe.kafka(clients, Duration.ofSeconds(5)) != null);
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Path writeConfig(
      String name, String kafkaPassword, String registryPassword, String registryUrl)
      throws Exception {
    String text =
        String.join(
            "\n",
            "# A client of a SASL_SSL cluster and an HTTPS registry with basic auth",
            "bootstrap.servers=" + secureBootstrap,
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\""
                + USER
                + "\" password=\""
                + kafkaPassword
                + "\";",
            "ssl.truststore.location=" + trustStore.toString().replace("\\", "/"),
            "ssl.truststore.password=" + STORE_PASSWORD,
            "ssl.truststore.type=PKCS12",
            "schema.registry.url=" + registryUrl,
            "basic.auth.credentials.source=USER_INFO",
            "basic.auth.user.info=" + REGISTRY_USER + ":" + registryPassword,
            "schema.registry.ssl.truststore.location=" + trustStore.toString().replace("\\", "/"),
            "schema.registry.ssl.truststore.password=" + STORE_PASSWORD,
            "schema.registry.ssl.truststore.type=PKCS12",
            "");
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /** The records of a topic, read with tail through the SASL_SSL listener up to its end. */
  private static List<String> tail(String topic) {
    CliFixtures.Run run =
        CliFixtures.papers(
            "tail", topic, "--config", config.toString(), "--offset", "beginning", "--exit-at-end");
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().lines().filter(l -> !l.isBlank()).toList();
  }

  private static Process papersChild(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(PapersCli.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
            .redirectError(log.toFile())
            .directory(new File(System.getProperty("user.dir")));
    builder.environment().remove(ClientConfig.ENV_BOOTSTRAP_SERVERS);
    builder.environment().remove(ClientConfig.ENV_SCHEMA_REGISTRY_URL);
    builder.environment().remove(ClientConfig.ENV_CONFIG);
    return builder.start();
  }

  @Test
  void shouldIngestProcessAndTailDigestsOverSaslSslAndAnHttpsRegistryWithBasicAuth()
      throws Exception {
    Path inbox = dir.resolve("inbox");
    CliFixtures.writeDigest(inbox, "2026-11-03.txt", "Secured", 5);
    CliFixtures.writeDigest(inbox, "2026-11-04.txt", "Guarded", 4);
    // Other bytes, papers already seen: three more raw records, no new unique paper.
    CliFixtures.writeDigest(inbox, "2026-11-05.txt", "Secured", 3);

    CliFixtures.Run ingest =
        CliFixtures.papers("ingest", inbox.toString(), "--config", config.toString());

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.err()).doesNotContain(PASSWORD).doesNotContain(REGISTRY_PASSWORD);
    assertThat(tail(Topics.PAPERS_RAW)).hasSize(12);

    Path streamsLog = dir.resolve("streams.log");
    Process streams =
        papersChild(
            streamsLog,
            "streams",
            "--config",
            config.toString(),
            "--application-id",
            "secured-it",
            "--state-dir",
            dir.resolve("state").toString(),
            "--dashboard-port",
            "0");
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                assertThat(streams.isAlive()).as(Files.readString(streamsLog)).isTrue();
                return tail(Topics.PAPERS_ENRICHED).size() == 9;
              });
      assertThat(tail(Topics.PAPERS_UNIQUE)).hasSize(9);
      assertThat(tail(Topics.DEAD_LETTER)).isEmpty();
    } finally {
      streams.destroy();
      if (!streams.waitFor(30, TimeUnit.SECONDS)) {
        streams.destroyForcibly();
      }
    }
    assertThat(Files.readString(streamsLog)).doesNotContain(PASSWORD, REGISTRY_PASSWORD);
  }

  @Test
  void shouldFailAWrongPasswordWithinFifteenSecondsInOneLineNamingTheBrokerAndTheCause()
      throws Exception {
    Path wrong =
        writeConfig("wrong.properties", "not-the-password", REGISTRY_PASSWORD, registry.url());
    Path digest = CliFixtures.writeDigest(dir.resolve("wrong"), "2026-11-03.txt", "Refused", 2);
    Path log = dir.resolve("wrong.log");

    long started = System.nanoTime();
    Process child = papersChild(log, "ingest", digest.toString(), "--config", wrong.toString());
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    double seconds = (System.nanoTime() - started) / 1e9;

    String stderr = Files.readString(log);
    assertThat(child.exitValue()).as(stderr).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(seconds).as(stderr).isLessThan(15.0);
    assertThat(stderr.strip().lines().toList()).as(stderr).hasSize(1);
    assertThat(stderr)
        .startsWith("papers ingest: Kafka at " + secureBootstrap + " refused our credentials: ")
        .contains("invalid credentials with SASL mechanism SCRAM-SHA-512")
        .doesNotContain("Exception")
        .doesNotContain("not-the-password");
  }

  @Test
  void shouldFailAWrongRegistryPasswordAndAnUnreachableRegistryInOneLine() throws Exception {
    Path digest = CliFixtures.writeDigest(dir.resolve("reg"), "2026-11-03.txt", "Registry", 2);
    Path wrong = writeConfig("wrong-registry.properties", PASSWORD, "nope", registry.url());
    String deadUrl = "https://" + HOST + ":" + EmbeddedKafka.freePortForTests();
    Path dead = writeConfig("dead-registry.properties", PASSWORD, REGISTRY_PASSWORD, deadUrl);

    CliFixtures.Run refused =
        CliFixtures.papers("ingest", digest.toString(), "--config", wrong.toString());
    CliFixtures.Run unreachable =
        CliFixtures.papers("ingest", digest.toString(), "--config", dead.toString());

    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(refused.err())
        .isEqualTo(
            "papers ingest: schema registry at "
                + registry.url()
                + " refused our credentials (HTTP 401)\n");
    assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(unreachable.err().strip().lines().toList()).hasSize(1);
    assertThat(unreachable.err())
        .startsWith("papers ingest: cannot reach the schema registry at " + deadUrl + ": ")
        .doesNotContain("Exception");
  }
}
