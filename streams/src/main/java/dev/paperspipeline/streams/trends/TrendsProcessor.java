package dev.paperspipeline.streams.trends;

import dev.paperspipeline.avro.TopicTrend;
import dev.paperspipeline.avro.TrendingTopics;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts unique papers per topic (or keyphrase) per calendar window ({@link TrendWindow}), ranks
 * the top N of each window, closes windows and emits, on Kafka Streams' public Processor API only.
 * The jobs are separate classes: which papers were counted where ({@link WindowMembership}), the
 * counts ({@link TrendCounts}), the rankings ({@link TopN}), and the trends clock, closing and what
 * is left to emit ({@link WindowLifecycle}); this class wires them.
 *
 * <p><b>Emission.</b> Changed counts and rankings wait in memory and are written to their stores
 * and forwarded from a wall-clock punctuation every {@code commit.interval.ms} (at once with {@code
 * statestore.cache.max.bytes=0}, or when more than {@value #MAX_PENDING} changes wait): like a
 * cached {@code KTable}, one store write and one output record per changed key per interval, not
 * one per paper. Chosen over the DSL's windowed {@code count()} because a paper must count once per
 * window whatever its number of sightings (the membership), the top N and the like-for-like growth
 * need every name of a window in one place, and a window must be revised, not dropped, after it
 * closed, none of which a windowed aggregation does. A punctuation is not a commit callback: a
 * commit may come between a change and its emission. So the windows with unemitted changes are also
 * kept in the dirty-windows store, written in the same transaction as the membership; after a crash
 * their counts and rankings are derived again from the membership and emitted (at-least-once for
 * the output records of those windows, exact for the counts).
 *
 * <p><b>Late papers are never lost.</b> A paper for a window that already closed updates its counts
 * and ranking and re-emits them with {@code final=true} and {@code revision} incremented (once per
 * emission); {@code final} first marks a window when the trends clock passes its end plus the
 * grace. Papers older than the retention or from the future never get here ({@link EventTimeGate}).
 *
 * <p><b>Like-for-like growth.</b> Rankings and counts emitted while the window has days to come by
 * the trends clock ({@link EventClock#isPartial}) say {@code partial=true}, and a partial window's
 * growth compares the same elapsed days of the previous window ({@link TopN}).
 */
final class TrendsProcessor implements Processor<String, TrendHit, String, SpecificRecord> {
  private static final Logger log = LoggerFactory.getLogger(TrendsProcessor.class);

  static final int MAX_PENDING = 20_000;

  private final TrendsOptions options;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowMembership membership;
  private TrendCounts counts;
  private WindowLifecycle windows;
  private org.apache.kafka.streams.state.KeyValueStore<String, TrendingTopics> trending;
  private final Map<String, TopN> pendingTops = new LinkedHashMap<>();
  private Sensor revisedLate;
  private boolean emitAtOnce;
  private long emission;

  TrendsProcessor(TrendsOptions options) {
    this.options = options;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.trending = context.getStateStore(StoreNames.TRENDING);
    this.counts = new TrendCounts(context.getStateStore(StoreNames.TREND_COUNTS));
    this.membership = new WindowMembership(context.getStateStore(StoreNames.TREND_MEMBERS));
    this.windows =
        new WindowLifecycle(
            context.getStateStore(StoreNames.TREND_OPEN_WINDOWS),
            context.getStateStore(StoreNames.TRENDS_DIRTY_WINDOWS),
            options.grace(),
            options.maxSkew());
    // init also runs when a task is revived after its state was wiped and restored
    pendingTops.clear();
    counts.reset();
    List<String> leftOver = windows.restore(context.currentSystemTimeMs());
    restoreCounts(
        StreamsConfig.AT_LEAST_ONCE.equals(
            context.appConfigs().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
    this.revisedLate =
        context
            .metrics()
            .addRateTotalSensor(
                "trends",
                context.taskId().toString(),
                "revised-late-records",
                Sensor.RecordingLevel.INFO);
    EmitInterval emitting = EmitInterval.of(context);
    this.emitAtOnce = emitting.atOnce();
    context.schedule(emitting.interval(), PunctuationType.WALL_CLOCK_TIME, t -> emit());
    context.schedule(
        options.closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::closeDueWindows);
    recover(leftOver);
  }

  @Override
  public void process(Record<String, TrendHit> record) {
    TrendHit hit = record.value();
    if (hit != null && hit.retraction()) {
      retract(hit, record.timestamp());
      return;
    }
    if (hit == null || hit.names().isEmpty()) {
      return;
    }
    List<String> fresh = membership.admit(hit);
    if (fresh.isEmpty()) {
      return; // replays and duplicates of a paper change no count
    }
    windows.observe(hit.eventTimeMs(), context.currentSystemTimeMs());
    boolean late = false;
    for (TrendWindow w : TrendWindow.values()) {
      late |= addToWindow(hit.kind(), w, w.start(hit.eventTimeMs()), fresh, record.timestamp());
    }
    if (late) {
      revisedLate.record();
    }
    changed();
  }

  /**
   * A paper moved to an earlier day: it no longer counts on the day of {@code hit}, so each name it
   * counted under there goes down by one in each window holding that day (its count reaches 0 when
   * it had no other paper: emitted so, then deleted), and their rankings are derived again from the
   * membership. A closed window is revised, as for a late paper.
   */
  private void retract(TrendHit hit, long timestamp) {
    java.util.Set<String> names = membership.remove(hit);
    if (names.isEmpty()) {
      return; // not counted there (or the retraction was replayed)
    }
    boolean late = false;
    for (TrendWindow w : TrendWindow.values()) {
      long start = w.start(hit.eventTimeMs());
      TopN top = top(hit.kind(), w, start, false);
      if (top.isFinal && !top.revised) {
        top.revision++;
        top.revised = true;
      }
      for (String name : names) {
        String trendKey = TrendKeys.trend(hit.kind(), name, w, start);
        TopicTrend current = counts.get(trendKey);
        long n = current == null ? 0 : Math.max(0, current.getCount() - 1);
        counts.set(trendKey, trend(top, name, n), timestamp);
      }
      top.recount(membership.countsOf(hit.kind(), w, start));
      top.timestamp = timestamp;
      windows.mark(top.key());
      touchNext(hit.kind(), w, start, timestamp);
      late |= top.isFinal;
    }
    if (late) {
      revisedLate.record();
    }
    changed();
  }

  /** Counts {@code names} once more in a window; true when the window had closed. */
  private boolean addToWindow(
      TrendKind kind, TrendWindow w, long start, List<String> names, long timestamp) {
    TopN top = top(kind, w, start, true);
    if (top.isFinal && !top.revised) {
      top.revision++;
      top.revised = true;
    }
    for (String name : names) {
      String trendKey = TrendKeys.trend(kind, name, w, start);
      TopicTrend current = counts.get(trendKey);
      long n = current == null ? 1 : current.getCount() + 1;
      counts.set(trendKey, trend(top, name, n), timestamp);
      top.changed |= top.offer(name, n);
    }
    top.timestamp = timestamp;
    windows.mark(top.key());
    touchNext(kind, w, start, timestamp);
    return top.isFinal;
  }

  /**
   * The next window's growth is against this one's counts: when it exists its ranking is emitted
   * again (a revision once it closed), so that a paper counted late, or moved, in this window never
   * leaves the next window's growth stale, whatever the order papers arrived in.
   */
  private void touchNext(TrendKind kind, TrendWindow w, long start, long timestamp) {
    long next = w.end(start);
    String key = TrendKeys.window(kind, w, next);
    if (!pendingTops.containsKey(key) && trending.get(key) == null) {
      return;
    }
    TopN top = top(kind, w, next, false);
    if (top.isFinal && !top.revised) {
      top.revision++;
      top.revised = true;
    }
    top.changed = true;
    top.timestamp = timestamp;
    windows.mark(key);
  }

  private static TopicTrend trend(TopN top, String name, long papers) {
    return new TopicTrend(
        top.kind.name(),
        name,
        top.window.name(),
        Instant.ofEpochMilli(top.start),
        Instant.ofEpochMilli(top.window.end(top.start)),
        papers,
        top.isFinal,
        top.revision,
        false);
  }

  /** The ranking of a window, pending since the last emission or loaded from the store. */
  private TopN top(TrendKind kind, TrendWindow w, long start, boolean counting) {
    String key = TrendKeys.window(kind, w, start);
    TopN top = pendingTops.get(key);
    if (top == null) {
      TrendingTopics stored = trending.get(key);
      if (stored == null && counting) {
        windows.open(new WindowLifecycle.Window(kind.name(), w, start)); // its first paper
      }
      top = new TopN(kind, w, start, options.topN(), stored);
      pendingTops.put(key, top);
    }
    return top;
  }

  private void changed() {
    if (emitAtOnce || counts.pendingSize() + pendingTops.size() > MAX_PENDING) {
      emit();
    }
  }

  /** Writes the pending changes to the stores and forwards them. */
  private void emit() {
    if (pendingTops.isEmpty() && counts.pendingSize() == 0 && windows.nothingMarked()) {
      return;
    }
    long now = windows.now(context.currentSystemTimeMs());
    List<TopN> changedTops = new ArrayList<>(pendingTops.size());
    List<TrendingTopics> rankings = new ArrayList<>(pendingTops.size());
    for (TopN top : pendingTops.values()) {
      if (top.changed) {
        changedTops.add(top);
        rankings.add(top.ranking(now, counts::current));
      }
    }
    emission++;
    counts.drain(
        (key, value, timestamp) -> {
          value.setPartial(EventClock.isPartial(now, value.getWindowEnd().toEpochMilli()));
          context.forward(new Record<>(key, value, timestamp));
        },
        emission);
    windows.storeEmission(emission);
    for (int i = 0; i < changedTops.size(); i++) {
      TopN top = changedTops.get(i);
      trending.put(top.key(), rankings.get(i));
      context.forward(new Record<>(top.key(), rankings.get(i), top.timestamp));
    }
    pendingTops.clear();
    windows.emitted();
  }

  /** Wall-clock punctuation: marks final every window past its end + grace, then emits. */
  private void closeDueWindows(long wallClockMs) {
    long now = windows.now(wallClockMs);
    List<WindowLifecycle.Window> closed = windows.closeDue(now);
    for (WindowLifecycle.Window cw : closed) {
      TrendKind kind = TrendKind.valueOf(cw.scope());
      TopN top = top(kind, cw.window(), cw.start(), false);
      if (top.isFinal) {
        continue;
      }
      Map<String, Long> names = membership.countsOf(kind, cw.window(), cw.start());
      top.isFinal = true;
      top.revised = true; // the first final is this emission, not a revision
      top.changed = true;
      top.timestamp = wallClockMs;
      for (String name : names.keySet()) {
        String trendKey = TrendKeys.trend(kind, name, cw.window(), cw.start());
        TopicTrend current = counts.get(trendKey);
        if (current != null) {
          counts.set(trendKey, trend(top, name, current.getCount()), wallClockMs);
        }
      }
      windows.mark(top.key());
    }
    emit();
    if (!closed.isEmpty()) {
      log.info(
          "closed {} trend windows at trends time {}: {}",
          closed.size(),
          Instant.ofEpochMilli(now),
          closed.stream().map(WindowLifecycle.Window::key).toList());
    }
  }

  /**
   * The counts store has no changelog (its counts follow from the membership), so at start-up it
   * may not match the restored logged stores: under exactly-once a dirty close wipes the task's
   * state (counts empty, the logged stores restored); a task that comes back to an instance finds
   * its old counts there; and with RocksDB's write-ahead log off a crash leaves the counts at their
   * last flush, older or (under at-least-once, where the logged stores restore whatever reached
   * their changelogs) newer than the logged stores. Each emission writes its number to both the
   * counts store (in the counts' batch) and the open-windows store (logged, so restored as of the
   * membership): when they are equal the counts are those of that emission and the windows changed
   * since are in the dirty-windows store; otherwise every count is derived again from the
   * membership. Under at-least-once they are always derived again: there the membership restores
   * papers whose dirty-window marks (cached until the commit) were lost, and no number written
   * elsewhere can tell.
   */
  private void restoreCounts(boolean atLeastOnce) {
    Long logged = windows.storedEmission();
    Long local = counts.emission();
    emission = logged == null ? 0 : logged;
    if (!atLeastOnce && logged != null && logged.equals(local)) {
      return;
    }
    long t0 = System.nanoTime();
    long now = windows.now(context.currentSystemTimeMs());
    RebuiltValues values = new RebuiltValues(now);
    long written = counts.rebuild(membership, values::value, emission);
    if (written == 0 && logged == null) {
      return; // a task starting from nothing: no line for it at every first start
    }
    log.info(
        "rebuilt {} trend counts of task {} from the membership in {} ms (emission {}, counts"
            + " store at {}{})",
        written,
        context.taskId(),
        (System.nanoTime() - t0) / 1_000_000,
        logged,
        local,
        atLeastOnce ? ", at-least-once" : "");
  }

  /** Rebuilt counts' values: final, revision and partial as of their window now. */
  private final class RebuiltValues {
    private final long now;
    private String windowKey;
    private boolean isFinal;
    private int revision;

    RebuiltValues(long now) {
      this.now = now;
    }

    TopicTrend value(TrendKind kind, TrendWindow w, long start, String name, long n) {
      String key = TrendKeys.window(kind, w, start);
      if (!key.equals(windowKey)) {
        windowKey = key;
        isFinal = !windows.isOpen(new WindowLifecycle.Window(kind.name(), w, start));
        TrendingTopics stored = isFinal ? trending.get(key) : null;
        revision = stored == null ? 0 : stored.getRevision();
      }
      return new TopicTrend(
          kind.name(),
          name,
          w.name(),
          Instant.ofEpochMilli(start),
          Instant.ofEpochMilli(w.end(start)),
          n,
          isFinal,
          revision,
          EventClock.isPartial(now, w.end(start)));
    }
  }

  /**
   * After a crash, the windows whose changes were committed but not emitted: their counts and
   * rankings are derived again from the membership and emitted.
   */
  private void recover(List<String> leftOver) {
    for (String windowKey : leftOver) {
      WindowLifecycle.Window w = WindowLifecycle.Window.parse(windowKey);
      TrendKind kind = TrendKind.valueOf(w.scope());
      TrendingTopics stored = trending.get(windowKey);
      TopN top = new TopN(kind, w.window(), w.start(), options.topN(), null);
      top.isFinal = !windows.isOpen(w);
      top.revision =
          stored == null ? 0 : stored.getRevision() + (top.isFinal && stored.getFinal$() ? 1 : 0);
      top.changed = true;
      long ts = context.currentSystemTimeMs();
      top.timestamp = ts;
      for (var e : membership.countsOf(kind, w.window(), w.start()).entrySet()) {
        counts.set(
            TrendKeys.trend(kind, e.getKey(), w.window(), w.start()),
            trend(top, e.getKey(), e.getValue()),
            ts);
        top.offer(e.getKey(), e.getValue());
      }
      pendingTops.put(windowKey, top);
    }
    if (!leftOver.isEmpty()) {
      log.warn("re-deriving {} trend windows not emitted before a restart", leftOver.size());
    }
  }
}
