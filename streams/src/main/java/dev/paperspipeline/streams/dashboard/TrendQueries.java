package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.streams.enrich.LinkExtractor;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers the dashboard's questions from this instance's stores only. Which instance holds the
 * answer is the router's business ({@link DashboardServer}); every method here is a pure read of
 * local state turned into plain maps and lists for JSON.
 */
public final class TrendQueries {
  private static final StringSerializer KEYS = new StringSerializer();

  private final LocalStores stores;
  private final LinkExtractor links = new LinkExtractor();

  public TrendQueries(LocalStores stores) {
    this.stores = stores;
  }

  /** One point of a trend series. */
  public record Point(long windowStart, long windowEnd, long count, boolean isFinal) {}

  /** A topic's (or keyphrase's) counts per window, oldest first. */
  public record Series(String name, long total, List<Point> points) {}

  /** A paper behind a topic, for the drill-down. */
  public record PaperView(
      String paperId,
      String title,
      String digestDate,
      int sightings,
      List<Map<String, Object>> codeLinks) {}

  /**
   * Every series of one kind and window size, most papers first. They all live in the task that
   * owns partition key {@link TrendKeys#partition}, so one instance answers completely.
   */
  public List<Series> series(TrendKind kind, TrendWindow window, int maxSeries) {
    Map<String, List<Point>> byName = new TreeMap<>();
    String windowMarker = "@" + window + ":";
    try (KeyValueIterator<String, TopicTrend> it =
        stores.trendCounts().prefixScan(kind + ":", KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, TopicTrend> kv = it.next();
        if (!kv.key.contains(windowMarker)) {
          continue;
        }
        TopicTrend t = kv.value;
        byName
            .computeIfAbsent(t.getName(), n -> new ArrayList<>())
            .add(
                new Point(
                    t.getWindowStart().toEpochMilli(),
                    t.getWindowEnd().toEpochMilli(),
                    t.getCount(),
                    t.getFinal$()));
      }
    }
    List<Series> out = new ArrayList<>();
    byName.forEach(
        (name, points) -> {
          points.sort(Comparator.comparingLong(Point::windowStart));
          out.add(new Series(name, points.stream().mapToLong(Point::count).sum(), points));
        });
    out.sort(Comparator.comparingLong(Series::total).reversed().thenComparing(Series::name));
    return out.size() > maxSeries ? out.subList(0, maxSeries) : out;
  }

  /** The top N of the given window start, or of the latest window when {@code startIso} is null. */
  public Map<String, Object> trending(TrendKind kind, TrendWindow window, String startIso) {
    String prefix = kind + "@" + window + ":";
    TrendingTopics found = null;
    if (startIso != null) {
      found = stores.trending().get(prefix + startIso);
    } else {
      // ISO dates sort like dates, so the last key under the prefix is the latest window.
      try (KeyValueIterator<String, TrendingTopics> it =
          stores.trending().prefixScan(prefix, KEYS)) {
        while (it.hasNext()) {
          found = it.next().value;
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.name());
    out.put("window", window.name());
    if (found == null) {
      out.put("windowStart", null);
      out.put("entries", List.of());
      return out;
    }
    out.put("windowStart", found.getWindowStart().toEpochMilli());
    out.put("windowEnd", found.getWindowEnd().toEpochMilli());
    out.put("final", found.getFinal$());
    List<Map<String, Object>> entries = new ArrayList<>();
    for (TrendEntry e : found.getEntries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", e.getRank());
      m.put("name", e.getName());
      m.put("count", e.getCount());
      m.put("previousCount", e.getPreviousCount());
      m.put("growth", e.getGrowth());
      entries.add(m);
    }
    out.put("entries", entries);
    return out;
  }

  /**
   * Papers counted for a topic, newest week first: (paperId, title, week start). They live with the
   * TOPIC@WEEK trends task; sightings and links are looked up separately by paperId.
   */
  public List<String[]> topicMembers(String topic, int limit) {
    // Members are kept per day: TOPIC@DAY:<date>|<paperId>. Newest day first (ISO dates sort like
    // dates; '~' sorts after every digit); stop at the first week boundary once enough are found.
    String prefix = TrendKind.TOPIC + "@" + TrendWindow.DAY + ":";
    List<String[]> members = new ArrayList<>();
    String week = null;
    try (KeyValueIterator<String, String> it =
        stores.trendMembers().reverseRange(prefix, prefix + "~")) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        int bar = kv.key.lastIndexOf('|');
        long day = LocalDate.parse(kv.key.substring(prefix.length(), bar)).toEpochDay();
        String keyWeek = TrendWindow.isoDate(TrendWindow.WEEK.start(day * 86_400_000L));
        if (members.size() >= limit && !keyWeek.equals(week)) {
          break;
        }
        week = keyWeek;
        if (TrendKeys.memberNames(kv.value).contains(topic)) {
          members.add(
              new String[] {kv.key.substring(bar + 1), TrendKeys.memberTitle(kv.value), keyWeek});
        }
      }
    }
    members.sort(Comparator.comparing((String[] m) -> m[2]).reversed().thenComparing(m -> m[1]));
    return members.size() > limit ? members.subList(0, limit) : members;
  }

  /** The latest dedupe state of a paper held by this instance, or null. */
  public PaperView paper(String paperId) {
    UniquePaper latest = null;
    try (WindowStoreIterator<UniquePaper> it =
        stores.sightings().fetch(paperId, Instant.EPOCH, Instant.now().plusSeconds(86_400))) {
      while (it.hasNext()) {
        latest = it.next().value;
      }
    }
    if (latest == null) {
      return null;
    }
    List<Map<String, Object>> codeLinks = new ArrayList<>();
    for (CodeLink l : links.extract(latest.getAbstractText())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", l.getUrl());
      m.put("raw", l.getRaw());
      m.put("kind", l.getKind());
      m.put("valid", l.getValid());
      codeLinks.add(m);
    }
    return new PaperView(
        paperId,
        latest.getTitle(),
        latest.getLastDigestDate() != null ? latest.getLastDigestDate().toString() : null,
        latest.getSightings(),
        codeLinks);
  }
}
