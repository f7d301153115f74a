package dev.paperspipeline.streams.trends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Windows not yet closed, in the open-windows store ordered by end, the persisted trends clock and
 * the number of the last emission. A window closes, once, when the trends clock reaches its end
 * plus the grace; later papers revise it but do not open it again.
 */
public final class WindowCloser {
  /** A window. */
  public record Window(TrendKind kind, TrendWindow window, long start) {
    public String key() {
      return TrendKeys.window(kind, window, start);
    }
  }

  private final KeyValueStore<String, String> open;
  private final long graceMs;

  public WindowCloser(KeyValueStore<String, String> open, Duration grace) {
    this.open = open;
    this.graceMs = grace.toMillis();
  }

  /** Records a window's first paper: it is open until it closes. */
  public void opened(TrendKind kind, TrendWindow w, long start) {
    open.put(TrendKeys.open(kind, w, start), "");
  }

  /** True while the window has not closed (it had a paper and was not closed since). */
  public boolean isOpen(TrendKind kind, TrendWindow w, long start) {
    return open.get(TrendKeys.open(kind, w, start)) != null;
  }

  /** The windows to close at trends clock {@code clockNow}, forgotten as open. */
  public List<Window> closeDue(long clockNow) {
    List<Window> closed = new ArrayList<>();
    if (clockNow == EventClock.NONE) {
      return closed;
    }
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        open.range("", TrendKeys.openUpTo(clockNow - graceMs))) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        keys.add(kv.key);
        String[] parts = kv.key.split("\\|", 5);
        closed.add(
            new Window(
                TrendKind.valueOf(parts[1]),
                TrendWindow.valueOf(parts[2]),
                Long.parseLong(parts[3])));
      }
    }
    keys.forEach(open::delete);
    return closed;
  }

  /** The persisted trends clock, or null. */
  public Long storedClock() {
    String stored = open.get(TrendKeys.EVENT_TIME_KEY);
    return stored == null ? null : Long.parseLong(stored);
  }

  /** Persists the trends clock's high-water mark. */
  public void storeClock(long highWater) {
    open.put(TrendKeys.EVENT_TIME_KEY, Long.toString(highWater));
  }

  /** The number of the last emission, or null before the first. */
  public Long storedEmission() {
    String stored = open.get(TrendKeys.EMISSION_KEY);
    return stored == null ? null : Long.parseLong(stored);
  }

  /** Persists the number of an emission, written with the counts it drained. */
  public void storeEmission(long emission) {
    open.put(TrendKeys.EMISSION_KEY, Long.toString(emission));
  }
}
