package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.streams.testing.Papers;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenCodeShareTopologyTest {
  private static final Instant WALL = Instant.parse("2025-08-12T09:00:00Z");
  private static final LocalDate MON = LocalDate.of(2025, 8, 11);
  private static final LocalDate TUE = MON.plusDays(1);
  private static final String LLM = "llm@WEEK:2025-08-11";
  private static final String VISION = "vision@WEEK:2025-08-11";

  private WeeklyAnalyticsDriver t;

  @BeforeEach
  void setUp() {
    t = new WeeklyAnalyticsDriver(WALL);
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  static EnrichedPaper paper(String id, LocalDate date, List<String> topics, CodeLink... links) {
    EnrichedPaper p = Papers.enriched(id, date, topics, List.of());
    p.setCodeLinks(List.of(links));
    return p;
  }

  static CodeLink link(String kind, String url) {
    return new CodeLink(url, url, kind, true);
  }

  private void pipeWeek() {
    t.enriched.pipeInput(
        "p1", paper("p1", MON, List.of("llm", "vision"), link("GITHUB", "https://github.com/a/b")));
    t.enriched.pipeInput("p2", paper("p2", MON, List.of("llm")));
    t.enriched.pipeInput(
        "p3",
        paper(
            "p3",
            TUE,
            List.of("llm"),
            link("HUGGINGFACE", "https://huggingface.co/x/y"),
            link("PROJECT_PAGE", "https://p3.example.org"),
            // enriched before GitLab was known as a forge: classified again from its url
            link("OTHER", "https://gitlab.com/x/z")));
    t.enriched.pipeInput(
        "p4", paper("p4", TUE, List.of("vision"), link("PROJECT_PAGE", "https://p4.example.org")));
    t.enriched.pipeInput(
        "p5",
        paper("p5", TUE, List.of("vision"), new CodeLink("github.com/{", "x", "GITHUB", false)));
  }

  @Test
  void shouldCountTheShareOfPapersWithCodeAndTheirHostsPerTopicAndWeek() {
    pipeWeek();
    t.emit();
    Map<String, OpenCodeShare> out = t.share.readKeyValuesToMap();
    assertThat(out).containsOnlyKeys(LLM, VISION);
    OpenCodeShare llm = out.get(LLM);
    assertThat(llm.getPapers()).isEqualTo(3);
    assertThat(llm.getPapersWithCode()).isEqualTo(2);
    assertThat(llm.getShare()).isEqualTo(2.0 / 3);
    assertThat(llm.getHosts()).isEqualTo(Map.of("github.com", 1L, "gitlab.com", 1L));
    assertThat(llm.getPartial()).isTrue();
    assertThat(llm.getFinal$()).isFalse();
    assertThat(llm.getRevision()).isZero();
    assertThat(llm.getWindowStart()).isEqualTo(Instant.parse("2025-08-11T00:00:00Z"));
    assertThat(llm.getWindowEnd()).isEqualTo(Instant.parse("2025-08-18T00:00:00Z"));
    OpenCodeShare vision = out.get(VISION);
    assertThat(vision.getPapers()).isEqualTo(3);
    assertThat(vision.getPapersWithCode())
        .as("project pages and broken links are not code")
        .isEqualTo(1);
    assertThat(vision.getHosts()).isEqualTo(Map.of("github.com", 1L));
  }

  @Test
  void shouldCountOnlyCodeRepositoriesNotHubsLeaderboardsShortenersOrDatasetHosts() {
    // links of the real digests that were counted as code while they were kind OTHER
    String[] notCode = {
      "https://rank.opencompass.org.cn/leaderboard-llm",
      "https://ibm.biz/BdaBcD",
      "https://aka.ms/GeneralAI",
      "https://nihcc.app.box.com/v/ChestXray-NIHCC",
      "https://catalog.ngc.nvidia.com/orgs/nvidia/models/x",
      "https://ogb.stanford.edu/docs/lsc",
      "https://hf-proxy-cf.effarig.site/datasets/x/y",
      "https://huggingface.co/x/y",
    };
    for (int i = 0; i < notCode.length; i++) {
      t.enriched.pipeInput("n" + i, paper("n" + i, MON, List.of("llm"), link("OTHER", notCode[i])));
    }
    t.enriched.pipeInput(
        "c1", paper("c1", MON, List.of("llm"), link("GITHUB", "https://github.com/a/b")));
    t.emit();
    OpenCodeShare llm = t.share.readKeyValuesToMap().get(LLM);
    assertThat(llm.getPapers()).isEqualTo(notCode.length + 1);
    assertThat(llm.getPapersWithCode()).isEqualTo(1);
    assertThat(llm.getHosts()).isEqualTo(Map.of("github.com", 1L));
  }

  @Test
  void shouldCountAPaperOnceWhenItArrivesAgain() {
    pipeWeek();
    t.emit();
    t.share.readKeyValuesToList();
    t.enriched.pipeInput("p2", paper("p2", MON, List.of("llm")));
    t.emit();
    assertThat(t.share.readKeyValuesToList()).isEmpty();
  }

  @Test
  void shouldCloseTheWeekOnceAndReviseItForALatePaper() {
    pipeWeek();
    t.emit();
    t.share.readKeyValuesToList();
    // The trends clock (Tue 00:00, moving with the wall clock) passes Mon 18th + a day of grace.
    t.advance(Duration.ofDays(7));
    List<KeyValue<String, OpenCodeShare>> closed = t.share.readKeyValuesToList();
    assertThat(closed).extracting(kv -> kv.key).containsExactlyInAnyOrder(LLM, VISION);
    assertThat(closed)
        .allSatisfy(
            kv -> {
              assertThat(kv.value.getFinal$()).isTrue();
              assertThat(kv.value.getRevision()).isZero();
              assertThat(kv.value.getPartial()).isFalse();
            });
    t.advance(Duration.ofDays(1));
    assertThat(t.share.readKeyValuesToList()).as("closes once").isEmpty();

    t.enriched.pipeInput(
        "late", paper("late", TUE, List.of("llm"), link("GITHUB", "https://github.com/c/d")));
    t.emit();
    List<KeyValue<String, OpenCodeShare>> revised = t.share.readKeyValuesToList();
    assertThat(revised).hasSize(1);
    assertThat(revised.get(0).key).isEqualTo(LLM);
    OpenCodeShare llm = revised.get(0).value;
    assertThat(llm.getPapers()).isEqualTo(4);
    assertThat(llm.getPapersWithCode()).isEqualTo(3);
    assertThat(llm.getHosts()).isEqualTo(Map.of("github.com", 2L, "gitlab.com", 1L));
    assertThat(llm.getFinal$()).isTrue();
    assertThat(llm.getRevision()).isEqualTo(1);
  }

  @Test
  void shouldSayPartialOnlyWhileTheWeekHasDaysToCome() {
    t.enriched.pipeInput("p1", paper("p1", LocalDate.of(2025, 8, 10), List.of("llm")));
    t.emit();
    OpenCodeShare sunday = t.share.readValue();
    assertThat(sunday.getWindowStart()).isEqualTo(Instant.parse("2025-08-04T00:00:00Z"));
    assertThat(sunday.getPartial()).as("the week's last day is in").isFalse();
    t.enriched.pipeInput("p2", paper("p2", TUE, List.of("llm")));
    t.emit();
    assertThat(t.share.readValue().getPartial()).isTrue();
  }

  @Test
  void shouldMoveAPaperReadAgainWithAnEarlierDateToItsWeekAndIgnoreALaterDate() {
    pipeWeek();
    t.emit();
    t.share.readKeyValuesToList();

    // papers-enriched's revision: p1 (llm, vision, GitHub) was in a digest of the week before
    LocalDate earlier = MON.minusDays(3);
    t.enriched.pipeInput(
        "p1",
        paper("p1", earlier, List.of("llm", "vision"), link("GITHUB", "https://github.com/a/b")));
    t.emit();
    Map<String, OpenCodeShare> out = t.share.readKeyValuesToMap();
    // down in its later week
    assertThat(out.get(LLM).getPapers()).isEqualTo(2);
    assertThat(out.get(LLM).getPapersWithCode()).isEqualTo(1);
    assertThat(out.get(LLM).getHosts()).containsOnlyKeys("gitlab.com");
    assertThat(out.get(VISION).getPapers()).isEqualTo(2);
    assertThat(out.get(VISION).getPapersWithCode()).isZero();
    assertThat(out.get(VISION).getHosts()).isEmpty();
    // up in the earlier one
    OpenCodeShare before = out.get("llm@WEEK:2025-08-04");
    assertThat(before.getPapers()).isEqualTo(1);
    assertThat(before.getPapersWithCode()).isEqualTo(1);
    assertThat(before.getHosts()).containsEntry("github.com", 1L);
    assertThat(out.get("vision@WEEK:2025-08-04").getPapers()).isEqualTo(1);

    // a later sighting changes nothing
    t.enriched.pipeInput(
        "p1", paper("p1", TUE, List.of("llm", "vision"), link("GITHUB", "https://github.com/a/b")));
    t.emit();
    assertThat(t.share.readKeyValuesToList()).isEmpty();
  }
}
