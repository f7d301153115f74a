package dev.paperspipeline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.paperspipeline.avro.state.DaySightings;
import dev.paperspipeline.avro.state.StayingPaperDays;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

class StoreValueSerdeTest {
  private final Serde<StayingPaperDays> serde =
      StoreValueSerde.of("some-store", StayingPaperDays.class);

  @Test
  void shouldRoundTripARecord() {
    StayingPaperDays value =
        new StayingPaperDays(3, "A title", List.of(new DaySightings(20000L, 2)));
    byte[] bytes = serde.serializer().serialize("t", value);
    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(value);
  }

  @Test
  void shouldFailClearlyOnAnEarlierTextValue() {
    byte[] old = "3\t20000:2,20001:1\tA title".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", old))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("some-store")
        .hasMessageContaining("papers reset");
  }

  @Test
  void shouldTellAnUnreadableStoreValueThroughWrappingExceptions() {
    byte[] old = "1\t\tT".getBytes(StandardCharsets.UTF_8);
    Throwable failure = catchThrowable(() -> serde.deserializer().deserialize("t", old));
    assertThat(StoreValueSerde.isUnreadableState(new StreamsException("wrapped", failure)))
        .isTrue();
    assertThat(StoreValueSerde.isUnreadableState(new SerializationException("other"))).isFalse();
  }

  @Test
  void shouldFailClearlyOnTrailingBytes() {
    byte[] bytes = serde.serializer().serialize("t", new StayingPaperDays(1, "T", List.of()));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", longer))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("some-store");
  }
}
