package dev.paperspipeline.streams.trends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The life of revisable windows, shared by trends and the analytics processors: open, close,
 * revise, emit. A window opens with its first paper, closes once when the trends clock ({@link
 * EventClock}) reaches its end plus the grace, and a later paper revises it (its records say {@code
 * final=true}, {@code revision+1}) instead of opening it again. What changed is marked dirty and
 * emitted from a wall-clock punctuation; the dirty marks are kept in a store as well, so that a
 * change committed but not emitted before a crash is emitted after the restart ({@link #restore}).
 *
 * <p>Two stores. The windows store holds the open windows ordered by end ({@code <end, 13
 * digits>|<scope>|<window>|<start ms>}), a marker per closed window ({@code ~closed|<window key>}),
 * the persisted trends clock ({@value #EVENT_TIME_KEY}) and the number of the last emission
 * ({@value #EMISSION_KEY}); the '~' keys sort after every open key, so the closing scan never reads
 * them. The dirty store holds the keys marked since the last emission: window keys ({@link
 * Window#key()}) or any key a processor emits by.
 */
public final class WindowLifecycle {
  /**
   * Key of the task's highest event time: it sorts after every open-window key ('~' after '}' and
   * the digits).
   */
  public static final String EVENT_TIME_KEY = "~event-time";

  /** Key of the number of the last emission (trends compares it with its counts store's). */
  public static final String EMISSION_KEY = "~emission";

  private static final String CLOSED_PREFIX = "~closed|";

  /**
   * One window of one scope (a kind of trend, or an output of its own): key {@code
   * <scope>@<window>:<start ISO date>}.
   */
  public record Window(String scope, TrendWindow window, long start) {
    public String key() {
      return scope + "@" + window + ":" + TrendWindow.isoDate(start);
    }

    /** Exclusive end of the window. */
    public long end() {
      return window.end(start);
    }

    /** {@code <scope>@<window>:<start ISO>} → the window. */
    public static Window parse(String key) {
      int at = key.indexOf('@');
      int colon = key.indexOf(':', at);
      return new Window(
          key.substring(0, at),
          TrendWindow.valueOf(key.substring(at + 1, colon)),
          TrendWindow.parseIsoDate(key.substring(colon + 1)));
    }
  }

  private final KeyValueStore<String, String> windows;
  private final KeyValueStore<String, String> dirtyStore;
  private final Set<String> dirty = new HashSet<>();
  private final EventClock clock;
  private final long graceMs;

  /**
   * @param windows the open and closed windows, the clock and the emission number
   * @param dirty the keys changed since the last emission
   */
  public WindowLifecycle(
      KeyValueStore<String, String> windows,
      KeyValueStore<String, String> dirty,
      Duration grace,
      Duration maxSkew) {
    this.windows = windows;
    this.dirtyStore = dirty;
    this.graceMs = grace.toMillis();
    this.clock = new EventClock(maxSkew);
  }

  /**
   * Starts again from the stores (at init, also when a task is revived after its state was wiped
   * and restored): the persisted clock, and the keys left dirty by a previous run, returned.
   */
  public List<String> restore(long wallMs) {
    String stored = windows.get(EVENT_TIME_KEY);
    clock.restore(stored == null ? null : Long.parseLong(stored), wallMs);
    dirty.clear();
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = dirtyStore.all()) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    dirty.addAll(keys);
    return keys;
  }

  /** Sees a counted event time: moves the trends clock, persisted when it moved. */
  public void observe(long eventMs, long wallMs) {
    if (clock.observe(eventMs, wallMs)) {
      Long persist = clock.toPersist();
      if (persist != null) {
        windows.put(EVENT_TIME_KEY, Long.toString(persist));
      }
    }
  }

  /** The trends clock now, or {@link EventClock#NONE} before the first event. */
  public long now(long wallMs) {
    return clock.now(wallMs);
  }

  /** Opens a window at its first paper; nothing when it is open or closed already. */
  public void open(Window w) {
    if (!isOpen(w) && !isClosed(w)) {
      windows.put(openKey(w), "");
    }
  }

  /** True while the window is open: it had a paper and has not closed since. */
  public boolean isOpen(Window w) {
    return windows.get(openKey(w)) != null;
  }

  /** True once the window has closed: any change to it now is a revision. */
  public boolean isClosed(Window w) {
    return windows.get(CLOSED_PREFIX + w.key()) != null;
  }

  /** The open windows whose end plus grace the clock {@code clockNow} has reached, now closed. */
  public List<Window> closeDue(long clockNow) {
    List<Window> closed = new ArrayList<>();
    if (clockNow == EventClock.NONE) {
      return closed;
    }
    List<String> keys = new ArrayList<>();
    String upTo = String.format("%013d}", Math.max(0, clockNow - graceMs));
    try (KeyValueIterator<String, String> it = windows.range("", upTo)) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        keys.add(kv.key);
        String[] parts = kv.key.split("\\|", 4);
        closed.add(new Window(parts[1], TrendWindow.valueOf(parts[2]), Long.parseLong(parts[3])));
      }
    }
    keys.forEach(windows::delete);
    closed.forEach(w -> windows.put(CLOSED_PREFIX + w.key(), ""));
    return closed;
  }

  /** Notes that a window (or any key) changed: it is emitted at the next emission. */
  public void mark(String key) {
    if (dirty.add(key)) {
      dirtyStore.put(key, "");
    }
  }

  /** The keys marked since the last {@link #emitted()}, sorted (a deterministic output order). */
  public List<String> marked() {
    List<String> keys = new ArrayList<>(dirty);
    keys.sort(null);
    return keys;
  }

  /** True when nothing is marked. */
  public boolean nothingMarked() {
    return dirty.isEmpty();
  }

  /** Forgets every mark: all were emitted. */
  public void emitted() {
    dirty.forEach(dirtyStore::delete);
    dirty.clear();
  }

  /** The number of the last emission, or null before the first. */
  public Long storedEmission() {
    String stored = windows.get(EMISSION_KEY);
    return stored == null ? null : Long.parseLong(stored);
  }

  /** Persists the number of an emission, written with the changes it emitted. */
  public void storeEmission(long emission) {
    windows.put(EMISSION_KEY, Long.toString(emission));
  }

  private static String openKey(Window w) {
    return String.format("%013d|%s|%s|%d", w.end(), w.scope(), w.window(), w.start());
  }
}
