package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.streams.StoreValueSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Which papers were counted in which day, under which names: the members store, one entry per kind,
 * day and paper (a week's or a month's papers are those of its days). It makes counting idempotent
 * (a replayed or duplicate paper counts nothing new) and is the source from which a window's counts
 * can be derived again ({@link #countsOf}).
 */
public final class WindowMembership {
  private static final StringSerializer KEYS = new StringSerializer();

  /** Receives the counts of one window. */
  public interface WindowSink {
    void accept(TrendWindow window, long start, Map<String, Long> counts);
  }

  private final KeyValueStore<String, WindowMember> members;

  public WindowMembership(KeyValueStore<String, WindowMember> members) {
    this.members = members;
  }

  /** The serde of a members store's values, for the store named {@code store}. */
  public static Serde<WindowMember> serde(String store) {
    return StoreValueSerde.of(store, WindowMember.class);
  }

  /**
   * The names of {@code hit} its paper was not yet counted under on its day, now recorded as
   * counted; empty when there are none.
   */
  public List<String> admit(TrendHit hit) {
    long day = TrendWindow.DAY.start(hit.eventTimeMs());
    String key = TrendKeys.member(hit.kind(), day, hit.paperId());
    WindowMember member = members.get(key);
    Set<String> counted = member == null ? Set.of() : TrendKeys.memberNames(member);
    List<String> fresh = new ArrayList<>(hit.names().size());
    for (String name : new LinkedHashSet<>(hit.names())) {
      if (!counted.contains(name)) {
        fresh.add(name);
      }
    }
    if (!fresh.isEmpty()) {
      List<String> all = new ArrayList<>(counted);
      all.addAll(fresh);
      members.put(key, new WindowMember(hit.title().replace('\n', ' '), all));
    }
    return fresh;
  }

  /**
   * Forgets the paper of a retraction {@code hit} on its day, and returns the names it was counted
   * under there (empty when it was not counted there).
   */
  public Set<String> remove(TrendHit hit) {
    String key =
        TrendKeys.member(hit.kind(), TrendWindow.DAY.start(hit.eventTimeMs()), hit.paperId());
    WindowMember member = members.get(key);
    if (member == null) {
      return Set.of();
    }
    members.delete(key);
    return TrendKeys.memberNames(member);
  }

  /** Papers per name counted in a window, from the membership of its days. */
  public Map<String, Long> countsOf(TrendKind kind, TrendWindow w, long start) {
    Map<String, Long> counts = new HashMap<>();
    for (long day = start; day < w.end(start); day += TrendWindow.DAY_MS) {
      try (KeyValueIterator<String, WindowMember> it =
          members.prefixScan(TrendKeys.memberPrefix(kind, day), KEYS)) {
        while (it.hasNext()) {
          for (String name : TrendKeys.memberNames(it.next().value)) {
            counts.merge(name, 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  /**
   * Papers per name of every window of {@code kind} with papers, in date order per window type:
   * each window once its last day with papers is read. Reads the kind's members in key order (ISO
   * dates sort by time), so it holds one window's names per window type at a time.
   */
  public void forEachWindow(TrendKind kind, WindowSink sink) {
    String prefix = kind + "@" + TrendWindow.DAY + ":";
    TrendWindow[] windows = TrendWindow.values();
    List<Map<String, Long>> open = new ArrayList<>(windows.length);
    long[] starts = new long[windows.length];
    for (int i = 0; i < windows.length; i++) {
      open.add(new HashMap<>());
    }
    String dayKey = null;
    try (KeyValueIterator<String, WindowMember> it = members.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        var kv = it.next();
        int bar = kv.key.indexOf('|');
        if (dayKey == null || !kv.key.regionMatches(0, dayKey, 0, bar) || dayKey.length() != bar) {
          dayKey = kv.key.substring(0, bar);
          long dayStart = TrendWindow.parseIsoDate(dayKey.substring(prefix.length()));
          for (int i = 0; i < windows.length; i++) {
            long start = windows[i].start(dayStart);
            if (start != starts[i] && !open.get(i).isEmpty()) {
              sink.accept(windows[i], starts[i], open.get(i));
              open.set(i, new HashMap<>());
            }
            starts[i] = start;
          }
        }
        for (String name : TrendKeys.memberNames(kv.value)) {
          for (Map<String, Long> counts : open) {
            counts.merge(name, 1L, Long::sum);
          }
        }
      }
    }
    for (int i = 0; i < windows.length; i++) {
      if (!open.get(i).isEmpty()) {
        sink.accept(windows[i], starts[i], open.get(i));
      }
    }
  }
}
