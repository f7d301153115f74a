package dev.paperspipeline.streams.trends;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendHitSerdeTest {
  private final TrendHit.TrendHitSerde serde = new TrendHit.TrendHitSerde();

  @Test
  void shouldRoundTripAHit() {
    TrendHit hit =
        new TrendHit(TrendKind.KEYPHRASE, 1_754_956_800_000L, "p1", "Naïve Title", List.of("a b"));

    byte[] bytes = serde.serializer().serialize("t", hit);

    assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(hit);
  }

  @Test
  void shouldReadAVersionOneHitWrittenBeforeHitsCoveredBothWindowSizes() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeByte(TrendKind.TOPIC.ordinal());
      out.writeByte(1); // WEEK
      out.writeLong(42L);
      out.writeUTF("p1");
      out.writeUTF("Title");
      out.writeShort(1);
      out.writeUTF("llm");
    }

    assertThat(serde.deserializer().deserialize("t", bytes.toByteArray()))
        .isEqualTo(new TrendHit(TrendKind.TOPIC, 42L, "p1", "Title", List.of("llm")));
  }
}
