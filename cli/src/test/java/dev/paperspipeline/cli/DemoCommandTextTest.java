package dev.paperspipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.PaperRef;
import org.junit.jupiter.api.Test;

class DemoCommandTextTest {

  @Test
  void shouldSaySightingInTheSingular() {
    PaperRef once = PaperRef.newBuilder().setPaperId("p1").setTitle("A").setSightings(1).build();
    PaperRef twice = PaperRef.newBuilder().setPaperId("p2").setTitle("B").setSightings(2).build();
    assertThat(DemoCommand.paperLine(once)).isEqualTo("A (1 sighting)");
    assertThat(DemoCommand.paperLine(twice)).isEqualTo("B (2 sightings)");
  }
}
