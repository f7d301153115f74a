package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A truststore that cannot be used is named, with its setting, before any Kafka client is created:
 * in milliseconds, in one message, whatever the bootstrap address.
 */
class TrustStoreCheckTest {
  private static final String PASSWORD = "store-Secret-3";

  @TempDir static Path dir;
  private static Path trustStore;

  @BeforeAll
  static void createTrustStore() throws Exception {
    Path keyStore = dir.resolve("server.p12");
    Path cert = dir.resolve("server.crt");
    trustStore = dir.resolve("trust.p12");
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
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "localhost",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
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
        PASSWORD);
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

  /**
   * A port that accepts TCP connections and never answers, as a TLS listener would to a bad client.
   */
  private static ServerSocket silentListener() throws Exception {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  private Path config(String... lines) throws Exception {
    return Files.writeString(
        Files.createTempFile(dir, "client", ".properties"), String.join("\n", lines) + "\n");
  }

  private static Throwable probe(Path file, String bootstrap) {
    ClientConfig config = ClientConfig.builder().file(file).bootstrapServers(bootstrap).build();
    long started = System.nanoTime();
    Throwable thrown =
        org.assertj.core.api.Assertions.catchThrowable(
            () -> ClusterProbe.kafka(config, Duration.ofSeconds(15)));
    assertThat((System.nanoTime() - started) / 1e9).as("seconds").isLessThan(3.0);
    return thrown;
  }

  @Test
  void shouldNameTheMissingTrustStoreFileAndItsSetting() throws Exception {
    Path file =
        config("security.protocol=SSL", "ssl.truststore.location=" + dir.resolve("nope.p12"));
    try (ServerSocket listener = silentListener()) {
      Throwable thrown = probe(file, "127.0.0.1:" + listener.getLocalPort());

      assertThat(thrown)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "ssl.truststore.location in --config "
                  + file
                  + ": no such file "
                  + dir.resolve("nope.p12").toAbsolutePath());
    }
  }

  @Test
  void shouldSayAPkcs12TrustStoreWithoutPasswordHoldsNoReadableCertificate() throws Exception {
    // ssl.truststore.pasword: misspelled, so the client has no password for the store
    Path file =
        config(
            "security.protocol=SSL",
            "ssl.truststore.location=" + trustStore,
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.pasword=" + PASSWORD);
    try (ServerSocket listener = silentListener()) {
      Throwable thrown = probe(file, "127.0.0.1:" + listener.getLocalPort());

      assertThat(thrown)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "truststore "
                  + trustStore
                  + " (ssl.truststore.location in --config "
                  + file
                  + ") holds no certificate readable without a password: set"
                  + " ssl.truststore.password (TLS would fail with \"trustAnchors parameter must"
                  + " be non-empty\")");
    }
  }

  @Test
  void shouldNameTheTrustStoreAndThePasswordSettingWhenThePasswordIsWrong() throws Exception {
    Path file =
        config(
            "security.protocol=SASL_SSL",
            "sasl.mechanism=PLAIN",
            "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"u\" password=\"p\";",
            "ssl.truststore.location=" + trustStore,
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.password=wrong-one");
    try (ServerSocket listener = silentListener()) {
      Throwable thrown = probe(file, "127.0.0.1:" + listener.getLocalPort());

      assertThat(thrown)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "ssl.truststore.password in --config "
                  + file
                  + " does not open truststore "
                  + trustStore
                  + " (ssl.truststore.location): wrong password")
          .hasMessageNotContaining("wrong-one");
    }
  }

  @Test
  void shouldCheckTheRegistryClientsTrustStoreToo() throws Exception {
    Path file =
        config(
            "schema.registry.ssl.truststore.location=" + trustStore,
            "schema.registry.ssl.truststore.password=wrong-one");
    ClientConfig config =
        ClientConfig.builder().file(file).schemaRegistryUrl("https://127.0.0.1:1").build();

    assertThatThrownBy(() -> ClusterProbe.registry(config, Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("schema.registry.ssl.truststore.password in --config " + file)
        .hasMessageContaining("wrong password");
  }

  @Test
  void shouldFailInMillisecondsWhenEveryBootstrapServerRefuses() throws Exception {
    int a;
    int b;
    try (ServerSocket s1 = silentListener();
        ServerSocket s2 = silentListener()) {
      a = s1.getLocalPort();
      b = s2.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + a + ",127.0.0.1:" + b;
    ClientConfig config = ClientConfig.builder().bootstrapServers(bootstrap).build();
    long started = System.nanoTime();

    assertThatThrownBy(() -> ClusterProbe.kafka(config, Duration.ofSeconds(15)))
        .isInstanceOf(UnreachableException.class)
        .hasMessage(
            "cannot reach Kafka at "
                + bootstrap
                + " (127.0.0.1:"
                + a
                + ": connection refused; 127.0.0.1:"
                + b
                + ": connection refused)");
    assertThat((System.nanoTime() - started) / 1e9).as("seconds").isLessThan(2.0);
  }
}
