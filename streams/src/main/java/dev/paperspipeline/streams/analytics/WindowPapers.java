package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reads a members store ({@code TrendKeys#member} keys): per-day counts of every name, cached
 * because each day is read again by the baselines of the 28 days and 4 weeks after it, and the
 * papers behind one name, ranked by sightings.
 */
final class WindowPapers {
  private static final StringSerializer KEYS = new StringSerializer();
  private static final int CACHED_DAYS = 512;

  private final KeyValueStore<String, WindowMember> members;
  private final KeyValueStore<String, Integer> sightings;
  private final Map<String, Map<String, Long>> dayCounts =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Long>> eldest) {
          return size() > CACHED_DAYS;
        }
      };

  WindowPapers(
      KeyValueStore<String, WindowMember> members, KeyValueStore<String, Integer> sightings) {
    this.members = members;
    this.sightings = sightings;
  }

  /** Forgets the cached counts of a day that got a paper. */
  void changed(TrendKind kind, long dayStart) {
    dayCounts.remove(TrendKeys.memberPrefix(kind, dayStart));
  }

  /** Forgets every cached count (the stores were restored). */
  void clear() {
    dayCounts.clear();
  }

  /** Papers per name over {@code days} days from {@code start}. */
  Map<String, Long> counts(TrendKind kind, long start, int days) {
    Map<String, Long> sum = new HashMap<>();
    for (int d = 0; d < days; d++) {
      day(kind, start + d * TrendWindow.DAY_MS).forEach((n, c) -> sum.merge(n, c, Long::sum));
    }
    return sum;
  }

  private Map<String, Long> day(TrendKind kind, long dayStart) {
    String prefix = TrendKeys.memberPrefix(kind, dayStart);
    Map<String, Long> cached = dayCounts.get(prefix);
    if (cached != null) {
      return cached;
    }
    Map<String, Long> counts = new HashMap<>();
    try (KeyValueIterator<String, WindowMember> it = members.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        for (String name : TrendKeys.memberNames(it.next().value)) {
          counts.merge(name, 1L, Long::sum);
        }
      }
    }
    dayCounts.put(prefix, counts);
    return counts;
  }

  /**
   * The papers counted under {@code name} over {@code days} days from {@code start}: at most {@code
   * limit}, most sighted first, then by title and id.
   */
  List<PaperRef> papers(TrendKind kind, String name, long start, int days, int limit) {
    List<PaperRef> found = new ArrayList<>();
    for (int d = 0; d < days; d++) {
      String prefix = TrendKeys.memberPrefix(kind, start + d * TrendWindow.DAY_MS);
      try (KeyValueIterator<String, WindowMember> it = members.prefixScan(prefix, KEYS)) {
        while (it.hasNext()) {
          var kv = it.next();
          Set<String> names = TrendKeys.memberNames(kv.value);
          if (names.contains(name)) {
            String paperId = kv.key.substring(prefix.length());
            found.add(new PaperRef(paperId, TrendKeys.memberTitle(kv.value), sightings(paperId)));
          }
        }
      }
    }
    return top(found, limit);
  }

  /** The sightings of a paper by paper-sightings, 1 when not (yet) known there. */
  int sightings(String paperId) {
    Integer s = sightings.get(paperId);
    return s == null ? 1 : s;
  }

  static final Comparator<PaperRef> MOST_SIGHTED =
      Comparator.comparingInt(PaperRef::getSightings)
          .reversed()
          .thenComparing(PaperRef::getTitle)
          .thenComparing(PaperRef::getPaperId);

  static List<PaperRef> top(List<PaperRef> papers, int limit) {
    papers.sort(MOST_SIGHTED);
    return new ArrayList<>(papers.subList(0, Math.min(limit, papers.size())));
  }
}
