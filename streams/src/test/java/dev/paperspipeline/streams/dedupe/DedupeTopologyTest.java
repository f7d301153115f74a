package dev.paperspipeline.streams.dedupe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.PipelineSerdes;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DedupeTopologyTest {
  private static final Instant T0 = Instant.parse("2025-08-12T08:00:00Z");
  private static final Duration HORIZON = Duration.ofDays(90);

  private TopologyTestDriver driver;
  private TestInputTopic<String, PaperEvent> raw;
  private TestOutputTopic<String, UniquePaper> unique;
  private TestOutputTopic<String, PaperSighting> sightings;

  @BeforeEach
  void setUp() {
    PipelineSerdes serdes = PipelineSerdes.avro("mock://dedupe-test");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedupe-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    driver =
        new TopologyTestDriver(
            DedupeTopology.build(
                HORIZON, serdes.paperEvent(), serdes.uniquePaper(), serdes.paperSighting()),
            props);
    raw =
        driver.createInputTopic(
            Topics.PAPERS_RAW, Serdes.String().serializer(), serdes.paperEvent().serializer());
    unique =
        driver.createOutputTopic(
            Topics.PAPERS_UNIQUE,
            Serdes.String().deserializer(),
            serdes.uniquePaper().deserializer());
    sightings =
        driver.createOutputTopic(
            Topics.PAPER_SIGHTINGS,
            Serdes.String().deserializer(),
            serdes.paperSighting().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void sight(String id, LocalDate date, Instant at) {
    raw.pipeInput(id, Papers.event(id, "Paper " + id, date, at), at);
  }

  @Test
  void shouldEmitTheFirstSightingToUniqueAndSightings() {
    sight("p1", LocalDate.of(2025, 8, 12), T0);

    var first = unique.readKeyValuesToList();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).key).isEqualTo("p1");
    UniquePaper p = first.get(0).value;
    assertThat(p.getSightings()).isEqualTo(1);
    assertThat(p.getTitle()).isEqualTo("Paper p1");
    assertThat(p.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(p.getFirstSeenAt()).isEqualTo(T0);
    assertThat(p.getAbstractText()).isEqualTo("An abstract about Paper p1.");
    // the sighting summary: the same paper without its abstract
    PaperSighting s =
        PaperSighting.newBuilder()
            .setPaperId(p.getPaperId())
            .setTitle(p.getTitle())
            .setFirstDigestDate(p.getFirstDigestDate())
            .setLastDigestDate(p.getLastDigestDate())
            .setSightings(1)
            .setFirstLineage(p.getFirstLineage())
            .setFirstSeenAt(p.getFirstSeenAt())
            .setLastSeenAt(p.getLastSeenAt())
            .setSightingDigestDate(LocalDate.of(2025, 8, 12))
            .build();
    assertThat(sightings.readValuesToList()).containsExactly(s);
  }

  @Test
  void shouldTrackLaterSightingsWithoutReemittingThemAsUnique() {
    sight("p1", LocalDate.of(2025, 8, 12), T0);
    sight("p2", LocalDate.of(2025, 8, 12), T0);
    sight("p1", LocalDate.of(2025, 8, 14), T0.plus(Duration.ofDays(2)));
    sight("p1", LocalDate.of(2025, 8, 11), T0.plus(Duration.ofDays(3)));

    // the later-dated sighting is not re-emitted; the earlier-dated one is, as a revision
    var firsts = unique.readKeyValuesToList();
    assertThat(firsts).extracting(kv -> kv.key).containsExactly("p1", "p2", "p1");
    assertThat(firsts.get(2).value.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 8, 11));
    var all = sightings.readKeyValuesToList();
    assertThat(all).extracting(kv -> kv.key).containsExactly("p1", "p2", "p1", "p1");
    PaperSighting last = all.get(3).value;
    assertThat(last.getSightings()).isEqualTo(3);
    assertThat(last.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 8, 11));
    assertThat(last.getLastDigestDate()).isEqualTo(LocalDate.of(2025, 8, 14));
    assertThat(last.getFirstSeenAt()).isEqualTo(T0);
    assertThat(last.getLastSeenAt()).isEqualTo(T0.plus(Duration.ofDays(3)));

    // the store holds the summary itself: no abstract
    WindowStore<String, PaperSighting> store = driver.getWindowStore(StoreNames.DEDUPE_SIGHTINGS);
    assertThat(store.fetch("p1", T0.toEpochMilli())).isEqualTo(last);

    double dropped =
        driver.metrics().values().stream()
            .filter(m -> m.metricName().name().equals("duplicates-dropped-total"))
            .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
            .sum();
    assertThat(dropped).as("duplicates-dropped-total").isEqualTo(2.0);
  }

  @Test
  void shouldTreatASightingPastTheHorizonAsANewFirstSighting() {
    sight("p1", LocalDate.of(2025, 1, 1), T0);
    sight("p1", LocalDate.of(2025, 1, 2), T0.plus(HORIZON).minusSeconds(1));
    sight("p1", LocalDate.of(2025, 6, 1), T0.plus(HORIZON).plusSeconds(1));

    var firsts = unique.readValuesToList();
    assertThat(firsts).hasSize(2);
    assertThat(firsts.get(1).getSightings()).isEqualTo(1);
    assertThat(firsts.get(1).getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 6, 1));
    assertThat(sightings.readValuesToList())
        .extracting(PaperSighting::getSightings)
        .containsExactly(1, 2, 1);
  }

  @Test
  void shouldCountAnEarlierSightingAndStartAfreshExactlyOneHorizonAfterTheFirst() {
    Instant first = T0.plus(Duration.ofDays(10));
    sight("p1", LocalDate.of(2025, 1, 10), first);
    sight("p1", LocalDate.of(2025, 1, 1), T0); // out of order, inside the entry's horizon
    sight("p1", LocalDate.of(2025, 4, 9), first.plus(HORIZON).minusMillis(1));
    sight("p1", LocalDate.of(2025, 4, 10), first.plus(HORIZON));

    assertThat(sightings.readValuesToList())
        .extracting(PaperSighting::getSightings)
        .containsExactly(1, 2, 3, 1);
    var firsts = unique.readValuesToList();
    // the first sighting, its revision to the earlier date, then afresh after the horizon
    assertThat(firsts)
        .extracting(UniquePaper::getFirstSeenAt)
        .containsExactly(first, first, first.plus(HORIZON));
    assertThat(firsts.get(1).getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 1, 1));
    assertThat(firsts.get(2).getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 4, 10));
  }

  @Test
  void shouldReadTheUniquePaperValuesOfAnEarlierStoreChangelogAsSightings() {
    // Before the lean store, the changelog held whole UniquePaper values. The store's serde reads
    // each record with its writer schema (by the id in its header) into PaperSighting, the same
    // as it reads the values of a restored changelog.
    PipelineSerdes serdes = PipelineSerdes.avro("mock://dedupe-upgrade-test");
    String changelog = "papers-pipeline-" + StoreNames.DEDUPE_SIGHTINGS + "-changelog";
    PaperEvent e = Papers.event("p1", "Paper p1", LocalDate.of(2025, 8, 12), T0);
    UniquePaper old =
        UniquePaper.newBuilder(Sightings.first(e))
            .setSightings(3)
            .setLastDigestDate(LocalDate.of(2025, 8, 14))
            .setLastSeenAt(T0.plus(Duration.ofDays(2)))
            .build();
    byte[] written = serdes.uniquePaper().serializer().serialize(changelog, old);

    PaperSighting read = serdes.paperSighting().deserializer().deserialize(changelog, written);

    assertThat(read)
        .isEqualTo(
            PaperSighting.newBuilder(Sightings.firstSighting(e))
                .setSightings(3)
                .setLastDigestDate(LocalDate.of(2025, 8, 14))
                .setLastSeenAt(T0.plus(Duration.ofDays(2)))
                .setSightingDigestDate(null) // not in the UniquePaper written before
                .build());
    // and a later sighting adds up on it as on a summary the new code wrote
    assertThat(Sightings.next(read, e).getSightings()).isEqualTo(4);
  }

  @Test
  void shouldEmitARevisionWithTheEarlierDateWhenAnEarlierDigestIsReadLate() {
    sight("p1", LocalDate.of(2025, 8, 12), T0);
    sight("p1", LocalDate.of(2025, 4, 4), T0.plusSeconds(60));
    sight("p1", LocalDate.of(2025, 12, 7), T0.plusSeconds(120));
    sight("p1", LocalDate.of(2025, 4, 4), T0.plusSeconds(180));

    var out = unique.readKeyValuesToList();
    // the first sighting, then one revision: later or equal dates change nothing
    assertThat(out).hasSize(2);
    assertThat(out.get(0).value.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    UniquePaper revised = out.get(1).value;
    assertThat(out.get(1).key).isEqualTo("p1");
    assertThat(revised.getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 4, 4));
    assertThat(revised.getLastDigestDate()).isEqualTo(LocalDate.of(2025, 8, 12));
    assertThat(revised.getSightings()).isEqualTo(2);
    assertThat(revised.getFirstLineage().getFileName()).isEqualTo("digest-2025-04-04.txt");
    assertThat(revised.getFirstSeenAt()).isEqualTo(T0);
    List<PaperSighting> seen = sightings.readValuesToList();
    assertThat(seen).hasSize(4);
    assertThat(seen.get(3).getFirstDigestDate()).isEqualTo(LocalDate.of(2025, 4, 4));
    assertThat(seen.get(3).getSightings()).isEqualTo(4);
  }
}
