package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.DigestFile;
import dev.paperspipeline.avro.EnrichedPaper;
import dev.paperspipeline.avro.PaperEvent;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.streams.dedupe.Sightings;
import dev.paperspipeline.streams.enrich.PaperEnricher;
import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Feeds digest files (their paper events, in order) to the analytics as the pipeline would
 * (paper-sightings at every sighting, papers-enriched at a first sighting, one digest-files record
 * per file), and recounts the expected outputs from the same events independently, with plain
 * collections.
 */
final class Recount {
  static final Instant INGESTED = Instant.parse("2026-01-05T10:00:00Z");

  /** One digest file: name, and its papers' events in file order. */
  record File(String name, List<PaperEvent> events) {}

  private final PaperEnricher enricher = PaperEnricher.loadDefault();
  private final Map<String, PaperSighting> sightings = new HashMap<>();
  final Map<String, EnrichedPaper> enriched = new LinkedHashMap<>();
  // paperId -> digest dates of its sightings, in feed order
  final Map<String, List<LocalDate>> dates = new LinkedHashMap<>();
  final Map<String, String> titles = new HashMap<>();

  /** Pipes one file, then lets a day of wall-clock time pass (windows close between files). */
  void feed(WeeklyAnalyticsDriver t, File file) {
    List<String> ids = new ArrayList<>();
    for (PaperEvent e : file.events()) {
      PaperSighting previous = sightings.get(e.getPaperId());
      PaperSighting next =
          previous == null ? Sightings.firstSighting(e) : Sightings.next(previous, e);
      sightings.put(e.getPaperId(), next);
      t.sightings.pipeInput(e.getPaperId(), next, INGESTED);
      if (previous == null) {
        EnrichedPaper p = enricher.enrich(Sightings.first(e), INGESTED);
        enriched.put(e.getPaperId(), p);
        t.enriched.pipeInput(e.getPaperId(), p, INGESTED);
      }
      dates.computeIfAbsent(e.getPaperId(), k -> new ArrayList<>()).add(e.getDigestDate());
      titles.putIfAbsent(e.getPaperId(), e.getTitle().trim());
      ids.add(e.getPaperId());
    }
    LocalDate date = file.events().isEmpty() ? null : file.events().get(0).getDigestDate();
    t.files.pipeInput(
        "sha-" + file.name(),
        DigestFile.newBuilder()
            .setFileSha256("sha-" + file.name())
            .setFileName(file.name())
            .setDigestDate(date)
            .setDigestDateSource("DATE_LINE")
            .setStatus("DONE")
            .setPapers(ids.size())
            .setRejected(0)
            .setPaperIds(ids)
            .setProcessedAt(INGESTED)
            .build(),
        INGESTED);
    t.advance(Duration.ofDays(1));
  }

  static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** Expected open-code share: {@code <topic>@WEEK:<monday>} → "papers/withCode hosts". */
  Map<String, String> openCode() {
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Map<String, Long>> hosts = new TreeMap<>();
    for (EnrichedPaper p : enriched.values()) {
      TreeSet<String> paperHosts = new TreeSet<>();
      boolean code = false;
      for (CodeLink l : p.getCodeLinks()) {
        // code repositories only: hubs, data hosts, leaderboards and shorteners are not code
        if (l.getValid() && (l.getKind().equals("GITHUB") || l.getKind().equals("CODE_HOST"))) {
          code = true;
          paperHosts.add(URI.create(l.getUrl()).getHost().toLowerCase(Locale.ROOT));
        }
      }
      for (String topic : new TreeSet<>(p.getTopics())) {
        String key = topic + "@WEEK:" + monday(p.getDigestDate());
        int[] c = counts.computeIfAbsent(key, k -> new int[2]);
        c[0]++;
        c[1] += code ? 1 : 0;
        Map<String, Long> h = hosts.computeIfAbsent(key, k -> new TreeMap<>());
        paperHosts.forEach(host -> h.merge(host, 1L, Long::sum));
      }
    }
    Map<String, String> out = new TreeMap<>();
    counts.forEach((k, c) -> out.put(k, c[0] + "/" + c[1] + " " + hosts.get(k)));
    return out;
  }

  /** Expected staying power: {@code WEEK:<monday>} → ranked "id xN first..last span S", top n. */
  Map<String, List<String>> staying(int topN) {
    TreeSet<LocalDate> weeks = new TreeSet<>();
    dates.values().forEach(ds -> ds.forEach(d -> weeks.add(monday(d))));
    Map<String, List<String>> out = new TreeMap<>();
    for (LocalDate week : weeks) {
      LocalDate end = week.plusDays(7);
      record Row(String id, String title, int n, LocalDate first, LocalDate last) {
        int span() {
          return (int) (last.toEpochDay() - first.toEpochDay());
        }
      }
      List<Row> rows = new ArrayList<>();
      dates.forEach(
          (id, ds) -> {
            if (ds.stream().noneMatch(d -> monday(d).equals(week))) {
              return;
            }
            List<LocalDate> upTo = ds.stream().filter(d -> d.isBefore(end)).sorted().toList();
            if (upTo.size() > 1) {
              rows.add(
                  new Row(id, titles.get(id), upTo.size(), upTo.get(0), upTo.get(upTo.size() - 1)));
            }
          });
      rows.sort(
          Comparator.comparingInt(Row::n)
              .reversed()
              .thenComparing(Comparator.comparingInt(Row::span).reversed())
              .thenComparing(Row::title)
              .thenComparing(Row::id));
      List<String> ranked = new ArrayList<>();
      for (int i = 0; i < Math.min(topN, rows.size()); i++) {
        Row r = rows.get(i);
        ranked.add(
            (i + 1) + " " + r.id() + " x" + r.n() + " " + r.first() + ".." + r.last() + " span "
                + r.span());
      }
      out.put("WEEK:" + week, ranked);
    }
    return out;
  }
}
