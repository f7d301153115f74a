package dev.paperspipeline.streams.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperspipeline.avro.DigestHealth;
import dev.paperspipeline.avro.OpenCodeShare;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.StayingPower;
import dev.paperspipeline.schemas.Topics;
import dev.paperspipeline.streams.report.AnalyticsView;
import dev.paperspipeline.streams.report.IsoWeek;
import dev.paperspipeline.streams.testing.SharedDigests;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real digests in {@code ../shared/digests} through the three analytics (skipped when absent):
 * the outputs equal the recount, the health shows the gaps between the three dates, and what the
 * outputs say is logged for the reader.
 */
class AnalyticsSharedDigestsTest {
  private static final Logger log = LoggerFactory.getLogger(AnalyticsSharedDigestsTest.class);

  @Test
  void shouldEqualTheRecountOfTheRealDigestsAndShowTheirGaps() {
    Map<String, List<PaperEvent>> byFile = new TreeMap<>();
    for (PaperEvent e : SharedDigests.events(SharedDigests.dirOrSkip(), Recount.INGESTED)) {
      byFile.computeIfAbsent(e.getLineage().getFileName(), k -> new ArrayList<>()).add(e);
    }
    Recount recount = new Recount();
    Map<String, OpenCodeShare> share = new TreeMap<>();
    Map<String, StayingPower> staying = new TreeMap<>();
    Map<String, DigestHealth> health = new TreeMap<>();
    List<LocalDate> dates = new ArrayList<>();
    try (WeeklyAnalyticsDriver t =
        new WeeklyAnalyticsDriver(Instant.now().truncatedTo(ChronoUnit.SECONDS))) {
      byFile.forEach(
          (name, events) -> {
            dates.add(events.get(0).getDigestDate());
            recount.feed(t, new Recount.File(name, events));
          });
      t.advance(Duration.ofDays(30));
      share.putAll(t.share.readKeyValuesToMap());
      staying.putAll(t.staying.readKeyValuesToMap());
      health.putAll(t.health.readKeyValuesToMap());
    }

    Map<String, String> actualShare = new TreeMap<>();
    share.forEach(
        (k, v) ->
            actualShare.put(
                k,
                v.getPapers() + "/" + v.getPapersWithCode() + " " + new TreeMap<>(v.getHosts())));
    assertThat(actualShare).isEqualTo(recount.openCode());
    Map<String, List<String>> actualStaying = new TreeMap<>();
    staying.forEach(
        (k, v) ->
            actualStaying.put(
                k, v.getEntries().stream().map(WeeklyAnalyticsRecountTest::entry).toList()));
    assertThat(actualStaying).isEqualTo(recount.staying(10));

    dates.sort(Comparator.naturalOrder());
    LocalDate first = dates.get(0);
    LocalDate last = dates.get(dates.size() - 1);
    assertThat(health).hasSize((int) (last.toEpochDay() - first.toEpochDay() + 1));
    int papers = 0;
    for (DigestHealth h : health.values()) {
      boolean present = dates.contains(h.getDigestDate());
      assertThat(h.getMissing()).isEqualTo(!present);
      papers += h.getPapers();
    }
    assertThat(papers).isEqualTo(byFile.values().stream().mapToInt(List::size).sum());
    for (int i = 1; i < dates.size(); i++) {
      assertThat(health.get(dates.get(i).toString()).getGapDaysBefore())
          .isEqualTo(dates.get(i).toEpochDay() - dates.get(i - 1).toEpochDay() - 1);
    }

    // the dashboard's view lists every week of a digest, however many missing dates lie between
    // (Apr 4 to Dec 7 holds 36 weeks of them, more than the 26 weeks it keeps)
    AnalyticsView view = AnalyticsView.latest(AnalyticsView.DEFAULT_MAX_WEEKS);
    health.forEach((k, v) -> view.accept(Topics.DIGEST_HEALTH, k, v));
    share.forEach((k, v) -> view.accept(Topics.OPEN_CODE_SHARE, k, v));
    List<IsoWeek> digestWeeks = dates.stream().map(IsoWeek::of).distinct().toList();
    assertThat(view.weeks()).containsExactlyInAnyOrderElementsOf(digestWeeks);
    for (LocalDate d : dates) {
      assertThat(view.report(IsoWeek.of(d)).health().get(d).getPapers()).isPositive();
      assertThat(view.report(IsoWeek.of(d)).openCode()).isNotEmpty();
    }

    health.values().stream()
        .filter(h -> !h.getMissing())
        .forEach(
            h ->
                log.info(
                    "health {}: files {} papers {} rejected {} exact dup {} near dup {} gap before {}"
                        + " {}",
                    h.getDigestDate(),
                    h.getFiles(),
                    h.getPapers(),
                    h.getRejected(),
                    h.getExactDuplicateFiles(),
                    h.getNearDuplicateFiles(),
                    h.getGapDaysBefore(),
                    h.getFileNames()));
    log.info(
        "health: {} dates, {} missing",
        health.size(),
        health.values().stream().filter(DigestHealth::getMissing).count());
    staying.forEach(
        (k, v) ->
            log.info(
                "staying {}: {}",
                k,
                v.getEntries().stream()
                    .map(p -> WeeklyAnalyticsRecountTest.entry(p) + " \"" + p.getTitle() + "\"")
                    .toList()));
    share.values().stream()
        .sorted(Comparator.comparingLong(OpenCodeShare::getPapers).reversed())
        .forEach(
            v ->
                log.info(
                    "code share {} {}: {}/{} = {} hosts {}",
                    v.getTopic(),
                    v.getWindowStart(),
                    v.getPapersWithCode(),
                    v.getPapers(),
                    String.format("%.2f", v.getShare()),
                    new TreeMap<>(v.getHosts())));
  }
}
