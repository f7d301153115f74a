package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Confluent's registry-client authentication settings against our server with basic auth. */
class RegistryAuthTest {
  private SchemaRegistryServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        SchemaRegistryServer.start(
            SchemaRegistryServer.Config.inMemory().withPort(0),
            RegistryServerSecurity.NONE.withUser("ann:pa:ss"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Map<String, Object> noRetries(Map<String, Object> more) {
    Map<String, Object> m = new java.util.HashMap<>(more);
    m.put(RegistryConfig.MAX_RETRIES, 0);
    return m;
  }

  @Test
  void shouldAnswerWithUserInfoAndRefuseWithoutOrWithAWrongPassword() {
    SchemaRegistryClient good =
        SchemaRegistryClients.create(
            server.url(),
            noRetries(
                Map.of(
                    RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO",
                    RegistryConfig.BASIC_AUTH_USER_INFO, "ann:pa:ss")));
    SchemaRegistryClient none = SchemaRegistryClients.create(server.url(), noRetries(Map.of()));
    SchemaRegistryClient wrong =
        SchemaRegistryClients.create(
            server.url(), noRetries(Map.of(RegistryConfig.BASIC_AUTH_USER_INFO, "ann:nope")));

    assertThat(good.subjects()).isEmpty();
    assertThatThrownBy(none::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(wrong::subjects)
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void shouldTakeTheCredentialsFromTheUrlWithSourceUrl() {
    String withUser = server.url().replace("http://", "http://ann:pa%3Ass@");
    SchemaRegistryClient client =
        SchemaRegistryClients.create(
            withUser, noRetries(Map.of(RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "URL")));

    assertThat(client.subjects()).isEmpty();
  }

  @Test
  void shouldBuildABearerHeaderAndRejectUnknownSources() {
    assertThat(
            RestSchemaRegistryClient.authorization(
                Map.of(
                    RegistryConfig.BEARER_AUTH_CREDENTIALS_SOURCE, "STATIC_TOKEN",
                    RegistryConfig.BEARER_AUTH_TOKEN, "t0k"),
                null))
        .isEqualTo("Bearer t0k");
    assertThatThrownBy(
            () ->
                RestSchemaRegistryClient.authorization(
                    Map.of(RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "SASL_INHERIT"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "basic.auth.credentials.source=SASL_INHERIT is not supported; use USER_INFO or URL");
  }
}
