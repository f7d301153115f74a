package dev.paperspipeline.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Misspelled and unknown setting names are named, with the closest known name, as kcat does. */
class UnknownSettingsTest {
  @TempDir Path dir;

  @Test
  void shouldNameAMisspelledSettingOfTheFileWithTheClosestKnownName() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "security.protocol=SSL\n"
                + "ssl.truststore.location=/tmp/t.p12\n"
                + "ssl.truststore.pasword=secret\n");

    ClientConfig c = ClientConfig.builder().file(file).build();

    assertThat(c.unknownSettings(Set.of()))
        .containsExactly(
            "unknown setting ssl.truststore.pasword in --config "
                + file
                + ": did you mean ssl.truststore.password?");
  }

  @Test
  void shouldCheckAPrefixedSettingAgainstThatClientsNames() {
    ClientConfig c =
        ClientConfig.builder()
            .settings(
                List.of(
                    "consumer.fetch.max.bytez=1",
                    "producer.linger.ms=5",
                    "main.consumer.max.poll.records=10",
                    "admin.retries=1"))
            .build();

    assertThat(c.unknownSettings(Set.of()))
        .containsExactly(
            "unknown setting consumer.fetch.max.bytez from -X: did you mean"
                + " consumer.fetch.max.bytes?");
  }

  @Test
  void shouldSayWhenNoKnownNameIsClose() {
    ClientConfig c = ClientConfig.builder().settings(List.of("foo.bar=1")).build();

    assertThat(c.unknownSettings(Set.of()))
        .containsExactly(
            "unknown setting foo.bar from -X: not a Kafka client, Kafka Streams, schema-registry"
                + " or papers setting");
  }

  @Test
  void shouldKnowStreamsRegistryAndPipelineNamesAndOpenPrefixes() {
    ClientConfig c =
        ClientConfig.builder()
            .settings(
                List.of(
                    "num.standby.replicas=1",
                    "processing.guarantee=exactly_once_v2",
                    "basic.auth.credentials.source=USER_INFO",
                    "basic.auth.user.info=u:p",
                    "schema.registry.ssl.truststore.location=/t.p12",
                    "topic.min.insync.replicas=2",
                    "sasl.login.callback.handler.class=x.Y",
                    "papers.trends.grace=P1D",
                    "papers.trends.gracee=P1D"))
            .build();

    assertThat(c.unknownSettings(Set.of("papers.trends.grace")))
        .containsExactly(
            "unknown setting papers.trends.gracee from -X: did you mean papers.trends.grace?");
  }
}
