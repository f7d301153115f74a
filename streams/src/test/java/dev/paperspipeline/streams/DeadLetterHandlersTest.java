package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperspipeline.avro.DeadLetter;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.avro.state.StayingPaperDays;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import dev.paperspipeline.streams.testing.Papers;
import dev.paperspipeline.streams.trends.TrendsOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {
  private static final String REGISTRY = "mock://handlers-test";
  private static final Instant T0 = Instant.parse("2025-08-12T08:00:00Z");

  private static Properties props() {
    Properties props = PipelineConfig.streamsProperties("unused:9092", REGISTRY, Map.of());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers-test");
    // Under exactly_once_v2, TopologyTestDriver 4.3 loses the dead-letter records that a
    // deserialization handler returns (they are sent while reading input, outside the driver's
    // captured transaction); DeadLetterIT checks the exactly-once app on a real broker.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    return props;
  }

  @Test
  void shouldSendAnUndeserializableRecordToTheDeadLetterTopicAndGoOn() {
    PipelineSerdes serdes = PipelineSerdes.avro(REGISTRY);
    var topology =
        PipelineTopology.build(
            Duration.ofDays(90),
            PaperEnricher.loadDefault(),
            Clock.systemUTC(),
            TrendsOptions.defaults(),
            serdes);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props())) {
      var rawBytes =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), Serdes.ByteArray().serializer());
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var unique =
          driver.createOutputTopic(
              Topics.PAPERS_UNIQUE,
              Serdes.String().deserializer(),
              serdes.uniquePaper().deserializer());
      var dead =
          driver.createOutputTopic(
              Topics.DEAD_LETTER,
              Serdes.String().deserializer(),
              serdes.deadLetter().deserializer());

      rawBytes.pipeInput("poison", "not avro at all".getBytes(StandardCharsets.UTF_8), T0);
      raw.pipeInput("p1", Papers.event("p1", "Good paper", LocalDate.of(2025, 8, 12), T0), T0);

      var letters = dead.readKeyValuesToList();
      assertThat(letters).hasSize(1);
      assertThat(letters.get(0).key).isEqualTo("poison");
      DeadLetter letter = letters.get(0).value;
      assertThat(letter.getStage()).isEqualTo("STREAMS_DESERIALIZATION");
      assertThat(letter.getSourceTopic()).isEqualTo(Topics.PAPERS_RAW);
      assertThat(letter.getSourcePartition()).isZero();
      assertThat(letter.getSourceOffset()).isZero();
      assertThat(letter.getErrorClass()).isNotBlank();
      assertThat(StandardCharsets.UTF_8.decode(letter.getRaw()).toString())
          .isEqualTo("not avro at all");
      assertThat(letter.getRawSize()).isEqualTo(15);
      assertThat(unique.readValuesToList())
          .extracting(UniquePaper::getPaperId)
          .containsExactly("p1");
    }
  }

  @Test
  void shouldSendARecordWhoseProcessingFailsToTheDeadLetterTopicAndGoOn() {
    PipelineSerdes serdes = PipelineSerdes.avro(REGISTRY);
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.PAPERS_RAW, Consumed.with(Serdes.String(), serdes.paperEvent()))
        .mapValues(
            (PaperEvent e) -> {
              if (e.getTitle().contains("boom")) {
                throw new IllegalStateException("cannot handle " + e.getTitle());
              }
              return e.getTitle();
            })
        .to(Topics.PAPERS_UNIQUE, Produced.with(Serdes.String(), Serdes.String()));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props())) {
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var out =
          driver.createOutputTopic(
              Topics.PAPERS_UNIQUE, Serdes.String().deserializer(), Serdes.String().deserializer());
      var dead =
          driver.createOutputTopic(
              Topics.DEAD_LETTER,
              Serdes.String().deserializer(),
              serdes.deadLetter().deserializer());

      raw.pipeInput("p1", Papers.event("p1", "boom paper", null, T0), T0);
      raw.pipeInput("p2", Papers.event("p2", "fine paper", null, T0), T0);

      DeadLetter letter = dead.readValue();
      assertThat(letter.getStage()).isEqualTo("STREAMS_PROCESSING");
      assertThat(letter.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(letter.getReason()).contains("boom paper");
      assertThat(letter.getSourceTopic()).isEqualTo(Topics.PAPERS_RAW);
      assertThat(letter.getSourceOffset()).isZero();
      assertThat(serdes.paperEvent().deserializer().deserialize(Topics.PAPERS_RAW, bytes(letter)))
          .extracting(PaperEvent::getPaperId)
          .isEqualTo("p1");
      assertThat(dead.isEmpty()).isTrue();
      assertThat(out.readValuesToList()).containsExactly("fine paper");
    }
  }

  @Test
  void shouldStopOnAStoreValueThisVersionCannotRead() {
    PipelineSerdes serdes = PipelineSerdes.avro(REGISTRY);
    var storeValues = StoreValueSerde.of("some-store", StayingPaperDays.class).deserializer();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.PAPERS_RAW, Consumed.with(Serdes.String(), serdes.paperEvent()))
        .mapValues(
            // as a store get does with a value an earlier version wrote
            (PaperEvent e) ->
                storeValues.deserialize("t", "2\t\tT".getBytes(StandardCharsets.UTF_8)).getTitle())
        .to(Topics.PAPERS_UNIQUE, Produced.with(Serdes.String(), Serdes.String()));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props())) {
      var raw =
          driver.createInputTopic(
              Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
      var dead =
          driver.createOutputTopic(
              Topics.DEAD_LETTER,
              Serdes.String().deserializer(),
              serdes.deadLetter().deserializer());

      assertThatThrownBy(() -> raw.pipeInput("p1", Papers.event("p1", "T", null, T0), T0))
          .hasStackTraceContaining("some-store")
          .hasStackTraceContaining("papers reset");
      assertThat(dead.isEmpty()).isTrue();
    }
  }

  private static byte[] bytes(DeadLetter letter) {
    byte[] b = new byte[letter.getRaw().remaining()];
    letter.getRaw().duplicate().get(b);
    return b;
  }
}
