package dev.paperspipeline.streams.trends;

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

  /** Repartition key of trend hits: all windows of one kind and size meet in one task. */
  public static String partition(TrendKind kind, TrendWindow window) {
    return kind + "@" + window;
  }

  /** Key of the members store: {@code <trend key>|<paperId>}. */
  public static String member(String trendKey, String paperId) {
    return trendKey + "|" + paperId;
  }

  /**
   * Key of the open-windows store: {@code <windowEnd, 13 digits>|<kind>|<window>|<start>|<name>}.
   */
  static String open(TrendKind kind, TrendWindow window, long startMs, String name) {
    return String.format("%013d|%s|%s|%d|%s", window.end(startMs), kind, window, startMs, name);
  }

  /** Exclusive upper bound of open-windows keys with windowEnd at most {@code endMs}. */
  static String openUpTo(long endMs) {
    return String.format("%013d}", Math.max(0, endMs));
  }
}
