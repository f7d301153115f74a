package dev.paperspipeline.streams.dashboard;

import dev.paperspipeline.avro.CodeLink;
import dev.paperspipeline.avro.PaperSighting;
import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.avro.UniquePaper;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.streams.enrich.LinkExtractor;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Answers the dashboard's questions from this instance's stores only. Which instance holds the
 * answer is the router's business ({@link DashboardServer}); every method here is a pure read of
 * local state turned into plain maps and lists for JSON.
 *
 * <p>A window is <em>partial</em> when it is not final and ends after the last day that has data of
 * its kind: the week of a Wednesday digest holds three of its seven days. The trends stage may also
 * mark a window partial itself (a {@code partial} field in the record); either makes it so.
 */
public final class TrendQueries {
  private static final StringSerializer KEYS = new StringSerializer();
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  private final LocalStores stores;
  private final LinkExtractor links = new LinkExtractor();

  public TrendQueries(LocalStores stores) {
    this.stores = stores;
  }

  /** One point of a trend series. */
  public record Point(
      long windowStart,
      long windowEnd,
      long count,
      boolean isFinal,
      boolean partial,
      int revision) {}

  /** A topic's (or keyphrase's) counts per window, oldest first. */
  public record Series(String name, long total, List<Point> points) {}

  /** A paper counted for a name on {@code day} (its first digest date within the horizon). */
  public record Member(String paperId, String title, String day, String week) {}

  /** A paper behind a topic, for the drill-down. */
  public record PaperView(
      String paperId,
      String title,
      String firstDigestDate,
      String lastDigestDate,
      int sightings,
      List<Map<String, Object>> codeLinks,
      String abstractText) {}

  /**
   * Every series of one kind and window size, most papers first; only those named in {@code names}
   * when it is not null. They all live in the task that owns partition key {@link
   * TrendKeys#partition}, so one instance answers completely.
   */
  public List<Series> series(
      TrendKind kind, TrendWindow window, int maxSeries, Collection<String> names) {
    long dataEnd = latestDayEnd(kind);
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
        if (names != null && !names.contains(t.getName())) {
          continue;
        }
        long end = t.getWindowEnd().toEpochMilli();
        byName
            .computeIfAbsent(t.getName(), n -> new ArrayList<>())
            .add(
                new Point(
                    t.getWindowStart().toEpochMilli(),
                    end,
                    t.getCount(),
                    t.getFinal$(),
                    isPartial(t, t.getFinal$(), end, dataEnd),
                    revision(t)));
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

  /** Start (epoch ms) of every window of this kind and size that has a ranking, oldest first. */
  public List<Long> windowStarts(TrendKind kind, TrendWindow window) {
    List<Long> out = new ArrayList<>();
    String prefix = kind + "@" + window + ":";
    try (KeyValueIterator<String, TrendingTopics> it = stores.trending().prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        out.add(it.next().value.getWindowStart().toEpochMilli());
      }
    }
    return out;
  }

  /**
   * Exclusive end of the latest day that has data of {@code kind}, or {@link Long#MAX_VALUE} when
   * there is none.
   */
  public long latestDayEnd(TrendKind kind) {
    String prefix = kind + "@" + TrendWindow.DAY + ":";
    try (KeyValueIterator<String, TrendingTopics> it =
        stores.trending().reverseRange(prefix, prefix + "~")) {
      return it.hasNext() ? it.next().value.getWindowEnd().toEpochMilli() : Long.MAX_VALUE;
    }
  }

  /**
   * The top N of the window starting at {@code startMs}, or of the latest window when it is null;
   * with the starts of the windows before and after it that have data, for browsing.
   */
  public Map<String, Object> trending(TrendKind kind, TrendWindow window, Long startMs) {
    String prefix = kind + "@" + window + ":";
    TrendingTopics found = null;
    if (startMs != null) {
      found = stores.trending().get(TrendKeys.window(kind, window, startMs));
    } else {
      // ISO dates sort like dates, so the last key under the prefix is the latest window.
      try (KeyValueIterator<String, TrendingTopics> it =
          stores.trending().reverseRange(prefix, prefix + "~")) {
        if (it.hasNext()) {
          found = it.next().value;
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", kind.name());
    out.put("window", window.name());
    long at =
        found != null ? found.getWindowStart().toEpochMilli() : startMs == null ? -1 : startMs;
    Long previous = null;
    if (at >= 0) {
      String key = TrendKeys.window(kind, window, at);
      previous = neighbour(prefix, key, true);
      out.put("previousWindowStart", date(previous));
      out.put("nextWindowStart", date(neighbour(prefix, key, false)));
    }
    if (found == null) {
      out.put("windowStart", date(startMs));
      out.put("entries", List.of());
      return out;
    }
    long start = found.getWindowStart().toEpochMilli();
    long end = found.getWindowEnd().toEpochMilli();
    long dataEnd = latestDayEnd(kind);
    boolean partial = isPartial(found, found.getFinal$(), end, dataEnd);
    out.put("windowStart", date(start));
    out.put("windowEnd", date(end));
    // the window right before without a digest is a gap: its counts are unknown, not zeros, and
    // the entries' previousCount and growth say nothing
    boolean previousHasData = previous != null && previous == window.start(start - 1);
    out.put("previousWindowHasData", previousHasData);
    out.put("final", found.getFinal$());
    out.put("partial", partial);
    if (partial) {
      out.put("daysWithData", Math.max(0, (Math.min(dataEnd, end) - start) / DAY_MS));
      out.put("daysInWindow", (end - start) / DAY_MS);
    }
    out.put("revision", revision(found));
    List<Map<String, Object>> entries = new ArrayList<>();
    for (TrendEntry e : found.getEntries()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", e.getRank());
      m.put("name", e.getName());
      m.put("count", e.getCount());
      m.put("previousCount", previousHasData ? e.getPreviousCount() : null);
      m.put("growth", previousHasData ? e.getGrowth() : null);
      entries.add(m);
    }
    out.put("entries", entries);
    return out;
  }

  /** An epoch-millisecond day start as its ISO date (UTC), or null. */
  static String date(Long ms) {
    return ms == null ? null : TrendWindow.isoDate(ms);
  }

  /** The start of the window before (or after) {@code key} that has a ranking, or null. */
  private Long neighbour(String prefix, String key, boolean before) {
    try (KeyValueIterator<String, TrendingTopics> it =
        before
            ? stores.trending().reverseRange(prefix, key)
            : stores.trending().range(key, prefix + "~")) {
      while (it.hasNext()) {
        KeyValue<String, TrendingTopics> kv = it.next();
        if (!kv.key.equals(key)) {
          return kv.value.getWindowStart().toEpochMilli();
        }
      }
    }
    return null;
  }

  /**
   * Papers counted for {@code name}, newest day first then by title; only those of days in [{@code
   * fromMs}, {@code toMs}) when those are not null. They live with the trends task of {@code kind};
   * sightings and links are looked up separately by paperId.
   */
  public List<Member> members(TrendKind kind, String name, Long fromMs, Long toMs) {
    // Members are kept per day: <kind>@DAY:<date>|<paperId>; ISO dates sort like dates and '~'
    // sorts after every digit.
    String prefix = kind + "@" + TrendWindow.DAY + ":";
    String from = fromMs == null ? prefix : prefix + TrendWindow.isoDate(fromMs);
    String to = toMs == null ? prefix + "~" : prefix + TrendWindow.isoDate(toMs);
    List<Member> members = new ArrayList<>();
    try (KeyValueIterator<String, WindowMember> it = stores.trendMembers().reverseRange(from, to)) {
      while (it.hasNext()) {
        KeyValue<String, WindowMember> kv = it.next();
        int bar = kv.key.lastIndexOf('|');
        String day = kv.key.substring(prefix.length(), bar);
        if (toMs != null && day.equals(TrendWindow.isoDate(toMs))) {
          continue; // the range's upper bound is inclusive
        }
        if (TrendKeys.memberNames(kv.value).contains(name)) {
          long dayMs = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
          members.add(
              new Member(
                  kv.key.substring(bar + 1),
                  TrendKeys.memberTitle(kv.value),
                  day,
                  TrendWindow.isoDate(TrendWindow.WEEK.start(dayMs))));
        }
      }
    }
    members.sort(Comparator.comparing(Member::day).reversed().thenComparing(Member::title));
    return members;
  }

  /**
   * The latest dedupe state of a paper held by this instance, or null: sightings and dates from the
   * dedupe store, abstract and code links from the papers store (papers-unique).
   */
  public PaperView paper(String paperId) {
    PaperSighting latest = null;
    try (WindowStoreIterator<PaperSighting> it =
        stores.sightings().fetch(paperId, Instant.EPOCH, Instant.now().plusSeconds(86_400))) {
      while (it.hasNext()) {
        latest = it.next().value;
      }
    }
    if (latest == null) {
      return null;
    }
    UniquePaper paper = stores.paper(paperId);
    // null until the papers store has read the paper's first sighting back (the next commit)
    String abstractText = paper == null ? null : paper.getAbstractText();
    List<Map<String, Object>> codeLinks = new ArrayList<>();
    for (CodeLink l : abstractText == null ? List.<CodeLink>of() : links.extract(abstractText)) {
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
        latest.getFirstDigestDate() != null ? latest.getFirstDigestDate().toString() : null,
        latest.getLastDigestDate() != null ? latest.getLastDigestDate().toString() : null,
        latest.getSightings(),
        codeLinks,
        abstractText);
  }

  private static boolean isPartial(SpecificRecord r, boolean isFinal, long end, long dataEnd) {
    return Boolean.TRUE.equals(optionalField(r, "partial")) || (!isFinal && end > dataEnd);
  }

  private static int revision(SpecificRecord r) {
    return optionalField(r, "revision") instanceof Integer i ? i : 0;
  }

  /**
   * A field that newer versions of the trend records carry, read by name so that this code runs
   * against records with or without it; null when absent.
   */
  private static Object optionalField(SpecificRecord r, String name) {
    Schema.Field f = r.getSchema().getField(name);
    return f == null ? null : r.get(f.pos());
  }
}
