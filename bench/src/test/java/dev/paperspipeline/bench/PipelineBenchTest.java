package dev.paperspipeline.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;

class PipelineBenchTest {

  @Test
  void shouldPauseOnlyTopologiesWithoutStateStores() {
    StreamsBuilder pass = new StreamsBuilder();
    pass.stream("in", Consumed.with(Serdes.String(), Serdes.String())).to("out");
    StreamsBuilder counting = new StreamsBuilder();
    counting.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey()
        .count(Materialized.as("counts"));

    assertThat(PipelineBench.stateless(pass.build())).isTrue();
    assertThat(PipelineBench.stateless(counting.build())).isFalse();
  }
}
