package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.PaperRef;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmergingPhrasesTopologyTest {
  private static final Instant WALL_START = Instant.parse("2025-08-20T09:00:00Z");
  private static final LocalDate AUG_1 = LocalDate.of(2025, 8, 1);

  private AnalyticsDriver d;

  @BeforeEach
  void setUp() {
    d =
        new AnalyticsDriver(
            "emerging-test",
            AnalyticsOptions.defaults().withCloseCheckInterval(Duration.ofMinutes(1)),
            WALL_START);
  }

  @AfterEach
  void tearDown() {
    d.close();
  }

  private void day(LocalDate date, int papers, String phrase) {
    for (int i = 0; i < papers; i++) {
      d.paper(phrase + "-" + date + "-" + i, date, List.of("other"), List.of(phrase));
    }
  }

  @Test
  void shouldEmitAPhraseFirstSeenRecentlyInSeveralPapersWithItsGrowthAndExamples() {
    for (int k = 0; k < 9; k++) {
      day(AUG_1.plusDays(k), 3, "old phrase");
    }
    d.emit();
    assertThat(d.emerging.readKeyValuesToList()).isEmpty(); // seen on the first digest

    d.sightings("sparse mixture-2025-08-09-1", 3);
    day(LocalDate.of(2025, 8, 8), 2, "sparse mixture");
    day(LocalDate.of(2025, 8, 9), 3, "sparse mixture");
    day(LocalDate.of(2025, 8, 9), 2, "rare thing");
    d.paper(
        "sparse mixture-2025-08-09-0",
        LocalDate.of(2025, 8, 9),
        List.of(),
        List.of("sparse mixture"));
    d.emit();

    List<KeyValue<String, EmergingPhrase>> out = d.emerging.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("sparse mixture");
    EmergingPhrase p = out.get(0).value;
    assertThat(p.getPhrase()).isEqualTo("sparse mixture");
    assertThat(p.getFirstSeenDate()).isEqualTo(LocalDate.of(2025, 8, 8));
    assertThat(p.getAsOfDate()).isEqualTo(LocalDate.of(2025, 8, 9));
    assertThat(p.getWindowDays()).isEqualTo(7);
    assertThat(p.getPapers()).isEqualTo(5);
    assertThat(p.getGrowth()).isEqualTo(2.5);
    assertThat(p.getExamples())
        .extracting(PaperRef::getPaperId)
        .containsExactly(
            "sparse mixture-2025-08-09-1",
            "sparse mixture-2025-08-08-0",
            "sparse mixture-2025-08-08-1",
            "sparse mixture-2025-08-09-0",
            "sparse mixture-2025-08-09-2");
    assertThat(p.getExamples().get(0).getSightings()).isEqualTo(3);
  }

  @Test
  void shouldStopEmittingAPhraseOnceItIsOlderThanTheWindow() {
    day(AUG_1, 1, "old phrase");
    day(LocalDate.of(2025, 8, 8), 3, "sparse mixture");
    d.emit();
    assertThat(d.emerging.readKeyValuesToList()).hasSize(1);

    day(LocalDate.of(2025, 8, 15), 2, "sparse mixture"); // 7 days after its first: no longer new
    d.emit();
    assertThat(d.emerging.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldWithdrawAnEmergingPhraseWhenAnEarlierDigestReadLateShowsItWasNotNew() {
    day(AUG_1, 1, "old phrase");
    day(LocalDate.of(2025, 8, 8), 3, "language models");
    d.emit();
    List<KeyValue<String, EmergingPhrase>> first = d.emerging.readKeyValuesToList();
    assertThat(first).extracting(kv -> kv.key).containsExactly("language models");

    // a backfill: a digest of Jul 30 lists the phrase too, so on Aug 8 it was not new
    d.paper("backfilled", LocalDate.of(2025, 7, 30), List.of("other"), List.of("language models"));
    d.emit();
    List<KeyValue<String, EmergingPhrase>> out = d.emerging.readKeyValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key).isEqualTo("language models");
    assertThat(out.get(0).value).isNull(); // the tombstone that withdraws it
  }

  @Test
  void shouldWithdrawAnEmergingPhraseWhenItsPaperMovesToAnEarlierDigest() {
    day(AUG_1, 1, "old phrase");
    day(LocalDate.of(2025, 8, 8), 3, "sparse mixture");
    d.emit();
    assertThat(d.emerging.readKeyValuesToList()).hasSize(1);

    // papers-enriched's revision: one of its papers was listed on Aug 1 already (the earliest
    // digest), so the phrase was first seen then: not new
    d.paper("sparse mixture-2025-08-08-0", AUG_1, List.of("other"), List.of("sparse mixture"));
    d.emit();
    List<KeyValue<String, EmergingPhrase>> out = d.emerging.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("sparse mixture");
    assertThat(out.get(0).value).isNull();
  }
}
