package dev.paperspipeline.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.PaperEvent;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * AvroSerde with a {@code mock://} registry under TopologyTestDriver, as the streams tests use it.
 */
class TopologyTestDriverSerdeTest {
  private final String scope = "ttd-" + UUID.randomUUID();

  @AfterEach
  void drop() {
    SchemaRegistryClients.dropScope(scope);
  }

  @Test
  void shouldCarryAvroRecordsAndTombstonesThroughATopology() {
    AvroSerde<PaperEvent> serde = new AvroSerde<>(PaperEvent.class);
    serde.configure(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in", Consumed.with(Serdes.String(), serde))
        .mapValues(
            e ->
                e == null
                    ? null
                    : PaperEvent.newBuilder(e).setTitle("seen: " + e.getTitle()).build())
        .to("out", Produced.with(Serdes.String(), serde));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ttd-serde");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, PaperEvent> in =
          driver.createInputTopic("in", Serdes.String().serializer(), serde.serializer());
      TestOutputTopic<String, PaperEvent> out =
          driver.createOutputTopic("out", Serdes.String().deserializer(), serde.deserializer());
      PaperEvent event = Fixtures.paperEvent(4);
      in.pipeInput("k", event);
      in.pipeInput("gone", null);

      assertThat(out.readKeyValue().value.getTitle()).isEqualTo("seen: " + event.getTitle());
      assertThat(out.readKeyValue().value).isNull();
    }
    assertThat(SchemaRegistryClients.create("mock://" + scope, null).subjects())
        .containsExactlyInAnyOrder("in-value", "out-value");
  }
}
