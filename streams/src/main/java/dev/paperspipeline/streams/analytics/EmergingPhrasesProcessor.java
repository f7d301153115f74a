package dev.paperspipeline.streams.analytics;

import dev.paperspipeline.avro.EmergingPhrase;
import dev.paperspipeline.avro.PaperRef;
import dev.paperspipeline.avro.state.EmergingPhraseState;
import dev.paperspipeline.avro.state.KeptPaper;
import dev.paperspipeline.streams.EmitInterval;
import dev.paperspipeline.streams.StoreNames;
import dev.paperspipeline.streams.trends.EventClock;
import dev.paperspipeline.streams.trends.TrendHit;
import dev.paperspipeline.streams.trends.TrendWindow;
import dev.paperspipeline.streams.trends.WindowLifecycle;
import dev.paperspipeline.streams.trends.WindowMembership;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps, per keyphrase, its first digest date and its papers (counted once each, by the
 * membership), and emits the phrases that are emerging.
 *
 * <p>A phrase is emerging at the trends clock's day {@code asOf} when {@code asOf - firstSeen <
 * windowDays}, it has at least {@code minPapers} papers, and it was first seen after the earliest
 * digest date the app has counted: on the first digest every phrase is new, which says nothing.
 * Growth is papers per day since first seen. A phrase is emitted once per {@code
 * commit.interval.ms} when its count grew while emerging; it is not emitted when it stops being
 * emerging by age, so a reader takes the records of the latest {@code asOfDate} (or filters by it).
 * A phrase emitted and then found not new (an earlier digest read late lists it, or a paper moved
 * away from it) is withdrawn: a tombstone (null value) on its key. A paper moved to an earlier
 * digest date ({@link TrendHit#retraction()}) leaves its phrases on its old day.
 *
 * <p>State value of a phrase: an {@link EmergingPhraseState}, with up to {@value #KEPT_PAPERS}
 * papers kept as the candidates for the examples. The trends clock and the earliest digest date
 * seen ({@value #FIRST_DAY_KEY}) are kept in the clock store.
 */
final class EmergingPhrasesProcessor
    implements Processor<String, TrendHit, String, EmergingPhrase> {
  static final String FIRST_DAY_KEY = "~first-day";
  private static final int KEPT_PAPERS = 50;

  private final EmergingOptions options;
  private final Duration grace;
  private final Duration maxSkew;
  private ProcessorContext<String, EmergingPhrase> context;
  private WindowMembership membership;
  private KeyValueStore<String, EmergingPhraseState> phrases;
  private KeyValueStore<String, String> clock;
  private KeyValueStore<String, Integer> sightings;
  // the trends clock (kept in the phrases store) and the phrases to emit; no window closes here
  private WindowLifecycle lifecycle;
  private boolean emitAtOnce;

  EmergingPhrasesProcessor(AnalyticsOptions options) {
    this.options = options.emerging();
    this.grace = options.trends().grace();
    this.maxSkew = options.trends().maxSkew();
  }

  @Override
  public void init(ProcessorContext<String, EmergingPhrase> context) {
    this.context = context;
    this.membership = new WindowMembership(context.getStateStore(StoreNames.EMERGING_MEMBERS));
    this.phrases = context.getStateStore(StoreNames.EMERGING_PHRASES);
    this.clock = context.getStateStore(StoreNames.EMERGING_CLOCK);
    this.sightings = context.getStateStore(StoreNames.ANALYTICS_SIGHTINGS);
    this.lifecycle =
        new WindowLifecycle(
            clock, context.getStateStore(StoreNames.EMERGING_DIRTY), grace, maxSkew);
    lifecycle.restore(context.currentSystemTimeMs());
    EmitInterval emitting = EmitInterval.of(context);
    this.emitAtOnce = emitting.atOnce();
    context.schedule(emitting.interval(), PunctuationType.WALL_CLOCK_TIME, t -> emit());
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
    List<String> fresh = membership.admit(hit);
    if (fresh.isEmpty()) {
      return;
    }
    lifecycle.observe(hit.eventTimeMs(), context.currentSystemTimeMs());
    long day = Math.floorDiv(hit.eventTimeMs(), TrendWindow.DAY_MS);
    String firstDay = clock.get(FIRST_DAY_KEY);
    if (firstDay == null || day < Long.parseLong(firstDay)) {
      clock.put(FIRST_DAY_KEY, Long.toString(day));
      if (firstDay != null) {
        markFirstSeenOn(Long.parseLong(firstDay));
      }
    }
    for (String phrase : fresh) {
      State s = State.of(phrases.get(phrase));
      s = s == null ? new State(day, 0, new ArrayList<>(), false) : s;
      s = new State(Math.min(s.firstDay, day), s.papers + 1, s.kept, s.emitted);
      if (s.kept.size() < KEPT_PAPERS) {
        s.kept.add(new KeptPaper(hit.paperId(), hit.title().replace('\n', ' ')));
      }
      phrases.put(phrase, s.toState());
      lifecycle.mark(phrase);
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /**
   * A paper moved to an earlier day: it no longer counts for the phrases it had on the day of
   * {@code hit} (its hit on the earlier day follows and counts it there, which moves a phrase's
   * first day earlier). Each such phrase is evaluated again, and withdrawn when it is no longer
   * new.
   */
  private void retract(TrendHit hit) {
    for (String phrase : membership.remove(hit)) {
      State s = State.of(phrases.get(phrase));
      if (s == null) {
        continue;
      }
      List<KeptPaper> kept = new ArrayList<>(s.kept);
      kept.removeIf(paper -> paper.getPaperId().equals(hit.paperId()));
      phrases.put(
          phrase, new State(s.firstDay, Math.max(0, s.papers - 1), kept, s.emitted).toState());
      lifecycle.mark(phrase);
    }
    if (emitAtOnce) {
      emit();
    }
  }

  /**
   * The earliest digest counted moved earlier than {@code day}: phrases first seen on {@code day}
   * were not new then (first seen on the earliest digest) and may be now, so they are evaluated
   * again. A scan of every phrase, but only when an older digest than all before is read.
   */
  private void markFirstSeenOn(long day) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, EmergingPhraseState> it = phrases.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.value.getFirstDay() == day) {
          keys.add(kv.key);
        }
      }
    }
    keys.forEach(lifecycle::mark);
  }

  private void emit() {
    if (lifecycle.nothingMarked()) {
      return;
    }
    long now = lifecycle.now(context.currentSystemTimeMs());
    String first = clock.get(FIRST_DAY_KEY);
    if (now == EventClock.NONE || first == null) {
      lifecycle.emitted();
      return;
    }
    long asOf = Math.floorDiv(now, TrendWindow.DAY_MS);
    long earliest = Long.parseLong(first);
    long ts = context.currentSystemTimeMs();
    List<String> keys = lifecycle.marked();
    for (String phrase : keys) {
      State s = State.of(phrases.get(phrase));
      if (s == null) {
        continue;
      }
      if (s.papers < options.minPapers() || s.firstDay <= earliest) {
        // never emerging as far as the app knows now: an earlier digest, read late, showed the
        // phrase was not new (or took papers away): a record emitted for it is withdrawn
        if (s.emitted) {
          phrases.put(phrase, new State(s.firstDay, s.papers, s.kept, false).toState());
          context.forward(new Record<>(phrase, null, ts));
        }
        continue;
      }
      if (asOf - s.firstDay >= options.windowDays()) {
        continue; // no longer emerging by age: its last record stays, dated by asOfDate
      }
      if (!s.emitted) {
        phrases.put(phrase, new State(s.firstDay, s.papers, s.kept, true).toState());
      }
      long days = Math.max(1, asOf - s.firstDay + 1);
      List<PaperRef> examples = new ArrayList<>(s.kept.size());
      for (KeptPaper paper : s.kept) {
        Integer seen = sightings.get(paper.getPaperId());
        examples.add(new PaperRef(paper.getPaperId(), paper.getTitle(), seen == null ? 1 : seen));
      }
      EmergingPhrase value =
          EmergingPhrase.newBuilder()
              .setPhrase(phrase)
              .setFirstSeenDate(LocalDate.ofEpochDay(s.firstDay))
              .setAsOfDate(LocalDate.ofEpochDay(Math.max(asOf, s.firstDay)))
              .setWindowDays(options.windowDays())
              .setPapers((int) s.papers)
              .setGrowth(s.papers / (double) days)
              .setExamples(WindowPapers.top(examples, options.examples()))
              .build();
      context.forward(new Record<>(phrase, value, ts));
    }
    lifecycle.emitted();
  }

  /** A phrase's state; {@code emitted} while the latest record of the phrase is not withdrawn. */
  private record State(long firstDay, long papers, List<KeptPaper> kept, boolean emitted) {
    static State of(EmergingPhraseState value) {
      if (value == null) {
        return null;
      }
      return new State(
          value.getFirstDay(),
          value.getPapers(),
          new ArrayList<>(value.getKept()),
          value.getEmitted());
    }

    EmergingPhraseState toState() {
      return new EmergingPhraseState(firstDay, papers, emitted, kept);
    }
  }
}
