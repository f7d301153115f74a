package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TrendEntry;
import dev.paperspipeline.avro.TrendingTopics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The top N names of one window, kept exact as counts grow, and its ranking with like-for-like
 * growth: while the window is partial (days still to come by the trends clock) it is compared with
 * the same elapsed days of the previous window (Mon–Wed against Mon–Wed, the 1st–10th against the
 * 1st–10th), from the previous window's day counts; a window that has ended with the whole previous
 * window.
 */
final class TopN {
  /** Counts of other windows, for growth. */
  interface Counts {
    long current(TrendKind kind, String name, TrendWindow w, long start);
  }

  static final Comparator<TrendEntry> RANKING =
      Comparator.comparingLong(TrendEntry::getCount).reversed().thenComparing(TrendEntry::getName);

  final TrendKind kind;
  final TrendWindow window;
  final long start;
  private final int n;
  final List<TrendEntry> entries;
  boolean isFinal;
  int revision;

  /** True once this (loaded) ranking was revised: one revision per emission. */
  boolean revised;

  boolean changed;
  long timestamp;

  TopN(TrendKind kind, TrendWindow window, long start, int n, TrendingTopics stored) {
    this.kind = kind;
    this.window = window;
    this.start = start;
    this.n = n;
    this.entries = new ArrayList<>();
    if (stored != null) {
      for (TrendEntry e : stored.getEntries()) {
        entries.add(new TrendEntry(0, e.getName(), e.getCount(), 0L, null));
      }
      this.isFinal = stored.getFinal$();
      this.revision = stored.getRevision();
    }
  }

  /** The window's key. */
  String key() {
    return TrendKeys.window(kind, window, start);
  }

  /**
   * Lets a name whose count went up to {@code count} in (or up). Counts only grow but for a paper
   * moved out of the window, after which the window is {@link #recount recounted}, so the top N
   * stays exact. True when the list changed.
   */
  boolean offer(String name, long count) {
    if (entries.size() >= n && count < entries.get(entries.size() - 1).getCount()) {
      return false; // below the last of a full list, and it cannot have been in it
    }
    entries.removeIf(e -> e.getName().equals(name));
    TrendEntry entry = new TrendEntry(0, name, count, 0L, null);
    entries.add(entry);
    entries.sort(RANKING);
    if (entries.size() > n) {
      TrendEntry dropped = entries.remove(n);
      return dropped != entry;
    }
    return true;
  }

  /**
   * Ranks the window again from all its counts: after a count went down (a paper moved to an
   * earlier window), when a name outside the list may now belong in it.
   */
  void recount(java.util.Map<String, Long> counts) {
    entries.clear();
    counts.forEach((name, count) -> entries.add(new TrendEntry(0, name, count, 0L, null)));
    entries.sort(RANKING);
    if (entries.size() > n) {
      entries.subList(n, entries.size()).clear();
    }
    changed = true;
  }

  /** True when the window has days still to come by the trends clock {@code clockNow}. */
  boolean isPartial(long clockNow) {
    return EventClock.isPartial(clockNow, window.end(start));
  }

  /** The ranking as of the trends clock {@code clockNow}, with growth from {@code counts}. */
  TrendingTopics ranking(long clockNow, Counts counts) {
    boolean partial = isPartial(clockNow);
    long previousStart = window.previous(start);
    // like for like: a partial window against the same elapsed days of the previous one (at most
    // its length: the first 30 days of a 31-day month against a whole 28-day February)
    int elapsedDays =
        partial ? Math.min(window.elapsedDays(start, clockNow), window.days(previousStart)) : 0;
    List<TrendEntry> ranked = new ArrayList<>(entries.size());
    int rank = 1;
    for (TrendEntry e : entries) {
      long previous;
      if (elapsedDays > 0) {
        previous = 0;
        for (int d = 0; d < elapsedDays; d++) {
          previous +=
              counts.current(
                  kind, e.getName(), TrendWindow.DAY, previousStart + d * TrendWindow.DAY_MS);
        }
      } else {
        previous = counts.current(kind, e.getName(), window, previousStart);
      }
      ranked.add(
          new TrendEntry(
              rank++,
              e.getName(),
              e.getCount(),
              previous,
              previous == 0 ? null : (double) (e.getCount() - previous) / previous));
    }
    return new TrendingTopics(
        kind.name(),
        window.name(),
        Instant.ofEpochMilli(start),
        Instant.ofEpochMilli(window.end(start)),
        ranked,
        isFinal,
        revision,
        partial);
  }
}
