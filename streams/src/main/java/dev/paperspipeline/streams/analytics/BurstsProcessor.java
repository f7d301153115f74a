package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.TopicBurst;
import dev.paperspipeline.avro.state.WindowMember;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.trends.EventClock;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.TrendKeys;
import dev.paperspipeline.streams.trends.TrendKind;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.WindowLifecycle;
import dev.paperspipeline.streams.trends.WindowMembership;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Scores each topic's and keyphrase's count in each calendar window ({@link TrendWindow}) against
 * its own trailing baseline, on the trends building blocks: the membership makes counting
 * idempotent and is where every count and paper list is derived from, the window lifecycle gives
 * {@code final}, {@code revision} and {@code partial} the meaning they have on topic-trends.
 *
 * <p><b>The score.</b> The baseline of a window is the windows of its type before it ({@link
 * BurstOptions#baseline}: 28 days, 4 weeks by default), counting only those in which the kind had
 * any paper (a day without a digest is no evidence that a topic was quiet). λ is the name's mean
 * count over them, at least 1/(those windows), i.e. a name absent from the baseline is taken as
 * seen once in it, so that its first appearance scores by its size and not infinitely. The p-value
 * is P(X ≥ count) for X ~ Poisson(λ), the score -log10 of it. A window still partial by the trends
 * clock is compared like for like: the count and every baseline window over the same elapsed days
 * (at most each baseline window's length). A window is scored once at least {@link
 * BurstOptions#minBaselineWindows()} baseline windows have data, and emitted when its count is at
 * least {@link BurstOptions#minCount()} and its score at least {@link BurstOptions#minScore()}.
 *
 * <p><b>Emission.</b> A paper marks its windows dirty, and the windows whose baseline they are part
 * of; dirty windows are scored again from a wall-clock punctuation every {@code commit.interval.ms}
 * (at once with {@code statestore.cache.max.bytes=0}), and a burst is forwarded when its record
 * changed. A burst once emitted is emitted again on every change, even when a revision took it
 * below the threshold, so that the latest record of every key is true.
 */
final class BurstsProcessor implements Processor<String, TrendHit, String, TopicBurst> {
  private final AnalyticsOptions options;
  private final BurstOptions bursts;
  private ProcessorContext<String, TopicBurst> context;
  private WindowMembership membership;
  private WindowPapers papers;
  private WindowLifecycle windows;
  private KeyValueStore<String, TopicBurst> emitted;
  private boolean emitAtOnce;

  BurstsProcessor(AnalyticsOptions options) {
    this.options = options;
    this.bursts = options.bursts();
  }

  @Override
  public void init(ProcessorContext<String, TopicBurst> context) {
    this.context = context;
    KeyValueStore<String, WindowMember> members = context.getStateStore(StoreNames.BURST_MEMBERS);
    this.membership = new WindowMembership(members);
    this.papers = new WindowPapers(members, context.getStateStore(StoreNames.ANALYTICS_SIGHTINGS));
    this.windows =
        new WindowLifecycle(
            context.getStateStore(StoreNames.BURST_OPEN_WINDOWS),
            context.getStateStore(StoreNames.BURSTS_DIRTY_WINDOWS),
            options.trends().grace(),
            options.trends().maxSkew());
    this.emitted = context.getStateStore(StoreNames.TOPIC_BURSTS);
    papers.clear();
    // windows changed but not emitted before a restart stay marked: emitted at the next run
    windows.restore(context.currentSystemTimeMs());
    EmitInterval emitting = EmitInterval.of(context);
    this.emitAtOnce = emitting.atOnce();
    context.schedule(emitting.interval(), PunctuationType.WALL_CLOCK_TIME, t -> emit());
    context.schedule(
        options.trends().closeCheckInterval(), PunctuationType.WALL_CLOCK_TIME, this::close);
  }

  @Override
  public void process(Record<String, TrendHit> record) {
    TrendHit hit = record.value();
    if (hit != null && hit.retraction()) {
      retract(hit);
      return;
    }
    if (hit == null || hit.names().isEmpty()) {
      return;
    }
    if (membership.admit(hit).isEmpty()) {
      return; // replays and duplicates change no count
    }
    windows.observe(hit.eventTimeMs(), context.currentSystemTimeMs());
    papers.changed(hit.kind(), TrendWindow.DAY.start(hit.eventTimeMs()));
    for (TrendWindow w : TrendWindow.values()) {
      long start = w.start(hit.eventTimeMs());
      windows.open(new WindowLifecycle.Window(hit.kind().name(), w, start));
      markWithFollowers(hit.kind(), w, start);
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /**
   * A paper moved to an earlier day: it leaves the day of {@code hit}. The windows holding that day
   * are scored again, with the windows whose baseline they are part of; a burst emitted for a name
   * the paper counted under is marked too, so that it is emitted again even when the window has no
   * paper of that name left (count 0).
   */
  private void retract(TrendHit hit) {
    java.util.Set<String> names = membership.remove(hit);
    if (names.isEmpty()) {
      return;
    }
    papers.changed(hit.kind(), TrendWindow.DAY.start(hit.eventTimeMs()));
    for (TrendWindow w : TrendWindow.values()) {
      long start = w.start(hit.eventTimeMs());
      markWithFollowers(hit.kind(), w, start);
      for (String name : names) {
        String key = TrendKeys.trend(hit.kind(), name, w, start);
        if (emitted.get(key) != null) {
          windows.mark(key);
        }
      }
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /** Marks a window dirty, and the windows whose baseline it is part of. */
  private void markWithFollowers(TrendKind kind, TrendWindow w, long start) {
    for (int i = 0; i <= bursts.baseline(w); i++) {
      windows.mark(TrendKeys.window(kind, w, w.next(start, i)));
    }
  }

  /** Scores every dirty window again and forwards the bursts that changed. */
  private void emit() {
    if (windows.nothingMarked()) {
      return;
    }
    long now = windows.now(context.currentSystemTimeMs());
    List<String> keys = windows.marked();
    // names of emitted bursts whose window lost a paper of theirs, by window key
    Map<String, java.util.Set<String>> gone = new java.util.HashMap<>();
    for (String key : keys) {
      int colon = key.indexOf(':');
      int at = key.indexOf('@');
      if (colon < at) { // a topic-bursts key, <kind>:<name>@<window>:<start>
        gone.computeIfAbsent(
                key.substring(0, colon) + key.substring(at), k -> new java.util.TreeSet<>())
            .add(key.substring(colon + 1, at));
      }
    }
    for (String windowKey : keys) {
      if (windowKey.indexOf(':') < windowKey.indexOf('@')) {
        continue;
      }
      WindowLifecycle.Window w = WindowLifecycle.Window.parse(windowKey);
      score(w, now, windows.isClosed(w), gone.getOrDefault(windowKey, java.util.Set.of()));
    }
    windows.emitted();
  }

  /** Wall-clock punctuation: windows past their end + grace become final. */
  private void close(long wallClockMs) {
    for (WindowLifecycle.Window w : windows.closeDue(windows.now(wallClockMs))) {
      windows.mark(w.key());
    }
    emit();
  }

  /**
   * Scores one window and forwards each burst whose record changed; {@code gone} are names whose
   * emitted burst must be emitted again even without a paper left in the window.
   */
  private void score(
      WindowLifecycle.Window cw, long now, boolean closed, java.util.Set<String> gone) {
    TrendKind kind = TrendKind.valueOf(cw.scope());
    TrendWindow w = cw.window();
    long start = cw.start();
    if (clockNone(now) || start > now) {
      return; // a window ahead of the clock (marked as a later window's baseline) has no papers
    }
    boolean partial = w.isPartial(start, now);
    int days = partial ? w.elapsedDays(start, now) : w.days(start);
    Map<String, Long> counts = new java.util.HashMap<>(papers.counts(kind, start, days));
    for (String name : gone) {
      counts.putIfAbsent(name, 0L);
    }
    if (counts.isEmpty()) {
      return;
    }
    int windows = 0;
    Map<String, Long> baselineSums = new java.util.HashMap<>();
    for (int i = 1; i <= bursts.baseline(w); i++) {
      long baselineStart = w.next(start, -i);
      int baselineDays = partial ? Math.min(days, w.days(baselineStart)) : w.days(baselineStart);
      Map<String, Long> b = papers.counts(kind, baselineStart, baselineDays);
      if (!b.isEmpty()) {
        windows++;
        b.forEach((n, c) -> baselineSums.merge(n, c, Long::sum));
      }
    }
    if (windows < bursts.minBaselineWindows()) {
      return;
    }
    long ts = context.currentSystemTimeMs();
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      String name = e.getKey();
      long count = e.getValue();
      String key = TrendKeys.trend(kind, name, w, start);
      double mean = baselineSums.getOrDefault(name, 0L) / (double) windows;
      double score = PoissonTail.score(count, Math.max(mean, 1.0 / windows));
      boolean burst = count >= bursts.minCount() && score >= bursts.minScore();
      TopicBurst previous = null;
      if (!burst) {
        // counts only grow but for a paper moved earlier, which may take an emitted burst below
        // the minimum count
        previous = emitted.get(key);
        if (previous == null) {
          continue;
        }
      } else {
        previous = emitted.get(key);
      }
      List<PaperRef> top = papers.papers(kind, name, start, days, bursts.topPapers());
      TopicBurst next =
          TopicBurst.newBuilder()
              .setKind(kind.name())
              .setName(name)
              .setWindow(w.name())
              .setWindowStart(Instant.ofEpochMilli(start))
              .setWindowEnd(Instant.ofEpochMilli(w.end(start)))
              .setCount(count)
              .setBaselineWindows(windows)
              .setBaselineMean(mean)
              .setPValue(Math.pow(10, -score))
              .setScore(score)
              .setPapers(top)
              .setFinal$(closed)
              .setRevision(0)
              .setPartial(partial)
              .build();
      if (previous != null) {
        if (sameBurst(previous, next)) {
          continue;
        }
        // the first final record has revision 0; every change after it is a revision
        next.setRevision(previous.getFinal$() ? previous.getRevision() + 1 : 0);
      }
      emitted.put(key, next);
      context.forward(new Record<>(key, next, ts));
    }
  }

  private static boolean clockNone(long now) {
    return now == EventClock.NONE;
  }

  private static boolean sameBurst(TopicBurst a, TopicBurst b) {
    return a.getCount() == b.getCount()
        && a.getBaselineWindows() == b.getBaselineWindows()
        && a.getBaselineMean() == b.getBaselineMean()
        && a.getFinal$() == b.getFinal$()
        && a.getPartial() == b.getPartial()
        && Objects.equals(a.getPapers(), b.getPapers());
  }
}
