package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.state.WindowMember;
import java.util.HashSet;
import java.util.Set;

/**
 * Keys of the trend topics and stores. Queryable-store clients build their range scans from these.
 */
public final class TrendKeys {
  private TrendKeys() {}

  /** Key of topic-trends and of the counts store: {@code <kind>:<name>@<window>:<start ISO>}. */
  public static String trend(TrendKind kind, String name, TrendWindow window, long startMs) {
    return kind + ":" + name + "@" + window + ":" + TrendWindow.isoDate(startMs);
  }

  /** Prefix of every counts-store key of one name and window size, for a range scan. */
  public static String trendPrefix(TrendKind kind, String name, TrendWindow window) {
    return kind + ":" + name + "@" + window + ":";
  }

  /** Key of trending-topics and of the top-N store: {@code <kind>@<window>:<start ISO>}. */
  public static String window(TrendKind kind, TrendWindow window, long startMs) {
    return kind + "@" + window + ":" + TrendWindow.isoDate(startMs);
  }

  /** Repartition key of trend hits: all windows of one kind meet in one task. */
  public static String partition(TrendKind kind) {
    return kind.name();
  }

  /**
   * Key of the members store: {@code <kind>@DAY:<date>|<paperId>}, the paper's day window key; a
   * week's papers are those of its seven days.
   */
  public static String member(TrendKind kind, long dayStartMs, String paperId) {
    return memberPrefix(kind, dayStartMs) + paperId;
  }

  /** Prefix of every members-store key of one kind and day, for a prefix scan. */
  public static String memberPrefix(TrendKind kind, long dayStartMs) {
    return window(kind, TrendWindow.DAY, dayStartMs) + "|";
  }

  /** The title of a members-store value. */
  public static String memberTitle(WindowMember value) {
    return value.getTitle();
  }

  /** The names of a members-store value. */
  public static Set<String> memberNames(WindowMember value) {
    return new HashSet<>(value.getNames());
  }

  /**
   * Key of the number of the last emission of counts (see {@code TrendCounts}), in the open-windows
   * store and in the counts store: it sorts after every window key and every trend key ('~' after
   * the kinds' capitals), so no prefix scan of a kind reads it.
   */
  static final String EMISSION_KEY = WindowLifecycle.EMISSION_KEY;
}
